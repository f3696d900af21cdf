"""Staff cancel a paid order and give the money back: a card through Stripe's refund API, a
transfer by hand (staff record the bank reference of the return)."""
from __future__ import annotations

from .. import audit
from ..extensions import db
from ..orders import lifecycle
from ..orders.models import Order
from ..transactions import committing
from .card import move_payment
from .gateway import PaymentUnavailable, gateway
from .models import PaymentMethod, PaymentStatus, Refund

__all__ = ["NotRefundable", "PaymentUnavailable", "refund_order"]


class NotRefundable(Exception):
    """Only a paid order can be refunded (an unpaid one is simply cancelled)."""


def refund_order(order: Order, *, by, reason: str, bank_reference: str | None = None) -> Refund:
    """Refund a paid order in full: the money goes back, unshipped goods return to stock, the
    ledger reverses what producers earned, the buyer is emailed. Writes an AuditEvent.

    Raises NotRefundable, PaymentUnavailable (Stripe refused or is unreachable: nothing changed).
    """
    with committing():
        order = lifecycle.lock_order(order.id)
        payment = next((p for p in reversed(order.payments) if p.status == PaymentStatus.PAID), None)
        if not order.is_paid or payment is None:
            raise NotRefundable(order.reference)
        refund = Refund(payment=payment, amount=payment.amount, currency=payment.currency, reason=reason,
                        created_by_id=by.id, bank_reference=(bank_reference or "").strip() or None)
        if payment.method == PaymentMethod.CARD:
            # The order stays locked while Stripe answers, so a second click waits and then finds it refunded.
            refund.stripe_refund_id = gateway().refund(payment.stripe_payment_intent_id, payment.amount,
                                                       reference=order.reference)
        db.session.add(refund)
        move_payment(payment, PaymentStatus.REFUNDED, by=by, source="staff")
        lifecycle.close_refunded(order, reason=reason, by=by)
        audit.record("order.refunded", order, actor=by, reason=reason, amount=payment.amount,
                     stripe_refund=refund.stripe_refund_id, bank_reference=refund.bank_reference)
    return refund
