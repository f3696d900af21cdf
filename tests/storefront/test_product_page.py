"""A buyer reads a product's page: photos, price, options, stock, who made it, where and how,
the honey's lot, cited heritage, the brand seal; and shares it."""
from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from marketplace.brands.models import ListingState
from marketplace.catalogue.models import MakerCredit, ProductStatus, Provenance, Technique
from marketplace.extensions import db as _db
from marketplace.producers.models import VerificationStatus

from .. import factories
from .conftest import text_of


def _runner():
    org = factories.organisation(name="Tejedoras de Mórrope", district_code="140306", women_led=True)
    product = factories.published_product(
        org, name_es="Camino de mesa de algodón nativo", name_en="Native cotton table runner",
        description_es="Tejido en telar de cintura.", description_en="Woven on a backstrap loom.", price=16000, stock=2,
    )
    factories.product_photo(product)
    factories.product_photo(product)
    product.provenance = Provenance(
        community="Arbolsol", district_code="140306", technique=Technique.BACKSTRAP, fibre="Algodón nativo pardo",
        dyes="Sin teñir", iconography="Naylamp", iconography_meaning_es="El fundador mítico de Lambayeque.",
        hours_of_work=28,
    )
    product.makers = [MakerCredit(name="Rosa Santisteban", consent=True), MakerCredit(name="Sin permiso", consent=False)]
    product.heritage_elements = [factories.heritage_element(name_es="Algodón nativo de color", source="Ley 29224 (2008)")]
    _db.session.commit()
    return product


def test_the_page_shows_price_stock_maker_and_provenance(client, db):
    product = _runner()

    response = client.get(f"/productos/{product.slug}")

    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    for expected in ("Camino de mesa de algodón nativo", "S/ 160.00", "Quedan pocas unidades", "Tejedoras de Mórrope",
                     "Mórrope, Lambayeque (Lambayeque)", "empresa dirigida por mujeres", "Arbolsol",
                     "Telar de cintura", "Algodón nativo pardo", "Naylamp", "El fundador mítico de Lambayeque.",
                     "28 horas", "Rosa Santisteban", "Algodón nativo de color", "Ley 29224 (2008)"):
        assert expected in page, expected
    assert "Sin permiso" not in page  # makers are named only with their consent


def test_options_list_each_price_and_stock(client, db):
    product = factories.published_product(name_es="Chal", price=9000, stock=0)
    product.variants[0].option_es = "pardo"
    factories.variant(product, option_es="lila", price_amount=12000, stock=8)

    page = text_of(client.get(f"/productos/{product.slug}").get_data(as_text=True))

    assert "desde S/ 90.00" in page
    assert "pardo S/ 90.00 Agotado" in page and "lila S/ 120.00 Disponible" in page


def test_photos_come_in_sizes_and_only_the_cover_loads_first(client, db):
    product = _runner()
    html = client.get(f"/productos/{product.slug}").get_data(as_text=True)
    main = html.split("<main", 1)[1].split("</main>", 1)[0]  # the footer has its own icon

    images = re.findall(r"<img [^>]+>", main)
    cover, others = images[0], images[1:]
    assert 'fetchpriority="high"' in cover and 'loading="lazy"' not in cover
    assert "400w" in cover and "800w" in cover and 'sizes="' in cover
    assert others and all('loading="lazy"' in tag for tag in others)
    assert main.count('type="image/webp"') == len(images)


def test_honey_shows_its_current_lot(client, db):
    jar = factories.published_product(name_es="Miel de algarrobo", in_category=factories.honey_category())
    factories.lot(jar, lot_code="MDA-SAL-2024-C1-007", floral_source="Algarrobo", apiary_district_code="140310",
                  moisture_percent=Decimal("18.2"), net_weight_g=500, best_before=date(2026, 3, 1),
                  sanitary_registration="RS-0000-FICTICIO")
    factories.lot(jar, lot_code="LOTE-ANTERIOR", is_current=False)

    page = text_of(client.get(f"/productos/{jar.slug}").get_data(as_text=True))

    for expected in ("MDA-SAL-2024-C1-007", "Algarrobo", "Salas, Lambayeque (Lambayeque)", "18.2 %", "500 g",
                     "RS-0000-FICTICIO"):
        assert expected in page, expected
    assert "LOTE-ANTERIOR" not in page


def test_the_brand_seal_shows_only_on_an_approved_listing(client, db):
    org = factories.organisation()
    brand = factories.brand(name="Algodón Nativo Muchik", slug="muchik")
    factories.authorisation(brand, org)
    sealed = factories.published_product(org)
    waiting = factories.published_product(org)
    factories.brand_listing(sealed, brand, ListingState.APPROVED)
    factories.brand_listing(waiting, brand, ListingState.SUBMITTED)

    assert 'data-brand-seal="muchik"' in client.get(f"/productos/{sealed.slug}").get_data(as_text=True)
    assert 'data-brand-seal="muchik"' not in client.get(f"/productos/{waiting.slug}").get_data(as_text=True)


def test_link_previews_and_structured_data(client, db):
    product = _runner()
    html = client.get(f"/productos/{product.slug}").get_data(as_text=True)
    url = f"http://localhost/productos/{product.slug}"

    assert f'<meta property="og:title" content="{product.name_es}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith("http://localhost/media/images/") and og_image.endswith("-800.jpg")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{og_image}">' in html

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Product" and data["name"] == product.name_es and data["url"] == url
    assert data["offers"] == [{
        "@type": "Offer", "url": url, "sku": product.variants[0].sku, "price": "160.00", "priceCurrency": "PEN",
        "availability": "https://schema.org/InStock",
        "seller": {"@type": "Organization", "name": "Tejedoras de Mórrope"},
    }]
    assert len(data["image"]) == 3


def test_structured_data_cannot_break_out_of_its_script(client, db):
    product = factories.published_product(name_es="</script><script>alert(1)</script>", description_es="'\"&<>")
    html = client.get(f"/productos/{product.slug}").get_data(as_text=True)

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_share_links_are_plain_links(client, db):
    product = _runner()
    html = client.get(f"/productos/{product.slug}").get_data(as_text=True)
    quoted = f"http%3A//localhost/productos/{product.slug}"

    assert f'href="https://wa.me/?text=Camino%20de%20mesa%20de%20algod%C3%B3n%20nativo%20{quoted}"' in html
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={quoted}"' in html
    assert f'readonly value="http://localhost/productos/{product.slug}"' in html


def test_more_from_the_same_producer(client, db):
    product = _runner()
    other = factories.published_product(product.organisation, name_es="Bolso de algodón nativo")
    factories.complete_product(product.organisation, name_es="Borrador oculto")

    page = text_of(client.get(f"/productos/{product.slug}").get_data(as_text=True))

    assert "Más de Tejedoras de Mórrope" in page and other.name_es in page and "Borrador oculto" not in page


def test_english_page_with_spanish_fallback(client, db):
    product = _runner()
    page = text_of(client.get(f"/productos/{product.slug}?lang=en").get_data(as_text=True))
    assert "Native cotton table runner" in page and "Woven on a backstrap loom." in page
    plain = factories.published_product(name_es="Chullo de Taquile")
    assert "Chullo de Taquile" in text_of(client.get(f"/productos/{plain.slug}?lang=en").get_data(as_text=True))


def test_hidden_products_are_404_even_by_their_address(client, db):
    draft = factories.complete_product(name_es="Borrador")
    archived = factories.complete_product(name_es="Archivado", status=ProductStatus.ARCHIVED)
    unverified = factories.published_product(factories.organisation(status=VerificationStatus.UNVERIFIED))
    rejected = factories.published_product(factories.organisation(status=VerificationStatus.REJECTED))

    for slug in (draft.slug, archived.slug, unverified.slug, rejected.slug, "no-existe", "%27%20OR%201=1"):
        response = client.get(f"/productos/{slug}")
        assert response.status_code == 404, slug
        html = response.get_data(as_text=True)
        assert "No encontramos ese producto" in html and 'href="/productos"' in html
