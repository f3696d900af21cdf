"""Ending unpaid orders: a buyer or staff cancelling one, and the payment window running out.

An unpaid order holds its stock until its window ends (card: the Checkout Session's expiry;
transfer: TRANSFER_PAYMENT_WINDOW_HOURS), then `expire_unpaid_orders` cancels it and releases
the stock. A card order is first checked with Stripe, and an open session is closed there
before the order is cancelled here, so a buyer can never pay for an order already cancelled.
Safe to run every minute (a periodic job, marketplace/jobs) and on every staff visit: each order is locked and checked
again before it changes, so two runs at once cancel it once.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..orders import lifecycle
from ..orders.models import Order, OrderStatus
from ..transactions import committing
from . import card
from .gateway import PaymentUnavailable, gateway
from .models import PAYMENT_TRANSITIONS, PaymentStatus

log = logging.getLogger(__name__)
BATCH = 200


class NotCancellable(Exception):
    """Only an unpaid order can be cancelled this way."""


class AlreadyPaid(NotCancellable):
    """Stripe says the buyer paid (or is paying) after all."""


def _settle_with_stripe(order: Order, source: str) -> bool:
    """For a card order with a Checkout Session: close the session at Stripe if it is still open.
    True when it is closed unpaid, so the order may be cancelled here; otherwise what Stripe
    says (paid, settling, failed) is applied and committed. Raises PaymentUnavailable."""
    state = gateway().expire_checkout_session(order.payment.stripe_session_id)
    if state.is_expired:
        return True
    with committing():
        card.apply_session_state(state, source=source)
    return False


def _needs_stripe(order: Order) -> bool:
    payment = order.payment
    return bool(payment and payment.stripe_session_id
                and payment.status in (PaymentStatus.PENDING, PaymentStatus.PROCESSING))


def _close(order_id: int, *, reason: str, by=None) -> Order:
    """Lock the order and end it unpaid, in the caller's transaction. Raises NotCancellable."""
    order = lifecycle.lock_order(order_id)
    if not order.is_awaiting_payment:
        raise NotCancellable(order.reference)
    payment = order.payment
    target = PaymentStatus.EXPIRED if reason == "expired" else PaymentStatus.CANCELLED
    if payment is not None and target in PAYMENT_TRANSITIONS[payment.status]:
        card.move_payment(payment, target, by=by, reason=reason)
    lifecycle.close_unpaid(order, reason=reason, by=by)
    return order


def cancel_unpaid_order(order: Order, *, by=None, staff: bool = False, reason: str | None = None) -> None:
    """A buyer (or staff) cancels an order not yet paid: stock released, buyer emailed.

    Raises NotCancellable, AlreadyPaid, PaymentUnavailable (Stripe must be asked first and cannot be).
    """
    if not order.is_awaiting_payment or (order.payment and order.payment.is_flagged):
        raise NotCancellable(order.reference)  # flagged: money arrived that staff must sort out first
    if _needs_stripe(order) and not _settle_with_stripe(order, source="cancel"):
        if order.is_awaiting_payment or order.is_paid:
            raise AlreadyPaid(order.reference)  # paid, or a payment still settling
        raise NotCancellable(order.reference)
    with committing():
        closed = _close(order.id, reason="cancelled_by_staff" if staff else "cancelled_by_buyer", by=by)
        if staff:
            audit.record("order.cancelled", closed, actor=by, reason=reason)


@dataclass
class ExpiryReport:
    expired: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # paid or settling after all, or flagged
    failed: list[str] = field(default_factory=list)  # Stripe unreachable: tried again next run


def _expire_one(order: Order, report: ExpiryReport) -> None:
    reference = order.reference
    if (order.payment and order.payment.is_flagged) or (
        _needs_stripe(order) and not _settle_with_stripe(order, source="expiry")
    ):
        # Paid, settling or failed after all (applied above), or flagged for staff.
        if order.status == OrderStatus.CANCELLED:
            report.expired.append(reference)
        else:
            report.kept.append(reference)
        return
    try:
        with committing():
            _close(order.id, reason="expired")
    except NotCancellable:
        return  # another run got there first
    report.expired.append(reference)


def expire_unpaid_orders(now: datetime | None = None) -> ExpiryReport:
    """Cancel every unpaid order whose payment window has ended and release its stock."""
    now = now or utcnow()
    report = ExpiryReport()
    overdue = list(db.session.scalars(
        db.select(Order)
        .where(Order.status == OrderStatus.AWAITING_PAYMENT, Order.payment_due_at <= now)
        .order_by(Order.payment_due_at)
        .limit(BATCH)
    ))
    for order in overdue:
        try:
            _expire_one(order, report)
        except PaymentUnavailable:
            db.session.rollback()
            report.failed.append(order.reference)
            log.warning("could not ask Stripe about %s; will try again", order.reference)
    return report


def expire_orders_job() -> str:
    """The periodic job (marketplace/jobs/schedule.py): expire what is overdue, say what was done."""
    report = expire_unpaid_orders()
    if report.expired or report.failed:
        log.info("expired %s; could not reach Stripe for %s", report.expired, report.failed)
    return f"expired {len(report.expired)}, kept {len(report.kept)}, failed {len(report.failed)}"
