"""Collective brands (marcas colectivas), who may use them, who keeps them, and the listings
that claim them.

A brand's seal on a product is derived when it is read: an approved listing of an
organisation whose authorisation is current today. Suspending or letting an authorisation
lapse therefore removes the seal from every listing of that organisation at once, with no job.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..status import enum_type

REGISTRATION_YEARS = 10  # Decision 486: a registration lasts ten years and renews for ten more


class CollectiveBrand(db.Model):
    __tablename__ = "collective_brand"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(2), index=True)
    registration_number: Mapped[str | None] = mapped_column(String(60))  # INDECOPI certificate
    nice_classes: Mapped[str | None] = mapped_column(String(60))  # e.g. "18, 22, 24, 25"
    granted_on: Mapped[date | None] = mapped_column()
    expires_on: Mapped[date | None] = mapped_column()
    description_es: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The goods the registration covers and the reglamento de uso, in the buyer's language.
    products_covered_es: Mapped[str | None] = mapped_column(Text)
    products_covered_en: Mapped[str | None] = mapped_column(Text)
    usage_rules_es: Mapped[str | None] = mapped_column(Text)
    usage_rules_en: Mapped[str | None] = mapped_column(Text)
    # The signed reglamento as a PDF in media storage (content-hashed key).
    rules_document_key: Mapped[str | None] = mapped_column(String(200))
    rules_document_name: Mapped[str | None] = mapped_column(String(200))
    rules_document_bytes: Mapped[int | None] = mapped_column()
    seal_image_id: Mapped[int | None] = mapped_column(ForeignKey("image.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner = relationship("Organisation")
    seal_image = relationship("Image")
    memberships = relationship("BrandMembership", back_populates="brand", cascade="all, delete-orphan")
    stewards = relationship("BrandSteward", back_populates="brand", cascade="all, delete-orphan")

    def registration_expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today

    def registration_expires_within(self, days: int, today: date) -> bool:
        """True when the registration ends within `days` (or has ended): time to renew."""
        return self.expires_on is not None and (self.expires_on - today).days <= days

    def __repr__(self) -> str:
        return f"<CollectiveBrand {self.slug}>"


class BrandMembershipStatus(StrEnum):
    ACTIVE = "active"  # authorised (between its dates)
    SUSPENDED = "suspended"  # the owner suspended it, with a reason; may be lifted
    ENDED = "ended"  # the owner ended it, with a reason; a new authorisation starts it again


BRAND_MEMBERSHIP_TRANSITIONS = {
    BrandMembershipStatus.ACTIVE: {BrandMembershipStatus.SUSPENDED, BrandMembershipStatus.ENDED},
    BrandMembershipStatus.SUSPENDED: {BrandMembershipStatus.ACTIVE, BrandMembershipStatus.ENDED},
    BrandMembershipStatus.ENDED: {BrandMembershipStatus.ACTIVE},
}


class BrandMembership(db.Model):
    """An organisation authorised by the brand's owner to use the brand."""

    __tablename__ = "brand_membership"
    __table_args__ = (UniqueConstraint("brand_id", "organisation_id", name="uq_brand_membership_brand_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("collective_brand.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    status: Mapped[BrandMembershipStatus] = mapped_column(
        enum_type(BrandMembershipStatus), default=BrandMembershipStatus.ACTIVE
    )
    authorised_from: Mapped[date | None] = mapped_column()
    authorised_until: Mapped[date | None] = mapped_column()  # inclusive; none: until ended
    authorised_by_resolution: Mapped[str | None] = mapped_column(String(120))  # the owner's act or resolution
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    brand = relationship("CollectiveBrand", back_populates="memberships")
    organisation = relationship("Organisation")

    def is_current(self, today: date) -> bool:
        """Active and within its dates today: its approved listings show the seal."""
        return (
            self.status == BrandMembershipStatus.ACTIVE
            and (self.authorised_from is None or self.authorised_from <= today)
            and (self.authorised_until is None or self.authorised_until >= today)
        )

    def has_lapsed(self, today: date) -> bool:
        return self.status == BrandMembershipStatus.ACTIVE and self.authorised_until is not None and self.authorised_until < today


class BrandSteward(db.Model):
    """A member of the brand owner's organisation who keeps the brand for it."""

    __tablename__ = "brand_steward"
    __table_args__ = (UniqueConstraint("brand_id", "user_id", name="uq_brand_steward_brand_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("collective_brand.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    appointed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    brand = relationship("CollectiveBrand", back_populates="stewards")
    user = relationship("User", foreign_keys=[user_id])
    appointed_by = relationship("User", foreign_keys=[appointed_by_id])


class ListingState(StrEnum):
    DRAFT = "draft"  # claimed, not yet sent for review
    SUBMITTED = "submitted"  # waiting for the brand steward's check
    STEWARD_CHECKED = "steward_checked"  # the steward says it meets the rules; waiting for staff
    APPROVED = "approved"  # the seal shows while the organisation's authorisation is current
    SENT_BACK = "sent_back"  # the steward asks for changes (reason given)
    REJECTED = "rejected"  # staff refused it (reason given); may be fixed and sent again
    WITHDRAWN = "withdrawn"  # the producer took the claim back


class Mover(StrEnum):
    """Who makes a move: the producer's members, the brand's stewards, programme staff, or the
    marketplace itself (an edit to an approved listing puts it back in the queue)."""

    PRODUCER = "producer"
    STEWARD = "steward"
    STAFF = "staff"
    SYSTEM = "system"


S = ListingState
# The allowed moves and who makes each one. Moves not listed are refused by move_listing().
LISTING_TRANSITIONS: dict[ListingState, dict[ListingState, Mover]] = {
    S.DRAFT: {S.SUBMITTED: Mover.PRODUCER, S.WITHDRAWN: Mover.PRODUCER},
    S.SUBMITTED: {S.STEWARD_CHECKED: Mover.STEWARD, S.SENT_BACK: Mover.STEWARD, S.WITHDRAWN: Mover.PRODUCER},
    S.STEWARD_CHECKED: {
        S.APPROVED: Mover.STAFF,
        S.REJECTED: Mover.STAFF,
        S.WITHDRAWN: Mover.PRODUCER,
        S.SUBMITTED: Mover.SYSTEM,  # edited after the steward's check: the check is redone
    },
    S.APPROVED: {S.SUBMITTED: Mover.SYSTEM, S.WITHDRAWN: Mover.PRODUCER},
    S.SENT_BACK: {S.SUBMITTED: Mover.PRODUCER, S.WITHDRAWN: Mover.PRODUCER},
    S.REJECTED: {S.SUBMITTED: Mover.PRODUCER},
    S.WITHDRAWN: {S.SUBMITTED: Mover.PRODUCER},
}
del S

# Moves that must say why: the producer reads the reason in the email.
REASON_REQUIRED = {ListingState.SENT_BACK, ListingState.REJECTED}
# Listings someone is looking at: the steward's queue and the staff queue.
UNDER_REVIEW = {ListingState.SUBMITTED, ListingState.STEWARD_CHECKED}


class BrandListing(db.Model):
    """A product's claim to a collective brand, and where its review stands."""

    __tablename__ = "brand_listing"
    __table_args__ = (
        UniqueConstraint("product_id", "brand_id", name="uq_brand_listing_product_brand"),
        Index("ix_brand_listing_state_submitted_at", "state", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("collective_brand.id", ondelete="CASCADE"), index=True)
    state: Mapped[ListingState] = mapped_column(enum_type(ListingState), default=ListingState.DRAFT)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was last sent back, rejected or re-queued
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last (re)submission: queue order
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    product = relationship("Product")
    brand = relationship("CollectiveBrand")
    claimed_by = relationship("User", foreign_keys=[claimed_by_id])
    checked_by = relationship("User", foreign_keys=[checked_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def is_approved(self) -> bool:
        return self.state == ListingState.APPROVED

    @property
    def is_under_review(self) -> bool:
        return self.state in UNDER_REVIEW

    def shows_seal_on(self, today: date) -> bool:
        """Approved, and the product's organisation is authorised for the brand on `today`."""
        if self.state != ListingState.APPROVED:
            return False
        membership = db.session.scalar(
            db.select(BrandMembership).where(
                BrandMembership.brand_id == self.brand_id,
                BrandMembership.organisation_id == self.product.organisation_id,
            )
        )
        return membership is not None and membership.is_current(today)

    def allowed_moves(self, mover: Mover) -> set[ListingState]:
        return {target for target, who in LISTING_TRANSITIONS.get(self.state, {}).items() if who == mover}

    def __repr__(self) -> str:
        return f"<BrandListing {self.id} {self.state}>"
