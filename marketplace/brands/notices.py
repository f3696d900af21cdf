"""Who hears about each move of a brand listing or authorisation, by email in their language."""
from __future__ import annotations

from flask import current_app, has_request_context, url_for

from ..accounts.models import User
from ..notifications.services import send_email
from ..producers.models import MemberRole, Organisation
from .models import BrandListing, BrandMembership, BrandMembershipStatus, BrandSteward, ListingState, Mover


def link(endpoint: str, **values) -> str | None:
    """An absolute link for an email, on the public address (PUBLIC_BASE_URL)."""
    if has_request_context() or current_app.config.get("PUBLIC_BASE_URL"):
        return url_for(endpoint, _external=True, **values)
    return None


def _send(people, kind: str, *, skip: User | None = None, **context) -> None:
    seen: set[str] = set()
    for person in people:
        if person is None or person.email in seen or (skip is not None and person.id == skip.id):
            continue
        seen.add(person.email)
        send_email(person.email, kind, locale=person.locale or "es", user=person, **context)


def organisation_owners(organisation: Organisation) -> list[User]:
    return [m.user for m in organisation.memberships if m.role == MemberRole.OWNER]


def producer_people(listing: BrandListing) -> list[User]:
    """The person who claimed the brand (while still a member) and the organisation's owners."""
    organisation = listing.product.organisation
    member_ids = {m.user_id for m in organisation.memberships}
    claimant = [listing.claimed_by] if listing.claimed_by and listing.claimed_by.id in member_ids else []
    return claimant + organisation_owners(organisation)


def steward_people(brand_id: int) -> list[User]:
    from ..extensions import db

    return [s.user for s in db.session.scalars(db.select(BrandSteward).where(BrandSteward.brand_id == brand_id))]


def listing_moved(listing: BrandListing, previous: ListingState, mover: Mover, *, by: User | None,
                  reason: str | None) -> None:
    """Tell the people concerned that a listing moved from `previous` to its current state."""
    target = listing.state
    context = dict(listing=listing, brand=listing.brand, product=listing.product, reason=reason)
    producer_link = link("brands.producer_listing", listing_id=listing.id)
    steward_link = link("brands.steward_listing", slug=listing.brand.slug, listing_id=listing.id)
    if target == ListingState.SUBMITTED:
        requeued = mover == Mover.SYSTEM
        _send(steward_people(listing.brand_id), "brand_listing_to_check", skip=by, requeued=requeued,
              link=steward_link, **context)
        if requeued:
            _send(producer_people(listing), "brand_listing_suspended", skip=None,
                  was_approved=previous == ListingState.APPROVED, link=producer_link, **context)
    elif target in (ListingState.STEWARD_CHECKED, ListingState.SENT_BACK, ListingState.APPROVED, ListingState.REJECTED):
        _send(producer_people(listing), f"brand_listing_{target.value}", skip=by, link=producer_link, **context)
        if target in (ListingState.APPROVED, ListingState.REJECTED):
            _send(steward_people(listing.brand_id), "brand_listing_decided", skip=by, link=steward_link, **context)
    elif target == ListingState.WITHDRAWN and previous != ListingState.DRAFT:
        _send(steward_people(listing.brand_id), "brand_listing_withdrawn", skip=by, **context)


def authorisation_changed(membership: BrandMembership, previous: BrandMembershipStatus | None, *,
                          by: User | None, reason: str | None) -> None:
    """Tell the member organisation's owners that its authorisation began, changed or ended."""
    kinds = {
        BrandMembershipStatus.ACTIVE: "brand_authorisation_granted",
        BrandMembershipStatus.SUSPENDED: "brand_authorisation_suspended",
        BrandMembershipStatus.ENDED: "brand_authorisation_ended",
    }
    _send(organisation_owners(membership.organisation), kinds[membership.status], skip=by,
          membership=membership, brand=membership.brand, organisation=membership.organisation,
          reinstated=previous == BrandMembershipStatus.SUSPENDED, reason=reason,
          link=link("brands.producer_claims"))


def steward_appointed(steward: BrandSteward) -> None:
    _send([steward.user], "brand_steward_appointed", brand=steward.brand,
          link=link("brands.steward_brand", slug=steward.brand.slug))
