"""Fairs (ferias), the booths producers hold there, and the contacts they meet at a booth.

A fair edition is one event on given dates (Expoalimentaria 2026). A booth is one
organisation's participation in it: asked for by the producer or added by staff, accepted by
staff, with a number on the fair's floor and a short code that its QR card opens (/f/<code>).
A contact (contacto comercial) is a buyer met at a booth, followed up through a small pipeline.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..status import enum_type

# A visit through a booth's QR credits what the visitor orders or asks for within this window.
ATTRIBUTION_DAYS = 90


class FairKind(StrEnum):
    RETAIL = "retail"  # the public buys at the stands (De Nuestras Manos)
    B2B = "b2b"  # business meetings with buyers (Expoalimentaria's rueda de negocios)
    BOTH = "both"


class Fair(db.Model):
    """One edition of a fair, on given dates."""

    __tablename__ = "fair"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)  # expoalimentaria-2026
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(80))
    venue: Mapped[str | None] = mapped_column(String(160))
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date] = mapped_column()
    kind: Mapped[FairKind] = mapped_column(enum_type(FairKind))
    description_es: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    booths: Mapped[list[Booth]] = relationship(back_populates="fair", order_by="Booth.id")

    def is_upcoming(self, today: date) -> bool:
        return today < self.starts_on

    def is_current(self, today: date) -> bool:
        return self.starts_on <= today <= self.ends_on

    def is_past(self, today: date) -> bool:
        return self.ends_on < today

    def __repr__(self) -> str:
        return f"<Fair {self.slug}>"


class BoothStatus(StrEnum):
    REQUESTED = "requested"  # the producer asked to join; staff decide
    ACCEPTED = "accepted"  # on the fair's list, with a booth number and a QR card
    DECLINED = "declined"  # staff said no, with a reason
    WITHDRAWN = "withdrawn"  # the producer or staff took it back before the fair


BOOTH_TRANSITIONS = {
    BoothStatus.REQUESTED: {BoothStatus.ACCEPTED, BoothStatus.DECLINED, BoothStatus.WITHDRAWN},
    BoothStatus.ACCEPTED: {BoothStatus.WITHDRAWN},
    BoothStatus.DECLINED: {BoothStatus.REQUESTED},
    BoothStatus.WITHDRAWN: {BoothStatus.REQUESTED},
}


class Booth(db.Model):
    """An organisation's participation in a fair (FairParticipation in the design)."""

    __tablename__ = "booth"
    __table_args__ = (UniqueConstraint("fair_id", "organisation_id", name="uq_booth_fair_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    # The short code the booth's QR opens (/f/<code>): random, unguessable, easy to type.
    code: Mapped[str] = mapped_column(String(12), unique=True)
    number: Mapped[str | None] = mapped_column(String(20))  # "B-14", given by the organiser
    status: Mapped[BoothStatus] = mapped_column(enum_type(BoothStatus), default=BoothStatus.REQUESTED, index=True)
    # The number buyers write to on WhatsApp from the card; the organisation's phone otherwise.
    whatsapp: Mapped[str | None] = mapped_column(String(30))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)

    fair: Mapped[Fair] = relationship(back_populates="booths")
    organisation = relationship("Organisation")

    @property
    def is_accepted(self) -> bool:
        return self.status == BoothStatus.ACCEPTED

    def __repr__(self) -> str:
        return f"<Booth {self.code} {self.status}>"


class BoothScanDay(db.Model):
    """How many times a booth's QR was opened on one Lima calendar day: a count, no visitor data."""

    __tablename__ = "booth_scan_day"

    booth_id: Mapped[int] = mapped_column(ForeignKey("booth.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    scans: Mapped[int] = mapped_column(default=0)


class FairVisit(db.Model):
    """A signed-in buyer's latest visit through a booth's QR: the account's copy of the visit
    cookie, so an order placed on another device within the window is credited too."""

    __tablename__ = "fair_visit"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booth.id", ondelete="CASCADE"), index=True)
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ContactStage(StrEnum):
    MET = "met"  # met at the booth
    SAMPLE_SENT = "sample_sent"
    QUOTED = "quoted"
    ORDERED = "ordered"
    LOST = "lost"  # with a reason


# The follow-up pipeline (DOMAIN §7): steps may be skipped forward, a lost contact may be reopened.
CONTACT_TRANSITIONS = {
    ContactStage.MET: {ContactStage.SAMPLE_SENT, ContactStage.QUOTED, ContactStage.ORDERED, ContactStage.LOST},
    ContactStage.SAMPLE_SENT: {ContactStage.QUOTED, ContactStage.ORDERED, ContactStage.LOST},
    ContactStage.QUOTED: {ContactStage.ORDERED, ContactStage.LOST},
    ContactStage.ORDERED: set(),
    ContactStage.LOST: {ContactStage.MET},
}


class Contact(db.Model):
    """A buyer met at a booth (contacto comercial), owned by the booth's organisation."""

    __tablename__ = "fair_contact"
    __table_args__ = (
        # The browser's id for a contact saved offline: sending it twice stores it once.
        UniqueConstraint("client_id", name="uq_fair_contact_client_id"),
        Index("ix_fair_contact_fair_email", "fair_id", "organisation_id", "email"),
        Index("ix_fair_contact_fair_whatsapp", "fair_id", "organisation_id", "whatsapp"),
        # The fair report counts contacts, samples and quotes per booth from this index alone.
        Index("ix_fair_contact_report", "fair_id", "booth_id", "sample_sent_at", "quoted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booth.id", ondelete="CASCADE"), index=True)
    # Kept beside the booth so duplicates (same email or WhatsApp at the same fair) are one lookup.
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str | None] = mapped_column(String(160))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    email: Mapped[str | None] = mapped_column(String(254), index=True)  # lower-cased
    whatsapp: Mapped[str | None] = mapped_column(String(30))  # E.164, +51987654321
    locale: Mapped[str] = mapped_column(String(5), default="es")  # the language to write to them in
    note: Mapped[str | None] = mapped_column(Text)
    # Ley 29733: the exact text the person agreed to, and when.
    consent_text: Mapped[str] = mapped_column(Text)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stage: Mapped[ContactStage] = mapped_column(enum_type(ContactStage), default=ContactStage.MET, index=True)
    met_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sample_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ordered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lost_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lost_reason: Mapped[str | None] = mapped_column(Text)
    # Set when the same person later signs up, orders or asks for a quote online.
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    booth: Mapped[Booth] = relationship()
    fair: Mapped[Fair] = relationship()
    organisation = relationship("Organisation")
    buyer = relationship("User", foreign_keys=[buyer_id])
    interests: Mapped[list[ContactInterest]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactInterest.id"
    )

    def __repr__(self) -> str:
        return f"<Contact {self.id} {self.stage}>"


class ContactInterest(db.Model):
    """A product from the producer's catalogue that a contact asked about."""

    __tablename__ = "fair_contact_interest"
    __table_args__ = (UniqueConstraint("contact_id", "product_id", name="uq_fair_contact_interest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("fair_contact.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)

    contact: Mapped[Contact] = relationship(back_populates="interests")
    product = relationship("Product")
