"""A producer claims "Miel del Algarrobal" on a phone, the brand's steward checks it, staff approve
it, and a buyer sees the seal on the product page and on the brand page."""
import pytest
from playwright.sync_api import expect

from marketplace.brands.models import BrandListing, ListingState
from marketplace.catalogue.models import ProductStatus
from marketplace.extensions import db
from marketplace.producers.models import OrganisationKind

from .. import factories
from .conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


def test_a_listing_claims_the_brand_is_checked_approved_and_shows_the_seal(phone, desktop, chromium, live_server, app):
    steward = factories.user(name="Segundo Yovera Damián", email="apicultores.browser@example.pe")
    owner = factories.organisation(owner=steward, name="Asociación de Apicultores del Bosque Seco",
                                   kind=OrganisationKind.ASSOCIATION, district_code="140310")
    brand = factories.brand(owner, name="Miel del Algarrobal", slug="miel-del-algarrobal",
                            description_es="Miel del bosque seco de algarrobo de Salas y Motupe.")
    factories.steward(brand, steward)
    producer = factories.user(name="Juan Capuñay Yovera", email="juan.browser@example.pe")
    juan = factories.organisation(owner=producer, name="Juan Capuñay Yovera", kind=OrganisationKind.INDIVIDUAL,
                                  district_code="140310")
    factories.authorisation(brand, juan)
    honey = factories.complete_product(juan, in_category=factories.honey_category(), name_es="Miel de algarrobo 500 g",
                                       slug="miel-de-algarrobo-500-g", status=ProductStatus.PUBLISHED)
    factories.lot(honey, lot_code="MDA-SAL-2024-C1-007")
    staff = factories.user(is_staff=True, name="Sofía Verificadora Ramos", email="sofia.browser@example.pe")

    # The producer, on a phone, claims the brand: one tap sends the listing for review.
    sign_in(phone, producer)
    phone.click(".site-nav >> text=Marcas")
    expect(phone.locator("h1")).to_have_text("Marcas colectivas de mis productos")
    phone.select_option("select[name=product]", label="Miel de algarrobo 500 g")
    phone.select_option("select[name=brand]", label="Miel del Algarrobal")
    phone.click("button:has-text('Solicitar el sello')")
    expect(phone.locator("[data-listing-state]")).to_have_attribute("data-listing-state", "submitted")
    expect(phone.locator("main")).to_contain_text("puedes vender el producto sin el sello")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    # The brand's steward gives the first check.
    sign_in(desktop, steward)
    desktop.goto("/steward/brands/")
    desktop.click("text=Miel del Algarrobal")
    desktop.click("[data-steward-queue] >> text=Miel de algarrobo 500 g")
    expect(desktop.locator(".review-rules")).to_contain_text("Acta N° 1-2020")
    desktop.click("button:has-text('Cumple nuestras reglas')")
    expect(desktop.locator(".flash-success")).to_contain_text("conforme al reglamento")

    # Staff approve it from the review queue.
    desktop.click("button:has-text('Salir')")
    sign_in(desktop, staff)
    desktop.goto("/staff/brands/listings")
    desktop.click("[data-review-queue] >> text=Miel de algarrobo 500 g")
    expect(desktop.locator("ol.history")).to_contain_text("revisó y dio conformidad")
    desktop.click("button:has-text('Aprobar')")
    expect(desktop.locator(".flash-success")).to_contain_text("ya muestra el sello")
    listing = db.session.scalar(db.select(BrandListing))
    db.session.refresh(listing)
    assert listing.state == ListingState.APPROVED

    # A buyer sees the seal on the product page and follows it to the brand page.
    context = chromium.new_context(base_url=live_server.url, **PHONE)
    buyer = context.new_page()
    try:
        buyer.goto("/productos/miel-de-algarrobo-500-g")
        seal = buyer.locator('[data-brand-seal="miel-del-algarrobal"]')
        expect(seal).to_be_visible()
        seal.first.click()
        expect(buyer.locator("h1")).to_have_text("Miel del Algarrobal")
        expect(buyer.locator(f'[data-product-id="{honey.id}"] [data-brand-seal="miel-del-algarrobal"]')).to_be_visible()
        expect(buyer.locator("[data-brand-members]")).to_contain_text("Juan Capuñay Yovera")
    finally:
        context.close()
