"""Collective brands (marcas colectivas) and the organisations authorised to use them."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..status import enum_type


class CollectiveBrand(db.Model):
    __tablename__ = "collective_brand"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(2), index=True)
    registration_number: Mapped[str | None] = mapped_column(String(60))  # INDECOPI certificate
    nice_classes: Mapped[str | None] = mapped_column(String(60))  # e.g. "22, 24, 25, 18"
    granted_on: Mapped[date | None] = mapped_column()
    expires_on: Mapped[date | None] = mapped_column()
    description_es: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner = relationship("Organisation")
    memberships = relationship("BrandMembership", back_populates="brand", cascade="all, delete-orphan")


class BrandMembershipStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


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
    authorised_until: Mapped[date | None] = mapped_column()
    resolution: Mapped[str | None] = mapped_column(String(120))  # the owner's act or resolution number

    brand = relationship("CollectiveBrand", back_populates="memberships")
    organisation = relationship("Organisation")
