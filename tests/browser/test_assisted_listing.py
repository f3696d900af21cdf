"""A staff member lists a product for a producer without a smartphone; the producer opens the
link that came by WhatsApp on a basic phone and puts it on sale with one tap."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from marketplace.catalogue.models import AssistedListing, ProductStatus
from marketplace.extensions import db

from .. import factories
from .conftest import sign_in

pytestmark = pytest.mark.browser


def photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (150, 60, 40)).save(buffer, "JPEG", quality=85)
    return {"name": "tapiz.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_an_assisted_listing_is_confirmed_through_its_link(phone, desktop, live_server, app):
    textiles = factories.category(name_es="Textiles", slug="textiles")
    tapestries = factories.category(parent=textiles, name_es="Tapices", slug="tapices")
    owner = factories.user(name="Teodora Cárdenas")
    factories.organisation(owner=owner, name="Tejedoras de Sarhua")
    staff = factories.user(is_staff=True, name="Sofía Promotora Quispe", email="sofia.assisted@example.pe")

    # The promoter, at a laptop in the programme's office, fills in what the producer told her.
    sign_in(desktop, staff)
    desktop.goto("/staff/")
    desktop.click(".staff-nav >> text=Publicar con ayuda")
    desktop.click("text=Publicar para un productor")
    desktop.select_option("select[name=organisation]", label="Tejedoras de Sarhua")
    desktop.fill("input[name=phone]", "987 654 321")
    desktop.fill("input[name=name_es]", "Tapiz de Sarhua")
    desktop.select_option("select[name=category]", label="Tapices")
    desktop.fill("input[name=price]", "120")
    desktop.fill("input[name=stock]", "2")
    desktop.fill("textarea[name=description_es]", "Tapiz tejido en telar de pedal con lana de oveja.")
    desktop.set_input_files("input[name=photos]", [photo()])
    desktop.click("button:has-text('Guardar y preparar el enlace')")
    expect(desktop.locator(".flash-success")).to_contain_text("envía el enlace al productor")
    whatsapp = desktop.locator("a:has-text('Enviar por WhatsApp')").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/51987654321?text=")
    message = desktop.locator("[data-confirmation-message]").input_value()
    link = message.split("confirma aquí: ")[1].split(" ")[0]
    assert link.startswith(live_server.url + "/confirmar/")

    # Nothing is on sale yet.
    listing = db.session.scalar(db.select(AssistedListing))
    assert listing.product.status == ProductStatus.DRAFT

    # The producer opens the link on the phone, without an account, and says yes.
    phone.goto(link)
    expect(phone.locator("h1")).to_have_text("¿Publicamos tu producto?")
    expect(phone.locator("main")).to_contain_text("Sofía Promotora Quispe preparó esta publicación")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("button:has-text('Sí, ponerlo a la venta')")
    expect(phone.locator("[data-answered]")).to_contain_text("ya está a la venta")
    phone.click("text=Ver cómo lo ven los compradores")
    expect(phone.locator("[data-listed-with-help]")).to_contain_text("Publicado con ayuda de Sofía Promotora Quispe")

    # The link works once; the promoter sees the answer.
    phone.goto(link)
    expect(phone.locator("main")).to_contain_text("ya no sirve")
    desktop.reload()
    expect(desktop.locator("[data-assisted-state]")).to_have_attribute("data-assisted-state", "confirmed")
