"""On phones: an importer asks for 300 jars of honey, the producer quotes, the importer accepts
and pays by transfer, staff confirm the payment."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from marketplace.catalogue.models import ProductStatus
from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderKind
from tests import factories

from .conftest import PHONE, confirm_transfer, sign_in

pytestmark = pytest.mark.browser


def test_an_importer_asks_for_300_jars_the_producer_quotes_the_importer_accepts_and_pays(
        phone, desktop, chromium, live_server, browser_login, app):
    owner = factories.user(name="Juan Capuñay")
    organisation = factories.organisation(owner=owner, name="Apicultores de Salas")
    honey = factories.product(organisation, name_es="Miel de algarrobo, frasco de 500 g", price=3500, stock=500,
                              status=ProductStatus.PUBLISHED)

    importer = factories.user(name="Hanna Importer", email="hanna@naturkost.example")
    sign_in(phone, importer)
    phone.goto(f"/productos/{honey.slug}")
    phone.click("text=Pide una cotización")
    phone.fill("input[name='lines-0-quantity']", "300")
    phone.select_option("select[name=country]", "DE")
    phone.fill("input[name=destination]", "Hamburgo")
    phone.check("input[name=currency][value=PEN]")
    phone.click("button:has-text('Pedir cotización')")
    expect(phone.locator(".quote-status")).to_have_text("Pedida")
    quote_url = phone.url

    context = chromium.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    producer = context.new_page()
    sign_in(producer, owner)
    producer.goto("/producer/quotes")
    producer.click("text=Hanna Importer")
    producer.fill("input[name='lines-0-minimum_quantity']", "100")
    producer.fill("input[name='lines-0-unit_price']", "26")
    producer.fill("input[name=valid_until]", (lima_today() + timedelta(days=15)).isoformat())
    producer.fill("input[name=lead_time_days]", "20")
    producer.fill("input[name=advance_percent]", "30")
    producer.click("button:has-text('Enviar cotización')")
    expect(producer.locator(".quote-status")).to_have_text("Cotizada")
    context.close()

    phone.goto(quote_url)
    expect(phone.locator(".proforma-total")).to_have_text("S/\xa07,800.00")
    phone.fill("input[name=address_line]", "Hafenstraße 1, Lager 4")
    phone.fill("input[name=city]", "Hamburgo")
    phone.click("button:has-text('Aceptar la cotización')")
    expect(phone.locator(".order-status")).to_have_text("esperando el pago")
    reference = phone.locator("h1 .reference").inner_text()
    order_url = phone.url

    browser_login(desktop, "staff")
    confirm_transfer(desktop, reference, "7800.00", "OP-00451234")

    phone.goto(order_url)
    expect(phone.locator(".order-status")).to_have_text("pagado")
    order = db.session.scalar(db.select(Order).where(Order.reference == reference))
    assert order.kind == OrderKind.WHOLESALE and [(l.quantity, l.unit_price_amount) for l in order.lines] == [(300, 2600)]
