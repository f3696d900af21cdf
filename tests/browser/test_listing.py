"""A producer lists, on a phone, a honey with two photos and a lot and a textile with its
provenance, publishes both, and finds them in "My products"."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from marketplace.catalogue.models import Product, ProductStatus
from marketplace.extensions import db

from .. import factories

pytestmark = pytest.mark.browser


def photo(name: str, colour: tuple[int, int, int]) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), colour).save(buffer, "JPEG", quality=85)
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def start_product(page) -> None:
    page.click("nav.site-nav >> text=Mis productos")
    expect(page.locator("h1")).to_have_text("Mis productos")
    page.click("button:has-text('Nuevo producto')")
    expect(page.locator("h1")).to_have_text("Fotos")
    expect(page.locator("input[type=file][capture=environment]")).to_have_count(1)


def upload(page, *files) -> None:
    expect(page.locator("button:has-text('Subir fotos')")).to_be_hidden()  # no second tap with JavaScript
    page.set_input_files("#photo-gallery", list(files))  # photos.js sends them at once, then reloads the page
    expect(page.locator(".listing-photo")).to_have_count(len(files))


def publish(page) -> None:
    page.click("nav.steps >> text=Revisar y publicar")
    expect(page.locator("text=Está completo: ya puedes publicarlo.")).to_be_visible()
    page.click("button:has-text('Publicar')")
    expect(page.locator(".flash-success")).to_contain_text("Ya está a la venta")


def test_a_producer_lists_honey_and_a_textile_from_a_phone(phone, app, browser_login):
    honey_root = factories.category(name_es="Miel", slug="miel", sold_by_lot=True)
    factories.category(parent=honey_root, name_es="Miel de algarrobo", slug="miel-de-algarrobo")
    textiles = factories.category(name_es="Textiles", slug="textiles")
    factories.category(parent=textiles, name_es="Chullos y chumpis", slug="chullos-y-chumpis")
    taquile = factories.heritage_element(name_es="Arte textil de Taquile", source="UNESCO, 2008")
    producer = browser_login(phone, "producer")

    # Honey: two photos, details, then the lot on sale.
    start_product(phone)
    upload(phone, photo("frasco.jpg", (196, 128, 28)), photo("etiqueta.jpg", (222, 170, 60)))
    phone.click("text=Siguiente: datos del producto")
    phone.fill("input[name=name_es]", "Miel de algarrobo, frasco de 500 g")
    phone.select_option("select[name=category]", label="Miel de algarrobo")
    phone.fill("input[name=price]", "22")
    phone.fill("input[name=stock]", "40")
    phone.fill("textarea[name=description_es]", "Miel del bosque seco de Salas.")
    phone.click("button:has-text('Guardar y seguir')")
    expect(phone.locator("h1")).to_have_text("Variantes")
    phone.click("nav.steps >> text=Lote")
    phone.click("text=Añadir un lote")
    phone.fill("input[name=lot_code]", "MDA-SAL-2024-C1-007")
    phone.fill("input[name=harvest_date]", "2024-03-15")
    phone.fill("input[name=floral_source]", "algarrobo")
    phone.fill("input[name=moisture_percent]", "18,2")
    phone.fill("input[name=net_weight_g]", "500")
    phone.click("button:has-text('Guardar lote')")
    expect(phone.locator(".card.current")).to_contain_text("MDA-SAL-2024-C1-007")
    publish(phone)
    expect(phone.locator(".lot")).to_contain_text("Lote a la venta: MDA-SAL-2024-C1-007")

    # Textile: a photo from the gallery, details, then provenance with a district picked by JavaScript.
    start_product(phone)
    upload(phone, photo("chullo.jpg", (170, 36, 44)))
    phone.click("text=Siguiente: datos del producto")
    phone.fill("input[name=name_es]", "Chullo tejido a palitos en Taquile")
    phone.select_option("select[name=category]", label="Chullos y chumpis")
    phone.fill("input[name=price]", "90")
    phone.fill("input[name=stock]", "4")
    phone.fill("textarea[name=description_es]", "Tejido por los hombres de Taquile.")
    phone.click("button:has-text('Guardar y seguir')")
    expect(phone.locator("h1")).to_have_text("Variantes")  # listing.js saves the step, then moves on
    phone.click("nav.steps >> text=Procedencia")
    phone.fill("input[name=community]", "Isla Taquile")
    phone.select_option("select[name=place-region]", "21")
    expect(phone.locator("select[name=place-province] option[value='2101']")).to_have_count(1)
    phone.select_option("select[name=place-province]", "2101")
    expect(phone.locator("select[name=place-district] option[value='210103']")).to_have_count(1)
    phone.select_option("select[name=place-district]", "210103")
    phone.fill("input[name=makers-0-name]", "Fortunato Huatta Yucra")
    phone.check("input[name=makers-0-consent]")
    phone.select_option("select[name=technique]", "knitting")
    phone.fill("input[name=fibre]", "lana de oveja")
    phone.check(f"input[name=heritage][value='{taquile.id}']")
    phone.click("button:has-text('Guardar y seguir')")
    expect(phone.locator("h1")).to_have_text("Revisar y publicar")
    expect(phone.locator(".provenance")).to_contain_text("Tejido a palitos")
    expect(phone.locator(".provenance")).to_contain_text("Amantani")  # as INEI spells it
    expect(phone.locator(".provenance")).to_contain_text("Arte textil de Taquile")
    publish(phone)

    # Both are in "My products", published, with the honey's lot and a stock field each.
    phone.click("nav.site-nav >> text=Mis productos")
    rows = phone.locator(".my-product")
    expect(rows).to_have_count(2)
    honey_row = rows.filter(has_text="Miel de algarrobo, frasco de 500 g")
    expect(honey_row).to_contain_text("publicado")
    expect(honey_row).to_contain_text("Lote MDA-SAL-2024-C1-007")
    expect(honey_row.locator("img")).to_have_count(1)
    expect(rows.filter(has_text="Chullo tejido a palitos en Taquile")).to_contain_text("publicado")

    # The most frequent action: one tap and a number.
    honey_row.locator("input[name=stock]").fill("35")
    honey_row.locator("button:has-text('Guardar')").click()
    expect(phone.locator(".flash-success")).to_contain_text("35")
    assert re.search(r"#product-\d+$", phone.url)

    db.session.expire_all()
    products = {p.name_es: p for p in db.session.scalars(db.select(Product))}
    honey = products["Miel de algarrobo, frasco de 500 g"]
    chullo = products["Chullo tejido a palitos en Taquile"]
    assert honey.organisation_id == chullo.organisation_id == producer.organisation.id
    assert (honey.status, chullo.status) == (ProductStatus.PUBLISHED, ProductStatus.PUBLISHED)
    assert len(honey.photos) == 2 and honey.current_lot.lot_code == "MDA-SAL-2024-C1-007"
    assert honey.default_variant.stock == 35 and honey.default_variant.price_amount == 2200
    assert chullo.provenance.district_code == "210103" and [m.name for m in chullo.credited_makers] == [
        "Fortunato Huatta Yucra"]
