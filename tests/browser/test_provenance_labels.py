"""A beekeeper prints the labels of a honey lot, and a buyer's phone opens what the QR says."""
from __future__ import annotations

import io
from datetime import date

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from marketplace.catalogue.models import Provenance

from .. import factories
from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def lot(app):
    producer = factories.user(name="Juan Capuñay Yovera")
    org = factories.organisation(producer, name="Juan Capuñay Yovera", district_code="140310")
    product = factories.published_product(org, name_es="Miel de algarrobo 500 g", in_category=factories.honey_category())
    product.provenance = Provenance(community="Tongorrape", district_code="140307")
    record = factories.lot(product, lot_code="MDA-SAL-2024-C1-007", floral_source="Algarrobo",
                           harvest_date=date(2024, 3, 15))
    record.producer = producer
    return record


def test_a_lot_label_prints_on_one_a4_sheet_and_its_qr_opens_the_lot_page(desktop, phone, lot):
    sign_in(desktop, lot.producer)
    desktop.goto(f"/producer/labels/lots/{lot.id}")
    expect(desktop.locator(".sticker")).to_have_count(24)

    desktop.emulate_media(media="print")
    expect(desktop.locator(".site-header")).to_be_hidden()
    expect(desktop.locator("button[data-print]")).to_be_hidden()
    first, fourth = desktop.locator(".sticker").nth(0).bounding_box(), desktop.locator(".sticker").nth(3).bounding_box()
    assert fourth["y"] > first["y"] and abs(fourth["x"] - first["x"]) < 1  # three stickers a row
    pdf = PdfReader(io.BytesIO(desktop.pdf(format="A4", prefer_css_page_size=True)))
    assert len(pdf.pages) == 1
    assert "MDA-SAL-2024-C1-007" in pdf.pages[0].extract_text()

    # A buyer's phone reads the printed code.
    desktop.emulate_media(media="screen")
    picture = Image.open(io.BytesIO(desktop.locator(".sticker-qr").first.screenshot(scale="device")))
    [code] = zxingcpp.read_barcodes(picture.convert("RGB"))
    assert code.text.startswith(desktop.context.pages[0].url.split("/producer")[0] + "/lote/")

    phone.goto(code.text)
    expect(phone.locator("h1")).to_have_text("Miel de algarrobo 500 g")
    expect(phone.locator("main")).to_contain_text("MDA-SAL-2024-C1-007")
    expect(phone.locator("main")).to_contain_text("Tongorrape")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
