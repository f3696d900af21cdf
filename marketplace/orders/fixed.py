"""Orders at prices agreed beforehand (an accepted wholesale quote), not priced from a cart.

The features above orders (wholesale) decide the lines and their unit prices; this module makes
the order from them exactly as given — no tiers, no re-pricing — with one fulfilment per
producer, takes the stock and tells payments and the ledger through the usual signals. It works
in the caller's transaction, so the caller's own change (the quote marked accepted) and the new
order are stored together or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.models import Variant
from ..clock import utcnow
from ..extensions import db
from . import signals, stock
from .checkout import Delivery, FairCredit, _payment_window, new_checkout_token, new_reference
from .lifecycle import email_buyer, record_event
from .models import CURRENCY, Fulfilment, FulfilmentStatus, Order, OrderKind, OrderLine, OrderStatus, PaymentMethod


@dataclass(frozen=True)
class FixedLine:
    variant: Variant
    quantity: int
    unit_price_amount: int  # minor units of the order's currency, as agreed


@dataclass
class FixedOrder:
    lines: list[FixedLine]
    delivery: Delivery
    payment_method: PaymentMethod
    kind: OrderKind
    buyer: object | None = None
    locale: str = "es"
    note: str | None = None
    credit: FairCredit | None = None
    currency: str = CURRENCY
    shipping_amount: int = 0  # the agreed prices include delivery to the Incoterm's place
    details: dict | None = None  # recorded with the "placed" event (e.g. the quote and its rate)


def _new_line(fulfilment: Fulfilment, line: FixedLine) -> OrderLine:
    variant, product = line.variant, line.variant.product
    return OrderLine(
        fulfilment=fulfilment, variant_id=variant.id, product_id=product.id,
        organisation_id=product.organisation_id, product_name=product.name_es or variant.sku,
        variant_name=variant.option_es, sku=variant.sku, product_name_en=product.name_en or None,
        variant_name_en=variant.option_en or None, unit_price_amount=line.unit_price_amount, quantity=line.quantity,
    )


def add_fixed_order(request: FixedOrder) -> Order:
    """Add an order for `request.lines` at their given prices to the session, take its stock and
    send `order_placed`; the caller commits (or rolls back on an error).

    Raises stock.OutOfStock, checkout.InvalidAddress, ValueError (no lines, a price below zero).
    """
    if not request.lines or any(line.quantity <= 0 or line.unit_price_amount < 0 for line in request.lines):
        raise ValueError("an order needs lines with a quantity and a price")
    request.delivery.check()
    quantities: dict[int, int] = {}
    for line in request.lines:
        quantities[line.variant.id] = quantities.get(line.variant.id, 0) + line.quantity
    stock.take(quantities)
    delivery, now = request.delivery, utcnow()
    subtotal = sum(line.unit_price_amount * line.quantity for line in request.lines)
    order = Order(
        reference=new_reference(), checkout_token=new_checkout_token(), kind=request.kind,
        buyer_id=getattr(request.buyer, "id", None), email=delivery.email.strip().lower(),
        name=delivery.name.strip(), phone=delivery.phone, locale=request.locale, country=delivery.country,
        district_code=delivery.district_code if delivery.country == "PE" else None,
        address_line=delivery.address_line.strip(), address_reference=delivery.address_reference,
        city=delivery.city, region=delivery.region, postal_code=delivery.postal_code,
        note=(request.note or "").strip() or None, payment_method=request.payment_method,
        status=OrderStatus.AWAITING_PAYMENT, currency=request.currency, subtotal_amount=subtotal,
        shipping_amount=request.shipping_amount, total_amount=subtotal + request.shipping_amount,
        placed_at=now, payment_due_at=now + _payment_window(request.payment_method),
        credited_fair_id=request.credit.fair_id if request.credit else None,
        credited_booth_id=request.credit.booth_id if request.credit else None,
    )
    by_organisation: dict[int, Fulfilment] = {}
    for line in request.lines:
        organisation = line.variant.product.organisation
        fulfilment = by_organisation.get(organisation.id)
        if fulfilment is None:
            fulfilment = Fulfilment(organisation_id=organisation.id, organisation_name=organisation.name,
                                    status=FulfilmentStatus.AWAITING_PAYMENT, subtotal_amount=0,
                                    shipping_amount=request.shipping_amount if not by_organisation else 0)
            by_organisation[organisation.id] = fulfilment
            order.fulfilments.append(fulfilment)
        fulfilment.subtotal_amount += line.unit_price_amount * line.quantity
        order.lines.append(_new_line(fulfilment, line))
    db.session.add(order)
    record_event(order, "placed", actor=request.buyer, to_status=order.status, method=order.payment_method,
                 total=order.total_amount, **(request.details or {}))
    db.session.flush()
    signals.order_placed.send(order)
    email_buyer(order, "order_placed")
    return order
