"""Checkout: turn a cart into an order, pricing it from the database and taking its stock."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from .. import ubigeo
from ..clock import utcnow
from ..extensions import db
from . import signals, stock
from .cart import CartItems, PricedCart, price_cart
from .lifecycle import email_buyer, record_event
from .models import CURRENCY, Fulfilment, FulfilmentStatus, Order, OrderLine, OrderStatus, PaymentMethod
from .shipping import destination_of

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed in a bank app


class CheckoutError(Exception):
    pass


class EmptyCart(CheckoutError):
    pass


class CartChanged(CheckoutError):
    """Something in the cart is no longer for sale; the buyer must look at the cart again."""

    def __init__(self, removed: list[str]):
        super().__init__(", ".join(removed))
        self.removed = removed


class PaymentMethodUnavailable(CheckoutError):
    pass


class InvalidAddress(CheckoutError):
    pass


class TokenReused(CheckoutError):
    """The form's one-time token belongs to somebody else's order."""


OutOfStock = stock.OutOfStock


@dataclass
class Delivery:
    """Who the order is for and where it goes: a ubigeo district in Peru, or an address abroad."""

    email: str
    name: str
    address_line: str
    country: str = "PE"
    district_code: str | None = None
    address_reference: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    phone: str | None = None

    def check(self) -> None:
        if self.country == "PE":
            if ubigeo.district(self.district_code) is None:
                raise InvalidAddress("district")
        elif not self.city or len(self.country) != 2:
            raise InvalidAddress("city")


@dataclass(frozen=True)
class FairCredit:
    """The fair and booth an order is credited to, worked out before placing it (by the fairs
    feature, from a visit through a booth's QR) and stored on the order as it is placed."""

    fair_id: int
    booth_id: int


@dataclass
class CheckoutRequest:
    items: CartItems
    delivery: Delivery
    payment_method: PaymentMethod
    token: str  # the form's idempotency token
    buyer: object | None = None  # the signed-in User, or None for a guest
    note: str | None = None
    locale: str = "es"
    credit: FairCredit | None = None


def new_reference() -> str:
    """Like "MC-7K3Q-9XW2": 40 random bits, unguessable and easy to read out."""
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"MC-{code[:4]}-{code[4:]}"
        if db.session.scalar(db.select(Order.id).where(Order.reference == reference)) is None:
            return reference


def new_checkout_token() -> str:
    return secrets.token_urlsafe(24)


def card_payments_enabled() -> bool:
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))


def _payment_window(method: PaymentMethod) -> timedelta:
    if method == PaymentMethod.CARD:
        return timedelta(minutes=current_app.config["CARD_PAYMENT_WINDOW_MINUTES"])
    return timedelta(hours=current_app.config["TRANSFER_PAYMENT_WINDOW_HOURS"])


def _order_by_token(token: str) -> Order | None:
    return db.session.scalar(db.select(Order).where(Order.checkout_token == token))


def _same_buyer(order: Order, request: CheckoutRequest) -> Order:
    if order.email != request.delivery.email.strip().lower():
        raise TokenReused(request.token)
    return order


def _build_order(request: CheckoutRequest, priced: PricedCart) -> Order:
    delivery, now = request.delivery, utcnow()
    order = Order(
        reference=new_reference(), checkout_token=request.token,
        buyer_id=getattr(request.buyer, "id", None), email=delivery.email.strip().lower(),
        name=delivery.name.strip(), phone=delivery.phone, locale=request.locale,
        country=delivery.country, district_code=delivery.district_code if delivery.country == "PE" else None,
        address_line=delivery.address_line.strip(), address_reference=delivery.address_reference,
        city=delivery.city, region=delivery.region, postal_code=delivery.postal_code,
        note=(request.note or "").strip() or None, payment_method=request.payment_method,
        status=OrderStatus.AWAITING_PAYMENT, currency=CURRENCY,
        subtotal_amount=priced.subtotal.amount, shipping_amount=priced.shipping.amount,
        total_amount=priced.total.amount, placed_at=now, payment_due_at=now + _payment_window(request.payment_method),
        credited_fair_id=request.credit.fair_id if request.credit else None,
        credited_booth_id=request.credit.booth_id if request.credit else None,
    )
    for group in priced.groups:
        fulfilment = Fulfilment(
            organisation_id=group.organisation.id, organisation_name=group.organisation.name,
            status=FulfilmentStatus.AWAITING_PAYMENT, subtotal_amount=group.subtotal.amount, shipping_amount=group.shipping.amount,
        )
        order.fulfilments.append(fulfilment)
        for line in group.lines:
            order.lines.append(OrderLine(
                fulfilment=fulfilment, variant_id=line.variant.id, product_id=line.product.id,
                organisation_id=group.organisation.id, product_name=line.product.name_es or line.variant.sku,
                variant_name=line.variant.option_es, sku=line.variant.sku,
                product_name_en=line.product.name_en or None, variant_name_en=line.variant.option_en or None,
                unit_price_amount=line.unit_price.amount, quantity=line.quantity,
            ))
    return order


def place_order(request: CheckoutRequest) -> Order:
    """Place an order for a cart: prices, shipping and totals come from the database, the stock is
    taken atomically, the buyer is emailed. A second submit of the same form returns the order
    the first one placed.

    Raises EmptyCart, CartChanged, OutOfStock, InvalidAddress, PaymentMethodUnavailable, TokenReused.
    """
    existing = _order_by_token(request.token)
    if existing is not None:
        return _same_buyer(existing, request)
    if request.payment_method == PaymentMethod.CARD and not card_payments_enabled():
        raise PaymentMethodUnavailable(request.payment_method)
    request.delivery.check()
    priced = price_cart(request.items, destination_of(request.delivery.country))
    if priced.removed:
        raise CartChanged(priced.removed)
    if priced.is_empty:
        raise EmptyCart()
    try:
        stock.take(priced.items)
        order = _build_order(request, priced)
        db.session.add(order)
        record_event(order, "placed", actor=request.buyer, to_status=order.status,
                     method=order.payment_method, total=order.total_amount)
        db.session.flush()
        signals.order_placed.send(order)
        email_buyer(order, "order_placed")
        db.session.commit()
    except stock.OutOfStock:
        db.session.rollback()
        raise
    except IntegrityError:
        # The same form submitted twice at the same moment: the other submit won.
        db.session.rollback()
        existing = _order_by_token(request.token)
        if existing is None:
            raise
        return _same_buyer(existing, request)
    return order
