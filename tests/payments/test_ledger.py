"""The ledger: what paid orders earned each producer, the commission, what is owed, and payouts."""
from datetime import date
from decimal import Decimal

from marketplace import audit
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.money import Money
from tests import factories
from tests.orders.shop import text


def entries(kind=None):
    query = db.select(LedgerEntry).order_by(LedgerEntry.id)
    if kind:
        query = query.where(LedgerEntry.kind == kind)
    return db.session.scalars(query).all()


def test_a_paid_order_earns_each_producer_its_goods_and_shipping_less_commission(app, shop):
    weavers = factories.organisation(name="Tejedoras de Mórrope")
    beekeepers = factories.organisation(name="Apicultores de Olmos")
    shop.paid({shop.textile(org=weavers, price=12000): 2, shop.honey(org=beekeepers, price=3500): 1})
    by_producer = {e.organisation_id: e for e in entries(EntryKind.SALE)}
    textile_sale, honey_sale = by_producer[weavers.id], by_producer[beekeepers.id]
    assert (textile_sale.gross_amount, textile_sale.commission_amount, textile_sale.net_amount) == (25500, 2400, 23100)
    assert (honey_sale.gross_amount, honey_sale.commission_amount, honey_sale.net_amount) == (5000, 350, 4650)
    assert textile_sale.commission_percent == Decimal("10")


def test_an_unpaid_order_earns_nothing(app, shop):
    shop.place({shop.textile(): 1})
    assert entries() == []


def test_the_commission_is_a_setting_rounded_to_the_centimo(app, shop):
    app.config["COMMISSION_PERCENT"] = "7.5"
    shop.paid({shop.textile(price=3333): 1})
    sale = entries(EntryKind.SALE)[0]
    assert sale.commission_amount == 250  # 7.5 % of 33.33 = 2.49975 → 2.50
    assert ledger.commission_on(1, Decimal("50")) == 1  # half a céntimo rounds up


def test_staff_see_what_each_producer_is_owed_and_record_a_payout(client, login_as, shop):
    weavers = factories.organisation(name="Tejedoras de Mórrope")
    shop.paid({shop.textile(org=weavers, price=12000): 2})
    staff = login_as("staff")
    page = text(client.get("/staff/ledger/"))
    assert "Tejedoras de Mórrope" in page and "S/ 255.00" in page and "S/ 24.00" in page and "S/ 231.00" in page
    path = f"/staff/ledger/{weavers.id}"
    too_much = client.post(f"{path}/payouts", data={"paid_on": "2026-11-30", "amount": "300", "bank_reference": "T-1"})
    assert too_much.status_code == 422 and "Es más de lo que se le debe" in text(too_much)
    response = client.post(f"{path}/payouts", data={"paid_on": "2026-11-30", "amount": "200.00", "bank_reference": "T-991"})
    assert response.status_code == 302
    balance = ledger.balance_of(weavers)
    assert (balance.earned, balance.commission, balance.paid_out, balance.owed) == (
        Money(25500), Money(2400), Money(20000), Money(3100))
    payout = entries(EntryKind.PAYOUT)[0]
    assert (payout.occurred_on, payout.bank_reference, payout.recorded_by_id) == (date(2026, 11, 30), "T-991", staff.id)
    assert audit.history(weavers)[-1].action == "ledger.payout_recorded"
    assert "T-991" in text(client.get(path)) and "S/ 31.00" in text(client.get(path))


def test_a_payout_must_be_a_positive_amount_in_soles(client, login_as, shop):
    weavers = factories.organisation()
    shop.paid({shop.textile(org=weavers): 1})
    login_as("staff")
    for amount in ("0", "-5", "cien"):
        response = client.post(f"/staff/ledger/{weavers.id}/payouts",
                               data={"paid_on": "2026-11-30", "amount": amount, "bank_reference": "T"})
        assert response.status_code == 422
    assert entries(EntryKind.PAYOUT) == []


def test_a_refund_reverses_what_the_producer_earned(app, shop):
    from marketplace.payments.refunds import refund_order

    weavers = factories.organisation()
    order = shop.paid({shop.textile(org=weavers): 1})
    refund_order(order, by=factories.user(is_staff=True), reason="Roto")
    assert ledger.balance_of(weavers).owed == Money(0)
    assert [e.kind for e in entries()] == [EntryKind.SALE, EntryKind.REFUND]


def test_the_ledger_is_for_staff_only(client, login_as):
    login_as("producer")
    assert client.get("/staff/ledger/").status_code == 403
