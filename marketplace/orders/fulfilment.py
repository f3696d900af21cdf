"""Producers fulfil their part of paid orders: pack, ship with a courier, mark delivered.

The buyer is emailed at each step.
"""
from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from ..clock import utcnow
from ..errors import NotFound
from ..extensions import db
from ..producers.models import Membership
from . import lifecycle
from .models import Courier, Fulfilment, FulfilmentStatus, Order

INBOX_STATES = (FulfilmentStatus.TO_PACK, FulfilmentStatus.PACKED, FulfilmentStatus.SHIPPED)
DONE_STATES = (FulfilmentStatus.DELIVERED, FulfilmentStatus.CANCELLED)
PAGE_SIZE = 50


class MissingShippingDetails(Exception):
    """A shipment needs its tracking number, and the courier's name when it is "other"."""

    def __init__(self, why: str):  # "tracking_number" or "courier_name"
        super().__init__(why)
        self.why = why


def _of_member(user):
    return (
        db.select(Fulfilment)
        .join(Membership, Membership.organisation_id == Fulfilment.organisation_id)
        .where(Membership.user_id == user.id)
    )


def inbox(user, *, done: bool = False) -> list[Fulfilment]:
    """A producer's parcels: to pack, packed and on their way (or, with `done`, the finished ones).

    Parcels of unpaid orders are not shown: nothing is shipped before the money is in.
    """
    states = DONE_STATES if done else INBOX_STATES
    query = (
        _of_member(user)
        .where(Fulfilment.status.in_(states))
        .options(joinedload(Fulfilment.order), selectinload(Fulfilment.lines))
        .order_by(Fulfilment.id.desc() if done else Fulfilment.id)
        .limit(PAGE_SIZE)
    )
    return list(db.session.scalars(query))


def fulfilment_for_member(user, fulfilment_id: int) -> Fulfilment:
    """The fulfilment if `user` belongs to its organisation and its order is paid; NotFound otherwise."""
    fulfilment = db.session.scalar(
        _of_member(user)
        .where(Fulfilment.id == fulfilment_id, Fulfilment.status != FulfilmentStatus.AWAITING_PAYMENT)
        .options(joinedload(Fulfilment.order), selectinload(Fulfilment.lines))
    )
    if fulfilment is None:
        raise NotFound(fulfilment_id)
    return fulfilment


def _locked(fulfilment: Fulfilment) -> tuple[Order, Fulfilment]:
    order = lifecycle.lock_order(fulfilment.order_id)
    return order, next(f for f in order.fulfilments if f.id == fulfilment.id)


def mark_packed(fulfilment: Fulfilment, *, by) -> None:
    """The parcel is packed. Raises IllegalTransition."""
    order, fulfilment = _locked(fulfilment)
    lifecycle.move_fulfilment(fulfilment, FulfilmentStatus.PACKED, by=by)
    fulfilment.packed_at = utcnow()
    lifecycle.email_buyer(order, "order_packed", fulfilment=fulfilment)
    db.session.commit()


def mark_shipped(fulfilment: Fulfilment, *, by, courier: Courier, tracking_number: str | None,
                 courier_name: str | None = None) -> None:
    """The parcel left with a courier. Raises IllegalTransition, MissingShippingDetails."""
    if not (tracking_number or "").strip():
        raise MissingShippingDetails("tracking_number")
    if courier == Courier.OTHER and not (courier_name or "").strip():
        raise MissingShippingDetails("courier_name")
    order, fulfilment = _locked(fulfilment)
    lifecycle.move_fulfilment(fulfilment, FulfilmentStatus.SHIPPED, by=by, courier=courier,
                              tracking=tracking_number)
    fulfilment.courier = courier
    fulfilment.courier_name = courier_name.strip() if courier == Courier.OTHER else None
    fulfilment.tracking_number = tracking_number.strip()
    fulfilment.shipped_at = utcnow()
    lifecycle.email_buyer(order, "order_shipped", fulfilment=fulfilment)
    db.session.commit()


def mark_delivered(fulfilment: Fulfilment, *, by) -> None:
    """The parcel arrived; when every parcel has, the order is complete. Raises IllegalTransition."""
    order, fulfilment = _locked(fulfilment)
    lifecycle.move_fulfilment(fulfilment, FulfilmentStatus.DELIVERED, by=by)
    fulfilment.delivered_at = utcnow()
    lifecycle.complete_if_delivered(order, by=by)
    lifecycle.email_buyer(order, "order_delivered", fulfilment=fulfilment)
    db.session.commit()
