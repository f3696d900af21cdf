"""Buyers browse the catalogue: only what is on sale, filtered and sorted by plain links."""
from __future__ import annotations

from datetime import timedelta

from marketplace.brands.models import ListingState
from marketplace.catalogue.models import ProductStatus
from marketplace.clock import utcnow
from marketplace.producers.models import VerificationStatus

from .. import factories
from .conftest import product_links, text_of


def _published(org=None, *, days_ago: int = 0, **kwargs):
    return factories.published_product(org, published_at=utcnow() - timedelta(days=days_ago), **kwargs)


def test_the_catalogue_lists_only_published_products_of_verified_organisations(client, db):
    on_sale = _published(name_es="Chullo de Taquile")
    factories.complete_product(name_es="Borrador de chal")
    factories.complete_product(name_es="Poncho archivado", status=ProductStatus.ARCHIVED)
    waiting = factories.organisation(status=VerificationStatus.UNVERIFIED)
    _published(waiting, name_es="Manta de organización sin verificar")
    rejected = factories.organisation(status=VerificationStatus.REJECTED)
    _published(rejected, name_es="Manta de organización rechazada")

    page = client.get("/productos").get_data(as_text=True)

    assert product_links(page) == [on_sale.slug]
    assert "Borrador" not in page and "archivado" not in page and "sin verificar" not in page


def test_newest_first_and_by_price_both_ways(client, db):
    old = _published(name_es="Antiguo", price=9000, days_ago=10)
    new = _published(name_es="Nuevo", price=2000, days_ago=1)
    middle = _published(name_es="Medio", price=5000, days_ago=5)

    assert product_links(client.get("/productos").get_data(as_text=True)) == [new.slug, middle.slug, old.slug]
    assert product_links(client.get("/productos?orden=precio").get_data(as_text=True)) == [new.slug, middle.slug, old.slug]
    assert product_links(client.get("/productos?orden=precio-desc").get_data(as_text=True)) == [old.slug, middle.slug, new.slug]


def test_a_category_lists_its_sub_categories_products_too(client, db):
    honey = factories.category(name_es="Miel", name_en="Honey", slug="miel")
    algarrobo = factories.category(parent=honey, name_es="Miel de algarrobo", slug="miel-de-algarrobo")
    textiles = factories.category(name_es="Textiles", slug="textiles")
    jar = _published(in_category=algarrobo, name_es="Miel de algarrobo, 500 g")
    _published(in_category=textiles, name_es="Chal")

    page = client.get("/categorias/miel").get_data(as_text=True)
    assert product_links(page) == [jar.slug]
    assert "Miel de algarrobo" in text_of(page)  # the sub-category is offered as a link
    assert product_links(client.get("/productos?categoria=miel").get_data(as_text=True)) == [jar.slug]


def test_filters_by_region_producer_women_led_and_stock(client, db):
    cusco = factories.organisation(district_code="081302", women_led=True)  # Chinchero
    lambayeque = factories.organisation(district_code="140306")  # Mórrope
    lliclla = _published(cusco, name_es="Lliclla")
    sold_out = _published(cusco, name_es="Chumpi", stock=0)
    runner = _published(lambayeque, name_es="Camino de mesa")

    assert set(product_links(client.get("/productos?region=cusco").get_data(as_text=True))) == {lliclla.slug, sold_out.slug}
    assert set(product_links(client.get("/regiones/lambayeque").get_data(as_text=True))) == {runner.slug}
    assert set(product_links(client.get(f"/productos?productor={cusco.slug}").get_data(as_text=True))) == {lliclla.slug, sold_out.slug}
    assert set(product_links(client.get("/productos?mujeres=1").get_data(as_text=True))) == {lliclla.slug, sold_out.slug}
    in_stock = client.get("/productos?region=cusco&disponible=1").get_data(as_text=True)
    assert product_links(in_stock) == [lliclla.slug]


def test_price_range_in_soles_matches_any_variant(client, db):
    cheap = _published(name_es="Ovillo", price=4500)
    dear = _published(name_es="Tapiz", price=45000)
    options = _published(name_es="Chal", price=9000)
    factories.variant(options, option_es="grande", price_amount=16000, stock=1)

    found = product_links(client.get("/productos?precio_min=50&precio_max=170").get_data(as_text=True))
    assert found == [options.slug]
    assert set(product_links(client.get("/productos?precio_max=45").get_data(as_text=True))) == {cheap.slug}
    # Bounds typed the wrong way round are read the right way round.
    assert set(product_links(client.get("/productos?precio_min=500&precio_max=200").get_data(as_text=True))) == {dear.slug}


def test_brand_filter_shows_products_with_an_approved_seal(client, db):
    member = factories.organisation()
    brand = factories.brand(name="Miel del Algarrobal", slug="miel-del-algarrobal")
    factories.authorisation(brand, member)
    sealed = _published(member, name_es="Miel con sello")
    pending = _published(member, name_es="Miel en revisión")
    factories.brand_listing(sealed, brand, ListingState.APPROVED)
    factories.brand_listing(pending, brand, ListingState.SUBMITTED)

    page = client.get("/productos?marca=miel-del-algarrobal").get_data(as_text=True)

    assert product_links(page) == [sealed.slug]
    assert 'data-brand-seal="miel-del-algarrobal"' in page


def test_paging_and_a_page_past_the_end_shows_the_last_page(client, db):
    org = factories.organisation()
    products = [_published(org, name_es=f"Manta {n}", days_ago=n) for n in range(26)]

    first = client.get("/productos").get_data(as_text=True)
    assert len(product_links(first)) == 24
    assert 'rel="next" href="/productos?pagina=2"' in first

    last = client.get("/productos?pagina=999").get_data(as_text=True)
    assert product_links(last) == [p.slug for p in products[24:]]
    assert "Página 2 de 2" in text_of(last)
    assert '<link rel="canonical" href="http://localhost/productos?pagina=2">' in last


def test_filters_are_kept_in_the_page_links(client, db):
    org = factories.organisation(district_code="140306")
    for n in range(25):
        _published(org, name_es=f"Manta {n}", days_ago=n)

    page = client.get("/productos?region=lambayeque&orden=precio").get_data(as_text=True)

    assert 'href="/productos?region=lambayeque&amp;orden=precio&amp;pagina=2"' in page


def test_absurd_filter_values_give_a_normal_page(client, db):
    product = _published(name_es="Chullo")
    absurd = [
        "pagina=-3", "pagina=abc", "pagina=99999999999999999999", "precio_min=NaN", "precio_max=-5",
        "precio_min=1e999", "precio_max=%00", "orden=DROP TABLE", "categoria=../../etc", "marca=%27%3B--",
        "region=atlantida", "productor=nadie", "mujeres=quizas", "categoria=" + "x" * 5000,
    ]
    for query in absurd:
        response = client.get(f"/productos?{query}")
        assert response.status_code == 200, query
        # Nonsense is ignored; a huge minimum price is a real (empty) answer.
        assert (product.slug in response.get_data(as_text=True)) != (query == "precio_min=1e999"), query


def test_an_empty_catalogue_says_so(client, db):
    page = client.get("/productos?region=puno")
    assert page.status_code == 200
    assert "Ningún producto coincide" in text_of(page.get_data(as_text=True))


def test_unknown_category_region_and_producer_are_404_with_a_way_back(client, db):
    hidden = factories.organisation(status=VerificationStatus.UNVERIFIED)
    for url in ("/categorias/no-existe", "/regiones/atlantida", "/productores/nadie", f"/productores/{hidden.slug}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert 'href="/productos"' in response.get_data(as_text=True)
