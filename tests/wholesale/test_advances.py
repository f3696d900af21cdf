"""Advances to producers on wholesale orders: staff record them; the producer's statement shows the
advance, the commission and the balance due on delivery."""
from datetime import date

import pytest

from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.ledger.services import balance_of
from marketplace.ledger.statement import advanced_orders, advances_by_month, month_of
from marketplace.money import Money
from marketplace.payments.manual import confirm_transfer
from marketplace.wholesale.advances import AdvanceError, record_advance, shares
from marketplace.wholesale.quotes_accept import accept
from tests import factories
from tests.orders.shop import text
from tests.wholesale.quoting import delivery, honey_producer, quoted


@pytest.fixture
def paid_wholesale(app):
    """300 jars at S/ 26.00 with a 30 % advance, paid by transfer: the producer earns S/ 7,020.00 net."""
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner, quantity=300, price=2600)
    order = accept(quote_request, delivery())
    confirm_transfer(order, amount=order.total, bank_reference="OP-1", by=factories.user(is_staff=True))
    db.session.expire_all()
    return owner, quote_request


def test_staff_record_the_agreed_advance_and_the_producer_sees_the_balance_due_on_delivery(paid_wholesale, client):
    owner, quote_request = paid_wholesale
    organisation = owner.organisation
    [share] = shares(quote_request)
    assert share.due == Money(210600)  # 30 % of 780,000 − 78,000 commission
    staff = factories.user(is_staff=True)
    record_advance(quote_request, organisation.id, amount=share.due, paid_on=lima_today(), bank_reference="OP-ADV", by=staff)
    [advanced] = advanced_orders(organisation.id)
    assert (advanced.gross, advanced.commission, advanced.advance) == (Money(780000), Money(78000), Money(210600))
    assert advanced.balance_on_delivery == Money(491400)
    assert balance_of(organisation).owed == Money(491400) and balance_of(organisation).paid_out == Money(210600)
    assert advances_by_month(organisation.id, date(2000, 1, 1), lima_today()) == {month_of(lima_today()): Money(210600)}
    client.post("/account/sign-in", data={"email": owner.email, "password": factories.PASSWORD})
    page = text(client.get(f"/producer/organisations/{organisation.id}/owed"))
    assert "Saldo a la entrega" in page and "S/ 4,914.00" in page and "S/ 2,106.00" in page


@pytest.mark.parametrize("amount, why", [(210601, "too_much"), (0, "not_positive")])
def test_an_advance_above_the_agreed_or_not_positive_is_refused(paid_wholesale, amount, why):
    owner, quote_request = paid_wholesale
    with pytest.raises(AdvanceError) as refused:
        record_advance(quote_request, owner.organisation.id, amount=Money(amount), paid_on=lima_today(),
                       bank_reference="OP", by=factories.user(is_staff=True))
    assert refused.value.why == why
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id)).where(LedgerEntry.kind == EntryKind.ADVANCE)) == 0


def test_an_advance_is_recorded_once_and_only_after_the_buyer_paid(app):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    accept(quote_request, delivery())
    staff = factories.user(is_staff=True)
    with pytest.raises(AdvanceError) as refused:
        record_advance(quote_request, owner.organisation.id, amount=Money(100), paid_on=lima_today(),
                       bank_reference="OP", by=staff)
    assert refused.value.why == "not_paid"
    order = db.session.get(type(quote_request.order), quote_request.order_id)
    confirm_transfer(order, amount=order.total, bank_reference="OP-1", by=staff)
    record_advance(quote_request, owner.organisation.id, amount=Money(100), paid_on=lima_today(), bank_reference="OP", by=staff)
    with pytest.raises(AdvanceError) as again:
        record_advance(quote_request, owner.organisation.id, amount=Money(100), paid_on=lima_today(),
                       bank_reference="OP", by=staff)
    assert again.value.why == "already"


def test_staff_record_an_advance_from_their_page(paid_wholesale, client, login_as):
    owner, quote_request = paid_wholesale
    login_as("staff")
    page = text(client.get("/staff/advances"))
    assert quote_request.order.reference in page and "S/ 2,106.00" in page
    response = client.post(f"/staff/advances/{quote_request.reference}/{owner.organisation.id}", data={
        "amount": "2106", "paid_on": lima_today().isoformat(), "bank_reference": "OP-555"}, follow_redirects=True)
    assert "Registramos el adelanto" in text(response)
    assert db.session.scalar(db.select(LedgerEntry).where(LedgerEntry.kind == EntryKind.ADVANCE)).net_amount == -210600
