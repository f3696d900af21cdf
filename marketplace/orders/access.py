"""Who may see an order: its buyer, staff, or anyone holding the signed link emailed to a guest.

References are random, and a stranger who guesses one still gets 404: without the signed token
(or being the buyer, or staff) an order does not exist for them.
"""
from __future__ import annotations

from flask import url_for

from ..errors import NotFound
from ..extensions import db
from ..record_links import RecordLink
from .models import Order

ORDER_LINK = RecordLink("order-access")


def access_token(order: Order) -> str:
    """A token that opens one order's page; emailed to the buyer with the link."""
    return ORDER_LINK.token(order.reference)


def token_opens(token: str | None, reference: str) -> bool:
    return ORDER_LINK.opens(token, reference)


def order_by_reference(reference: str) -> Order:
    order = db.session.scalar(db.select(Order).where(Order.reference == reference.upper()))
    if order is None:
        raise NotFound(reference)
    return order


def order_for_viewer(reference: str, *, user=None, token: str | None = None, remembered=()) -> Order:
    """The order if this viewer may see it: staff, its signed-in buyer, the holder of its signed
    token, or the browser that placed it (`remembered` references). NotFound otherwise."""
    order = order_by_reference(reference)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in and (user.is_staff or order.buyer_id == user.id):
        return order
    if token_opens(token, order.reference) or order.reference in remembered:
        return order
    raise NotFound(reference)


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on the public address, also from the command line (cron)."""
    return url_for(endpoint, _external=True, **values)


def order_url(order: Order) -> str:
    """The buyer's link to their order page; works for guests too."""
    return external_url("orders.detail", reference=order.reference, t=access_token(order))
