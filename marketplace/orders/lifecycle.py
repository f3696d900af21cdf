"""What happens to an order, in one place (django-oscar's EventHandler).

Every status change goes through `move_order` or `move_fulfilment`, which refuse a move the
transition table does not allow and write an OrderEvent. The functions here change the session
only; the service that calls them locks the order first and commits. What the features above
orders must know (payments, the ledger) they hear through the signals in `signals.py`, sent
here before the caller commits.
"""
from __future__ import annotations

import logging

from sqlalchemy import update

from ..clock import utcnow
from ..extensions import db
from ..notifications.services import send_email
from ..producers.services import members
from ..status import check_transition
from . import signals, stock
from .access import external_url, order_url
from .models import (
    FULFILMENT_TRANSITIONS,
    ORDER_TRANSITIONS,
    Fulfilment,
    FulfilmentStatus,
    Order,
    OrderEvent,
    OrderStatus,
)

log = logging.getLogger(__name__)


def lock_order(order_id: int) -> Order:
    """Load an order fresh and lock its row until commit.

    Every change to an order, its fulfilments or its payments starts here, so two changes to one
    order (a webhook and the return page, two staff clicks) happen one after the other.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a no-op write takes its database-wide write lock now, so the
        # read below sees the latest state and nobody else writes until this transaction ends.
        db.session.execute(update(Order).where(Order.id == order_id).values(id=Order.id)
                           .execution_options(synchronize_session=False))
    return db.session.scalar(
        db.select(Order).where(Order.id == order_id).with_for_update().execution_options(populate_existing=True)
    )


def record_event(order: Order, kind: str, *, actor=None, fulfilment=None, from_status=None, to_status=None,
                 **details) -> OrderEvent:
    event = OrderEvent(
        order=order,
        fulfilment=fulfilment,
        kind=kind,
        actor_id=actor.id if actor is not None else None,
        from_status=str(from_status) if from_status else None,
        to_status=str(to_status) if to_status else None,
        details={k: str(v) for k, v in details.items() if v is not None},
        occurred_at=utcnow(),
    )
    db.session.add(event)
    return event


def move_order(order: Order, target: OrderStatus, *, by=None, **details) -> None:
    """Apply one status move; raises IllegalTransition."""
    check_transition(ORDER_TRANSITIONS, order.status, target)
    previous, order.status = order.status, target
    record_event(order, "order_status", actor=by, from_status=previous, to_status=target, **details)


def move_fulfilment(fulfilment: Fulfilment, target: FulfilmentStatus, *, by=None, **details) -> None:
    check_transition(FULFILMENT_TRANSITIONS, fulfilment.status, target)
    previous, fulfilment.status = fulfilment.status, target
    record_event(fulfilment.order, "fulfilment_status", actor=by, fulfilment=fulfilment,
                 from_status=previous, to_status=target, producer=fulfilment.organisation_name, **details)


def email_buyer(order: Order, kind: str, **context) -> None:
    send_email(order.email, kind, locale=order.locale, order=order, link=order_url(order), **context)


def mark_paid(order: Order, *, by=None, source: str) -> None:
    """The money is in: producers see their parcels, and `order_paid` goes to the features above
    (the ledger records what each producer earned)."""
    move_order(order, OrderStatus.PAID, by=by, source=source)
    order.paid_at = utcnow()
    for fulfilment in order.fulfilments:
        move_fulfilment(fulfilment, FulfilmentStatus.TO_PACK, by=by)
    signals.order_paid.send(order)
    email_buyer(order, "order_paid")
    for fulfilment in order.fulfilments:
        link = external_url("fulfilments.detail", fulfilment_id=fulfilment.id)
        for membership in members(fulfilment.organisation):
            send_email(membership.user.email, "order_new_fulfilment", locale=membership.user.locale,
                       order=order, fulfilment=fulfilment, link=link)


def close_unpaid(order: Order, *, reason: str, by=None) -> None:
    """An order that was never paid ends: its parcels are cancelled and its stock released.

    `reason` is "expired", "payment_failed", "cancelled_by_buyer" or "cancelled_by_staff".
    """
    move_order(order, OrderStatus.CANCELLED, by=by, reason=reason)
    order.closed_at = utcnow()
    order.close_reason = reason
    for fulfilment in order.fulfilments:
        move_fulfilment(fulfilment, FulfilmentStatus.CANCELLED, by=by)
    stock.give_back(stock.quantities_of(order.lines))
    signals.order_cancelled.send(order)
    email_buyer(order, "order_cancelled", reason=reason)


def close_refunded(order: Order, *, reason: str | None, by=None) -> None:
    """A paid order is refunded: parcels not yet shipped are cancelled and their goods go back
    into stock (shipped goods are with the buyer); `order_refunded` goes to the features above (the
    ledger reverses what producers earned)."""
    move_order(order, OrderStatus.REFUNDED, by=by, reason=reason)
    order.closed_at = utcnow()
    order.close_reason = "refunded"
    returned = []
    for fulfilment in order.fulfilments:
        if fulfilment.is_unshipped:
            move_fulfilment(fulfilment, FulfilmentStatus.CANCELLED, by=by)
            returned.extend(fulfilment.lines)
    stock.give_back(stock.quantities_of(returned))
    signals.order_refunded.send(order)
    email_buyer(order, "order_refunded")


def complete_if_delivered(order: Order, *, by=None) -> None:
    """A paid order whose every parcel has arrived is complete."""
    active = [f for f in order.fulfilments if f.status != FulfilmentStatus.CANCELLED]
    if order.status == OrderStatus.PAID and active and all(f.status == FulfilmentStatus.DELIVERED for f in active):
        move_order(order, OrderStatus.COMPLETED, by=by)
