"""LedgerEntry: an append-only account of what the marketplace owes each producer.

A paid order writes one SALE per producer (what the parcel earned, less commission); a refund
writes its mirror image; a payout is an entry too. What is owed is the sum of `net_amount`.
Entries are never changed, only added, so the history always adds up.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..money import Money
from ..status import enum_type


class EntryKind(StrEnum):
    SALE = "sale"  # a paid order: + gross, + commission, + net
    SAMPLE = "sample"  # a paid sample order ("muestra sin valor comercial"): + gross, no commission, + net
    REFUND = "refund"  # the same order refunded: the sale's amounts, negated
    PAYOUT = "payout"  # money sent to the producer: − net
    ADVANCE = "advance"  # paid ahead of delivery on a wholesale order: − net; part of what was paid out


class LedgerEntry(db.Model):
    __tablename__ = "ledger_entry"
    # One sale and at most one refund per order and producer, whatever retries happen.
    __table_args__ = (
        UniqueConstraint("order_id", "organisation_id", "kind", name="uq_ledger_entry_order_organisation_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("customer_order.id"), index=True)
    kind: Mapped[EntryKind] = mapped_column(enum_type(EntryKind))
    currency: Mapped[str] = mapped_column(String(3), default="PEN")
    gross_amount: Mapped[int] = mapped_column(default=0)  # goods + shipping the buyer paid for this parcel
    commission_amount: Mapped[int] = mapped_column(default=0)
    net_amount: Mapped[int] = mapped_column()  # what this entry adds to (or takes from) what is owed
    commission_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    occurred_on: Mapped[date] = mapped_column()  # the day the sale was paid, or the payout made
    bank_reference: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    organisation = relationship("Organisation")
    order = relationship("Order")
    recorded_by = relationship("User")

    @property
    def gross(self) -> Money:
        return Money(self.gross_amount, self.currency)

    @property
    def commission(self) -> Money:
        return Money(self.commission_amount, self.currency)

    @property
    def net(self) -> Money:
        return Money(self.net_amount, self.currency)
