"""The Libro de Reclamaciones: numbered claim sheets, their answers, and the yearly numbering.

A sheet keeps what the law asks it to record (Ley 29571 art. 150, DS 011-2011-PCM and its
amendments): the seller as it was when the sheet was filed, the consumer, what was contracted,
the kind (reclamo or queja), the detail, the consumer's request, and the seller's answer. Once
filed, nothing on it changes except the answer, which is written once.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..clock import LIMA, UTCDateTime, utcnow
from ..extensions import db
from ..money import Money
from ..status import enum_type

CURRENCY = "PEN"


class ComplaintKind(StrEnum):
    RECLAMO = "reclamo"  # disagreement with the goods or service contracted
    QUEJA = "queja"  # disagreement not about the goods or service: the attention, the treatment


class ContractedKind(StrEnum):
    PRODUCT = "product"
    SERVICE = "service"


class DocumentType(StrEnum):
    DNI = "dni"
    CE = "ce"  # carné de extranjería
    PASSPORT = "passport"


class ComplaintStatus(StrEnum):
    RECEIVED = "received"  # filed; the seller's answer is due
    ANSWERED = "answered"  # answered; final


COMPLAINT_TRANSITIONS = {
    ComplaintStatus.RECEIVED: {ComplaintStatus.ANSWERED},
    ComplaintStatus.ANSWERED: set(),
}


class AnswerAlreadyGiven(Exception):
    """An answer is on the sheet already; it is never rewritten."""


class ComplaintCounter(db.Model):
    """The last number given in a year. Taking a number updates this row, which holds its lock
    until the sheet is committed, so numbers are unique and a rolled-back sheet leaves no gap."""

    __tablename__ = "complaint_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class Complaint(db.Model):
    """One hoja de reclamación."""

    __tablename__ = "complaint"
    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_complaint_year_number"),
        CheckConstraint("claimed_amount IS NULL OR claimed_amount > 0", name="claimed_amount_positive"),
        CheckConstraint("(status = 'answered') = (answer IS NOT NULL)", name="answered_has_answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_on: Mapped[date] = mapped_column(Date)  # the day in Lima, from which the deadline runs
    answer_due_on: Mapped[date] = mapped_column(Date, index=True)
    locale: Mapped[str] = mapped_column(String(5), default="es")
    # The seller, as it stood on the day.
    seller_legal_name: Mapped[str] = mapped_column(String(200))
    seller_ruc: Mapped[str] = mapped_column(String(11))
    seller_address: Mapped[str] = mapped_column(String(300))
    # The consumer.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    consumer_name: Mapped[str] = mapped_column(String(120))
    document_type: Mapped[DocumentType] = mapped_column(enum_type(DocumentType))
    document_number: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(254))
    is_minor: Mapped[bool] = mapped_column(default=False)
    guardian_name: Mapped[str | None] = mapped_column(String(120))  # parent or representative of a minor
    # What was contracted.
    contracted: Mapped[ContractedKind] = mapped_column(enum_type(ContractedKind))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("customer_order.id", ondelete="SET NULL"), index=True)
    order_reference: Mapped[str | None] = mapped_column(String(16))  # kept if the order is ever deleted
    description: Mapped[str] = mapped_column(String(500))
    claimed_amount: Mapped[int | None] = mapped_column()  # céntimos
    currency: Mapped[str] = mapped_column(String(3), default=CURRENCY)
    # The claim.
    kind: Mapped[ComplaintKind] = mapped_column(enum_type(ComplaintKind))
    detail: Mapped[str] = mapped_column(Text)
    consumer_request: Mapped[str] = mapped_column(Text)  # the pedido: what the consumer asks for
    # The seller's answer.
    status: Mapped[ComplaintStatus] = mapped_column(
        enum_type(ComplaintStatus), default=ComplaintStatus.RECEIVED, index=True
    )
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    order = relationship("Order")

    @validates("answer")
    def _answer_written_once(self, key, value):
        if self.answer is not None and value != self.answer:
            raise AnswerAlreadyGiven(self.code)
        return value

    @property
    def code(self) -> str:
        """The sheet's number as printed: "2026-000042"."""
        return f"{self.year}-{self.number:06d}"

    @property
    def claimed(self) -> Money | None:
        return Money(self.claimed_amount, self.currency) if self.claimed_amount is not None else None

    @property
    def is_answered(self) -> bool:
        return self.status == ComplaintStatus.ANSWERED

    @property
    def answered_on_time(self) -> bool | None:
        """None while unanswered; whether the answer came by the due day (in Lima)."""
        if self.answered_at is None:
            return None
        return self.answered_at.astimezone(LIMA).date() <= self.answer_due_on
