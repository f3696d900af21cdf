"""What the order pages show, loaded in as few queries as the pages need."""
from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..payments.models import Payment
from .models import Fulfilment, Order, OrderEvent, OrderStatus

PAGE_SIZE = 50


def _with_parts(query):
    return query.options(
        selectinload(Order.fulfilments).selectinload(Fulfilment.lines),
        selectinload(Order.payments),
    )


def orders_of(user, limit: int = PAGE_SIZE) -> list[Order]:
    """A signed-in buyer's orders, newest first."""
    return list(db.session.scalars(
        _with_parts(db.select(Order).where(Order.buyer_id == user.id))
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    ))


def with_details(order: Order) -> Order:
    """The order with its parcels, lines, payments and events, for its page."""
    return db.session.scalar(
        _with_parts(db.select(Order).where(Order.id == order.id))
        .options(selectinload(Order.events).selectinload(OrderEvent.actor))
        .execution_options(populate_existing=True)
    )


def bank_details() -> dict:
    config = current_app.config
    return {
        "bank": config["PAYMENT_BANK_NAME"],
        "holder": config["PAYMENT_ACCOUNT_HOLDER"],
        "account": config["PAYMENT_ACCOUNT_NUMBER"],
        "cci": config["PAYMENT_ACCOUNT_CCI"],
        "yape": config["PAYMENT_YAPE_NUMBER"],
    }


def staff_orders(*, status: OrderStatus | None = None, flagged: bool = False, reference: str | None = None,
                 limit: int = PAGE_SIZE) -> list[Order]:
    """Every order for staff, newest first; filtered by status, flagged payments or reference."""
    query = _with_parts(db.select(Order))
    if status is not None:
        query = query.where(Order.status == status)
    if flagged:
        query = query.where(Order.id.in_(db.select(Payment.order_id).where(Payment.flag_reason.is_not(None))))
    if reference:
        query = query.where(Order.reference.contains(reference.strip().upper()))
    return list(db.session.scalars(query.order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)))


def flagged_count() -> int:
    return db.session.scalar(
        db.select(db.func.count(db.distinct(Payment.order_id))).where(Payment.flag_reason.is_not(None))
    ) or 0
