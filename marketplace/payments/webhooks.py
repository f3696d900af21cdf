"""Stripe webhooks: verified by signature, each event processed once.

An event is only a nudge: for Checkout events the session is fetched again from Stripe and
applied by `card.apply_session_state`, so a stale or out-of-order event cannot move an order
to a wrong state. The event id is stored in the same transaction as its effect; a replay, or
the same event delivered twice at once, finds it there (or hits its primary key) and changes
nothing.
"""
from __future__ import annotations

import logging

import stripe
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..orders import lifecycle
from ..transactions import committing
from . import card
from .gateway import UnknownCheckoutSession, gateway
from .models import Payment, PaymentStatus, Refund, StripeEvent

log = logging.getLogger(__name__)

CHECKOUT_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}
REFUND_EVENTS = {"charge.refunded"}


class InvalidWebhook(Exception):
    """The payload is not a Stripe event signed with our secret (or it is too old)."""


def verify(payload: bytes, signature: str | None) -> stripe.Event:
    """The event, if Stripe signed it with our webhook secret within the tolerance. Raises InvalidWebhook."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise InvalidWebhook("no STRIPE_WEBHOOK_SECRET")
    try:
        return stripe.Webhook.construct_event(
            payload, signature, secret, tolerance=current_app.config["STRIPE_WEBHOOK_TOLERANCE"]
        )
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise InvalidWebhook(str(exc)) from exc


def _already_processed(event_id: str) -> bool:
    return db.session.get(StripeEvent, event_id) is not None


def _apply_refunded_charge(charge: dict) -> str:
    intent = charge.get("payment_intent")
    order_id = db.session.scalar(db.select(Payment.order_id).where(Payment.stripe_payment_intent_id == intent))
    if not intent or order_id is None:
        return "unknown_order"
    order = lifecycle.lock_order(order_id)
    payment = next(p for p in order.payments if p.stripe_payment_intent_id == intent)
    if payment.status == PaymentStatus.REFUNDED:
        return "already_refunded"
    if payment.status != PaymentStatus.PAID or not order.is_paid:
        return "unchanged"
    refunded, currency = charge.get("amount_refunded"), (charge.get("currency") or "").upper()
    if refunded != order.total_amount or currency != order.currency:
        card.flag_payment(payment, "partial_refund", refunded=f"{refunded} {currency}")
        return "flagged"
    refund_ids = [r.get("id") for r in (charge.get("refunds") or {}).get("data", [])]
    known = {r.stripe_refund_id for r in payment.refunds}
    db.session.add(Refund(payment=payment, amount=refunded, currency=order.currency,
                          stripe_refund_id=next((r for r in refund_ids if r and r not in known), None),
                          reason="refunded in Stripe"))
    card.move_payment(payment, PaymentStatus.REFUNDED, source="webhook:charge.refunded")
    lifecycle.close_refunded(order, reason="refunded in Stripe")
    return "refunded"


def _apply(event_type: str, obj: dict) -> str:
    if event_type in CHECKOUT_EVENTS:
        try:
            state = gateway().retrieve_checkout_session(obj["id"])
        except UnknownCheckoutSession:
            # Not a session of this account: asking again will not help, so Stripe is told it
            # arrived (no retries for days) and the log says what it was.
            log.warning("Stripe event for a Checkout Session Stripe does not know: %s", obj.get("id"))
            return "unknown_session"
        _, outcome = card.apply_session_state(state, source=f"webhook:{event_type}")
        return outcome
    if event_type in REFUND_EVENTS:
        return _apply_refunded_charge(obj)
    return "ignored"


def process_event(event_id: str, event_type: str, obj: dict) -> str:
    """Apply one verified event, once. Returns what it did ("duplicate" for a replay).

    Raises PaymentUnavailable when Stripe cannot be reached: nothing is stored, and Stripe
    delivers the event again later.
    """
    if _already_processed(event_id):
        return "duplicate"
    try:
        with committing():
            outcome = _apply(event_type, obj)
            db.session.add(StripeEvent(id=event_id, type=event_type, outcome=outcome))
    except IntegrityError:
        if not _already_processed(event_id):
            raise
        # The same event, delivered twice at the same moment: the other delivery applied it.
        return "duplicate"
    log.info("Stripe event %s (%s): %s", event_id, event_type, outcome)
    return outcome


def handle_webhook(payload: bytes, signature: str | None) -> str:
    """Verify a webhook request and process its event. Raises InvalidWebhook, PaymentUnavailable."""
    event = verify(payload, signature)
    obj = event.data.object
    return process_event(event.id, event.type, obj.to_dict() if isinstance(obj, stripe.StripeObject) else obj)
