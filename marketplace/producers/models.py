"""Producer organisations and the people who belong to them."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import ubigeo
from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..status import enum_type


class OrganisationKind(StrEnum):
    INDIVIDUAL = "individual"  # artesano(a) individual
    FAMILY = "family"  # empresa familiar
    ASSOCIATION = "association"  # asociación
    CONSORTIUM = "consortium"  # consorcio


class VerificationStatus(StrEnum):
    UNVERIFIED = "unverified"  # waiting for staff; nothing of it is public
    VERIFIED = "verified"
    REJECTED = "rejected"


# The allowed moves; staff decide, the producer may ask again after fixing a rejection.
VERIFICATION_TRANSITIONS = {
    VerificationStatus.UNVERIFIED: {VerificationStatus.VERIFIED, VerificationStatus.REJECTED},
    VerificationStatus.REJECTED: {VerificationStatus.UNVERIFIED},
    VerificationStatus.VERIFIED: {VerificationStatus.REJECTED},
}


class MemberRole(StrEnum):
    OWNER = "owner"  # created it or was made owner: may invite and edit
    MEMBER = "member"


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind))
    district_code: Mapped[str] = mapped_column(String(6))
    # The region's two digits, kept beside the district so the catalogue can filter by it.
    region_code: Mapped[str] = mapped_column(String(2), index=True)
    ruc: Mapped[str | None] = mapped_column(String(11))
    dni: Mapped[str | None] = mapped_column(String(9))
    rna_number: Mapped[str | None] = mapped_column(String(40))
    women_led: Mapped[bool] = mapped_column(default=False)
    # How many women and men the organisation says it has (an association of 18, 11 of them
    # women), where it records it: counts only, never who. Programme figures add them up.
    members_women: Mapped[int | None] = mapped_column()
    members_men: Mapped[int | None] = mapped_column()
    story_es: Mapped[str] = mapped_column(Text)
    story_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[VerificationStatus] = mapped_column(
        enum_type(VerificationStatus), default=VerificationStatus.UNVERIFIED, index=True
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships = relationship("Membership", back_populates="organisation", cascade="all, delete-orphan")
    invitations = relationship("Invitation", back_populates="organisation", cascade="all, delete-orphan")

    @property
    def is_public(self) -> bool:
        return self.status == VerificationStatus.VERIFIED

    @property
    def is_waiting(self) -> bool:
        return self.status == VerificationStatus.UNVERIFIED

    @property
    def is_rejected(self) -> bool:
        return self.status == VerificationStatus.REJECTED

    @property
    def district(self) -> ubigeo.District | None:
        return ubigeo.district(self.district_code)

    def set_district(self, code: str) -> None:
        self.district_code = code
        self.region_code = code[:2]

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", name="uq_membership_user_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole), default=MemberRole.MEMBER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", back_populates="memberships")
    organisation = relationship("Organisation", back_populates="memberships")


class Invitation(db.Model):
    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation", back_populates="invitations")
    invited_by = relationship("User")

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None
