"""Buyers fill a cart with goods from several producers; the cart is always priced from the database."""
from marketplace.catalogue.models import ProductStatus
from marketplace.extensions import db
from marketplace.orders import cart as cart_service
from tests import factories
from tests.orders.shop import text


def test_a_guest_sees_each_producers_goods_with_their_shipping_and_the_total(client, shop):
    textile, honey = shop.textile(price=12000), shop.honey(price=3500)
    assert shop.add(textile).status_code == 302
    assert shop.add(honey, 2).status_code == 302
    page = text(client.get("/cart"))
    assert "Tejedoras de Mórrope" in page and "Apicultores de Olmos" in page
    assert "S/ 120.00" in page and "S/ 70.00" in page  # 2 × 35.00
    assert page.count("S/ 15.00") >= 2  # one parcel per producer
    assert "S/ 220.00" in page  # 120 + 70 + 2 × 15


def test_the_header_counts_what_is_in_the_cart(client, shop):
    shop.add(shop.textile(), 3)
    assert 'class="cart-count">3<' in text(client.get("/"))


def test_adding_the_same_variant_again_adds_to_its_quantity(client, shop):
    textile = shop.textile(stock=5)
    shop.add(textile, 2)
    shop.add(textile, 2)
    with client.session_transaction() as session:
        assert session["cart"] == {str(textile.id): 4}


def test_zero_negative_and_too_many_units_are_refused(client, shop):
    textile = shop.textile(stock=3)
    for quantity in (0, -1, "dos"):
        response = client.post("/cart/add", data={"variant_id": textile.id, "quantity": quantity}, follow_redirects=True)
        assert "Escribe una cantidad entre 1 y 99" in text(response)
    response = shop.add(textile, 4)
    assert response.status_code == 302
    page = text(client.get("/cart"))
    assert "No hay tantas unidades: puedes añadir hasta 3 más." in page
    with client.session_transaction() as session:
        assert not session.get("cart")


def test_a_tampered_or_unpublished_variant_id_is_not_found(client, shop):
    draft = factories.product(price=1000, stock=5)  # a draft
    assert client.post("/cart/add", data={"variant_id": draft.variants[0].id, "quantity": 1}).status_code == 404
    assert client.post("/cart/add", data={"variant_id": 999999, "quantity": 1}).status_code == 404


def test_a_price_sent_by_the_browser_is_ignored(client, shop):
    textile = shop.textile(price=12000)
    client.post("/cart/add", data={"variant_id": textile.id, "quantity": 1, "price": "1", "price_amount": "1"})
    assert "S/ 120.00" in text(client.get("/cart"))


def test_quantities_change_and_zero_removes_the_line(client, shop):
    textile, honey = shop.textile(stock=5), shop.honey()
    shop.add(textile)
    shop.add(honey)
    client.post("/cart/update", data={"variant_id": textile.id, "quantity": 4})
    client.post("/cart/update", data={"variant_id": honey.id, "quantity": 0})
    with client.session_transaction() as session:
        assert session["cart"] == {str(textile.id): 4}
    response = client.post("/cart/update", data={"variant_id": textile.id, "quantity": 6}, follow_redirects=True)
    assert "Solo quedan 5 unidades." in text(response)


def test_a_product_unpublished_while_in_the_cart_is_removed_and_the_buyer_told(client, shop):
    textile, honey = shop.textile(), shop.honey()
    shop.add(textile)
    shop.add(honey)
    honey.product.status = ProductStatus.DRAFT
    db.session.commit()
    page = text(client.get("/cart"))
    assert "Quitamos del carrito lo que ya no está a la venta: Miel de algarrobo." in page
    with client.session_transaction() as session:
        assert session["cart"] == {str(textile.id): 1}


def test_stock_that_ran_short_is_shown_and_blocks_checkout(client, shop):
    textile = shop.textile(stock=5)
    shop.add(textile, 4)
    textile.stock = 2
    db.session.commit()
    page = text(client.get("/cart"))
    assert "Solo quedan 2. Baja la cantidad para continuar." in page
    assert "Continuar con la compra" not in page


def test_a_signed_in_buyers_cart_is_kept_in_the_database(client, login_as, shop):
    buyer = login_as("buyer")
    textile = shop.textile()
    shop.add(textile, 2)
    assert cart_service.items_of(buyer) == {textile.id: 2}


def test_a_guest_cart_is_merged_into_the_saved_one_at_sign_in(client, shop):
    buyer = factories.user()
    textile, honey = shop.textile(stock=5), shop.honey()
    cart_service.save_items(buyer, {textile.id: 2})
    shop.add(textile, 2)
    shop.add(honey, 1)
    response = client.post("/account/sign-in", data={"email": buyer.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert cart_service.items_of(buyer) == {textile.id: 4, honey.id: 1}
    with client.session_transaction() as session:
        assert "cart" not in session
    assert "S/ 35.00" in text(client.get("/cart"))


def test_merging_never_goes_above_the_stock(app, shop):
    buyer = factories.user()
    textile = shop.textile(stock=3)
    cart_service.save_items(buyer, {textile.id: 2})
    assert cart_service.merge_into(buyer, {textile.id: 2}) == {textile.id: 3}


def test_the_product_page_form_needs_no_csrf_token_and_offers_each_variant(app, client, shop):
    """Public product pages are shared by every guest, so the form carries nothing from a session."""
    from flask import render_template_string

    textile = shop.textile(stock=4)
    other = factories.variant(textile.product, option_es="pardo", price_amount=13000, stock=0)
    with app.test_request_context("/"):
        html = render_template_string('{% from "orders/_add_to_cart.html" import add_to_cart %}{{ add_to_cart(p) }}',
                                      p=textile.product)
    assert "csrf" not in html and 'name="variant_id"' in html and "<select" in html
    assert f'value="{other.id}" disabled' in html and "(agotado)" in html
    response = client.post("/cart/add", data={"variant_id": textile.id, "quantity": 2}, csrf=False)
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session["cart"] == {str(textile.id): 2}


def test_other_cart_changes_still_need_the_csrf_token(client, shop):
    textile = shop.textile()
    shop.add(textile)
    assert client.post("/cart/update", data={"variant_id": textile.id, "quantity": 0}, csrf=False).status_code == 400


def test_the_public_product_page_adds_to_the_cart(client, shop):
    import re

    textile = shop.textile(price=12000, stock=4)
    page = text(client.get(f"/productos/{textile.product.slug}"))
    form = re.search(r'<form method="post" action="(/cart/add)"[^>]*>(.*?)</form>', page, re.S)
    assert form and "Añadir al carrito" in form.group(2)
    variant_id = re.search(r'name="variant_id" value="(\d+)"', form.group(2)).group(1)
    assert client.post(form.group(1), data={"variant_id": variant_id, "quantity": 2}).status_code == 302
    assert "S/ 240.00" in text(client.get("/cart"))
