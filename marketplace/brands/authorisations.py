"""Authorisations: which organisations the brand's owner lets use the brand, from when, until
when, by which act, and their suspension or end."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_
from sqlalchemy.orm import selectinload

from .. import audit
from ..accounts.models import User
from ..clock import lima_today, utcnow
from ..extensions import db
from ..producers.models import Organisation, VerificationStatus
from ..status import check_transition
from . import notices
from .access import is_steward
from .errors import AlreadyAuthorised, AlreadyDecided, DatesOutOfOrder, NotFound, NotYourMove, ReasonRequired
from .models import (
    BRAND_MEMBERSHIP_TRANSITIONS,
    BrandMembership,
    BrandMembershipStatus,
    CollectiveBrand,
)


@dataclass
class AuthorisationDetails:
    """What the steward records from the owner's act: dates and the act or resolution number."""

    authorised_from: date | None
    authorised_until: date | None = None
    resolution: str | None = None


def current_clause(today: date | None = None):
    """SQL: a BrandMembership that is active and within its dates on `today` (Lima)."""
    today = today or lima_today()
    return and_(
        BrandMembership.status == BrandMembershipStatus.ACTIVE,
        or_(BrandMembership.authorised_from.is_(None), BrandMembership.authorised_from <= today),
        or_(BrandMembership.authorised_until.is_(None), BrandMembership.authorised_until >= today),
    )


def current_authorisation(brand_id: int, organisation_id: int, today: date | None = None) -> BrandMembership | None:
    return db.session.scalar(
        db.select(BrandMembership).where(
            BrandMembership.brand_id == brand_id,
            BrandMembership.organisation_id == organisation_id,
            current_clause(today),
        )
    )


def authorisation_of(brand_id: int, organisation_id: int) -> BrandMembership | None:
    """The organisation's authorisation for the brand in whatever status, if it ever had one."""
    return db.session.scalar(
        db.select(BrandMembership).where(
            BrandMembership.brand_id == brand_id, BrandMembership.organisation_id == organisation_id
        )
    )


def authorised_brands(organisation_ids: list[int], today: date | None = None) -> dict[int, list[CollectiveBrand]]:
    """For each organisation, the brands it may claim today."""
    result: dict[int, list[CollectiveBrand]] = {oid: [] for oid in organisation_ids}
    if not organisation_ids:
        return result
    rows = db.session.execute(
        db.select(BrandMembership.organisation_id, CollectiveBrand)
        .join(CollectiveBrand, CollectiveBrand.id == BrandMembership.brand_id)
        .where(BrandMembership.organisation_id.in_(organisation_ids), current_clause(today))
        .order_by(CollectiveBrand.name)
    )
    for organisation_id, brand in rows:
        result[organisation_id].append(brand)
    return result


def authorisations(brand: CollectiveBrand) -> list[BrandMembership]:
    """Every authorisation of the brand, active ones first, then by organisation name."""
    order = {BrandMembershipStatus.ACTIVE: 0, BrandMembershipStatus.SUSPENDED: 1, BrandMembershipStatus.ENDED: 2}
    memberships = list(
        db.session.scalars(
            db.select(BrandMembership)
            .where(BrandMembership.brand_id == brand.id)
            .options(selectinload(BrandMembership.organisation))
        )
    )
    return sorted(memberships, key=lambda m: (order[m.status], m.organisation.name))


def current_members(brand: CollectiveBrand, today: date | None = None) -> list[Organisation]:
    """Verified organisations authorised today: the members a buyer sees on the brand page."""
    return list(
        db.session.scalars(
            db.select(Organisation)
            .join(BrandMembership, BrandMembership.organisation_id == Organisation.id)
            .where(
                BrandMembership.brand_id == brand.id,
                current_clause(today),
                Organisation.status == VerificationStatus.VERIFIED,
            )
            .order_by(Organisation.name)
        )
    )


def organisations_to_authorise(brand: CollectiveBrand) -> list[Organisation]:
    """Verified organisations without an authorisation that is active or suspended."""
    held = db.select(BrandMembership.organisation_id).where(
        BrandMembership.brand_id == brand.id, BrandMembership.status != BrandMembershipStatus.ENDED
    )
    return list(
        db.session.scalars(
            db.select(Organisation)
            .where(Organisation.status == VerificationStatus.VERIFIED, Organisation.id.not_in(held))
            .order_by(Organisation.name)
        )
    )


def _require_keeper(brand: CollectiveBrand, by: User) -> None:
    if not (by.is_staff or is_steward(by, brand)):
        raise NotYourMove()


def _check_dates(details: AuthorisationDetails) -> None:
    if details.authorised_from and details.authorised_until and details.authorised_until < details.authorised_from:
        raise DatesOutOfOrder()


def authorise(brand: CollectiveBrand, organisation_id: int, details: AuthorisationDetails, *, by: User) -> BrandMembership:
    """Authorise an organisation to use the brand (again, if its authorisation had ended), and tell
    its owners. Raises NotYourMove (not a steward of this brand nor staff), NotFound (no such
    verified organisation), AlreadyAuthorised, DatesOutOfOrder.
    """
    _require_keeper(brand, by)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.status != VerificationStatus.VERIFIED:
        raise NotFound(organisation_id)
    _check_dates(details)
    membership = authorisation_of(brand.id, organisation.id)
    if membership is not None and membership.status != BrandMembershipStatus.ENDED:
        raise AlreadyAuthorised(organisation.name)
    previous = None
    if membership is None:
        membership = BrandMembership(brand=brand, organisation=organisation, status=BrandMembershipStatus.ACTIVE)
        db.session.add(membership)
    else:
        previous = membership.status
        check_transition(BRAND_MEMBERSHIP_TRANSITIONS, membership.status, BrandMembershipStatus.ACTIVE)
        membership.status = BrandMembershipStatus.ACTIVE
        membership.status_reason = None
    membership.authorised_from = details.authorised_from or lima_today()
    membership.authorised_until = details.authorised_until
    membership.authorised_by_resolution = (details.resolution or "").strip() or None
    membership.status_changed_at = utcnow()
    db.session.flush()
    audit.record("brand_membership.authorised", membership, actor=by,
                 brand=brand.slug, organisation=organisation.slug,
                 authorised_from=membership.authorised_from.isoformat(),
                 authorised_until=membership.authorised_until.isoformat() if membership.authorised_until else None,
                 resolution=membership.authorised_by_resolution)
    notices.authorisation_changed(membership, previous, by=by, reason=None)
    db.session.commit()
    return membership


def update_authorisation(membership: BrandMembership, details: AuthorisationDetails, *, by: User) -> None:
    """Correct or extend an authorisation's dates and act number. Raises NotYourMove, DatesOutOfOrder."""
    _require_keeper(membership.brand, by)
    _check_dates(details)
    membership.authorised_from = details.authorised_from or membership.authorised_from
    membership.authorised_until = details.authorised_until
    membership.authorised_by_resolution = (details.resolution or "").strip() or None
    audit.record("brand_membership.updated", membership, actor=by,
                 authorised_from=membership.authorised_from.isoformat() if membership.authorised_from else None,
                 authorised_until=membership.authorised_until.isoformat() if membership.authorised_until else None,
                 resolution=membership.authorised_by_resolution)
    db.session.commit()


def change_authorisation(membership: BrandMembership, target: BrandMembershipStatus, *, by: User,
                         reason: str | None = None, expected: BrandMembershipStatus | None = None) -> None:
    """Suspend, end or reinstate an authorisation: the one place its status changes. Writes the
    AuditEvent, tells the organisation's owners and commits. The seal leaves (or comes back to)
    every listing of the organisation at once, since the seal is derived from this row.

    Raises NotYourMove, ReasonRequired (suspending or ending without a reason), AlreadyDecided
    (the status is no longer `expected`), IllegalTransition.
    """
    _require_keeper(membership.brand, by)
    reason = (reason or "").strip() or None
    if target in (BrandMembershipStatus.SUSPENDED, BrandMembershipStatus.ENDED) and not reason:
        raise ReasonRequired()
    db.session.refresh(membership, with_for_update=True)
    if expected is not None and membership.status != expected:
        raise AlreadyDecided(membership, by=last_actor(membership))
    check_transition(BRAND_MEMBERSHIP_TRANSITIONS, membership.status, target)
    previous = membership.status
    membership.status = target
    membership.status_reason = reason
    membership.status_changed_at = utcnow()
    audit.record(f"brand_membership.{target.value}", membership, actor=by, reason=reason,
                 previous=previous.value, brand=membership.brand.slug, organisation=membership.organisation.slug)
    notices.authorisation_changed(membership, previous, by=by, reason=reason)
    db.session.commit()


def last_actor(record) -> User | None:
    events = [e for e in audit.history(record) if e.actor is not None]
    return events[-1].actor if events else None


def membership_for_brand(brand: CollectiveBrand, membership_id: int) -> BrandMembership:
    membership = db.session.scalar(
        db.select(BrandMembership).where(BrandMembership.id == membership_id, BrandMembership.brand_id == brand.id)
    )
    if membership is None:
        raise NotFound(membership_id)
    return membership
