"""Unpaid orders hold their stock until their payment window ends, then are cancelled."""
from datetime import timedelta

from marketplace.clock import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderEvent, OrderStatus, PaymentMethod
from marketplace.payments.expiry import expire_unpaid_orders
from marketplace.payments.models import PaymentStatus
from tests.orders.shop import stock_of
from tests.payments.fake_stripe import post_webhook


def status_of(order) -> OrderStatus:
    db.session.expire_all()
    return db.session.get(Order, order.id).status


def test_a_transfer_order_holds_its_stock_for_48_hours(app, shop, outbox):
    textile = shop.textile(stock=5)
    order = shop.place({textile: 2})
    assert order.payment_due_at - order.placed_at == timedelta(hours=48)
    assert expire_unpaid_orders(utcnow() + timedelta(hours=47)).expired == []
    assert stock_of(textile.id) == 3
    report = expire_unpaid_orders(utcnow() + timedelta(hours=49))
    assert report.expired == [order.reference]
    assert status_of(order) == OrderStatus.CANCELLED and stock_of(textile.id) == 5
    assert outbox(order.email)[-1].kind == "order_cancelled" and "venció el plazo" in outbox(order.email)[-1].body


def test_the_window_is_a_setting(app, shop):
    app.config["TRANSFER_PAYMENT_WINDOW_HOURS"] = 24
    order = shop.place({shop.textile(): 1})
    assert order.payment_due_at - order.placed_at == timedelta(hours=24)


def test_running_twice_cancels_once_and_returns_the_stock_once(app, shop):
    textile = shop.textile(stock=5)
    order = shop.place({textile: 2})
    later = utcnow() + timedelta(days=3)
    assert expire_unpaid_orders(later).expired == [order.reference]
    assert expire_unpaid_orders(later).expired == []
    assert stock_of(textile.id) == 5
    events = db.session.scalars(db.select(OrderEvent).where(OrderEvent.kind == "order_status")).all()
    assert len(events) == 1


def test_paid_orders_are_never_expired(app, shop):
    textile = shop.textile(stock=5)
    order = shop.paid({textile: 1})
    expire_unpaid_orders(utcnow() + timedelta(days=3))
    assert status_of(order) == OrderStatus.PAID and stock_of(textile.id) == 4


def test_the_command_runs_from_cron(app, runner, shop):
    order = shop.place({shop.textile(): 1})
    order.payment_due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["orders", "expire"])
    assert result.exit_code == 0 and "expired 1" in result.output and order.reference in result.output
    assert status_of(order) == OrderStatus.CANCELLED


def test_each_staff_visit_also_expires_overdue_orders(client, login_as, shop):
    order = shop.place({shop.textile(): 1})
    order.payment_due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    login_as("staff")
    assert client.get("/staff/orders/").status_code == 200
    assert status_of(order) == OrderStatus.CANCELLED


def card_order(shop, fake, textile):
    order = shop.place({textile: 2}, method=PaymentMethod.CARD)
    from marketplace.payments.card import start_card_payment

    start_card_payment(order, success_url="http://localhost/ok", cancel_url="http://localhost/back")
    db.session.expire_all()
    return db.session.get(Order, order.id), fake.session_for(order.reference)["id"]


def test_a_card_order_follows_its_checkout_session_and_is_closed_at_stripe(app, shop, card_payments):
    textile = shop.textile(stock=5)
    order, session_id = card_order(shop, card_payments, textile)
    assert int(order.payment_due_at.timestamp()) == card_payments.sessions[session_id]["expires_at"]
    assert expire_unpaid_orders(order.payment_due_at + timedelta(seconds=1)).expired == [order.reference]
    assert card_payments.sessions[session_id]["status"] == "expired"  # nobody can pay it any more
    assert status_of(order) == OrderStatus.CANCELLED and stock_of(textile.id) == 5


def test_a_card_order_paid_just_before_its_window_ended_is_kept(app, shop, card_payments):
    textile = shop.textile(stock=5)
    order, session_id = card_order(shop, card_payments, textile)
    card_payments.pay(session_id)  # the webhook has not arrived yet
    report = expire_unpaid_orders(order.payment_due_at + timedelta(seconds=1))
    assert report.kept == [order.reference]
    assert status_of(order) == OrderStatus.PAID and stock_of(textile.id) == 3


def test_a_delayed_card_payment_keeps_its_stock_until_it_settles(app, client, shop, card_payments):
    textile = shop.textile(stock=5)
    order, session_id = card_order(shop, card_payments, textile)
    card_payments.pay_later(session_id)
    post_webhook(client, card_payments.session_event("checkout.session.completed", session_id))
    assert expire_unpaid_orders(order.payment_due_at + timedelta(hours=1)).kept == [order.reference]
    assert status_of(order) == OrderStatus.AWAITING_PAYMENT and stock_of(textile.id) == 3


def test_when_stripe_cannot_be_reached_the_order_waits_for_the_next_run(app, shop, card_payments):
    textile = shop.textile(stock=5)
    order, session_id = card_order(shop, card_payments, textile)
    card_payments.unreachable = True
    assert expire_unpaid_orders(order.payment_due_at + timedelta(seconds=1)).failed == [order.reference]
    assert status_of(order) == OrderStatus.AWAITING_PAYMENT
    card_payments.unreachable = False
    assert expire_unpaid_orders(order.payment_due_at + timedelta(seconds=1)).expired == [order.reference]


def test_a_flagged_payment_is_left_for_staff(app, client, shop, card_payments):
    textile = shop.textile(stock=5)
    order, session_id = card_order(shop, card_payments, textile)
    card_payments.pay(session_id)
    card_payments.tamper(session_id, amount_total=1)
    post_webhook(client, card_payments.session_event("checkout.session.completed", session_id))
    assert expire_unpaid_orders(order.payment_due_at + timedelta(days=1)).kept == [order.reference]
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.payment.status == PaymentStatus.FLAGGED
