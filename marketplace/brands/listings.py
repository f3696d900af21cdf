"""Brand listings: a producer claims a brand on a product, the steward checks it, staff decide.

Every change of state goes through move_listing(), which refuses what LISTING_TRANSITIONS does
not allow, checks that the person may make the move, records the AuditEvent and tells the
people concerned. The use cases around it commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import audit
from ..accounts.models import User
from ..catalogue.models import Product
from ..catalogue.products import missing_for_publication
from ..clock import utcnow
from ..extensions import db
from ..status import IllegalTransition, check_transition
from ..transactions import committing
from . import notices
from .access import is_member, is_steward
from .authorisations import authorised_brands, current_authorisation
from .errors import (
    AlreadyClaimed,
    AlreadyDecided,
    NotAuthorised,
    NotFound,
    NotReadyForReview,
    NotYourMove,
    OwnListing,
    ProductNotPublishable,
    ReasonRequired,
)
from .models import LISTING_TRANSITIONS, REASON_REQUIRED, BrandListing, CollectiveBrand, ListingState, Mover


def _may_move(mover: Mover, listing: BrandListing, by: User | None) -> bool:
    if mover == Mover.SYSTEM:
        return True
    if by is None:
        return False
    if mover == Mover.PRODUCER:
        return is_member(by, listing.product.organisation_id)
    if mover == Mover.STEWARD:
        return is_steward(by, listing.brand)
    return bool(by.is_staff)


def move_listing(listing: BrandListing, target: ListingState, by: User | None, reason: str | None = None, *,
                 expected: ListingState | None = None, **details) -> None:
    """Apply one move of a listing and write its AuditEvent; the caller commits.

    With `expected`, the row is locked and must still be in that state (the state the person
    saw), so a decision made meanwhile in another tab is never overwritten.

    Raises AlreadyDecided (no longer `expected`), IllegalTransition (not in the table),
    NotYourMove (the table gives the move to someone else), OwnListing (a steward or staff member
    of the producer's own organisation deciding), ReasonRequired (sending back or rejecting
    without a reason).
    """
    reason = (reason or "").strip() or None
    if expected is not None:
        db.session.refresh(listing, with_for_update=True)
        if listing.state != expected:
            raise AlreadyDecided(listing, by=last_mover(listing))
    check_transition(LISTING_TRANSITIONS, listing.state, target)
    mover = LISTING_TRANSITIONS[listing.state][target]
    if not _may_move(mover, listing, by):
        raise NotYourMove()
    if mover in (Mover.STEWARD, Mover.STAFF) and is_member(by, listing.product.organisation_id):
        raise OwnListing()
    if target in REASON_REQUIRED and not reason:
        raise ReasonRequired()

    previous = listing.state
    now = utcnow()
    listing.state = target
    listing.reason = reason
    if target == ListingState.SUBMITTED:
        listing.submitted_at = now
        listing.checked_at = listing.checked_by_id = None
        listing.decided_at = listing.decided_by_id = None
    elif mover == Mover.STEWARD:
        listing.checked_at, listing.checked_by = now, by
    elif mover == Mover.STAFF:
        listing.decided_at, listing.decided_by = now, by
    audit.record(f"brand_listing.{target.value}", listing, actor=by, reason=reason, previous=previous.value,
                 mover=mover.value, brand=listing.brand.slug, product_id=listing.product_id, **details)
    notices.listing_moved(listing, previous, mover, by=by, reason=reason)


def last_mover(listing: BrandListing) -> User | None:
    """Who made the listing's latest move, for "already decided by …"."""
    events = [e for e in audit.history(listing) if e.action.startswith("brand_listing.")]
    return events[-1].actor if events else None


# Reading ---------------------------------------------------------------------------------------


def listing_for_member(user: User, listing_id: int) -> BrandListing:
    """The listing if `user` belongs to the product's organisation; NotFound otherwise."""
    listing = db.session.get(BrandListing, listing_id)
    if listing is None or not is_member(user, listing.product.organisation_id):
        raise NotFound(listing_id)
    return listing


def listing_for_brand(brand: CollectiveBrand, listing_id: int) -> BrandListing:
    listing = db.session.scalar(
        db.select(BrandListing).where(BrandListing.id == listing_id, BrandListing.brand_id == brand.id)
    )
    if listing is None:
        raise NotFound(listing_id)
    return listing


def listing_by_id(listing_id: int) -> BrandListing:
    listing = db.session.get(BrandListing, listing_id)
    if listing is None:
        raise NotFound(listing_id)
    return listing


def missing_for_review(product: Product) -> list[str]:
    """What reviewers must see and the product still lacks: a Spanish name and a photo; for
    food sold by lot, the lot on sale."""
    missing = []
    if not product.name_es:
        missing.append("name_es")
    if not product.photos:
        missing.append("photo")
    if product.needs_lot and product.current_lot is None:
        missing.append("lot")
    return missing


def seal_offers(product: Product) -> list[tuple[CollectiveBrand, BrandListing | None]]:
    """The brands the product's organisation may claim today, each with the product's claim of
    it if there is one: what the listing's last step offers."""
    brands = authorised_brands([product.organisation_id])[product.organisation_id]
    if not brands:
        return []
    claims = {
        listing.brand_id: listing
        for listing in db.session.scalars(db.select(BrandListing).where(BrandListing.product_id == product.id))
    }
    return [(brand, claims.get(brand.id)) for brand in brands]


# Producer --------------------------------------------------------------------------------------


def _check_claim(product: Product, brand: CollectiveBrand, by: User) -> BrandListing | None:
    """What every claim checks; the product's existing claim of the brand, if any."""
    if not is_member(by, product.organisation_id):
        raise NotFound(product.id)
    if current_authorisation(brand.id, product.organisation_id) is None:
        raise NotAuthorised(brand.slug)
    missing = missing_for_publication(product)
    if missing:
        raise ProductNotPublishable(missing)
    return db.session.scalar(
        db.select(BrandListing).where(BrandListing.product_id == product.id, BrandListing.brand_id == brand.id)
    )


def _new_claim(product: Product, brand: CollectiveBrand, by: User) -> BrandListing:
    listing = BrandListing(product=product, brand=brand, state=ListingState.DRAFT, claimed_by=by)
    db.session.add(listing)
    db.session.flush()
    audit.record("brand_listing.claimed", listing, actor=by, brand=brand.slug, product_id=product.id)
    return listing


def claim_brand(product: Product, brand: CollectiveBrand, *, by: User) -> BrandListing:
    """Claim a brand on a product as a draft listing (not yet sent for review).

    Raises NotFound (`by` is not a member of the product's organisation), NotAuthorised (the
    organisation is not currently authorised for the brand), ProductNotPublishable (with what
    the product lacks), AlreadyClaimed.
    """
    existing = _check_claim(product, brand, by)
    if existing is not None:
        raise AlreadyClaimed(existing)
    with committing():
        listing = _new_claim(product, brand, by)
    return listing


def request_seal(product: Product, brand: CollectiveBrand, *, by: User) -> BrandListing:
    """Claim a brand on a product and send the claim to review in one go: the one tap at the
    end of the listing steps. A claim of the same brand that is a draft, withdrawn, sent back or
    rejected is sent again; the brand's stewards are told.

    Raises NotFound, NotAuthorised, ProductNotPublishable (with what the product lacks) and
    AlreadyClaimed (already under review or approved: nothing to send).
    """
    existing = _check_claim(product, brand, by)
    if existing is not None and LISTING_TRANSITIONS[existing.state].get(ListingState.SUBMITTED) != Mover.PRODUCER:
        raise AlreadyClaimed(existing)
    with committing():
        listing = existing or _new_claim(product, brand, by)
        move_listing(listing, ListingState.SUBMITTED, by)
    return listing


def submit_listing(listing: BrandListing, *, by: User) -> None:
    """Send a claim for review (first time, or again after it was sent back, rejected or
    withdrawn); the brand's stewards are told. Raises NotAuthorised, NotReadyForReview,
    IllegalTransition, NotYourMove.
    """
    check_transition(LISTING_TRANSITIONS, listing.state, ListingState.SUBMITTED)
    if current_authorisation(listing.brand_id, listing.product.organisation_id) is None:
        raise NotAuthorised(listing.brand.slug)
    missing = missing_for_review(listing.product)
    if missing:
        raise NotReadyForReview(missing)
    if LISTING_TRANSITIONS[listing.state][ListingState.SUBMITTED] != Mover.PRODUCER:
        raise IllegalTransition(listing.state, ListingState.SUBMITTED)
    with committing():
        move_listing(listing, ListingState.SUBMITTED, by)


def withdraw_listing(listing: BrandListing, *, by: User) -> None:
    """The producer takes the claim back (the seal, if shown, goes). Raises IllegalTransition, NotYourMove."""
    with committing():
        move_listing(listing, ListingState.WITHDRAWN, by)


# Steward ---------------------------------------------------------------------------------------


def steward_check(listing: BrandListing, *, by: User, meets_rules: bool, reason: str | None = None,
                  expected: ListingState = ListingState.SUBMITTED) -> None:
    """The steward's first check: "meets our rules" (on to staff) or "send back" with a reason.

    Raises AlreadyDecided, NotYourMove (not a steward of this brand), OwnListing, ReasonRequired,
    IllegalTransition.
    """
    target = ListingState.STEWARD_CHECKED if meets_rules else ListingState.SENT_BACK
    with committing():
        move_listing(listing, target, by, reason, expected=expected)


# Staff -----------------------------------------------------------------------------------------


def decide_listing(listing: BrandListing, *, by: User, approve: bool, reason: str | None = None,
                   expected: ListingState = ListingState.STEWARD_CHECKED) -> None:
    """Approve (the seal shows) or reject with a reason. Raises AlreadyDecided, NotYourMove,
    OwnListing, ReasonRequired, NotAuthorised (approving while the organisation is not
    authorised), IllegalTransition.
    """
    reason = (reason or "").strip() or None
    if not approve and not reason:
        raise ReasonRequired()  # before locking: nothing to wait for
    target = ListingState.APPROVED if approve else ListingState.REJECTED
    with committing():
        if approve and current_authorisation(listing.brand_id, listing.product.organisation_id) is None:
            raise NotAuthorised(listing.brand.slug)
        move_listing(listing, target, by, reason, expected=expected)


@dataclass
class BulkOutcome:
    done: list[BrandListing] = field(default_factory=list)
    skipped: list[tuple[BrandListing | int, Exception]] = field(default_factory=list)


def decide_listings(listing_ids: list[int], *, by: User, approve: bool, reason: str | None = None) -> BulkOutcome:
    """Approve or reject several listings waiting for staff with the same reason. Each is decided
    on its own, so one already decided elsewhere (or one's own) is skipped and reported while the
    others go through. Raises ReasonRequired (rejecting without a reason) before touching any.
    """
    if not approve and not (reason or "").strip():
        raise ReasonRequired()
    outcome = BulkOutcome()
    for listing_id in dict.fromkeys(listing_ids):
        listing = db.session.get(BrandListing, listing_id)
        if listing is None:
            outcome.skipped.append((listing_id, NotFound(listing_id)))
            continue
        try:
            decide_listing(listing, by=by, approve=approve, reason=reason)
        except (AlreadyDecided, OwnListing, NotAuthorised, NotYourMove, IllegalTransition) as error:
            outcome.skipped.append((listing, error))
        else:
            outcome.done.append(listing)
    return outcome
