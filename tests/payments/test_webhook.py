"""Stripe webhooks: verified, processed once, matched to the order, and order-independent."""
import threading
import time

from marketplace.extensions import db
from marketplace.ledger.models import LedgerEntry
from marketplace.orders.models import FulfilmentStatus, Order, OrderStatus, PaymentMethod
from marketplace.payments.models import PaymentStatus, StripeEvent
from marketplace.payments.webhooks import process_event
from tests.orders.shop import stock_of, text
from tests.payments.fake_stripe import FakeStripe, post_webhook


def unpaid_card_order(client, shop, fake, stock=5):
    """A card order whose Checkout Session is open; returns (order, session id, textile)."""
    textile = shop.textile(price=12000, stock=stock)
    shop.add(textile, 2)
    shop.checkout(payment_method="card")
    order = db.session.scalar(db.select(Order))
    return order, fake.session_for(order.reference)["id"], textile


def refreshed(order):
    db.session.expire_all()
    return db.session.get(Order, order.id)


def counts():
    return (db.session.scalar(db.select(db.func.count(LedgerEntry.id))),
            db.session.scalar(db.select(db.func.count(StripeEvent.id))))


def test_checkout_completed_marks_the_order_paid(client, shop, card_payments, outbox):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    response = post_webhook(client, card_payments.session_event("checkout.session.completed", session_id))
    assert response.status_code == 200 and response.json["outcome"] == "paid"
    order = refreshed(order)
    assert order.status == OrderStatus.PAID and order.fulfilments[0].status == FulfilmentStatus.TO_PACK
    assert outbox(order.email)[-1].kind == "order_paid"


def test_a_bad_signature_is_refused_and_changes_nothing(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    payload = card_payments.session_event("checkout.session.completed", session_id)
    for signature in ("", "t=1,v1=deadbeef", FakeStripe.sign(payload, secret="whsec_someone_else"),
                      FakeStripe.sign(payload + " ")):
        assert post_webhook(client, payload, signature=signature).status_code == 400
    assert client.post("/payments/stripe/webhook", data=payload, content_type="application/json").status_code == 400
    assert refreshed(order).status == OrderStatus.AWAITING_PAYMENT and counts() == (0, 0)


def test_an_old_timestamp_is_refused(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    payload = card_payments.session_event("checkout.session.completed", session_id)
    old = FakeStripe.sign(payload, timestamp=int(time.time()) - 3600)
    assert post_webhook(client, payload, signature=old).status_code == 400
    assert refreshed(order).status == OrderStatus.AWAITING_PAYMENT


def test_without_a_webhook_secret_no_event_is_accepted(client, shop, card_payments, app):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    app.config["STRIPE_WEBHOOK_SECRET"] = None
    card_payments.pay(session_id)
    assert post_webhook(client, card_payments.session_event("checkout.session.completed", session_id)).status_code == 400


def test_a_replayed_event_changes_nothing(client, shop, card_payments, outbox):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    payload = card_payments.session_event("checkout.session.completed", session_id, event_id="evt_once")
    assert post_webhook(client, payload).json["outcome"] == "paid"
    assert post_webhook(client, payload).json["outcome"] == "duplicate"
    again = card_payments.session_event("checkout.session.completed", session_id)  # Stripe's own retry, new id
    assert post_webhook(client, again).json["outcome"] == "already_paid"
    assert counts() == (1, 2)
    assert [e.kind for e in outbox(order.email)] == ["order_placed", "order_paid"]


def test_the_same_event_delivered_twice_at_the_same_moment_is_processed_once(app, client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    obj = card_payments.sessions[session_id]
    outcomes, barrier = [], threading.Barrier(2)

    def deliver():
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(process_event("evt_twice", "checkout.session.completed", dict(obj)))
            except Exception as exc:  # recorded, so the assertion below shows it
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate", "paid"]
    assert counts() == (1, 1)


def test_an_event_for_an_unknown_order_changes_nothing(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    stranger = card_payments._create_session({"line_items": [], "client_reference_id": "MC-ZZZZ-ZZZZ"})
    card_payments.pay(stranger["id"])
    response = post_webhook(client, card_payments.session_event("checkout.session.completed", stranger["id"]))
    assert response.status_code == 200 and response.json["outcome"] == "unknown_order"
    assert refreshed(order).status == OrderStatus.AWAITING_PAYMENT and counts() == (0, 1)


def test_an_amount_that_does_not_match_is_not_accepted_and_is_flagged(client, login_as, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    card_payments.tamper(session_id, amount_total=100)
    response = post_webhook(client, card_payments.session_event("checkout.session.completed", session_id))
    assert response.json["outcome"] == "flagged"
    order = refreshed(order)
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.payment.status == PaymentStatus.FLAGGED
    assert order.payment.flag_reason == "amount_mismatch" and counts()[0] == 0
    login_as("staff")
    assert order.reference in text(client.get("/staff/orders/?flagged=1"))


def test_a_currency_that_does_not_match_is_flagged(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    card_payments.tamper(session_id, currency="usd")
    assert post_webhook(client, card_payments.session_event("checkout.session.completed", session_id)).json["outcome"] == "flagged"


def test_a_delayed_payment_settles_whichever_event_comes_first(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay_later(session_id)
    completed = card_payments.session_event("checkout.session.completed", session_id)
    assert post_webhook(client, completed).json["outcome"] == "processing"
    assert refreshed(order).payment.status == PaymentStatus.PROCESSING
    card_payments.settle(session_id)
    succeeded = card_payments.session_event("checkout.session.async_payment_succeeded", session_id)
    assert post_webhook(client, succeeded).json["outcome"] == "paid"
    assert refreshed(order).status == OrderStatus.PAID


def test_events_arriving_out_of_order_end_in_the_right_state(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay_later(session_id)
    late_completed = card_payments.session_event("checkout.session.completed", session_id)  # made first…
    card_payments.settle(session_id)
    succeeded = card_payments.session_event("checkout.session.async_payment_succeeded", session_id)
    assert post_webhook(client, succeeded).json["outcome"] == "paid"
    assert post_webhook(client, late_completed).json["outcome"] == "already_paid"  # …delivered last
    expired = card_payments.event("checkout.session.expired", {**card_payments.sessions[session_id], "status": "expired"})
    assert post_webhook(client, expired).json["outcome"] == "already_paid"
    assert refreshed(order).status == OrderStatus.PAID and counts() == (1, 3)


def test_a_failed_delayed_payment_cancels_the_order_and_releases_its_stock(client, shop, card_payments, outbox):
    order, session_id, textile = unpaid_card_order(client, shop, card_payments, stock=5)
    card_payments.fail(session_id)
    response = post_webhook(client, card_payments.session_event("checkout.session.async_payment_failed", session_id))
    assert response.json["outcome"] == "failed"
    order = refreshed(order)
    assert order.status == OrderStatus.CANCELLED and order.close_reason == "payment_failed"
    assert stock_of(textile.id) == 5 and outbox(order.email)[-1].kind == "order_cancelled"


def test_an_expired_session_cancels_the_unpaid_order(client, shop, card_payments):
    order, session_id, textile = unpaid_card_order(client, shop, card_payments, stock=5)
    card_payments.expire(session_id)
    assert post_webhook(client, card_payments.session_event("checkout.session.expired", session_id)).json["outcome"] == "expired"
    assert refreshed(order).status == OrderStatus.CANCELLED and stock_of(textile.id) == 5


def test_a_refund_made_in_stripe_refunds_the_order(client, shop, card_payments):
    order, session_id, textile = unpaid_card_order(client, shop, card_payments, stock=5)
    card_payments.pay(session_id)
    post_webhook(client, card_payments.session_event("checkout.session.completed", session_id))
    refund = card_payments.charge_refunded_event(session_id, event_id="evt_refund")
    assert post_webhook(client, refund).json["outcome"] == "refunded"
    assert post_webhook(client, refund).json["outcome"] == "duplicate"
    again = card_payments.charge_refunded_event(session_id)
    assert post_webhook(client, again).json["outcome"] == "already_refunded"
    order = refreshed(order)
    assert order.status == OrderStatus.REFUNDED and stock_of(textile.id) == 5
    assert sum(e.net_amount for e in db.session.scalars(db.select(LedgerEntry))) == 0


def test_a_partial_refund_in_stripe_is_flagged_for_staff(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.pay(session_id)
    post_webhook(client, card_payments.session_event("checkout.session.completed", session_id))
    response = post_webhook(client, card_payments.charge_refunded_event(session_id, amount=1000))
    assert response.json["outcome"] == "flagged"
    order = refreshed(order)
    assert order.status == OrderStatus.PAID and order.payment.flag_reason == "partial_refund"


def test_other_event_types_are_acknowledged_and_ignored(client, card_payments):
    payload = card_payments.event("customer.created", {"id": "cus_1", "object": "customer"})
    assert post_webhook(client, payload).json["outcome"] == "ignored"


def test_a_transfer_order_is_never_paid_by_a_card_event(client, shop, card_payments):
    order = shop.place({shop.textile(): 1}, method=PaymentMethod.TRANSFER)
    stranger = card_payments._create_session({"line_items": [], "client_reference_id": order.reference})
    card_payments.pay(stranger["id"])
    post_webhook(client, card_payments.session_event("checkout.session.completed", stranger["id"]))
    assert refreshed(order).status == OrderStatus.AWAITING_PAYMENT


def test_an_event_for_a_session_stripe_does_not_know_is_acknowledged_and_logged(client, card_payments, caplog):
    """Stripe retries an unacknowledged event for days: one it cannot explain is taken, logged, stored."""
    payload = card_payments.event("checkout.session.completed", {"id": "cs_test_not_ours", "object": "checkout.session"})
    response = post_webhook(client, payload)
    assert response.status_code == 200 and response.json["outcome"] == "unknown_session"
    assert "cs_test_not_ours" in caplog.text
    assert db.session.scalar(db.select(StripeEvent.outcome)) == "unknown_session"
    assert post_webhook(client, payload).json["outcome"] == "duplicate"


def test_when_stripe_is_down_the_event_is_asked_for_again(client, shop, card_payments):
    order, session_id, _ = unpaid_card_order(client, shop, card_payments)
    card_payments.unreachable = True
    response = post_webhook(client, card_payments.session_event("checkout.session.completed", session_id))
    assert response.status_code == 503 and counts() == (0, 0)
