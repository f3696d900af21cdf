"""The demo fairs: two past editions with booths, scans and credited orders, an upcoming one with
a request for staff to decide; loading twice changes nothing."""
from marketplace import demo
from marketplace.extensions import db
from marketplace.fairs import report
from marketplace.fairs.models import Booth, BoothScanDay, BoothStatus, Fair
from marketplace.orders.models import Order, OrderKind
from tests.orders.shop import text


def counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(model)) for model in (Fair, Booth, BoothScanDay, Order))


def test_demo_fairs_show_on_every_screen(app, client):
    demo.load()
    page = text(client.get("/ferias"))
    assert "Expoalimentaria 2026" in page and "Ruraq Maki julio 2026" in page and "Peruvian Gift Show 2027" in page
    assert "Juan Capuñay Yovera" in text(client.get("/ferias/expoalimentaria-2026"))
    requested = db.session.scalar(db.select(Booth).where(Booth.status == BoothStatus.REQUESTED))
    assert requested.organisation.slug == "taller-qori-awana"
    credited = list(db.session.scalars(db.select(Order).where(Order.credited_booth_id.is_not(None),
                                                               Order.kind != OrderKind.SAMPLE)))
    assert len(credited) == 4 and all(order.is_paid for order in credited)
    summary = report.summary(report.Scope())
    assert {"Expoalimentaria 2026", "Ruraq Maki julio 2026"} <= {f.label for f in summary.by_fair}
    assert summary.total.orders == 4 and summary.total.scans > 0

    before = counts()
    assert demo.load() == 0
    assert counts() == before
