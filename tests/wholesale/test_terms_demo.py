"""The demo: honey by the jar and cotton by the kilo with price tiers, and one paid sample credited
to a fair; loading twice changes nothing."""
from marketplace import demo
from marketplace.catalogue.models import Product, SaleUnit
from marketplace.extensions import db
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.orders.models import Order, OrderKind
from marketplace.wholesale import terms_demo


def test_demo_has_tiers_for_honey_and_cotton_and_a_paid_sample(app, client):
    demo.load()
    honey = db.session.scalar(db.select(Product).where(Product.slug == terms_demo.HONEY)).variants[0]
    cotton = db.session.scalar(db.select(Product).where(Product.slug == terms_demo.COTTON)).variants[0]
    assert honey.unit == SaleUnit.JAR and [t.min_quantity for t in honey.tiers] == [12, 100]
    assert cotton.unit == SaleUnit.KG and cotton.wholesale_minimum == 5 and cotton.product.is_published
    assert honey.price_for(300).amount == 1700
    page = client.get(f"/productos/{cotton.product.slug}").get_data(as_text=True)
    assert "25 kg o más" in page
    sample = db.session.scalars(db.select(Order).where(Order.kind == OrderKind.SAMPLE)).one()
    assert sample.is_paid and sample.credited_fair_id is not None and sample.country == "DE"
    entry = db.session.scalars(db.select(LedgerEntry).where(LedgerEntry.order_id == sample.id)).one()
    assert (entry.kind, entry.commission_amount) == (EntryKind.SAMPLE, 0)

    demo.load()
    assert db.session.scalar(db.select(db.func.count(Order.id)).where(Order.kind == OrderKind.SAMPLE)) == 1
    assert [t.min_quantity for t in honey.tiers] == [12, 100]
