"""Sample requests: a "muestra sin valor comercial" of one variant, as an order of its own kind.

The producer sets the sample's price per variant (zero for free); the buyer pays the shipping of
the parcel as for any order. One sample per buyer (by email) and product: while an earlier one is
open, and for SAMPLE_LIMIT_DAYS after it was placed. A sample is credited to a fair like any
order, is marked on the packing slip, and the ledger books it with no commission.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import exists

from ..catalogue.models import Product, Variant
from ..clock import utcnow
from ..extensions import db
from ..orders.cart import is_for_sale
from ..orders.checkout import Delivery, FairCredit, PaymentMethodUnavailable, card_payments_enabled
from ..orders.fixed import FixedLine, FixedOrder, add_fixed_order
from ..orders.models import Order, OrderKind, OrderLine, OrderStatus, PaymentMethod
from ..orders.shipping import destination_of, parcel_rate
from ..transactions import committing

# A sample placed and still moving, or not refunded or cancelled, counts against the limit.
OPEN = (OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID)
CLOSED_WITHOUT_SAMPLE = (OrderStatus.CANCELLED, OrderStatus.REFUNDED)


class SampleError(Exception):
    pass


class NoSamples(SampleError):
    """The variant is not for sale, or its producer sends no samples of it."""


class SampleLimitReached(SampleError):
    """The buyer already has a sample of this product, open or recent: `earlier` is that order."""

    def __init__(self, earlier: Order, next_on):
        super().__init__(earlier.reference)
        self.earlier = earlier
        self.next_on = next_on  # the day another sample may be asked for (None: once the open one ends)


@dataclass
class SampleRequest:
    variant_id: int
    delivery: Delivery
    payment_method: PaymentMethod
    buyer: object | None = None
    locale: str = "es"
    note: str | None = None
    credit: FairCredit | None = None


def sample_variant(variant_id: int) -> Variant:
    """The variant if a sample of it can be asked for; raises NoSamples otherwise."""
    variant = db.session.get(Variant, variant_id)
    if not is_for_sale(variant) or not variant.offers_samples or variant.stock < 1:
        raise NoSamples(variant_id)
    return variant


def limit_days() -> int:
    return int(current_app.config["SAMPLE_LIMIT_DAYS"])


def earlier_sample(email: str, product_id: int) -> Order | None:
    """The buyer's sample of this product that still counts against the limit, if any."""
    since = utcnow() - timedelta(days=limit_days())
    of_product = exists().where(OrderLine.order_id == Order.id, OrderLine.product_id == product_id)
    return db.session.scalar(
        db.select(Order)
        .where(Order.kind == OrderKind.SAMPLE, Order.email == email.strip().lower(), of_product,
               Order.status.not_in(CLOSED_WITHOUT_SAMPLE),
               db.or_(Order.status.in_(OPEN), Order.placed_at >= since))
        .order_by(Order.placed_at.desc())
        .limit(1)
    )


def _refuse_if_limited(email: str, product_id: int) -> None:
    earlier = earlier_sample(email, product_id)
    if earlier is not None:
        next_on = None if earlier.status in OPEN else (earlier.placed_at + timedelta(days=limit_days())).date()
        raise SampleLimitReached(earlier, next_on)


def request_sample(request: SampleRequest) -> Order:
    """Place a sample order: one unit at the producer's sample price plus the parcel's shipping,
    its stock taken, credited to the fair that brought the buyer, the buyer emailed.

    The product's row is locked first, so two requests from one buyer at the same moment make one
    sample. Raises NoSamples, SampleLimitReached, PaymentMethodUnavailable, orders.stock.OutOfStock,
    checkout.InvalidAddress.
    """
    if request.payment_method == PaymentMethod.CARD and not card_payments_enabled():
        raise PaymentMethodUnavailable(request.payment_method)
    with committing():
        variant = sample_variant(request.variant_id)
        # The limit is per product: its row is the lock two requests from one buyer queue on.
        db.session.execute(db.select(Product.id).where(Product.id == variant.product_id).with_for_update())
        _refuse_if_limited(request.delivery.email, variant.product_id)
        shipping = parcel_rate(destination_of(request.delivery.country))
        return add_fixed_order(FixedOrder(
            lines=[FixedLine(variant, 1, variant.sample_price_amount)], delivery=request.delivery,
            payment_method=request.payment_method, kind=OrderKind.SAMPLE, buyer=request.buyer,
            locale=request.locale, note=request.note, credit=request.credit, shipping_amount=shipping.amount,
            details={"sample": True},
        ))
