"""An order speaks the buyer's language: its lines keep the product's English name when it has
one, and the order page, the emails and the producer's parcel show the name in the reader's."""
from __future__ import annotations

from marketplace.extensions import db
from marketplace.orders.access import access_token
from marketplace.orders.models import Order
from tests import factories
from tests.orders.shop import text


def _english_order(client, shop):
    product = factories.product(factories.organisation(name="Tejedoras de Mórrope"), name_es="Chalina de algodón nativo",
                                name_en="Native cotton scarf", price=12000, stock=10, status="published")
    factories.variant(product, option_es="pardo", option_en="brown", price_amount=12000, stock=5)
    honey = shop.honey(name="Miel de algarrobo")  # no English name: Spanish it stays
    client.set_cookie("lang", "en")
    shop.add(product.variants[1], 2)
    shop.add(honey, 1)
    response = shop.checkout()
    assert response.status_code == 302
    return db.session.scalars(db.select(Order)).one(), response.headers["Location"]


def test_an_english_buyers_order_shows_english_names(client, shop, outbox):
    order, location = _english_order(client, shop)

    line = next(line for line in order.lines if line.product_name_en)
    assert (line.product_name, line.product_name_en, line.variant_name_en) == ("Chalina de algodón nativo",
                                                                             "Native cotton scarf", "brown")
    page = text(client.get(location))
    assert "2 × Native cotton scarf — brown" in page and "Miel de algarrobo" in page
    assert "Chalina de algodón nativo" not in page
    placed = outbox(order.email)[0]
    assert placed.locale == "en" and "Native cotton scarf — brown" in placed.body


def test_the_same_order_read_in_spanish_shows_spanish_names(client, shop):
    order, location = _english_order(client, shop)
    client.set_cookie("lang", "es")
    page = text(client.get(f"/orders/{order.reference}?t={access_token(order)}&lang=es"))
    assert "2 × Chalina de algodón nativo — pardo" in page
