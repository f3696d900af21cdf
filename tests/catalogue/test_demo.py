"""The demo catalogue: categories, heritage elements, the twenty products of DOMAIN.md §10 and one
product listed with help, waiting for its producer's yes."""
from __future__ import annotations

from marketplace import demo
from marketplace.catalogue.models import Category, HeritageElement, Product, ProductStatus
from marketplace.extensions import db as _db


def by_slug(slug: str) -> Product:
    return _db.session.scalar(_db.select(Product).where(Product.slug == slug))


def test_demo_catalogue_loads_once_with_provenance_lots_and_photos(db):
    demo.load()
    assert _db.session.scalar(_db.select(_db.func.count(Product.id))) == 22
    assert _db.session.scalar(_db.select(_db.func.count(HeritageElement.id))) == 4
    honey = _db.session.scalar(_db.select(Category).where(Category.slug == "miel"))
    assert honey.sold_by_lot and {c.slug for c in honey.children} == {
        "miel-de-algarrobo", "miel-multifloral", "kits-de-muestra"}

    jar = by_slug("miel-de-algarrobo-500-g")
    assert jar.status == ProductStatus.PUBLISHED and jar.organisation.slug == "juan-capunay"
    assert (jar.current_lot.lot_code, jar.current_lot.moisture_percent) == ("MDA-SAL-2024-C1-007", 18.2) or \
        str(jar.current_lot.moisture_percent) == "18.2"
    assert jar.default_variant.price_amount == 2200 and len(jar.photos) == 1

    runner = by_slug("camino-de-mesa-algodon-nativo-pardo-y-crema")
    assert runner.provenance.technique.value == "backstrap" and runner.provenance.hours_of_work == 28
    assert [e.slug for e in runner.heritage_elements] == ["algodon-nativo-de-color-de-lambayeque"]
    assert [m.name for m in runner.credited_makers] == ["Rosa Santisteban Llontop"]

    assert by_slug("kit-de-muestras-de-miel-3-x-50-g").status == ProductStatus.DRAFT  # no price: sample
    assert by_slug("miel-a-granel-balde-de-25-kg").status == ProductStatus.DRAFT  # quote only
    assert by_slug("poncho-de-lana-de-oveja-incahuasi").status == ProductStatus.DRAFT  # unverified
    published = _db.session.scalar(_db.select(_db.func.count(Product.id)).where(Product.status == ProductStatus.PUBLISHED))
    assert published == 18
    assert [v.option_es for v in by_slug("hilo-algodon-nativo-hilado-a-mano-250-g").variants] == ["pardo", "crema", "verde"]

    belt = by_slug("chumpi-de-taquile-con-ayuda")
    assert belt.status == ProductStatus.DRAFT and belt.assisted_listing.awaiting_producer

    assert demo.load() == 0
    assert _db.session.scalar(_db.select(_db.func.count(Product.id))) == 22
