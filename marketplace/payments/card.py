"""Card payments through Stripe Checkout.

As Stripe's fulfilment guide advises, one function, `confirm_checkout_session`, decides what a
Checkout Session means for its order: it asks Stripe for the session's current state on the
server and applies it. The webhook and the buyer's return page both call it; it is safe to run
twice, or twice at the same moment (the order row is locked and a paid order stays paid), and
events arriving out of order end in the same state, because each reads Stripe's latest word.
Nothing the browser sends marks an order paid.
"""
from __future__ import annotations

import logging

from ..clock import utcnow
from ..extensions import db
from ..orders import lifecycle
from ..orders.models import Order, OrderStatus
from ..status import check_transition
from ..transactions import committing
from .gateway import PaymentUnavailable, SessionState, gateway
from .models import PAYMENT_TRANSITIONS, Payment, PaymentStatus

log = logging.getLogger(__name__)


class CardPaymentError(Exception):
    pass


class NotPayable(CardPaymentError):
    """The order is not waiting for a card payment."""


__all__ = ["PaymentUnavailable", "start_card_payment", "confirm_checkout_session", "apply_session_state"]


def move_payment(payment: Payment, target: PaymentStatus, *, by=None, **details) -> None:
    """The one place a payment changes status; writes an OrderEvent. Raises IllegalTransition."""
    check_transition(PAYMENT_TRANSITIONS, payment.status, target)
    previous, payment.status = payment.status, target
    lifecycle.record_event(payment.order, "payment_status", actor=by, from_status=previous, to_status=target,
                           method=payment.method, **details)


def flag_payment(payment: Payment, reason: str, **details) -> None:
    """Money that does not match its order is not accepted; staff see the flag and decide."""
    log.warning("payment %s of %s flagged: %s %s", payment.id, payment.order.reference, reason, details)
    if payment.flag_reason is None:
        payment.flag_reason = reason
        lifecycle.record_event(payment.order, "payment_flagged", reason=reason, **details)
    if PaymentStatus.FLAGGED in PAYMENT_TRANSITIONS[payment.status]:
        move_payment(payment, PaymentStatus.FLAGGED, reason=reason)


def start_card_payment(order: Order, *, success_url: str, cancel_url: str) -> str:
    """Open (or reopen) the Stripe Checkout page for an unpaid card order; returns its URL.

    Raises NotPayable, PaymentUnavailable (Stripe unreachable: the order waits, the buyer may retry).
    """
    payment = order.payment
    if not order.is_awaiting_payment or not order.pays_by_card or payment is None \
            or payment.status != PaymentStatus.PENDING:
        raise NotPayable(order.reference)
    if payment.stripe_session_url:
        return payment.stripe_session_url
    session = gateway().create_checkout_session(order, success_url=success_url, cancel_url=cancel_url)
    with committing():
        order = lifecycle.lock_order(order.id)
        payment = order.payment
        if payment.stripe_session_id is None:
            payment.stripe_session_id = session.id
            payment.stripe_session_url = session.url
            if session.expires_at:
                order.payment_due_at = session.expires_at
            lifecycle.record_event(order, "card_checkout_started", session=session.id)
    return payment.stripe_session_url


def _locked_payment(session_id: str) -> Payment | None:
    order_id = db.session.scalar(db.select(Payment.order_id).where(Payment.stripe_session_id == session_id))
    if order_id is None:
        return None
    lifecycle.lock_order(order_id)
    return db.session.scalar(
        db.select(Payment).where(Payment.stripe_session_id == session_id).execution_options(populate_existing=True)
    )


def _mismatch(state: SessionState, order: Order) -> dict | None:
    if state.reference != order.reference:
        return {"reason": "reference_mismatch", "got": state.reference}
    if state.amount_total != order.total_amount or (state.currency or "") != order.currency:
        return {"reason": "amount_mismatch", "got": f"{state.amount_total} {state.currency}",
                "expected": f"{order.total_amount} {order.currency}"}
    return None


def _apply_paid(state: SessionState, payment: Payment, source: str) -> str:
    order = payment.order
    if payment.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
        return "already_paid"
    mismatch = _mismatch(state, order)
    if mismatch:
        flag_payment(payment, mismatch.pop("reason"), session=state.id, **mismatch)
        return "flagged"
    if order.status != OrderStatus.AWAITING_PAYMENT:
        flag_payment(payment, "paid_after_close", session=state.id, order_status=order.status)
        return "flagged"
    payment.stripe_payment_intent_id = state.payment_intent_id
    payment.confirmed_at = utcnow()
    move_payment(payment, PaymentStatus.PAID, source=source, session=state.id)
    lifecycle.mark_paid(order, source=source)
    return "paid"


def _apply_unpaid(state: SessionState, payment: Payment, source: str) -> str:
    order = payment.order
    open_payment = payment.status in (PaymentStatus.PENDING, PaymentStatus.PROCESSING)
    if state.is_expired and open_payment and order.is_awaiting_payment:
        move_payment(payment, PaymentStatus.EXPIRED, source=source)
        lifecycle.close_unpaid(order, reason="expired")
        return "expired"
    if state.has_failed and open_payment and order.is_awaiting_payment:
        move_payment(payment, PaymentStatus.FAILED, source=source)
        lifecycle.close_unpaid(order, reason="payment_failed")
        return "failed"
    if state.is_settling and payment.status == PaymentStatus.PENDING:
        payment.stripe_payment_intent_id = state.payment_intent_id
        move_payment(payment, PaymentStatus.PROCESSING, source=source)
        return "processing"
    return "unchanged"


def apply_session_state(state: SessionState, *, source: str) -> tuple[Order | None, str]:
    """Bring an order in line with what Stripe says of its Checkout Session, in the caller's
    transaction. Returns the order (None when no order has that session) and what happened:
    paid, already_paid, flagged, processing, expired, failed, unchanged or unknown_order."""
    payment = _locked_payment(state.id)
    if payment is None:
        log.warning("Stripe session %s (reference %s) matches no order", state.id, state.reference)
        return None, "unknown_order"
    if state.is_paid:
        return payment.order, _apply_paid(state, payment, source)
    return payment.order, _apply_unpaid(state, payment, source)


def confirm_checkout_session(session_id: str, *, source: str) -> tuple[Order | None, str]:
    """Ask Stripe how a Checkout Session stands and apply it to its order; commits.

    Raises PaymentUnavailable when Stripe cannot be reached (nothing changes; try again later).
    """
    state = gateway().retrieve_checkout_session(session_id)
    with committing():
        order, outcome = apply_session_state(state, source=source)
    return order, outcome
