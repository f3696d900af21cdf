"""Quote requests and the offers that answer them (cotización / proforma).

A QuoteRequest is one conversation between a buyer and a producer (or a brand's steward): the
goods and quantities asked for, where they go and on which Incoterm. Each answer is a Quote:
the producer's offer or the buyer's counter-offer, with its own lines and prices. The latest
offer is the one the buyer accepts, and the order made from it carries exactly its prices.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..money import Money
from ..status import enum_type

CURRENCIES = ("PEN", "USD")
MAX_ADVANCE_PERCENT = 50  # as fair-trade buyers pay producers: at most half before delivery


class QuoteStatus(StrEnum):
    REQUESTED = "requested"  # the buyer asked; waiting for the producer's prices
    QUOTED = "quoted"  # the producer's offer is on the table
    COUNTERED = "countered"  # the buyer's counter-offer is on the table
    ACCEPTED = "accepted"  # the buyer accepted the offer: an order exists
    DECLINED = "declined"  # either side said no
    EXPIRED = "expired"  # nobody answered in time, or the offer's validity ended


class Mover(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"  # a member of the producer, or a steward of the brand
    SYSTEM = "system"  # the scheduled expiry


S, M = QuoteStatus, Mover
# The allowed moves and who may make each one; move_quote() refuses anything else.
QUOTE_TRANSITIONS: dict[QuoteStatus, dict[QuoteStatus, set[Mover]]] = {
    S.REQUESTED: {S.QUOTED: {M.SELLER}, S.DECLINED: {M.SELLER, M.BUYER}, S.EXPIRED: {M.SYSTEM}},
    S.QUOTED: {
        S.QUOTED: {M.SELLER},  # the producer revises its own offer
        S.COUNTERED: {M.BUYER},
        S.ACCEPTED: {M.BUYER},
        S.DECLINED: {M.SELLER, M.BUYER},
        S.EXPIRED: {M.SYSTEM},
    },
    S.COUNTERED: {S.QUOTED: {M.SELLER}, S.DECLINED: {M.SELLER, M.BUYER}, S.EXPIRED: {M.SYSTEM}},
    S.ACCEPTED: {},
    S.DECLINED: {},
    S.EXPIRED: {},
}
del S, M

OPEN_STATUSES = (QuoteStatus.REQUESTED, QuoteStatus.QUOTED, QuoteStatus.COUNTERED)


class Incoterm(StrEnum):
    EXW = "exw"  # ex works: the buyer collects at the producer's
    FOB_CALLAO = "fob_callao"  # free on board at the port of Callao
    CIF = "cif"  # cost, insurance and freight to the destination port


INCOTERM_LABELS = {
    Incoterm.EXW: _l("EXW (en el taller o almacén del productor)"),
    Incoterm.FOB_CALLAO: _l("FOB Callao"),
    Incoterm.CIF: _l("CIF puerto de destino"),
}

STATUS_LABELS = {
    QuoteStatus.REQUESTED: _l("Pedida"),
    QuoteStatus.QUOTED: _l("Cotizada"),
    QuoteStatus.COUNTERED: _l("Contraoferta del comprador"),
    QuoteStatus.ACCEPTED: _l("Aceptada"),
    QuoteStatus.DECLINED: _l("Rechazada"),
    QuoteStatus.EXPIRED: _l("Vencida"),
}


class QuoteRequest(db.Model):
    __tablename__ = "quote_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # random: URLs and emails carry it
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Set when asked for a product that shows a collective brand's seal: its stewards may answer
    # with stock from several authorised members.
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("collective_brand.id", ondelete="SET NULL"), index=True)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str | None] = mapped_column(String(160))
    phone: Mapped[str | None] = mapped_column(String(30))
    locale: Mapped[str] = mapped_column(String(5), default="es")
    country: Mapped[str] = mapped_column(String(2))  # destination, ISO 3166-1 alpha-2
    destination: Mapped[str | None] = mapped_column(String(120))  # city or port
    incoterm: Mapped[Incoterm] = mapped_column(enum_type(Incoterm))
    currency: Mapped[str] = mapped_column(String(3))
    wanted_by: Mapped[date | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[QuoteStatus] = mapped_column(enum_type(QuoteStatus), default=QuoteStatus.REQUESTED, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # A guest's request reaches the producer only once its email is confirmed.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last Lima day on which the open request, offer or counter-offer may be answered.
    expires_on: Mapped[date] = mapped_column(index=True)
    credited_fair_id: Mapped[int | None] = mapped_column(ForeignKey("fair.id", ondelete="SET NULL"), index=True)
    credited_booth_id: Mapped[int | None] = mapped_column(ForeignKey("booth.id", ondelete="SET NULL"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("customer_order.id", ondelete="SET NULL"), unique=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Soles per dollar used when a USD offer became an order in soles (none for PEN).
    order_exchange_rate: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))

    organisation = relationship("Organisation")
    brand = relationship("CollectiveBrand")
    buyer = relationship("User")
    order = relationship("Order")
    lines: Mapped[list[QuoteRequestLine]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="QuoteRequestLine.id"
    )
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Quote.id"
    )

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def latest(self) -> Quote | None:
        return self.quotes[-1] if self.quotes else None

    @property
    def offer(self) -> Quote | None:
        """The producer's latest offer: what the buyer accepts or counters."""
        return next((q for q in reversed(self.quotes) if q.by_seller), None)

    @property
    def can_accept(self) -> bool:
        return self.status == QuoteStatus.QUOTED

    @property
    def can_counter(self) -> bool:
        return self.status == QuoteStatus.QUOTED

    @property
    def awaits_seller(self) -> bool:
        return self.status in (QuoteStatus.REQUESTED, QuoteStatus.COUNTERED) and self.is_confirmed

    def __repr__(self) -> str:
        return f"<QuoteRequest {self.reference} {self.status}>"


class QuoteRequestLine(db.Model):
    """One product asked for, as the buyer asked."""

    __tablename__ = "quote_request_line"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("quote_request.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"))
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("variant.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(210))  # the product and variant as named when asked
    quantity: Mapped[int] = mapped_column()

    request: Mapped[QuoteRequest] = relationship(back_populates="lines")
    product = relationship("Product")
    variant = relationship("Variant")


class Quote(db.Model):
    """One answer in the conversation: the seller's offer, or the buyer's counter-offer."""

    __tablename__ = "quote"
    __table_args__ = (
        CheckConstraint("advance_percent >= 0 AND advance_percent <= 50", name="advance_percent_range"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("quote_request.id", ondelete="CASCADE"), index=True)
    by_seller: Mapped[bool] = mapped_column()
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Answered as the brand's steward: the lines may come from several member organisations.
    as_steward: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    incoterm: Mapped[Incoterm] = mapped_column(enum_type(Incoterm))
    valid_until: Mapped[date] = mapped_column()
    lead_time_days: Mapped[int] = mapped_column(default=0)
    advance_percent: Mapped[int] = mapped_column(default=0)
    payment_terms: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(Text)
    # Soles per dollar on the day a USD offer was made: the proforma shows the equivalent in soles
    # and the order in soles is made at this rate.
    exchange_rate: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))

    request: Mapped[QuoteRequest] = relationship(back_populates="quotes")
    author = relationship("User")
    lines: Mapped[list[QuoteLine]] = relationship(
        back_populates="quote", cascade="all, delete-orphan", order_by="QuoteLine.id"
    )

    @property
    def proforma_number(self) -> str:
        return f"PF-{self.created_at.year}-{self.id:06d}"

    @property
    def currency(self) -> str:
        return self.request.currency

    @property
    def total(self) -> Money:
        return Money(sum(line.unit_price_amount * line.quantity for line in self.lines), self.currency)

    @property
    def organisation_ids(self) -> list[int]:
        return sorted({line.organisation_id for line in self.lines})

    @property
    def is_split(self) -> bool:
        return len(self.organisation_ids) > 1


class QuoteLine(db.Model):
    """A quantity of one variant at one unit price; a steward's split has one line per member share."""

    __tablename__ = "quote_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_amount > 0", name="unit_price_positive"),
        CheckConstraint("minimum_quantity > 0", name="minimum_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quote.id", ondelete="CASCADE"), index=True)
    request_line_id: Mapped[int | None] = mapped_column(ForeignKey("quote_request_line.id", ondelete="SET NULL"))
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("variant.id", ondelete="SET NULL"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    label: Mapped[str] = mapped_column(String(210))
    quantity: Mapped[int] = mapped_column()
    minimum_quantity: Mapped[int] = mapped_column(default=1)
    unit_price_amount: Mapped[int] = mapped_column()  # minor units of the request's currency

    quote: Mapped[Quote] = relationship(back_populates="lines")
    variant = relationship("Variant")
    product = relationship("Product")
    organisation = relationship("Organisation")

    @property
    def unit_price(self) -> Money:
        return Money(self.unit_price_amount, self.quote.currency)

    @property
    def total(self) -> Money:
        return Money(self.unit_price_amount * self.quantity, self.quote.currency)
