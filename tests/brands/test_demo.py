"""The demo brands get stewards, authorisation acts and approved listings; loading twice changes nothing."""
from marketplace import demo
from marketplace.accounts.models import find_by_email
from marketplace.brands import services
from marketplace.brands.models import BrandListing, BrandSteward, CollectiveBrand, ListingState
from marketplace.catalogue.models import Product
from marketplace.extensions import db


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_demo_brands_are_ready_to_show_their_seals(app, client):
    demo.load()
    honey_brand = db.session.scalar(db.select(CollectiveBrand).where(CollectiveBrand.slug == "miel-del-algarrobal"))
    steward = find_by_email("apicultores@demo.mercadocolectivo.pe")
    assert services.is_steward(steward, honey_brand)
    assert honey_brand.usage_rules_es and all(m.authorised_by_resolution for m in honey_brand.memberships)
    jar = db.session.scalar(db.select(Product).where(Product.slug == "miel-de-algarrobo-500-g"))
    assert services.seals_for_product(jar) == [honey_brand]
    sealed = services.approved_product_ids_for_brand(honey_brand)
    owners = {db.session.get(Product, pid).organisation.slug for pid in sealed}
    assert owners == {"juan-capunay", "apicola-cerro-la-vieja"}
    for slug, producer in (("algodon-nativo-muchik", "rosa-santisteban"), ("hilos-de-tucume", "maria-chaponan")):
        brand = db.session.scalar(db.select(CollectiveBrand).where(CollectiveBrand.slug == slug))
        assert {db.session.get(Product, pid).organisation.slug for pid in services.approved_product_ids_for_brand(brand)} == {producer}
    assert all(l.state == ListingState.APPROVED for l in db.session.scalars(db.select(BrandListing)))
    page = client.get("/brands/miel-del-algarrobal").get_data(as_text=True)
    assert "Juan Capuñay Yovera" in page and 'data-brand-seal="miel-del-algarrobal"' in page

    before = (count(BrandListing), count(BrandSteward))
    assert demo.load() == 0
    assert (count(BrandListing), count(BrandSteward)) == before
