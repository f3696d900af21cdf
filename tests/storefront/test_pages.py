"""A producer's page and a region's page: who makes things, where, and what they sell."""
from __future__ import annotations

from marketplace.producers.models import VerificationStatus

from .. import factories
from .conftest import product_links, text_of


def test_producer_page_tells_the_story_and_lists_the_products(client, db):
    org = factories.organisation(
        name="Taller Qori Awana", district_code="050101", women_led=True,
        story_es="Tejemos tapices en telar de pedal desde 1980.", story_en="We weave tapestries on pedal looms.",
    )
    brand = factories.brand(name="Wari", slug="wari")
    factories.authorisation(brand, org)
    tapestry = factories.published_product(org, name_es="Tapiz de Ayacucho")
    factories.complete_product(org, name_es="Borrador de tapiz")

    response = client.get(f"/productores/{org.slug}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = text_of(html)
    assert "Taller Qori Awana" in page and "Tejemos tapices en telar de pedal desde 1980." in page
    assert "Ayacucho, Huamanga (Ayacucho)" in page and "dirigida por mujeres" in page
    assert 'href="/brands/wari"' in html
    assert product_links(html) == [tapestry.slug]
    assert "We weave tapestries on pedal looms." in text_of(client.get(f"/productores/{org.slug}?lang=en").get_data(as_text=True))


def test_region_page_lists_its_producers_and_products(client, db):
    chinchero = factories.organisation(name="Asociación Away Sumaq", district_code="081302")
    factories.organisation(name="Taller escondido", district_code="080405", status=VerificationStatus.UNVERIFIED)
    elsewhere = factories.organisation(name="Tejedores de Taquile", district_code="210103")
    lliclla = factories.published_product(chinchero, name_es="Lliclla")
    factories.published_product(elsewhere, name_es="Chullo")

    html = client.get("/regiones/cusco").get_data(as_text=True)

    page = text_of(html)
    assert "Productos de Cusco" in page and "Asociación Away Sumaq" in page
    assert "Taller escondido" not in page and "Tejedores de Taquile" not in page
    assert product_links(html) == [lliclla.slug]


def test_product_cards_link_to_producer_and_region_pages(client, db):
    org = factories.organisation(district_code="210103")
    product = factories.published_product(org)
    html = client.get(f"/productos/{product.slug}").get_data(as_text=True)
    assert f'href="/productores/{org.slug}"' in html
    assert 'href="/regiones/puno"' in client.get(f"/productores/{org.slug}").get_data(as_text=True)
