"""What the order pages show, loaded in as few queries as the pages need."""
from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Fulfilment, Order, OrderEvent

PAGE_SIZE = 50


def with_parts(query):
    """Orders with their parcels, lines and payments, loaded in three more queries."""
    return query.options(
        selectinload(Order.fulfilments).selectinload(Fulfilment.lines),
        selectinload(Order.payments),
    )


def orders_of(user, limit: int = PAGE_SIZE) -> list[Order]:
    """A signed-in buyer's orders, newest first."""
    return list(db.session.scalars(
        with_parts(db.select(Order).where(Order.buyer_id == user.id))
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    ))


def with_details(order: Order) -> Order:
    """The order with its parcels, lines, payments and events, for its page."""
    return db.session.scalar(
        with_parts(db.select(Order).where(Order.id == order.id))
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
