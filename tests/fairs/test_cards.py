"""The booth card: A6 and an A4 sheet of four, in the browser (print CSS), as PNG and PDF; its QR
code opens the booth's short URL."""
import io

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from marketplace.brands.models import ListingState
from tests import factories
from tests.orders.shop import text

MM = 72 / 25.4  # PDF points per millimetre


def sealed_booth(producer):
    """A booth whose organisation holds an approved listing of "Miel del Algarrobal"."""
    org = producer.organisation
    org.name = "Apícola Cerro La Vieja"
    brand = factories.brand(name="Miel del Algarrobal")
    factories.authorisation(brand, org)
    factories.brand_listing(factories.product(org), brand, ListingState.APPROVED)
    factories.brand_listing(factories.product(org), factories.brand(name="Marca en revisión"), ListingState.SUBMITTED)
    return factories.booth(org=org, code="MIEL26", number="PN-14", whatsapp="+51944123456")


def decoded(png: bytes) -> list[str]:
    return sorted(result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))))


def test_the_card_in_the_browser_names_the_producer_its_seals_and_whatsapp(client, login_as):
    booth = sealed_booth(login_as("producer"))
    page = text(client.get(f"/producer/fairs/booths/{booth.id}/card"))
    assert "Apícola Cerro La Vieja" in page and "Stand PN-14" in page
    assert "Miel del Algarrobal" in page and "Marca en revisión" not in page
    assert "WhatsApp +51 944 123 456" in page
    assert 'src="data:image/svg+xml' in page and "css/cards.css" in page
    assert page.count('class="booth-card"') == 1
    assert text(client.get(f"/producer/fairs/booths/{booth.id}/sheet")).count('class="booth-card"') == 4


def test_the_png_card_carries_a_qr_code_to_the_booths_short_url(client, login_as):
    booth = sealed_booth(login_as("producer"))
    response = client.get(f"/producer/fairs/booths/{booth.id}/card.png")
    assert response.mimetype == "image/png"
    assert "attachment" in response.headers["Content-Disposition"]
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (1240, 1748)  # A6 at 300 dpi
    assert decoded(response.data) == ["http://localhost/f/MIEL26"]


def test_the_sheet_has_four_cards_on_a4(client, login_as):
    booth = sealed_booth(login_as("producer"))
    png = client.get(f"/producer/fairs/booths/{booth.id}/sheet.png").data
    assert Image.open(io.BytesIO(png)).size == (2480, 3508)
    assert decoded(png) == ["http://localhost/f/MIEL26"] * 4


def test_the_pdfs_are_a6_and_a4_pages(client, login_as):
    booth = sealed_booth(login_as("producer"))
    for layout, (width_mm, height_mm) in (("card", (105, 148)), ("sheet", (210, 297))):
        response = client.get(f"/producer/fairs/booths/{booth.id}/{layout}.pdf")
        assert response.mimetype == "application/pdf"
        [page] = PdfReader(io.BytesIO(response.data)).pages
        assert abs(float(page.mediabox.width) - width_mm * MM) < 1.5
        assert abs(float(page.mediabox.height) - height_mm * MM) < 1.5


def test_the_card_falls_back_to_the_owners_phone(client, login_as):
    producer = login_as("producer", phone="+51987111222")
    booth = factories.booth(org=producer.organisation, whatsapp=None)
    assert "WhatsApp +51 987 111 222" in text(client.get(f"/producer/fairs/booths/{booth.id}/card"))


def test_staff_may_print_any_booths_card(client, login_as):
    booth = factories.booth()
    login_as("staff")
    assert client.get(f"/producer/fairs/booths/{booth.id}/card.png").status_code == 200
