"""Carts, orders, their lines (a snapshot), fulfilments (one per producer) and order events."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import ubigeo
from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..money import Money
from ..status import enum_type

CURRENCY = "PEN"


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"  # placed; its stock is held until the payment window ends
    PAID = "paid"  # the money is in; producers pack and ship
    COMPLETED = "completed"  # every parcel delivered
    CANCELLED = "cancelled"  # never paid (cancelled, expired or failed); stock released
    REFUNDED = "refunded"  # paid, then cancelled by staff and the money returned


# The allowed moves, next to the states (django-oscar's pipeline as data).
ORDER_TRANSITIONS = {
    OrderStatus.AWAITING_PAYMENT: {OrderStatus.PAID, OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.COMPLETED, OrderStatus.REFUNDED},
    OrderStatus.COMPLETED: {OrderStatus.REFUNDED},
    OrderStatus.CANCELLED: set(),
    OrderStatus.REFUNDED: set(),
}


class OrderKind(StrEnum):
    RETAIL = "retail"  # a cart checked out at the shop's prices (tiers included)
    SAMPLE = "sample"  # "muestra sin valor comercial": no or a token price, no commission
    WHOLESALE = "wholesale"  # made from an accepted quote, at exactly the quoted prices


class FulfilmentStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"  # the producer does not see it yet
    TO_PACK = "to_pack"  # paid: in the producer's inbox
    PACKED = "packed"
    SHIPPED = "shipped"  # with a courier and, usually, a tracking number
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


FULFILMENT_TRANSITIONS = {
    FulfilmentStatus.AWAITING_PAYMENT: {FulfilmentStatus.TO_PACK, FulfilmentStatus.CANCELLED},
    # Packing is a step a producer may skip: a small parcel is often packed and shipped at once.
    FulfilmentStatus.TO_PACK: {FulfilmentStatus.PACKED, FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.PACKED: {FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.SHIPPED: {FulfilmentStatus.DELIVERED},
    FulfilmentStatus.DELIVERED: set(),
    FulfilmentStatus.CANCELLED: set(),
}

# Parcels still on the producer's shelf: cancelling them puts their goods back in stock.
UNSHIPPED = {FulfilmentStatus.AWAITING_PAYMENT, FulfilmentStatus.TO_PACK, FulfilmentStatus.PACKED}


class PaymentMethod(StrEnum):
    CARD = "card"  # Stripe Checkout, collected by the programme's account
    TRANSFER = "transfer"  # bank transfer or Yape to the programme's account; staff confirm it


class Courier(StrEnum):
    SERPOST = "serpost"
    OLVA = "olva"
    SHALOM = "shalom"
    OTHER = "other"


class Cart(db.Model):
    """A signed-in buyer's cart; a guest's lives in the session until they sign in."""

    __tablename__ = "cart"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    items: Mapped[list[CartItem]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartItem.id"
    )


class CartItem(db.Model):
    __tablename__ = "cart_item"
    __table_args__ = (
        UniqueConstraint("cart_id", "variant_id", name="uq_cart_item_cart_variant"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variant.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int] = mapped_column()

    cart: Mapped[Cart] = relationship(back_populates="items")


class Order(db.Model):
    __tablename__ = "customer_order"  # "order" is an SQL keyword
    __table_args__ = (CheckConstraint("total_amount >= 0", name="total_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What URLs, emails and bank transfers carry; random, never the sequential id.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    # The checkout form's one-time token: a second submit finds this order instead of a new one.
    checkout_token: Mapped[str] = mapped_column(String(64), unique=True)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    locale: Mapped[str] = mapped_column(String(5), default="es")
    country: Mapped[str] = mapped_column(String(2), default="PE")  # ISO 3166-1 alpha-2
    district_code: Mapped[str | None] = mapped_column(String(6))  # ubigeo, for Peru
    address_line: Mapped[str] = mapped_column(String(200))
    address_reference: Mapped[str | None] = mapped_column(String(200))  # "frente al parque"
    city: Mapped[str | None] = mapped_column(String(100))  # abroad
    region: Mapped[str | None] = mapped_column(String(100))  # abroad: state or province
    postal_code: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OrderStatus] = mapped_column(
        enum_type(OrderStatus), default=OrderStatus.AWAITING_PAYMENT, index=True
    )
    payment_method: Mapped[PaymentMethod] = mapped_column(enum_type(PaymentMethod))
    kind: Mapped[OrderKind] = mapped_column(
        enum_type(OrderKind), default=OrderKind.RETAIL, server_default=OrderKind.RETAIL.value, index=True
    )
    currency: Mapped[str] = mapped_column(String(3), default=CURRENCY)
    subtotal_amount: Mapped[int] = mapped_column()  # céntimos
    shipping_amount: Mapped[int] = mapped_column()
    total_amount: Mapped[int] = mapped_column()
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    payment_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # cancelled or refunded
    close_reason: Mapped[str | None] = mapped_column(String(40))
    # The fair booth whose QR brought the buyer here within the attribution window, stored on
    # the order when it is placed so later changes to fairs or booths never rewrite history.
    credited_fair_id: Mapped[int | None] = mapped_column(ForeignKey("fair.id", ondelete="SET NULL"), index=True)
    credited_booth_id: Mapped[int | None] = mapped_column(ForeignKey("booth.id", ondelete="SET NULL"), index=True)

    buyer = relationship("User")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    fulfilments: Mapped[list[Fulfilment]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Fulfilment.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="[OrderEvent.occurred_at, OrderEvent.id]"
    )
    payments = relationship("Payment", back_populates="order", order_by="Payment.id")

    @property
    def subtotal(self) -> Money:
        return Money(self.subtotal_amount, self.currency)

    @property
    def shipping(self) -> Money:
        return Money(self.shipping_amount, self.currency)

    @property
    def total(self) -> Money:
        return Money(self.total_amount, self.currency)

    @property
    def payment(self):
        """The latest payment attempt, if any."""
        return self.payments[-1] if self.payments else None

    @property
    def is_awaiting_payment(self) -> bool:
        return self.status == OrderStatus.AWAITING_PAYMENT

    @property
    def is_paid(self) -> bool:
        return self.status in (OrderStatus.PAID, OrderStatus.COMPLETED)

    @property
    def is_sample(self) -> bool:
        return self.kind == OrderKind.SAMPLE

    @property
    def is_wholesale(self) -> bool:
        return self.kind == OrderKind.WHOLESALE

    @property
    def pays_by_card(self) -> bool:
        return self.payment_method == PaymentMethod.CARD

    @property
    def pays_by_transfer(self) -> bool:
        return self.payment_method == PaymentMethod.TRANSFER

    @property
    def ships_in_peru(self) -> bool:
        return self.country == "PE"

    @property
    def district(self) -> ubigeo.District | None:
        return ubigeo.district(self.district_code)

    def __repr__(self) -> str:
        return f"<Order {self.reference} {self.status}>"


class Fulfilment(db.Model):
    """The part of an order one producer packs and ships."""

    __tablename__ = "fulfilment"
    __table_args__ = (UniqueConstraint("order_id", "organisation_id", name="uq_fulfilment_order_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("customer_order.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(String(120))  # as it was when ordered
    status: Mapped[FulfilmentStatus] = mapped_column(
        enum_type(FulfilmentStatus), default=FulfilmentStatus.AWAITING_PAYMENT, index=True
    )
    subtotal_amount: Mapped[int] = mapped_column()
    shipping_amount: Mapped[int] = mapped_column()
    courier: Mapped[Courier | None] = mapped_column(enum_type(Courier))
    courier_name: Mapped[str | None] = mapped_column(String(60))  # when the courier is "other"
    tracking_number: Mapped[str | None] = mapped_column(String(60))
    packed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(back_populates="fulfilments")
    organisation = relationship("Organisation")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="fulfilment", order_by="OrderLine.id")

    @property
    def subtotal(self) -> Money:
        return Money(self.subtotal_amount, self.order.currency)

    @property
    def shipping(self) -> Money:
        return Money(self.shipping_amount, self.order.currency)

    @property
    def total(self) -> Money:
        return Money(self.subtotal_amount + self.shipping_amount, self.order.currency)

    @property
    def is_unshipped(self) -> bool:
        return self.status in UNSHIPPED

    @property
    def can_pack(self) -> bool:
        return FulfilmentStatus.PACKED in FULFILMENT_TRANSITIONS[self.status]

    @property
    def can_ship(self) -> bool:
        return FulfilmentStatus.SHIPPED in FULFILMENT_TRANSITIONS[self.status]

    @property
    def can_deliver(self) -> bool:
        return FulfilmentStatus.DELIVERED in FULFILMENT_TRANSITIONS[self.status]


class OrderLine(db.Model):
    """One variant bought: a snapshot of what it was called and cost when the order was placed."""

    __tablename__ = "order_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # Zero for a free sample; every other line costs something (checked where lines are made).
        CheckConstraint("unit_price_amount >= 0", name="unit_price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("customer_order.id", ondelete="CASCADE"), index=True)
    fulfilment_id: Mapped[int] = mapped_column(ForeignKey("fulfilment.id", ondelete="CASCADE"), index=True)
    # Kept loose: a product deleted later leaves the snapshot intact.
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("variant.id", ondelete="SET NULL"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    product_name: Mapped[str] = mapped_column(String(140))  # Spanish, as every product has
    variant_name: Mapped[str | None] = mapped_column(String(60))
    # English, when the product had it when ordered: the buyer's order and emails read it.
    product_name_en: Mapped[str | None] = mapped_column(String(140))
    variant_name_en: Mapped[str | None] = mapped_column(String(60))
    sku: Mapped[str] = mapped_column(String(40))
    unit_price_amount: Mapped[int] = mapped_column()
    quantity: Mapped[int] = mapped_column()

    order: Mapped[Order] = relationship(back_populates="lines")
    fulfilment: Mapped[Fulfilment] = relationship(back_populates="lines")

    @property
    def unit_price(self) -> Money:
        return Money(self.unit_price_amount, self.order.currency)

    @property
    def total(self) -> Money:
        return Money(self.unit_price_amount * self.quantity, self.order.currency)

    @property
    def label(self) -> str:
        return f"{self.product_name} — {self.variant_name}" if self.variant_name else self.product_name

    def label_in(self, locale: str) -> str:
        """What was bought, in `locale` where the product had that language, else in Spanish."""
        if locale != "en":
            return self.label
        product = self.product_name_en or self.product_name
        variant = (self.variant_name_en or self.variant_name) if self.variant_name else None
        return f"{product} — {variant}" if variant else product


class OrderEvent(db.Model):
    """Everything that happens to an order, in order: who, when, what (Saleor's OrderEvent)."""

    __tablename__ = "order_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("customer_order.id", ondelete="CASCADE"), index=True)
    fulfilment_id: Mapped[int | None] = mapped_column(ForeignKey("fulfilment.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))  # "placed", "status_changed", "payment_flagged", …
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    order: Mapped[Order] = relationship(back_populates="events")
    fulfilment = relationship("Fulfilment")
    actor = relationship("User")
