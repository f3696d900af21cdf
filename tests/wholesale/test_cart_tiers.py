"""The cart prices each line at the tier its quantity reaches, on the server, every time; a variant
with wholesale terms is capped by its stock, not by 99."""
import pytest

from marketplace.catalogue.models import SaleUnit
from marketplace.extensions import db
from marketplace.orders import cart
from marketplace.orders.models import OrderLine
from tests import factories
from tests.orders.shop import text


def honey(shop, stock=500, **terms):
    variant = shop.honey(price=3500, stock=stock)
    terms.setdefault("unit", SaleUnit.JAR)
    return factories.wholesale_terms(variant, {12: 3000, 100: 2600}, **terms)


@pytest.mark.parametrize("quantity, unit_price", [(1, 3500), (11, 3500), (12, 3000), (99, 3000), (100, 2600), (300, 2600)])
def test_each_line_is_priced_at_the_tier_its_quantity_reaches(shop, quantity, unit_price):
    variant = honey(shop)
    priced = cart.price_cart({variant.id: quantity})
    line = priced.lines[0]
    assert (line.unit_price.amount, line.total.amount) == (unit_price, unit_price * quantity)
    assert priced.subtotal.amount == unit_price * quantity


def test_the_order_line_keeps_the_tier_price_and_totals_add_up(shop):
    variant = honey(shop)
    order = shop.place({variant: 120})
    line = db.session.scalars(db.select(OrderLine).where(OrderLine.order_id == order.id)).one()
    assert (line.unit_price_amount, line.quantity) == (2600, 120)
    assert order.subtotal_amount == 2600 * 120
    assert order.total_amount == order.subtotal_amount + order.shipping_amount


def test_the_price_is_recomputed_when_the_producer_changes_a_tier(shop):
    variant = honey(shop)
    items = {variant.id: 12}
    assert cart.price_cart(items).lines[0].unit_price.amount == 3000
    variant.tiers[0].price_amount = 2900
    db.session.commit()
    assert cart.price_cart(items).lines[0].unit_price.amount == 2900


def test_a_tier_never_costs_more_than_the_retail_price_lowered_below_it(shop):
    variant = honey(shop)
    variant.price_amount = 2800  # lowered after the tiers were set
    db.session.commit()
    assert [cart.price_cart({variant.id: q}).lines[0].unit_price.amount for q in (1, 12, 100)] == [2800, 2800, 2600]


def test_three_hundred_jars_go_in_the_cart_when_the_variant_has_wholesale_terms(client, shop):
    variant = honey(shop)
    shop.add(variant, 300)
    page = text(client.get("/cart"))
    assert "S/ 26.00" in page and "S/ 7,800.00" in page
    with client.session_transaction() as session:
        assert session["cart"] == {str(variant.id): 300}


def test_stock_still_caps_a_wholesale_line(client, shop):
    variant = honey(shop, stock=150)
    shop.add(variant, 200)
    assert "No hay tantas unidades: puedes añadir hasta 150 más." in text(client.get("/cart"))
    with client.session_transaction() as session:
        assert not session.get("cart")


def test_without_wholesale_terms_a_line_is_still_capped_at_99(client, shop):
    variant = shop.honey(price=3500, stock=500)
    response = client.post("/cart/add", data={"variant_id": variant.id, "quantity": 100}, follow_redirects=True)
    assert "Escribe una cantidad entre 1 y 99" in text(response)


def test_changing_a_line_to_a_wholesale_quantity_moves_it_to_the_tier(client, shop):
    variant = honey(shop)
    shop.add(variant, 5)
    client.post("/cart/update", data={"variant_id": variant.id, "quantity": 150})
    page = text(client.get("/cart"))
    assert "S/ 3,900.00" in page  # 150 × S/ 26


def test_the_cart_says_what_the_next_tier_would_cost(client, shop):
    variant = honey(shop)
    shop.add(variant, 10)
    assert "Desde 12 frascos: S/ 30.00 c/u." in text(client.get("/cart"))


def test_asking_for_the_wholesale_price_under_the_minimum_says_so_and_adds_nothing(client, shop):
    variant = honey(shop, wholesale_minimum=12)
    response = client.post("/cart/add", data={"variant_id": variant.id, "quantity": 5, "wholesale": "1"},
                           follow_redirects=True)
    assert "El precio por mayor es desde 12 frascos." in text(response)
    with client.session_transaction() as session:
        assert not session.get("cart")
    client.post("/cart/add", data={"variant_id": variant.id, "quantity": 12, "wholesale": "1"})
    with client.session_transaction() as session:
        assert session["cart"] == {str(variant.id): 12}


def test_a_wholesale_request_counts_what_is_already_in_the_cart(client, shop):
    variant = honey(shop, wholesale_minimum=12)
    shop.add(variant, 8)
    client.post("/cart/add", data={"variant_id": variant.id, "quantity": 4, "wholesale": "1"})
    with client.session_transaction() as session:
        assert session["cart"] == {str(variant.id): 12}


def test_a_signed_in_buyers_wholesale_cart_survives_sign_in_uncapped(client, shop, login_as):
    variant = honey(shop)
    shop.add(variant, 250)
    buyer = login_as("buyer")
    assert cart.items_of(buyer) == {variant.id: 250}
