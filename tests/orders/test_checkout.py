"""Checkout: one order per submit, priced and stocked on the server, seen only by whom it belongs to."""
import re
import threading

from marketplace.extensions import db
from marketplace.orders import checkout as checkout_service
from marketplace.orders.access import access_token
from marketplace.orders.models import FulfilmentStatus, Order, OrderEvent, OrderKind, OrderStatus, PaymentMethod
from tests import factories
from tests.orders.shop import stock_of, text, token_in


def only_order() -> Order:
    orders = db.session.scalars(db.select(Order)).all()
    assert len(orders) == 1
    return orders[0]


def test_a_guest_orders_from_two_producers_and_pays_by_transfer(client, shop, outbox):
    textile, honey = shop.textile(price=12000, stock=10), shop.honey(price=3500, stock=4)
    shop.add(textile, 2)
    shop.add(honey, 1)
    response = shop.checkout(note="Por favor, envuelvan la chalina para regalo.")
    assert response.status_code == 302
    order = only_order()
    assert re.fullmatch(r"MC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", order.reference)
    assert response.headers["Location"].startswith(f"/orders/{order.reference}?t=")
    assert (order.subtotal_amount, order.shipping_amount, order.total_amount) == (27500, 3000, 30500)
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.payment_method == PaymentMethod.TRANSFER
    assert order.kind == OrderKind.RETAIL and not order.is_sample
    assert order.note == "Por favor, envuelvan la chalina para regalo."
    assert order.district_code == "150101" and order.phone == "+51987654321"
    assert sorted(f.organisation_name for f in order.fulfilments) == ["Apicultores de Olmos", "Tejedoras de Mórrope"]
    assert all(f.status == FulfilmentStatus.AWAITING_PAYMENT for f in order.fulfilments)
    line = next(line for line in order.lines if line.variant_id == textile.id)
    assert (line.product_name, line.unit_price_amount, line.quantity) == ("Chalina de algodón nativo", 12000, 2)
    assert line.fulfilment.organisation_name == "Tejedoras de Mórrope"
    assert (stock_of(textile.id), stock_of(honey.id)) == (8, 3)
    assert [e.kind for e in order.events] == ["placed"]

    page = text(client.get(response.headers["Location"]))
    assert order.reference in page and "esperando el pago" in page
    assert "00219100000000000000" in page and "S/ 305.00" in page
    email = outbox("ana.compradora@example.pe")[-1]
    assert email.kind == "order_placed" and order.reference in email.subject
    assert f"/orders/{order.reference}?t=" in email.body and "00219100000000000000" in email.body
    with client.session_transaction() as session:
        assert not session.get("cart")


def test_prices_come_from_the_database_whatever_the_form_says(client, shop):
    textile = shop.textile(price=12000)
    shop.add(textile)
    shop.checkout(price="1", unit_price_amount="1", total="1", variant_id="1", shipping_amount="0")
    order = only_order()
    assert order.total_amount == 13500 and order.lines[0].unit_price_amount == 12000


def test_submitting_the_checkout_form_twice_places_one_order(client, shop):
    textile = shop.textile(stock=10)
    shop.add(textile, 2)
    token = token_in(client.get("/checkout").get_data(as_text=True))
    first = shop.checkout(token=token)
    second = shop.checkout(token=token)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    only_order()
    assert stock_of(textile.id) == 8


def test_the_same_token_at_the_same_moment_places_one_order(app, shop):
    textile = shop.textile(stock=10)
    token = checkout_service.new_checkout_token()
    assert shop.place({textile: 1}, token=token).id == shop.place({textile: 1}, token=token).id
    token = checkout_service.new_checkout_token()
    barrier, results = threading.Barrier(2), []

    def submit():
        with app.app_context():
            barrier.wait()
            results.append(shop.place({textile.id: 1}, token=token).reference)
            db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and len(set(results)) == 1 and stock_of(textile.id) == 8


def test_a_token_from_someone_elses_order_is_refused(client, shop):
    textile = shop.textile()
    order = shop.place({textile: 1}, email="otra@example.pe")
    shop.add(textile)
    response = shop.checkout(token=order.checkout_token)
    assert response.status_code == 400


def test_when_stock_ran_out_meanwhile_no_order_is_placed(client, shop):
    textile, honey = shop.textile(stock=3), shop.honey(stock=5)
    shop.add(honey, 2)
    shop.add(textile, 3)
    token = token_in(client.get("/checkout").get_data(as_text=True))
    shop.place({textile: 2})  # someone else buys first
    response = shop.checkout(token=token)
    assert response.status_code == 302 and response.headers["Location"] == "/cart"
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 1
    assert (stock_of(textile.id), stock_of(honey.id)) == (1, 5)  # the honey was given back
    assert "Alguien se adelantó" in text(client.get("/cart"))


def test_a_product_unpublished_before_checkout_sends_the_buyer_back_to_the_cart(client, shop):
    textile = shop.textile()
    shop.add(textile)
    token = token_in(client.get("/checkout").get_data(as_text=True))
    textile.product.status = textile.product.status.DRAFT
    db.session.commit()
    response = shop.checkout(token=token)
    assert response.headers["Location"] == "/cart"
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0


def test_an_empty_cart_has_no_checkout(client):
    assert client.get("/checkout").headers["Location"] == "/cart"


def test_a_district_outside_the_chosen_province_is_refused(client, shop):
    shop.add(shop.textile())
    response = shop.checkout(district="080101")  # Cusco, not Lima
    assert response.status_code == 422
    assert "Ese distrito no está en la provincia elegida." in text(response)


def test_an_order_abroad_pays_the_international_shipping(client, shop):
    shop.add(shop.textile(price=12000))
    response = shop.checkout(destination="abroad", country="DE", city="Berlín", postal_code="10115",
                             region=None, province=None, district=None)
    assert response.status_code == 302
    order = only_order()
    assert (order.country, order.city, order.district_code, order.shipping_amount) == ("DE", "Berlín", None, 9000)


def test_without_stripe_keys_the_card_option_is_hidden_and_refused(client, shop):
    shop.add(shop.textile())
    page = text(client.get("/checkout"))
    assert 'value="transfer"' in page and 'value="card"' not in page
    assert shop.checkout(payment_method="card").status_code == 422
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0


def test_a_signed_in_buyer_sees_the_order_in_their_history(client, login_as, shop):
    buyer = login_as("buyer", name="Rosa Mamani")
    shop.add(shop.textile())
    assert 'value="Rosa Mamani"' in text(client.get("/checkout"))
    shop.checkout(email=buyer.email)
    order = only_order()
    assert order.buyer_id == buyer.id
    assert order.reference in text(client.get("/orders/"))


def test_a_guest_order_is_seen_through_its_signed_link_and_by_no_stranger(app, client, shop):
    shop.add(shop.textile())
    shop.checkout()
    order = only_order()
    assert client.get(f"/orders/{order.reference}").status_code == 200  # the browser that placed it
    stranger = app.test_client()
    assert stranger.get(f"/orders/{order.reference}").status_code == 404
    assert stranger.get(f"/orders/{order.reference}?t=forged").status_code == 404
    assert stranger.get("/orders/MC-2345-6789").status_code == 404
    assert stranger.get(f"/orders/{order.reference}?t={access_token(order)}").status_code == 200
    other = factories.user()
    stranger.post("/account/sign-in", data={"email": other.email, "password": factories.PASSWORD})
    assert stranger.get(f"/orders/{order.reference}").status_code == 404


def test_a_buyer_cancels_an_unpaid_order_and_its_stock_returns(client, shop, outbox):
    textile = shop.textile(stock=5)
    shop.add(textile, 2)
    shop.checkout()
    order = only_order()
    assert stock_of(textile.id) == 3
    response = client.post(f"/orders/{order.reference}/cancel", data={}, follow_redirects=True)
    assert "Cancelaste el pedido" in text(response)
    db.session.expire_all()
    assert order.status == OrderStatus.CANCELLED and order.close_reason == "cancelled_by_buyer"
    assert all(f.status == FulfilmentStatus.CANCELLED for f in order.fulfilments)
    assert stock_of(textile.id) == 5
    assert outbox(order.email)[-1].kind == "order_cancelled"
    kinds = db.session.scalars(db.select(OrderEvent.kind).where(OrderEvent.order_id == order.id)).all()
    assert kinds.count("order_status") == 1 and "payment_status" in kinds
    response = client.post(f"/orders/{order.reference}/cancel", data={}, follow_redirects=True)
    assert "Este pedido ya no se puede cancelar." in text(response)
    assert stock_of(textile.id) == 5
