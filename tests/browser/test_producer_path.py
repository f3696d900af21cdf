"""The producer's path on a 360 px phone, without traps: a product with two variants and a brand
seal in one pass, a listing that survives a cut connection, every producer page readable by a
screen reader (axe), and the whole flow within a small data budget."""
from __future__ import annotations

import io
import random

import pytest
from PIL import Image
from playwright.sync_api import expect

from marketplace.brands.models import BrandListing, ListingState
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.extensions import db
from marketplace.producers.models import OrganisationKind

from .. import factories
from .conftest import sign_in

pytestmark = pytest.mark.browser

HEADER_MAX_PX = 80
PAGE_BYTES_MAX = 60 * 1024  # HTML, CSS and JS of the whole listing flow
PHOTO_BYTES_MAX = 1_000_000  # what one photo may cost to send
SERIOUS = ("serious", "critical")


def camera_photo(seed: int = 1) -> dict:
    """A phone camera's photo: 4000×3000 with sensor grain, several megabytes as taken."""
    rng = random.Random(seed)
    noise = Image.effect_noise((1000, 750), 60).convert("RGB").resize((4000, 3000))
    tint = Image.new("RGB", (4000, 3000), (rng.randrange(90, 200), 90, 40))
    buffer = io.BytesIO()
    Image.blend(noise, tint, 0.5).save(buffer, "JPEG", quality=95)
    return {"name": f"IMG_{seed:04d}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


UPLOAD_METER = """
(function () {
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    if (body instanceof FormData) {
      var bytes = 0;
      body.forEach(function (value) { bytes += typeof value === "string" ? value.length : value.size; });
      var sent = JSON.parse(sessionStorage.getItem("uploads") || "[]");
      sent.push(bytes);
      sessionStorage.setItem("uploads", JSON.stringify(sent));
    }
    return send.apply(this, arguments);
  };
})();
"""


class Traffic:
    """What the phone sent and received, from Playwright's request sizes."""

    def __init__(self, page):
        self.finished = []
        self.page = page
        page.on("requestfinished", lambda request: self.finished.append((request, request.sizes())))
        # Photos go up as multipart blobs, whose size the request's own figures leave out: the
        # page notes what each XMLHttpRequest hands the network, in sessionStorage.
        page.add_init_script(UPLOAD_METER)

    def page_bytes(self) -> int:
        return sum(s["responseBodySize"] + s["responseHeadersSize"] for r, s in self.finished
                   if r.resource_type in ("document", "stylesheet", "script"))

    def photo_uploads(self) -> list[int]:
        return self.page.evaluate("JSON.parse(sessionStorage.getItem('uploads') || '[]')")

    def photo_posts_received(self) -> int:
        return sum(1 for r, _s in self.finished if r.method == "POST" and r.url.endswith("/photos"))

    def image_bytes(self) -> int:
        return sum(s["responseBodySize"] for r, s in self.finished if r.resource_type == "image")


def axe_serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


def check_page(page, problems: list[str], heights: dict[str, float]) -> None:
    """No error shown, the header fits, axe finds nothing serious."""
    expect(page.locator(".flash-error, p.error")).to_have_count(0)
    heights[page.url] = page.locator(".site-header").bounding_box()["height"]
    problems.extend(axe_serious(page))


@pytest.fixture
def producer_with_brand(app):
    steward = factories.user(name="Segundo Yovera Damián", email="steward.path@example.pe")
    owner = factories.organisation(owner=steward, name="Asociación de Tejedoras de Mórrope",
                                   kind=OrganisationKind.ASSOCIATION, district_code="140309")
    brand = factories.brand(owner, name="Algodón Nativo de Mórrope", slug="algodon-nativo-de-morrope")
    factories.steward(brand, steward)
    producer = factories.user(name="Rosa Chapoñán", email="rosa.path@example.pe")
    rosa = factories.organisation(owner=producer, name="Taller Rosa Chapoñán", kind=OrganisationKind.INDIVIDUAL,
                                  district_code="140309")
    factories.authorisation(brand, rosa)
    textiles = factories.category(name_es="Textiles", slug="textiles-path")
    factories.category(parent=textiles, name_es="Caminos de mesa", slug="caminos-de-mesa-path")
    return producer, brand


def test_two_variants_and_a_seal_in_one_pass_on_a_phone(phone, producer_with_brand):
    producer, brand = producer_with_brand
    phone.on("dialog", lambda dialog: dialog.accept())
    traffic = Traffic(phone)
    problems: list[str] = []
    heights: dict[str, float] = {}
    sign_in(phone, producer)

    phone.click("nav.site-nav >> text=Mis productos")
    check_page(phone, problems, heights)
    phone.click("button:has-text('Nuevo producto')")
    expect(phone.locator("h1")).to_have_text("Fotos")
    check_page(phone, problems, heights)
    phone.set_input_files("#photo-camera", [camera_photo(1)])  # taken: it goes up at once
    expect(phone.locator(".listing-photo")).to_have_count(1)
    check_page(phone, problems, heights)

    phone.click("text=Siguiente: datos del producto")
    check_page(phone, problems, heights)
    phone.fill("input[name=name_es]", "Camino de mesa de algodón nativo")
    phone.select_option("select[name=category]", label="Caminos de mesa")
    phone.fill("input[name=price]", "45")
    phone.fill("input[name=stock]", "12")
    phone.fill("textarea[name=description_es]", "Tejido en telar de cintura, 180 × 35 cm.")
    phone.click("button:has-text('Guardar y seguir')")
    expect(phone.locator("h1")).to_have_text("Variantes")
    check_page(phone, problems, heights)

    # The price and stock typed once are the first variant; the second names both.
    phone.click("text=Añadir una variante")
    check_page(phone, problems, heights)
    phone.fill("input[name=first_option_es]", "pardo")
    phone.fill("input[name=option_es]", "crema")
    phone.fill("input[name=price]", "48")
    phone.fill("input[name=stock]", "3")
    phone.click("button:has-text('Guardar variante')")
    expect(phone.locator(".variant-list .card")).to_have_count(2)
    check_page(phone, problems, heights)

    phone.click("nav.steps >> text=Revisar y publicar")
    expect(phone.locator("text=Está completo: ya puedes publicarlo.")).to_be_visible()
    check_page(phone, problems, heights)
    phone.click("button:has-text('Publicar')")
    expect(phone.locator(".flash-success")).to_contain_text("Ya está a la venta")
    phone.click(f"button:has-text('Pedir el sello «{brand.name}»')")
    expect(phone.locator(".flash-success")).to_contain_text("ya está en revisión")
    check_page(phone, problems, heights)

    db.session.expire_all()
    product = db.session.scalar(db.select(Product).where(Product.name_es == "Camino de mesa de algodón nativo"))
    assert product.status == ProductStatus.PUBLISHED
    assert [(v.option_es, v.price_amount, v.stock) for v in product.variants] == [("pardo", 4500, 12), ("crema", 4800, 3)]
    [listing] = db.session.scalars(db.select(BrandListing).where(BrandListing.product_id == product.id))
    assert listing.state == ListingState.SUBMITTED

    assert not problems, problems
    assert max(heights.values()) <= HEADER_MAX_PX, heights
    uploads = traffic.photo_uploads()
    assert len(uploads) == 1 and 10_000 < uploads[0] <= PHOTO_BYTES_MAX, uploads
    assert traffic.image_bytes() <= PHOTO_BYTES_MAX, traffic.image_bytes()
    assert traffic.page_bytes() <= PAGE_BYTES_MAX, traffic.page_bytes()
    print(f"\nlisting flow: pages {traffic.page_bytes()} B, photo sent {uploads[0]} B, "
          f"images received {traffic.image_bytes()} B, header {max(heights.values()):.0f} px")


def test_a_listing_loses_nothing_when_the_connection_drops(phone, producer_with_brand):
    producer, _brand = producer_with_brand
    context = phone.context
    traffic = Traffic(phone)
    sign_in(phone, producer)
    phone.click("nav.site-nav >> text=Mis productos")
    phone.click("button:has-text('Nuevo producto')")
    phone.set_input_files("#photo-gallery", [camera_photo(2)])
    expect(phone.locator(".listing-photo")).to_have_count(1)

    # A photo taken while offline waits, then goes when the signal returns; the first is not sent again.
    context.set_offline(True)
    phone.set_input_files("#photo-camera", [camera_photo(3)])
    expect(phone.locator(".photo-upload__status")).to_contain_text("Se cortó la conexión")
    context.set_offline(False)
    expect(phone.locator(".listing-photo")).to_have_count(2)
    assert traffic.photo_posts_received() == 2

    # Typing, then the page is reloaded: what was typed comes back.
    phone.click("text=Siguiente: datos del producto")
    phone.fill("input[name=name_es]", "Chal de alpaca")
    phone.fill("textarea[name=description_es]", "Tejido a palitos en Chinchero.")
    phone.reload()
    expect(phone.locator("input[name=name_es]")).to_have_value("Chal de alpaca")
    expect(phone.locator("textarea[name=description_es]")).to_have_value("Tejido a palitos en Chinchero.")
    expect(phone.locator("main")).to_contain_text("Recuperamos lo que escribiste")

    # The connection drops as the step is sent: it says so, keeps it, and sends it when it returns.
    phone.fill("input[name=price]", "160")
    context.set_offline(True)
    phone.click("button:has-text('Guardar y seguir')")
    expect(phone.locator("main")).to_contain_text("Sin conexión: lo que escribiste queda guardado")
    expect(phone.locator("input[name=price]")).to_have_value("160")
    context.set_offline(False)
    expect(phone.locator("h1")).to_have_text("Variantes")

    db.session.expire_all()
    product = db.session.scalar(db.select(Product).where(Product.name_es == "Chal de alpaca"))
    assert product.description_es == "Tejido a palitos en Chinchero."
    assert product.default_variant.price_amount == 16000 and len(product.photos) == 2
    # Saved: nothing is left on the phone to come back a second time.
    phone.goto(f"/producer/products/{product.id}/details")
    expect(phone.locator("main")).not_to_contain_text("Recuperamos lo que escribiste")


def test_every_producer_page_has_nothing_serious_for_axe_and_fits_the_header(phone, producer_with_brand):
    producer, brand = producer_with_brand
    organisation = producer.memberships[0].organisation
    product = factories.complete_product(organisation, name_es="Bolso de algodón nativo", status=ProductStatus.PUBLISHED)
    factories.variant(product, option_es="crema")
    product.default_variant.option_es = "pardo"
    honey = factories.complete_product(organisation, in_category=factories.honey_category(), name_es="Miel de algarrobo")
    lot = factories.lot(honey)
    listing = factories.brand_listing(product, brand, ListingState.APPROVED)
    db.session.commit()
    sign_in(phone, producer)
    pages = [
        "/producer/", f"/producer/organisations/{organisation.id}", f"/producer/organisations/{organisation.id}/edit",
        f"/producer/organisations/{organisation.id}/owed", "/producer/quotes",
        "/producer/organisations/new", "/producer/products/", f"/producer/products/{product.id}",
        f"/producer/products/{product.id}/photos", f"/producer/products/{product.id}/details",
        f"/producer/products/{product.id}/variants", f"/producer/products/{product.id}/variants/new",
        f"/producer/products/{product.id}/variants/{product.variants[0].id}",
        f"/producer/products/{product.id}/provenance", f"/producer/products/{honey.id}/lots",
        f"/producer/products/{honey.id}/lots/new", f"/producer/products/{honey.id}/lots/{lot.id}",
        "/producer/brands/", f"/producer/brands/listings/{listing.id}", "/producer/fulfilments/",
        "/producer/fairs/", "/producer/fairs/report", "/producer/contacts/", "/producer/contacts/new",
        f"/producer/labels/products/{product.id}", f"/producer/labels/lots/{lot.id}",
    ]
    problems: list[str] = []
    heights: dict[str, float] = {}
    for path in pages:
        response = phone.goto(path)
        assert response.status == 200, path
        problems.extend(axe_serious(phone))
        if phone.locator(".site-header").is_visible():
            heights[path] = phone.locator(".site-header").bounding_box()["height"]
    assert not problems, "\n".join(problems)
    assert max(heights.values()) <= HEADER_MAX_PX, heights
    favicon = phone.goto("/favicon.ico")
    assert favicon.status == 200 and favicon.headers["content-type"] == "image/x-icon"


def test_renaming_a_sealed_product_asks_first_and_says_so_after(phone, producer_with_brand):
    producer, brand = producer_with_brand
    organisation = producer.memberships[0].organisation
    product = factories.complete_product(organisation, name_es="Bolso de algodón nativo", status=ProductStatus.PUBLISHED)
    listing = factories.brand_listing(product, brand, ListingState.APPROVED)
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    phone.on("dialog", answer)
    sign_in(phone, producer)
    phone.goto(f"/producer/products/{product.id}/details")
    expect(phone.locator("main")).to_contain_text("devuelve tu sello «Algodón Nativo de Mórrope» a revisión")
    phone.fill("input[name=name_es]", "Bolso de algodón nativo pardo")
    phone.click("button[name=then][value=list]")  # "no": nothing is sent
    expect(phone.locator("input[name=name_es]")).to_have_value("Bolso de algodón nativo pardo")
    phone.click("button[name=then][value=list]")  # "yes"
    expect(phone.locator(".flash-warning")).to_contain_text("volvió a revisión")
    assert len(asked) == 2 and "¿Guardar igual?" in asked[0]
    db.session.expire_all()
    assert db.session.get(BrandListing, listing.id).state == ListingState.SUBMITTED
    assert db.session.get(Product, product.id).name_es == "Bolso de algodón nativo pardo"
