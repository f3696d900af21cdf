"""Keeps `sale_line` (models.SaleLine) in step with orders: an order's lines are added when it is
paid and taken away when it is refunded, in the transaction that changes the order.
"""
from __future__ import annotations

from sqlalchemy import delete, insert, literal, select

from ..extensions import db
from ..orders import signals
from ..orders.models import Order, OrderKind, OrderLine, OrderStatus
from .models import SaleLine

SOLD = (OrderStatus.PAID, OrderStatus.COMPLETED)
DOMESTIC_COUNTRY = "PE"


def lines_of_sold_orders(*conditions):
    """The rows of sale_line for the sold orders matching `conditions`, as an INSERT … SELECT."""
    columns = ["line_id", "order_id", "paid_at", "buyer", "organisation_id", "product_id", "fair_id", "export", "amount"]
    rows = (
        select(OrderLine.id, Order.id, Order.paid_at, Order.email, OrderLine.organisation_id, OrderLine.product_id,
               Order.credited_fair_id, Order.country != literal(DOMESTIC_COUNTRY),
               OrderLine.unit_price_amount * OrderLine.quantity)
        .join(Order, Order.id == OrderLine.order_id)
        # Samples are "sin valor comercial": counted as samples (fairs.samples_sent), not as sales.
        .where(Order.status.in_(SOLD), Order.paid_at.is_not(None), Order.kind != OrderKind.SAMPLE, *conditions)
    )
    return insert(SaleLine).from_select(columns, rows)


def order_sold(order: Order) -> None:
    """The order is paid: its lines count from now on (replacing any copy already there)."""
    db.session.flush()
    db.session.execute(delete(SaleLine).where(SaleLine.order_id == order.id))
    db.session.execute(lines_of_sold_orders(Order.id == order.id))


def order_unsold(order: Order) -> None:
    """The order was refunded (or never paid): its lines no longer count."""
    db.session.execute(delete(SaleLine).where(SaleLine.order_id == order.id))


def rebuild() -> int:
    """Write sale_line again from every sold order; commits and returns how many lines it holds."""
    db.session.execute(delete(SaleLine))
    db.session.execute(lines_of_sold_orders())
    db.session.commit()
    return db.session.scalar(select(db.func.count()).select_from(SaleLine))


def connect() -> None:
    """Listen to the orders' signals (blinker keeps one connection however often this runs)."""
    signals.order_paid.connect(order_sold)
    signals.order_refunded.connect(order_unsold)
    signals.order_cancelled.connect(order_unsold)
