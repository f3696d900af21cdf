"""The ledger follows the money: it hears of paid and refunded orders through the orders' signals.

The receivers run inside the orders service that sent the signal, before it commits, and let
any error through: a sale that cannot be recorded leaves the order unpaid, and the payment
service rolls both back together.
"""
from __future__ import annotations

from ..orders.signals import order_paid, order_refunded
from .services import record_refunds, record_sales


@order_paid.connect
def _record_sales(order) -> None:
    record_sales(order)


@order_refunded.connect
def _record_refunds(order) -> None:
    record_refunds(order)
