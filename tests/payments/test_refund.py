"""Staff cancel and refund: card payments through Stripe's refund API, stock returned, ledger reversed."""
from marketplace import audit
from marketplace.extensions import db
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.orders.models import FulfilmentStatus, Order, OrderStatus
from marketplace.payments.models import PaymentStatus, Refund
from tests.orders.shop import stock_of, text
from tests.payments.fake_stripe import post_webhook


def paid_by_card(client, shop, fake, textile, honey):
    shop.add(textile, 2)
    shop.add(honey, 1)
    shop.checkout(payment_method="card")
    order = db.session.scalar(db.select(Order))
    session_id = fake.session_for(order.reference)["id"]
    fake.pay(session_id)
    post_webhook(client, fake.session_event("checkout.session.completed", session_id))
    db.session.expire_all()
    return db.session.get(Order, order.id), session_id


def test_staff_refund_a_card_order_through_stripe(client, login_as, shop, card_payments, outbox):
    textile, honey = shop.textile(stock=5), shop.honey(stock=5)
    order, session_id = paid_by_card(client, shop, card_payments, textile, honey)
    assert (stock_of(textile.id), stock_of(honey.id)) == (3, 4)
    staff = login_as("staff")
    response = client.post(f"/staff/orders/{order.reference}/refund", data={"reason": "La compradora se arrepintió"})
    assert response.status_code == 302
    assert card_payments.refunds[0]["amount"] == order.total_amount
    assert card_payments.refunds[0]["payment_intent"] == order.payment.stripe_payment_intent_id
    assert ("POST", "/v1/refunds", f"mc-refund-{order.reference}") in card_payments.requests
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == OrderStatus.REFUNDED and order.payment.status == PaymentStatus.REFUNDED
    assert all(f.status == FulfilmentStatus.CANCELLED for f in order.fulfilments)
    assert (stock_of(textile.id), stock_of(honey.id)) == (5, 5)
    assert sum(e.net_amount for e in db.session.scalars(db.select(LedgerEntry))) == 0
    refund = db.session.scalar(db.select(Refund))
    assert refund.stripe_refund_id == card_payments.refunds[0]["id"] and refund.created_by_id == staff.id
    assert audit.history(order)[-1].action == "order.refunded"
    assert outbox(order.email)[-1].kind == "order_refunded"
    # Stripe then reports the refund: nothing changes a second time.
    assert post_webhook(client, card_payments.charge_refunded_event(session_id)).json["outcome"] == "already_refunded"
    assert (stock_of(textile.id), stock_of(honey.id)) == (5, 5)


def test_goods_already_shipped_do_not_return_to_stock(client, login_as, shop, card_payments):
    textile, honey = shop.textile(stock=5), shop.honey(stock=5)
    order, _ = paid_by_card(client, shop, card_payments, textile, honey)
    from marketplace.orders import fulfilment as fulfilments
    from marketplace.orders.models import Courier

    textile_parcel = next(f for f in order.fulfilments if f.organisation_name == "Tejedoras de Mórrope")
    fulfilments.mark_shipped(textile_parcel, by=None, courier=Courier.SERPOST, tracking_number="RR123PE")
    login_as("staff")
    client.post(f"/staff/orders/{order.reference}/refund", data={"reason": "Pedido perdido"})
    db.session.expire_all()
    assert (stock_of(textile.id), stock_of(honey.id)) == (3, 5)
    statuses = {f.organisation_name: f.status for f in db.session.get(Order, order.id).fulfilments}
    assert statuses == {"Tejedoras de Mórrope": FulfilmentStatus.SHIPPED, "Apicultores de Olmos": FulfilmentStatus.CANCELLED}


def test_when_stripe_refuses_the_refund_nothing_changes(client, login_as, shop, card_payments):
    textile, honey = shop.textile(stock=5), shop.honey(stock=5)
    order, _ = paid_by_card(client, shop, card_payments, textile, honey)
    card_payments.unreachable = True
    login_as("staff")
    response = client.post(f"/staff/orders/{order.reference}/refund", data={"reason": "x"}, follow_redirects=True)
    assert "Stripe no aceptó el reembolso" in text(response)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.PAID and stock_of(textile.id) == 3
    assert db.session.scalar(db.select(db.func.count(Refund.id))) == 0


def test_a_transfer_is_refunded_by_hand_with_its_bank_reference(client, login_as, shop):
    textile = shop.textile(stock=5)
    order = shop.paid({textile: 2})
    login_as("staff")
    client.post(f"/staff/orders/{order.reference}/refund", data={"reason": "Sin stock real", "bank_reference": "DEV-77"})
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.REFUNDED and stock_of(textile.id) == 5
    assert db.session.scalar(db.select(Refund.bank_reference)) == "DEV-77"
    kinds = {e.kind for e in db.session.scalars(db.select(LedgerEntry))}
    assert kinds == {EntryKind.SALE, EntryKind.REFUND}


def test_an_unpaid_order_is_cancelled_not_refunded(client, login_as, shop):
    textile = shop.textile(stock=5)
    order = shop.place({textile: 2})
    login_as("staff")
    response = client.post(f"/staff/orders/{order.reference}/refund", data={"reason": "x"}, follow_redirects=True)
    assert "Solo un pedido pagado se puede reembolsar." in text(response)
    response = client.post(f"/staff/orders/{order.reference}/cancel", data={"reason": "Pedido de prueba"})
    assert response.status_code == 302
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == OrderStatus.CANCELLED and order.close_reason == "cancelled_by_staff"
    assert stock_of(textile.id) == 5
    assert audit.history(order)[-1].action == "order.cancelled" and audit.history(order)[-1].reason == "Pedido de prueba"


def test_cancelling_an_unpaid_card_order_closes_its_checkout_session(client, login_as, shop, card_payments):
    textile = shop.textile(stock=5)
    shop.add(textile, 1)
    shop.checkout(payment_method="card")
    order = db.session.scalar(db.select(Order))
    session_id = card_payments.session_for(order.reference)["id"]
    login_as("staff")
    client.post(f"/staff/orders/{order.reference}/cancel", data={"reason": "Duplicado"})
    assert card_payments.sessions[session_id]["status"] == "expired"
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.CANCELLED and stock_of(textile.id) == 5


def test_an_order_paid_at_stripe_meanwhile_is_not_cancelled(client, shop, card_payments):
    textile = shop.textile(stock=5)
    shop.add(textile, 1)
    shop.checkout(payment_method="card")
    order = db.session.scalar(db.select(Order))
    card_payments.pay(card_payments.session_for(order.reference)["id"])
    response = client.post(f"/orders/{order.reference}/cancel", data={}, follow_redirects=True)
    assert "ya está pagado" in text(response)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.PAID


def test_refunds_are_for_staff_only(client, login_as, shop):
    order = shop.paid({shop.textile(): 1})
    login_as("producer")
    assert client.post(f"/staff/orders/{order.reference}/refund", data={"reason": "x"}).status_code == 403
