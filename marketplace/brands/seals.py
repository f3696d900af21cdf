"""The seal as buyers see it, derived at read time: an approved listing of an organisation whose
authorisation for the brand is current today. These are the queries the storefront uses.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_
from sqlalchemy.orm import joinedload, selectinload

from ..catalogue.models import Product, ProductPhoto, ProductStatus
from ..extensions import db
from ..producers.models import Organisation, VerificationStatus
from .authorisations import current_clause
from .models import BrandListing, BrandMembership, CollectiveBrand, ListingState

PRODUCTS_PER_PAGE = 24


def seal_clause(today: date | None = None):
    """SQL: this BrandListing shows its brand's seal today (correlated on BrandListing)."""
    authorised = (
        db.select(BrandMembership.id)
        .join(Product, Product.organisation_id == BrandMembership.organisation_id)
        .where(
            Product.id == BrandListing.product_id,
            BrandMembership.brand_id == BrandListing.brand_id,
            current_clause(today),
        )
        .correlate(BrandListing)
    )
    return and_(BrandListing.state == ListingState.APPROVED, authorised.exists())


def sealed_product_ids(brand: CollectiveBrand | int, today: date | None = None):
    """A SELECT of the ids of products showing `brand`'s seal today, to use in a query:
    `Product.id.in_(sealed_product_ids(brand))`."""
    brand_id = brand if isinstance(brand, int) else brand.id
    return db.select(BrandListing.product_id).where(BrandListing.brand_id == brand_id, seal_clause(today))


def brand_filter(brand: CollectiveBrand | int, today: date | None = None):
    """SQL condition on Product for the catalogue's "filter by brand"."""
    return Product.id.in_(sealed_product_ids(brand, today))


def approved_product_ids_for_brand(brand: CollectiveBrand | int, today: date | None = None) -> set[int]:
    """The ids of the products that show the brand's seal today."""
    return set(db.session.scalars(sealed_product_ids(brand, today)))


def seals_for_products(product_ids, today: date | None = None) -> dict[int, list[CollectiveBrand]]:
    """For each product id, the brands whose seal it shows today (by name), in one query with
    each brand's seal image, so a listing page makes the same number of queries for any size."""
    product_ids = list(product_ids)
    result: dict[int, list[CollectiveBrand]] = {pid: [] for pid in product_ids}
    if not product_ids:
        return result
    rows = db.session.execute(
        db.select(BrandListing.product_id, CollectiveBrand)
        .join(CollectiveBrand, CollectiveBrand.id == BrandListing.brand_id)
        .where(BrandListing.product_id.in_(product_ids), seal_clause(today))
        .options(joinedload(CollectiveBrand.seal_image))
        .order_by(CollectiveBrand.name)
    )
    for product_id, brand in rows:
        result[product_id].append(brand)
    return result


def seals_for_product(product: Product, today: date | None = None) -> list[CollectiveBrand]:
    return seals_for_products([product.id], today)[product.id]


def public_brands() -> list[CollectiveBrand]:
    """Brands whose owner is verified, by name: the brand index and the catalogue's brand filter."""
    return list(
        db.session.scalars(
            db.select(CollectiveBrand)
            .join(Organisation, Organisation.id == CollectiveBrand.owner_id)
            .where(Organisation.status == VerificationStatus.VERIFIED)
            .options(joinedload(CollectiveBrand.owner), joinedload(CollectiveBrand.seal_image))
            .order_by(CollectiveBrand.name)
        )
    )


def public_brand(slug: str) -> CollectiveBrand | None:
    return db.session.scalar(
        db.select(CollectiveBrand)
        .join(Organisation, Organisation.id == CollectiveBrand.owner_id)
        .where(CollectiveBrand.slug == slug, Organisation.status == VerificationStatus.VERIFIED)
        .options(joinedload(CollectiveBrand.owner), joinedload(CollectiveBrand.seal_image))
    )


def sealed_products_page(brand: CollectiveBrand, *, page: int = 1, today: date | None = None):
    """One page of the published products carrying the brand's seal, newest first."""
    query = (
        db.select(Product)
        .join(Organisation, Organisation.id == Product.organisation_id)
        .where(
            brand_filter(brand, today),
            Product.status == ProductStatus.PUBLISHED,
            Organisation.status == VerificationStatus.VERIFIED,
        )
        .options(
            joinedload(Product.organisation),
            selectinload(Product.photos).joinedload(ProductPhoto.image),
            selectinload(Product.variants),
        )
        .order_by(Product.published_at.desc(), Product.id.desc())
    )
    return db.paginate(query, page=page, per_page=PRODUCTS_PER_PAGE, error_out=False)
