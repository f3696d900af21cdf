"""The ledger: what paid orders earned each producer, the commission, what is owed, and payouts."""
import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

import pytest

from marketplace import audit
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.money import Money
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import PaymentStatus, StripeEvent
from tests import factories
from tests.orders.shop import text
from tests.payments.fake_stripe import post_webhook


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


def test_a_sale_paid_on_a_lima_evening_is_booked_on_that_peruvian_day(app, shop, monkeypatch):
    from datetime import datetime, timezone

    from marketplace import clock
    from marketplace.payments.refunds import refund_order

    # 23:30 on 30 November in Lima is already 1 December in UTC.
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 12, 1, 4, 30, tzinfo=timezone.utc))
    order = shop.paid({shop.textile(org=factories.organisation()): 1})
    refund_order(order, by=factories.user(is_staff=True), reason="Llegó roto")

    assert [(e.kind, e.occurred_on) for e in entries()] == [
        (EntryKind.SALE, date(2026, 11, 30)), (EntryKind.REFUND, date(2026, 11, 30)),
    ]


def test_a_payment_the_ledger_cannot_record_is_not_taken_until_it_can(app, client, shop, card_payments, outbox):
    shop.add(shop.textile(price=12000))
    shop.checkout(payment_method="card")
    order = db.session.scalar(db.select(Order))
    session_id = card_payments.session_for(order.reference)["id"]
    card_payments.pay(session_id)
    event = card_payments.session_event("checkout.session.completed", session_id)
    app.config["COMMISSION_PERCENT"] = "diez"  # the ledger cannot work out the commission
    with pytest.raises(InvalidOperation):
        post_webhook(client, event)
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.payment.status == PaymentStatus.PENDING
    assert entries() == [] and db.session.scalars(db.select(StripeEvent)).all() == []
    assert [e.kind for e in outbox(order.email)] == ["order_placed"]
    app.config["COMMISSION_PERCENT"] = "10"  # fixed; Stripe delivers the event again
    assert post_webhook(client, event).json["outcome"] == "paid"
    assert [e.kind for e in entries()] == [EntryKind.SALE]


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


# The ledger as CSV ------------------------------------------------------------------------------

HEADER_ES = ["Fecha", "Productor", "RUC", "Movimiento", "Pedido", "Moneda", "Venta", "Comisión",
             "Tasa de comisión", "Neto", "N° de operación del banco", "Nota"]


def csv_rows(response) -> list[list[str]]:
    """The downloaded file as a spreadsheet reads it: UTF-8 after a byte order mark."""
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_staff_download_every_producers_entries_of_a_period_as_csv(client, login_as):
    weavers = factories.organisation(name="Tejedoras de Mórrope", ruc="20601234567")
    beekeepers = factories.organisation(name="Apicultores de Olmos")
    factories.ledger_entry(weavers, occurred_on=date(2026, 11, 10))
    factories.ledger_entry(beekeepers, gross_amount=3500, commission_amount=350, net_amount=3150,
                           occurred_on=date(2026, 11, 12))
    factories.ledger_entry(weavers, EntryKind.PAYOUT, net_amount=-10800, occurred_on=date(2026, 11, 30),
                           bank_reference="OP-991", note="Transferencia BCP")
    factories.ledger_entry(weavers, occurred_on=date(2026, 10, 31), note="octubre")
    factories.ledger_entry(weavers, occurred_on=date(2026, 12, 1), note="diciembre")
    login_as("staff")
    assert 'action="/staff/ledger/export.csv"' in text(client.get("/staff/ledger/"))

    response = client.get("/staff/ledger/export.csv?start=2026-11-01&end=2026-11-30")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=libro-mercado-colectivo-2026-11.csv"
    assert csv_rows(response) == [
        HEADER_ES,
        ["2026-11-10", "Tejedoras de Mórrope", "20601234567", "venta", "", "PEN", "120.00", "12.00", "10.00",
         "108.00", "", ""],
        ["2026-11-12", "Apicultores de Olmos", "", "venta", "", "PEN", "35.00", "3.50", "10.00", "31.50", "", ""],
        ["2026-11-30", "Tejedoras de Mórrope", "20601234567", "pago al productor", "", "PEN", "0.00", "0.00", "",
         "-108.00", "OP-991", "Transferencia BCP"],
    ]


def test_staff_narrow_the_download_to_one_producer_and_see_its_orders(client, login_as, shop):
    weavers = factories.organisation(name="Tejedoras de Mórrope")
    beekeepers = factories.organisation(name="Apicultores de Olmos", slug="apicultores-de-olmos")
    order = shop.paid({shop.textile(org=weavers, price=12000): 1, shop.honey(org=beekeepers, price=3500): 2})
    today = entries(EntryKind.SALE)[0].occurred_on.isoformat()
    login_as("staff")
    assert 'name="organisation" value="%d"' % beekeepers.id in text(client.get(f"/staff/ledger/{beekeepers.id}"))

    response = client.get(f"/staff/ledger/export.csv?start={today}&end={today}&organisation={beekeepers.id}")

    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=libro-mercado-colectivo-apicultores-de-olmos-{today}-a-{today}.csv")
    rows = csv_rows(response)
    assert [(r[1], r[4], r[6], r[7], r[9]) for r in rows[1:]] == [
        ("Apicultores de Olmos", order.reference, "85.00", "7.00", "78.00")]  # 2 × 35.00 + 15.00 shipping
    assert client.get("/staff/ledger/export.csv?organisation=999999").status_code == 404
    assert client.get("/staff/ledger/export.csv?organisation=olmos").status_code == 404


def test_without_dates_the_download_is_this_month(client, login_as):
    from marketplace.clock import lima_today

    weavers = factories.organisation()
    factories.ledger_entry(weavers, occurred_on=lima_today())
    login_as("staff")

    response = client.get("/staff/ledger/export.csv")

    assert response.headers["Content-Disposition"].endswith(f"-{lima_today():%Y-%m}.csv")
    assert [row[0] for row in csv_rows(response)[1:]] == [lima_today().isoformat()]


def test_dates_the_wrong_way_round_are_sent_back_with_a_reason(client, login_as):
    factories.ledger_entry(factories.organisation())
    login_as("staff")

    response = client.get("/staff/ledger/export.csv?start=2026-11-30&end=2026-11-01", follow_redirects=True)

    assert response.request.path == "/staff/ledger/"
    assert "La fecha final es anterior a la inicial" in text(response)


def test_a_producer_downloads_its_own_entries_and_nobody_elses(client, login_as):
    producer = login_as("producer")
    own = producer.organisation
    other = factories.organisation(name="Cooperativa Vecina")
    factories.ledger_entry(own, note="nuestra venta")
    factories.ledger_entry(other, note="venta de la vecina")
    path = f"/producer/organisations/{own.id}/ledger.csv"
    assert f'action="{path}"' in text(client.get(f"/producer/organisations/{own.id}"))

    response = client.get(f"{path}?start=2026-11-01&end=2026-11-30")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=libro-mercado-colectivo-{own.slug}-2026-11.csv")
    rows = csv_rows(response)
    assert [(r[1], r[11]) for r in rows[1:]] == [(own.name, "nuestra venta")]
    assert "Cooperativa Vecina" not in response.get_data(as_text=True)
    assert client.get(f"/staff/ledger/export.csv?organisation={own.id}").status_code == 403


def test_another_organisations_member_gets_nothing_of_theirs(client, login_as):
    weavers = factories.organisation(name="Tejedoras de Mórrope")
    factories.ledger_entry(weavers, note="venta de las tejedoras")
    login_as("producer")  # a member of another organisation

    for path in (f"/producer/organisations/{weavers.id}/ledger.csv?start=2026-11-01&end=2026-11-30",
                 "/producer/organisations/999999/ledger.csv"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "tejedoras" not in response.get_data(as_text=True).lower()


def test_cells_a_spreadsheet_would_run_as_formulas_are_kept_as_text(client, login_as):
    sneaky = factories.organisation(name="=HYPERLINK(\"http://example.com\",\"clic\")")
    factories.ledger_entry(sneaky, EntryKind.PAYOUT, net_amount=-5000, bank_reference="+51 999",
                           note="@SUM(1+1)")
    factories.ledger_entry(sneaky, bank_reference="-2+3", note="\t=1+1")
    factories.ledger_entry(sneaky, note="\r=1+1")
    login_as("staff")

    rows = csv_rows(client.get("/staff/ledger/export.csv?start=2026-11-01&end=2026-11-30"))[1:]

    assert {row[1] for row in rows} == {"'=HYPERLINK(\"http://example.com\",\"clic\")"}
    assert [(row[10], row[11]) for row in rows] == [
        ("'+51 999", "'@SUM(1+1)"), ("'-2+3", "'\t=1+1"), ("", "'\r=1+1")]
    assert rows[0][9] == "-50.00"  # an amount is a number, negative or not


def test_the_csv_header_is_in_the_readers_language(client, login_as):
    producer = login_as("producer", locale="en")
    factories.ledger_entry(producer.organisation)

    path = f"/producer/organisations/{producer.organisation.id}/ledger.csv"
    rows = csv_rows(client.get(f"{path}?start=2026-11-01&end=2026-11-30"))

    assert rows[0][:4] == ["Date", "Producer", "RUC", "Entry"]
    assert rows[1][3] == "sale"


def test_anonymous_visitors_are_sent_to_sign_in_for_a_download(client):
    weavers = factories.organisation()
    factories.ledger_entry(weavers)
    for path in ("/staff/ledger/export.csv", f"/producer/organisations/{weavers.id}/ledger.csv"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/account/sign-in")


def _sample_order(shop, price=1500):
    """An order turned into a sample before it is paid, as the samples feature places them."""
    from marketplace.orders.models import OrderKind

    order = shop.place({shop.honey(price=price): 1})
    order.kind = OrderKind.SAMPLE
    db.session.commit()
    return order


def test_a_paid_sample_is_booked_as_a_sample_with_no_commission(app, shop):
    from marketplace.payments.manual import confirm_transfer

    order = _sample_order(shop)
    confirm_transfer(order, amount=order.total, bank_reference="OP-000777", by=factories.user(is_staff=True))
    assert entries(EntryKind.SALE) == []
    sample = entries(EntryKind.SAMPLE)[0]
    assert (sample.gross_amount, sample.commission_amount, sample.net_amount) == (order.total_amount, 0, order.total_amount)
    assert sample.commission_percent == 0
    balance = ledger.balance_of(sample.organisation)
    assert (balance.earned.amount, balance.commission.amount, balance.owed.amount) == (order.total_amount, 0, order.total_amount)


def test_a_refunded_sample_is_mirrored_and_owes_nothing(app, shop):
    from marketplace.payments.manual import confirm_transfer
    from marketplace.payments.refunds import refund_order

    order = _sample_order(shop)
    staff = factories.user(is_staff=True)
    confirm_transfer(order, amount=order.total, bank_reference="OP-000778", by=staff)
    refund_order(db.session.get(Order, order.id), by=staff, reason="muestra no enviada")
    refund = entries(EntryKind.REFUND)[0]
    assert (refund.gross_amount, refund.commission_amount) == (-order.total_amount, 0)
    assert ledger.balance_of(refund.organisation).owed.amount == 0
