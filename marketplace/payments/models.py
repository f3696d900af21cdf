"""Payments of orders, refunds, and the Stripe events already processed."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..money import Money
from ..orders.models import PaymentMethod
from ..status import enum_type


class PaymentStatus(StrEnum):
    PENDING = "pending"  # waiting for the buyer (card) or for staff to see the transfer
    PROCESSING = "processing"  # a card-like method that settles later (Stripe's async payments)
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"  # the payment window ended without payment
    CANCELLED = "cancelled"  # the order was cancelled before payment
    FLAGGED = "flagged"  # money arrived that does not match the order: staff must look
    REFUNDED = "refunded"


PAYMENT_TRANSITIONS = {
    PaymentStatus.PENDING: {
        PaymentStatus.PROCESSING, PaymentStatus.PAID, PaymentStatus.FAILED,
        PaymentStatus.EXPIRED, PaymentStatus.CANCELLED, PaymentStatus.FLAGGED,
    },
    PaymentStatus.PROCESSING: {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.FLAGGED},
    PaymentStatus.PAID: {PaymentStatus.REFUNDED},
    PaymentStatus.FLAGGED: set(),
    PaymentStatus.FAILED: set(),
    PaymentStatus.EXPIRED: set(),
    PaymentStatus.CANCELLED: set(),
    PaymentStatus.REFUNDED: set(),
}


class Payment(db.Model):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("customer_order.id", ondelete="CASCADE"), index=True)
    method: Mapped[PaymentMethod] = mapped_column(enum_type(PaymentMethod))
    status: Mapped[PaymentStatus] = mapped_column(enum_type(PaymentStatus), default=PaymentStatus.PENDING, index=True)
    amount: Mapped[int] = mapped_column()  # céntimos expected
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stripe_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_session_url: Mapped[str | None] = mapped_column(Text)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(255), index=True)
    bank_reference: Mapped[str | None] = mapped_column(String(80))  # the operation number staff saw
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    flag_reason: Mapped[str | None] = mapped_column(Text)

    order = relationship("Order", back_populates="payments")
    confirmed_by = relationship("User")
    refunds: Mapped[list[Refund]] = relationship(back_populates="payment", order_by="Refund.id")

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def is_flagged(self) -> bool:
        return self.flag_reason is not None

    @property
    def is_processing(self) -> bool:
        return self.status == PaymentStatus.PROCESSING


class Refund(db.Model):
    __tablename__ = "refund"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    bank_reference: Mapped[str | None] = mapped_column(String(80))  # a transfer refunded by hand
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    payment: Mapped[Payment] = relationship(back_populates="refunds")

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class StripeEvent(db.Model):
    """A webhook event already handled; its id as primary key makes a replay a no-op."""

    __tablename__ = "stripe_event"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)  # "evt_…"
    type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(40))  # what it did: "paid", "ignored", "unknown_order", …
