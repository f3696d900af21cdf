"""An approved seal is a promise about what the listing showed when it was reviewed. When the
catalogue changes a brand-relevant part of the product (name, category, provenance, lot, photos),
the listing goes back to the steward's queue and the seal is suspended until it is reviewed again.

The catalogue says so itself through `product_changed`, with what changed and who changed it;
this runs inside the catalogue's transaction, so the listing moves with the edit or not at all.
"""
from __future__ import annotations

from ..catalogue.signals import product_changed, review_at_stake
from ..extensions import db
from .listings import move_listing
from .models import BrandListing, ListingState

# What a steward's review looked at: changing any of these sends the listing back.
REVIEWED_PARTS = frozenset({"name", "category", "provenance", "lot", "photos"})
# Listings whose review covered the product as it was.
REVIEWED = (ListingState.APPROVED, ListingState.STEWARD_CHECKED)
EDITED_AFTER_APPROVAL = "edited after approval"
EDITED_AFTER_CHECK = "edited after the steward's check"


def _reviewed_listings(product) -> list[BrandListing]:
    return list(db.session.scalars(
        db.select(BrandListing).where(BrandListing.product_id == product.id, BrandListing.state.in_(REVIEWED))
    ))


@review_at_stake.connect
def reviewed_seals(product, *, parts) -> list[str]:
    """The brands whose reviewed listing an edit of `parts` would send back to review."""
    if not parts & REVIEWED_PARTS:
        return []
    return [listing.brand.name for listing in _reviewed_listings(product)]


@product_changed.connect
def suspend_reviewed_listings(product, *, parts, by) -> list[str]:
    """Put the product's reviewed listings back in the queue when a reviewed part changed;
    return the names of their brands."""
    edited = parts & REVIEWED_PARTS
    if not edited:
        return []
    listings = _reviewed_listings(product)
    for listing in listings:
        reason = EDITED_AFTER_APPROVAL if listing.state == ListingState.APPROVED else EDITED_AFTER_CHECK
        move_listing(listing, ListingState.SUBMITTED, by, reason, edited=sorted(edited))
    return [listing.brand.name for listing in listings]
