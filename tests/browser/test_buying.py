"""A guest buys a textile and a honey from two producers on a phone and pays by card through (a fake
of) Stripe Checkout; both producers ship; the buyer sees it all. Another pays by transfer and staff
confirm it."""
import re

import pytest
from playwright.sync_api import expect

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from tests import factories
from tests.orders.shop import for_sale

from .conftest import PHONE, confirm_transfer, sign_in

pytestmark = pytest.mark.browser


def phone_for(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def producer(name: str):
    owner = factories.user(name=f"Dueña de {name}")
    return owner, factories.organisation(owner=owner, name=name)


def add_to_cart(page, variant):
    """From the product page, through its "add to cart" form when the storefront shows it; otherwise
    the same POST /cart/add that form makes, with the browser's cookies."""
    page.goto(f"/productos/{variant.product.slug}")
    button = page.locator("form[action='/cart/add'] button[type=submit]")
    if button.count():
        button.first.click()
        expect(page.locator("h1")).to_have_text("Tu carrito")
    else:
        response = page.context.request.post("/cart/add", form={"variant_id": str(variant.id), "quantity": "1"})
        assert response.ok


def fill_checkout(page, method: str):
    page.goto("/cart")
    page.click("text=Continuar con la compra")
    page.fill("input[name=email]", "lucia.browser@example.pe")
    page.fill("input[name=name]", "Lucía Huamán")
    page.fill("input[name=phone]", "987 111 222")
    page.select_option("select[name=region]", "15")
    expect(page.locator("select[name=province] option[value='1501']")).to_have_count(1)
    page.select_option("select[name=province]", "1501")
    expect(page.locator("select[name=district] option[value='150122']")).to_have_count(1)
    page.select_option("select[name=district]", "150122")
    page.fill("input[name=address_line]", "Calle Los Pinos 456")
    page.check(f"input[name=payment_method][value={method}]")
    page.click("button[name=place_order]")


def ship(chromium, live_server, owner, courier: str, tracking: str, pack_first=False):
    context, page = phone_for(chromium, live_server)
    sign_in(page, owner)
    page.goto("/producer/fulfilments/")
    page.click("ul.inbox a >> nth=0")
    if pack_first:
        page.click("text=Marcar como empacado")
        expect(page.locator(".fulfilment-status")).to_have_text("empacado")
    page.select_option("select[name=courier]", courier)
    page.fill("input[name=tracking_number]", tracking)
    page.click("text=Marcar como enviado")
    expect(page.locator(".fulfilment-status")).to_have_text("enviado")
    context.close()


def test_a_guest_pays_by_card_and_both_producers_ship(phone, chromium, live_server, browser_stripe, app):
    weavers_owner, weavers = producer("Tejedoras de Mórrope")
    beekeepers_owner, beekeepers = producer("Apicultores de Olmos")
    textile = for_sale(weavers, name="Chalina de algodón nativo", price=12000, stock=3)
    honey = for_sale(beekeepers, name="Miel de algarrobo", price=3500, stock=8)

    add_to_cart(phone, textile)
    add_to_cart(phone, honey)
    phone.goto("/cart")
    expect(phone.locator(".cart-total")).to_have_text(re.compile(r"S/\s185\.00"))  # 120 + 35 + 2 × 15
    fill_checkout(phone, "card")

    # Stripe's Checkout page (the fake), then back to the shop: paid at once, confirmed by the server.
    expect(phone).to_have_url(re.compile(re.escape(browser_stripe.url) + r"/checkout/cs_test_"))
    phone.click("#pay")
    expect(phone.locator(".order-status")).to_have_text("pagado")
    reference = phone.locator(".reference").inner_text()
    order = db.session.scalar(db.select(Order).where(Order.reference == reference))
    assert order.status == OrderStatus.PAID and order.total_amount == 18500

    # Stripe's webhook arrives afterwards and changes nothing.
    session = browser_stripe.session_for(reference)
    delivered = browser_stripe.deliver(f"{live_server.url}/payments/stripe/webhook",
                                       browser_stripe.session_event("checkout.session.completed", session["id"]))
    assert delivered.status_code == 200 and delivered.json()["outcome"] == "already_paid"

    order_url = phone.url
    ship(chromium, live_server, weavers_owner, "olva", "OLV-20261123", pack_first=True)
    ship(chromium, live_server, beekeepers_owner, "serpost", "RR123456789PE")

    phone.goto(order_url)
    parcels = phone.locator("section.parcel")
    expect(parcels).to_have_count(2)
    expect(phone.locator("main")).to_contain_text("OLV-20261123")
    expect(phone.locator("main")).to_contain_text("RR123456789PE")
    expect(phone.locator("section.parcel .badge")).to_have_text(["enviado", "enviado"])
    db.session.expire_all()
    assert textile.id and db.session.get(type(textile), textile.id).stock == 2


def test_a_guest_pays_by_transfer_and_staff_confirm_it(phone, desktop, browser_login, app):
    _, weavers = producer("Tejedoras de Mórrope")
    textile = for_sale(weavers, name="Chalina de algodón nativo", price=12000, stock=3)

    add_to_cart(phone, textile)
    fill_checkout(phone, "transfer")
    expect(phone.locator(".order-status")).to_have_text("esperando el pago")
    instructions = phone.locator(".payment-instructions")
    expect(instructions).to_contain_text("00219100000000000000")
    reference = phone.locator(".reference").inner_text()
    expect(instructions).to_contain_text(reference)
    order_url = phone.url

    browser_login(desktop, "staff")
    confirm_transfer(desktop, reference, "135.00", "OP-00981234")

    phone.goto(order_url)
    expect(phone.locator(".order-status")).to_have_text("pagado")
