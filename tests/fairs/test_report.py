"""The fair report: per booth, scans, contacts, samples, quotes and the paid orders credited to it
with their sales; the same by fair, region, brand and women-led organisations; staff see all,
a producer only their own booths; a CSV that a spreadsheet opens safely."""
import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from marketplace.brands.models import ListingState
from marketplace.clock import utcnow
from marketplace.extensions import db
from marketplace.fairs import report
from marketplace.fairs.models import BoothScanDay, Contact
from marketplace.orders.checkout import CheckoutRequest, Delivery, FairCredit, new_checkout_token, place_order
from marketplace.orders.models import PaymentMethod
from marketplace.payments.manual import confirm_transfer
from tests import factories
from tests.orders.shop import LIMA_DISTRICT, for_sale, text


def contact(booth, *, sample=False, quote=False, n=[0]):
    n[0] += 1
    now = utcnow()
    record = Contact(booth=booth, fair_id=booth.fair_id, organisation_id=booth.organisation_id, name=f"Compradora {n[0]}",
                     email=f"compras{n[0]}@example.com", consent_text="Acepto que me escriban.", consented_at=now,
                     sample_sent_at=now if sample else None, quoted_at=now if quote else None)
    db.session.add(record)
    db.session.commit()


def order(booth, variant, *, paid=True):
    placed = place_order(CheckoutRequest(
        items={variant.id: 1}, payment_method=PaymentMethod.TRANSFER, token=new_checkout_token(),
        delivery=Delivery(email="hanna@deli.example", name="Hanna", address_line="Av. Larco 1", district_code=LIMA_DISTRICT),
        credit=FairCredit(fair_id=booth.fair_id, booth_id=booth.id),
    ))
    if paid:
        confirm_transfer(placed, amount=placed.total, bank_reference="OP-1", by=factories.user(is_staff=True))
    return placed


@pytest.fixture
def fairs(app):
    """Expoalimentaria: honey (Lambayeque, women-led, sealed) and textiles (Cusco); Ruraq Maki:
    the honey producer again."""
    expo = factories.fair(name="Expoalimentaria 2026", slug="expoalimentaria-2026", starts_on=date(2026, 9, 23))
    ruraq = factories.fair(name="Ruraq Maki 2026", slug="ruraq-maki-2026", starts_on=date(2026, 7, 17))
    honey_owner = factories.user()
    honey = factories.organisation(owner=honey_owner, name="Apícola Cerro La Vieja", women_led=True, district_code="140307")
    textiles = factories.organisation(name="=HYPERLINK(\"http://evil\")", district_code="081302")
    brand = factories.brand(name="Miel del Algarrobal")
    factories.authorisation(brand, honey)
    factories.brand_listing(factories.product(honey), brand, ListingState.APPROVED)
    honey_booth = factories.booth(expo, honey, number="PN-14")
    textile_booth = factories.booth(expo, textiles, number="T-03")
    ruraq_booth = factories.booth(ruraq, honey, number="A-01")
    for booth, scans in ((honey_booth, (30, 20)), (textile_booth, (10,)), (ruraq_booth, (5,))):
        for offset, count in enumerate(scans):
            db.session.add(BoothScanDay(booth_id=booth.id, day=booth.fair.starts_on + timedelta(days=offset), scans=count))
    db.session.commit()
    for kind in ((), (), ("sample",), ("sample", "quote")):
        contact(honey_booth, sample="sample" in kind, quote="quote" in kind)
    contact(textile_booth)
    jar = for_sale(honey, name="Miel de algarrobo", price=3500, stock=20)
    order(honey_booth, jar)
    order(honey_booth, jar)
    order(honey_booth, jar, paid=False)  # never paid: not a sale
    order(textile_booth, for_sale(textiles, name="Chalina", price=12000, stock=3))
    return dict(expo=expo, ruraq=ruraq, honey=honey, textiles=textiles, honey_owner=honey_owner,
                honey_booth=honey_booth, textile_booth=textile_booth, ruraq_booth=ruraq_booth)


def as_tuple(figures):
    return (figures.scans, figures.contacts, figures.samples, figures.quotes, figures.orders, figures.sales)


def test_figures_per_booth(fairs):
    rows = {row.key: row for row in report.by_booth(report.Scope())}
    assert as_tuple(rows[fairs["honey_booth"].id]) == (50, 4, 2, 1, 2, 7000)
    assert as_tuple(rows[fairs["textile_booth"].id]) == (10, 1, 0, 0, 1, 12000)
    assert as_tuple(rows[fairs["ruraq_booth"].id]) == (5, 0, 0, 0, 0, 0)
    assert rows[fairs["honey_booth"].id].conversions() == [4 / 50, 2 / 4, 1 / 2, 2 / 1]
    assert rows[fairs["ruraq_booth"].id].conversions() == [0.0, None, None, None]


def test_the_same_by_fair_region_brand_and_women_led(fairs):
    summary = report.summary(report.Scope())
    assert {f.label: as_tuple(f) for f in summary.by_fair} == {
        "Expoalimentaria 2026": (60, 5, 2, 1, 3, 19000), "Ruraq Maki 2026": (5, 0, 0, 0, 0, 0)}
    assert {f.key: as_tuple(f) for f in summary.by_region} == {"14": (55, 4, 2, 1, 2, 7000), "08": (10, 1, 0, 0, 1, 12000)}
    assert {f.label: as_tuple(f) for f in summary.by_brand} == {"Miel del Algarrobal": (55, 4, 2, 1, 2, 7000)}
    assert {f.key: as_tuple(f) for f in summary.by_women_led} == {"1": (55, 4, 2, 1, 2, 7000), "0": (10, 1, 0, 0, 1, 12000)}
    assert as_tuple(summary.total) == (65, 5, 2, 1, 3, 19000)
    one_fair = report.summary(report.Scope(fair_id=fairs["ruraq"].id))
    assert as_tuple(one_fair.total) == (5, 0, 0, 0, 0, 0)


def test_the_summary_is_one_statement(fairs):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        report.summary(report.Scope())
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1


def test_staff_see_every_fair_and_one_fairs_booths(client, login_as, fairs):
    login_as("staff")
    page = text(client.get("/staff/fairs/report"))
    assert "Expoalimentaria 2026" in page and "Ruraq Maki 2026" in page and "Miel del Algarrobal" in page
    assert "Lambayeque" in page and "Cusco" in page and "S/ 190.00" in page
    page = text(client.get(f"/staff/fairs/report?fair={fairs['expo'].id}"))
    assert "Stand PN-14" in page and "Stand T-03" in page
    assert client.get("/staff/fairs/report?fair=999999").status_code == 404
    assert client.get("/staff/fairs/report?fair=expo").status_code == 404


def test_the_csv_is_utf8_with_a_byte_order_mark_and_runs_no_formula(client, login_as, fairs):
    login_as("staff")
    response = client.get("/staff/fairs/report.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffFeria,Stand,Productor")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    by_booth = {row[1]: row for row in rows[1:]}
    assert by_booth["PN-14"][2:12] == ["Apícola Cerro La Vieja", "Lambayeque", "sí", "50", "4", "2", "1", "2", "70.00", "0.0800"]
    assert by_booth["T-03"][2] == "'=HYPERLINK(\"http://evil\")"
    response = client.get(f"/staff/fairs/report.csv?fair={fairs['ruraq'].id}")
    assert len(list(csv.reader(io.StringIO(response.get_data(as_text=True))))) == 2


def test_a_producer_sees_only_their_own_booths(client, fairs):
    client.post("/account/sign-in", data={"email": fairs["honey_owner"].email, "password": factories.PASSWORD})
    page = text(client.get("/producer/fairs/report"))
    assert "Apícola Cerro La Vieja" in page and "HYPERLINK" not in page
    rows = list(csv.reader(io.StringIO(client.get("/producer/fairs/report.csv").get_data(as_text=True))))
    assert sorted(row[1] for row in rows[1:]) == ["A-01", "PN-14"]
    assert client.get(f"/producer/fairs/booths/{fairs['honey_booth'].id}").status_code == 200
    assert client.get(f"/producer/fairs/booths/{fairs['textile_booth'].id}").status_code == 404
    assert client.get("/staff/fairs/report").status_code == 403
