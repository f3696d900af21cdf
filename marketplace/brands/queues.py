"""What reviewers look at: the steward's and the staff's queues, and one listing beside the
brand's rules and the producer's authorisation, with its whole review history."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..audit import AuditEvent
from ..catalogue.models import Category, Product, ProductPhoto
from ..extensions import db
from ..producers.models import Organisation
from .authorisations import authorisation_of
from ..clock import lima_today
from .models import BrandListing, BrandMembership, CollectiveBrand, ListingState

QUEUE_PAGE_SIZE = 25


def _with_product():
    return (
        joinedload(BrandListing.product).joinedload(Product.organisation),
        joinedload(BrandListing.product).selectinload(Product.photos).joinedload(ProductPhoto.image),
        joinedload(BrandListing.brand),
        joinedload(BrandListing.checked_by),
    )


def steward_queue(brand: CollectiveBrand) -> list[BrandListing]:
    """Listings of the brand waiting for the steward's check, the longest-waiting first."""
    return list(
        db.session.scalars(
            db.select(BrandListing)
            .where(BrandListing.brand_id == brand.id, BrandListing.state == ListingState.SUBMITTED)
            .options(*_with_product())
            .order_by(BrandListing.submitted_at, BrandListing.id)
        ).unique()
    )


def brand_listings(brand: CollectiveBrand, states: set[ListingState]) -> list[BrandListing]:
    return list(
        db.session.scalars(
            db.select(BrandListing)
            .where(BrandListing.brand_id == brand.id, BrandListing.state.in_(states))
            .options(*_with_product())
            .order_by(BrandListing.submitted_at.desc(), BrandListing.id.desc())
        ).unique()
    )


def staff_queue(*, state: ListingState = ListingState.STEWARD_CHECKED, brand_id: int | None = None,
                region_code: str | None = None, page: int = 1):
    """One page of listings in `state` (by default: checked by the steward, waiting for staff),
    the longest-waiting first, optionally of one brand and of producers of one region."""
    query = (
        db.select(BrandListing)
        .join(Product, Product.id == BrandListing.product_id)
        .join(Organisation, Organisation.id == Product.organisation_id)
        .where(BrandListing.state == state)
        .options(*_with_product())
        .order_by(BrandListing.submitted_at, BrandListing.id)
    )
    if brand_id:
        query = query.where(BrandListing.brand_id == brand_id)
    if region_code:
        query = query.where(Organisation.region_code == region_code)
    return db.paginate(query, page=page, per_page=QUEUE_PAGE_SIZE, error_out=False)


def producer_listings(organisation_ids: list[int]) -> list[BrandListing]:
    """Every brand claim of these organisations' products, the latest activity first."""
    if not organisation_ids:
        return []
    return list(
        db.session.scalars(
            db.select(BrandListing)
            .join(Product, Product.id == BrandListing.product_id)
            .where(Product.organisation_id.in_(organisation_ids))
            .options(*_with_product())
            .order_by(BrandListing.created_at.desc(), BrandListing.id.desc())
        ).unique()
    )


def claimable_products(organisation_ids: list[int]) -> list[Product]:
    """The organisations' products that are not archived, by name, for the claim form."""
    from ..catalogue.models import ProductStatus

    if not organisation_ids:
        return []
    return list(
        db.session.scalars(
            db.select(Product)
            .where(Product.organisation_id.in_(organisation_ids), Product.status != ProductStatus.ARCHIVED)
            .order_by(Product.name_es, Product.id)
        )
    )


@dataclass
class ReviewContext:
    """Everything a reviewer needs to decide on one listing."""

    listing: BrandListing
    product: Product
    brand: CollectiveBrand
    authorisation: BrandMembership | None
    authorised_today: bool
    history: list[AuditEvent]
    today: date


def review_context(listing: BrandListing, today: date | None = None) -> ReviewContext:
    today = today or lima_today()
    product = db.session.scalar(
        db.select(Product)
        .where(Product.id == listing.product_id)
        .options(
            joinedload(Product.organisation),
            joinedload(Product.category).joinedload(Category.parent),
            joinedload(Product.provenance),
            selectinload(Product.photos).joinedload(ProductPhoto.image),
            selectinload(Product.lots),
            selectinload(Product.makers),
            selectinload(Product.heritage_elements),
        )
    )
    authorisation = authorisation_of(listing.brand_id, product.organisation_id)
    return ReviewContext(
        listing=listing,
        product=product,
        brand=listing.brand,
        authorisation=authorisation,
        authorised_today=authorisation is not None and authorisation.is_current(today),
        history=audit.history(listing),
        today=today,
    )
