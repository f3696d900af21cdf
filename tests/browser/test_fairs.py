"""At a fair, a buyer scans a booth's printed QR code with a phone, browses the producer's page,
orders by bank transfer; once staff confirm the payment, the fair report credits the booth."""
import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from marketplace.extensions import db
from marketplace.orders.models import Order
from tests import factories
from tests.orders.shop import for_sale

from .conftest import sign_in
from .test_buying import fill_checkout

pytestmark = pytest.mark.browser


def qr_url_on_card(page, booth) -> str:
    """The producer downloads the booth card's PNG; the QR code on it is read like a phone would."""
    response = page.context.request.get(f"/producer/fairs/booths/{booth.id}/card.png")
    assert response.ok and response.headers["content-type"] == "image/png"
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.body())))
    return code.text


def test_a_buyer_scans_a_booth_card_orders_and_staff_see_it_in_the_fair_report(phone, desktop, live_server, app):
    owner = factories.user(name="Lucía Quispe")
    weavers = factories.organisation(owner=owner, name="Taller Inti Pallay")
    chalina = for_sale(weavers, name="Chalina de alpaca", price=12000, stock=3)
    fair = factories.fair(name="Ruraq Maki julio 2026")
    booth = factories.booth(fair, weavers, number="A-02")

    sign_in(desktop, owner)
    url = qr_url_on_card(desktop, booth)
    assert url == f"{live_server.url}/f/{booth.code}"

    phone.goto(url)
    expect(phone.locator("h1")).to_have_text("Taller Inti Pallay")
    phone.click("text=Chalina de alpaca")
    expect(phone.locator("h1")).to_have_text("Chalina de alpaca")
    phone.locator("form[action='/cart/add'] button[type=submit]").first.click()
    expect(phone.locator("h1")).to_have_text("Tu carrito")
    fill_checkout(phone, "transfer")
    expect(phone.locator(".order-status")).to_have_text("esperando el pago")
    reference = phone.locator(".reference").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    db.session.expire_all()
    order = db.session.scalar(db.select(Order).where(Order.reference == reference))
    assert (order.credited_fair_id, order.credited_booth_id) == (fair.id, booth.id)

    desktop.context.clear_cookies()  # the producer leaves the laptop to the programme's staff
    sign_in(desktop, factories.user(is_staff=True))
    desktop.goto("/staff/orders/")
    desktop.click(f"text={reference}")
    desktop.fill("input[name=amount]", f"{order.total_amount / 100:.2f}")
    desktop.fill("input[name=bank_reference]", "OP-00981234")
    desktop.click("text=Confirmar el pago")
    expect(desktop.locator(".order-status")).to_have_text("pagado")

    desktop.goto("/staff/fairs/report")
    desktop.select_option("select[name=fair]", str(fair.id))
    desktop.click("form.queue-filters button[type=submit]")
    row = desktop.locator("table.fair-report tr", has_text="Taller Inti Pallay")
    expect(row).to_contain_text("Stand A-02")
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text("1")  # the scan
    expect(cells.nth(4)).to_have_text("1")  # the order
    expect(cells.nth(5)).to_contain_text("120.00")  # its goods
