"""Payments hear of new orders through the orders' signals.

The receiver runs inside `place_order`, before it commits: an order and the payment it waits for
are stored together or not at all.
"""
from __future__ import annotations

from ..orders.signals import order_placed
from .models import Payment, PaymentStatus


@order_placed.connect
def _open_payment(order) -> None:
    """A new order waits for one payment of its total, by the method the buyer chose."""
    order.payments.append(Payment(method=order.payment_method, status=PaymentStatus.PENDING,
                                  amount=order.total_amount, currency=order.currency))
