"""A buyer on a cheap phone searches "algodon", opens the product, and the link preview tags,
the structured data and the page's weight are what a shared link needs. The byte budget of a
first view is guarded here: at most 150 KB in all, at most 30 KB of HTML, CSS and JS."""
from __future__ import annotations

import io
import json
import random
import re

import pytest
from PIL import Image, ImageDraw, ImageFilter
from playwright.sync_api import expect

from marketplace.catalogue.models import ProductPhoto, ProductStatus, Provenance, Technique
from marketplace.extensions import db
from marketplace.media.services import save_upload

from .. import factories

pytestmark = pytest.mark.browser

TOTAL_BUDGET = 150 * 1024
TEXT_BUDGET = 30 * 1024  # HTML + CSS + JS, compressed


def photo(seed: int, width: int = 1600, height: int = 1200) -> bytes:
    """A photo-like JPEG: gradients, shapes and grain, so its WebP variants weigh what real
    product photos weigh (the 800 px one about 55 KB)."""
    rng = random.Random(seed)
    image = Image.merge("RGB", (
        Image.linear_gradient("L").resize((width, height)),
        Image.radial_gradient("L").resize((width, height)),
        Image.linear_gradient("L").rotate(90).resize((width, height)),
    ))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.rectangle((x, y, x + rng.randrange(5, 120), y + rng.randrange(5, 60)),
                       fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image, grain, 0.25).filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def live_media(app, tmp_path_factory):
    """Store photos where the live server reads them (its MEDIA_ROOT is the session's media0)."""
    root = tmp_path_factory.getbasetemp() / "media0"
    assert root.is_dir(), "the live server's media folder moved: see tests/browser/conftest.py"
    app.config["MEDIA_ROOT"] = str(root)
    app.extensions.pop("media_storage", None)
    yield root
    app.extensions.pop("media_storage", None)


def _product_with_photos(org, name_es: str, photos: int, seed: int, **kwargs):
    product = factories.product(org, name_es=name_es, status=ProductStatus.PUBLISHED, **kwargs)
    for n in range(photos):
        image = save_upload(photo(seed + n), organisation=org)
        db.session.add(ProductPhoto(product=product, image=image, position=n))
    db.session.commit()
    return product


@pytest.fixture
def runner(app, live_media):
    """A native-cotton table runner with four photos, and three more products of its makers."""
    org = factories.organisation(name="Tejedoras de Mórrope", district_code="140306", women_led=True,
                                 story_es="Hilamos y tejemos algodón nativo en Mórrope.")
    textiles = factories.category(name_es="Textiles", name_en="Textiles", slug=f"textiles-{org.id}")
    product = _product_with_photos(
        org, "Camino de mesa de Algodón nativo pardo", 4, seed=1, category=textiles, price=16000, stock=3,
        name_en="Brown native cotton table runner",
        description_es="Tejido en telar de cintura con algodón nativo pardo y crema, sin tintes. " * 3,
    )
    product.provenance = Provenance(community="Arbolsol", district_code="140306", technique=Technique.BACKSTRAP,
                                    fibre="Algodón nativo", hours_of_work=28)
    db.session.commit()
    for n, name in enumerate(("Bolso de algodón nativo", "Cojín crema", "Chal lila")):
        _product_with_photos(org, name, 1, seed=10 + n, category=textiles)
    return product


def test_a_buyer_searches_on_a_phone_and_opens_the_product(phone, live_server, runner):
    phone.goto("/")
    phone.fill("#site-search-q", "algodon")
    phone.press("#site-search-q", "Enter")

    expect(phone.locator("h1")).to_contain_text("algodon")
    card = phone.locator(".product-card", has_text="Camino de mesa")
    expect(card.locator(".product-name mark")).to_have_text("Algodón")
    card.locator(".product-link").click()

    expect(phone.locator("h1")).to_have_text("Camino de mesa de Algodón nativo pardo")
    url = f"{live_server.url}/productos/{runner.slug}"
    assert phone.url == url

    og = {name: phone.locator(f'meta[property="og:{name}"]').get_attribute("content")
          for name in ("title", "type", "url", "image", "description")}
    assert og["title"] == runner.name_es and og["type"] == "product" and og["url"] == url
    assert og["image"].startswith(f"{live_server.url}/media/images/") and og["image"].endswith("-800.jpg")
    picture = phone.request.get(og["image"])
    assert picture.ok and picture.headers["content-type"] == "image/jpeg"
    assert phone.locator('meta[name="twitter:card"]').get_attribute("content") == "summary_large_image"

    data = json.loads(phone.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Product" and data["name"] == runner.name_es and data["url"] == url
    assert data["offers"][0]["price"] == "160.00" and data["offers"][0]["priceCurrency"] == "PEN"
    assert data["offers"][0]["availability"] == "https://schema.org/InStock"
    assert len(data["image"]) == 4

    whatsapp = phone.locator("a", has_text="WhatsApp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/?text=") and runner.slug in whatsapp


def test_first_view_of_a_product_page_fits_the_byte_budget(phone, runner, capsys):
    # A first visit, as from a link on WhatsApp: a fresh browser context, nothing cached.
    page = phone
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(f"/productos/{runner.slug}", wait_until="load")
    page.wait_for_load_state("networkidle")

    weights = {}
    for request in finished:
        sizes = request.sizes()
        weights[request.url] = (request.resource_type, sizes["responseBodySize"] + sizes["responseHeadersSize"])
    text = sum(size for kind, size in weights.values() if kind in ("document", "stylesheet", "script"))
    images = [url for url, (kind, _) in weights.items() if kind == "image"]
    total = sum(size for _, size in weights.values())
    with capsys.disabled():
        print(f"\nfirst view of a product page on a 360 px phone: {total / 1024:.1f} KB in all, "
              f"{text / 1024:.1f} KB HTML+CSS+JS, {len(images)} image(s): "
              + ", ".join(f"{re.sub(r'^.*/', '', url)} {size / 1024:.1f} KB" for url, (kind, size) in weights.items()))

    cover = page.locator(".gallery img")
    assert cover.get_attribute("fetchpriority") == "high" and cover.get_attribute("loading") is None
    assert all(img.get_attribute("loading") == "lazy" for img in page.locator("main img").all()[1:])
    # The cover sized for the phone; Chromium also fetches lazy images near the screen: here the
    # other photos' thumbnails (400 px), never their large versions.
    assert re.search(r"-800\.webp$", images[0]) and all(re.search(r"-400\.webp$", url) for url in images[1:]), images
    assert text <= TEXT_BUDGET, f"{text} bytes of HTML, CSS and JS"
    assert total <= TOTAL_BUDGET, f"{total} bytes in all"
    document = next(r for r in finished if r.resource_type == "document").response()
    assert document.headers.get("content-encoding") in ("br", "zstd", "gzip")
