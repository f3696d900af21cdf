"""Paying: by card through Stripe Checkout (confirmed on the server), or by transfer confirmed by staff."""
import threading

from marketplace import audit
from marketplace.extensions import db
from marketplace.ledger.models import LedgerEntry
from marketplace.orders.access import access_token
from marketplace.orders.models import FulfilmentStatus, Order, OrderStatus, PaymentMethod
from marketplace.payments import card
from marketplace.payments.models import PaymentStatus
from tests import factories
from tests.orders.shop import text


def card_order(client, shop, fake, *quantities):
    """A guest checks out by card; returns the order and the Checkout Session Stripe made."""
    textile, honey = shop.textile(price=12000), shop.honey(price=3500)
    shop.add(textile, quantities[0] if quantities else 1, client=client)
    shop.add(honey, quantities[1] if len(quantities) > 1 else 2, client=client)
    response = shop.checkout(client=client, payment_method="card")
    order = db.session.scalar(db.select(Order).order_by(Order.id.desc()))
    session = fake.session_for(order.reference)
    assert response.status_code == 303 and response.headers["Location"] == session["url"]
    return order, session


def test_checkout_by_card_opens_a_stripe_session_for_the_whole_order(client, shop, card_payments):
    order, session = card_order(client, shop, card_payments)
    assert session["amount_total"] == order.total_amount == 12000 + 7000 + 3000
    assert session["currency"] == "pen" and session["client_reference_id"] == order.reference
    assert session["metadata"] == {"order_reference": order.reference}
    assert session["expires_at"] == int(order.payment_due_at.timestamp())
    assert session["success_url"].startswith(f"http://localhost/orders/{order.reference}/card-return?t=")
    creates = [r for r in card_payments.requests if r[1] == "/v1/checkout/sessions"]
    assert creates == [("POST", "/v1/checkout/sessions", f"mc-checkout-{order.reference}")]
    assert order.payment.stripe_session_id == session["id"]
    assert order.status == OrderStatus.AWAITING_PAYMENT


def test_the_card_option_shows_and_the_checkout_page_may_lead_to_stripe(client, shop, card_payments):
    shop.add(shop.textile())
    response = client.get("/checkout")
    assert 'value="card"' in text(response)
    assert card_payments.url in response.headers["Content-Security-Policy"]


def test_the_return_page_asks_stripe_and_shows_paid_at_once(client, shop, card_payments, outbox):
    order, session = card_order(client, shop, card_payments)
    return_path = f"/orders/{order.reference}/card-return?t={access_token(order)}"
    client.get(return_path)  # back without paying: nothing changes
    db.session.expire_all()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    card_payments.pay(session["id"])
    page = text(client.get(return_path, follow_redirects=True))
    assert "pagado" in page and order.reference in page
    db.session.expire_all()
    assert order.status == OrderStatus.PAID and order.payment.status == PaymentStatus.PAID
    assert order.payment.stripe_payment_intent_id == card_payments.sessions[session["id"]]["payment_intent"]
    assert all(f.status == FulfilmentStatus.TO_PACK for f in order.fulfilments)
    assert [e.kind for e in outbox(order.email)] == ["order_placed", "order_paid"]


def test_nothing_the_browser_sends_marks_an_order_paid(app, client, shop, card_payments):
    order, session = card_order(client, shop, card_payments)
    other, other_session = card_order(app.test_client(), shop, card_payments)
    card_payments.pay(other_session["id"])
    client.get(f"/orders/{order.reference}/card-return?t={access_token(order)}&session_id={other_session['id']}"
               "&payment_status=paid&status=complete")
    db.session.expire_all()
    assert order.status == OrderStatus.AWAITING_PAYMENT


def test_confirming_twice_changes_nothing_the_second_time(client, shop, card_payments, outbox):
    order, session = card_order(client, shop, card_payments)
    card_payments.pay(session["id"])
    assert card.confirm_checkout_session(session["id"], source="test")[1] == "paid"
    assert card.confirm_checkout_session(session["id"], source="test")[1] == "already_paid"
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id))) == 2
    assert [e.kind for e in outbox(order.email)] == ["order_placed", "order_paid"]


def test_confirming_twice_at_the_same_moment_pays_once(app, client, shop, card_payments):
    order, session = card_order(client, shop, card_payments)
    card_payments.pay(session["id"])
    outcomes, barrier = [], threading.Barrier(2)

    def confirm():
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(card.confirm_checkout_session(session["id"], source="race")[1])
            except Exception as exc:  # recorded, so the assertion below shows it
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_paid", "paid"]
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id))) == 2


def test_paying_again_from_the_order_page_reuses_the_same_session(client, shop, card_payments):
    order, session = card_order(client, shop, card_payments)
    response = client.post(f"/orders/{order.reference}/pay?t={access_token(order)}", data={})
    assert response.status_code == 303 and response.headers["Location"] == session["url"]
    assert len(card_payments.sessions) == 1


def test_when_stripe_cannot_be_reached_the_order_waits_and_the_buyer_can_retry(client, shop, card_payments):
    card_payments.unreachable = True
    shop.add(shop.textile())
    response = shop.checkout(payment_method="card")
    order = db.session.scalar(db.select(Order))
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/orders/{order.reference}")
    page = text(client.get(response.headers["Location"]))
    assert "No pudimos abrir el pago con tarjeta" in page and "Pagar con tarjeta" in page
    card_payments.unreachable = False
    retry = client.post(f"/orders/{order.reference}/pay?t={access_token(order)}", data={})
    assert retry.status_code == 303 and retry.headers["Location"] == card_payments.session_for(order.reference)["url"]


def test_staff_confirm_a_transfer_against_its_reference(client, login_as, shop, outbox):
    producer = factories.user()
    textile = shop.textile(org=factories.organisation(owner=producer, name="Tejedoras de Mórrope"))
    order = shop.place({textile: 2}, method=PaymentMethod.TRANSFER)
    staff = login_as("staff")
    page = f"/staff/orders/{order.reference}"
    assert order.reference in text(client.get(page))
    wrong = client.post(f"{page}/confirm-transfer", data={"amount": "200.00", "bank_reference": "OP-123"})
    assert wrong.status_code == 422 and "Llegó S/ 200.00 pero el pedido es de S/ 255.00" in text(wrong)
    db.session.expire_all()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    response = client.post(f"{page}/confirm-transfer", data={"amount": "255,00", "bank_reference": "OP-123456"})
    assert response.status_code == 302
    db.session.expire_all()
    assert order.status == OrderStatus.PAID and order.payment.bank_reference == "OP-123456"
    assert order.payment.confirmed_by_id == staff.id
    assert [e.action for e in audit.history(order)] == ["order.transfer_confirmed"]
    assert outbox(order.email)[-1].kind == "order_paid"
    assert outbox(producer.email)[-1].kind == "order_new_fulfilment"
    again = client.post(f"{page}/confirm-transfer", data={"amount": "255.00", "bank_reference": "OP-1"},
                        follow_redirects=True)
    assert "no está esperando una transferencia" in text(again)


def test_only_staff_see_and_confirm_orders(client, login_as, shop):
    order = shop.place({shop.textile(): 1})
    login_as("buyer")
    assert client.get("/staff/orders/").status_code == 403
    assert client.post(f"/staff/orders/{order.reference}/confirm-transfer",
                       data={"amount": "135", "bank_reference": "x"}).status_code == 403
