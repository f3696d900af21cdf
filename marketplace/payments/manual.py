"""Bank transfer and Yape: the buyer pays the programme's account citing the order reference;
staff see the money arrive and confirm it here."""
from __future__ import annotations

from .. import audit
from ..clock import utcnow
from ..money import Money
from ..orders import lifecycle
from ..orders.models import Order
from ..transactions import committing
from .card import move_payment
from .models import PaymentStatus


class TransferError(Exception):
    pass


class NotAwaitingTransfer(TransferError):
    """The order is not an unpaid transfer order (paid already, cancelled, or paid by card)."""


class AmountMismatch(TransferError):
    def __init__(self, expected: Money, got: Money):
        super().__init__(f"expected {expected}, got {got}")
        self.expected, self.got = expected, got


def confirm_transfer(order: Order, *, amount: Money, bank_reference: str, by) -> None:
    """Staff confirm that a transfer or Yape payment for the whole order arrived.

    Raises NotAwaitingTransfer, AmountMismatch; whatever a listener of `order_paid` raises (the
    ledger) undoes the whole confirmation.
    """
    with committing():
        order = lifecycle.lock_order(order.id)
        payment = order.payment
        if not (order.is_awaiting_payment and order.pays_by_transfer and payment
                and payment.status == PaymentStatus.PENDING):
            raise NotAwaitingTransfer(order.reference)
        if amount != order.total:
            raise AmountMismatch(order.total, amount)
        payment.bank_reference = bank_reference.strip()
        payment.confirmed_at = utcnow()
        payment.confirmed_by_id = by.id
        move_payment(payment, PaymentStatus.PAID, by=by, source="staff", bank_reference=payment.bank_reference)
        lifecycle.mark_paid(order, by=by, source="staff")
        audit.record("order.transfer_confirmed", order, actor=by, bank_reference=payment.bank_reference,
                     amount=amount.amount)
