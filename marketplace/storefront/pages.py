"""What the public pages read besides listings: one product, one producer, one region, and the
choices the catalogue's filters offer. Hidden records are reported missing (None), never shown.

The filters' choices (categories, brands, regions) are the same on every listing page until the
catalogue changes, so each worker keeps them per storefront version: a listing asks the version
(one query, which the page cache asks anyway) instead of the three lists.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, g
from slugify import slugify
from sqlalchemy import and_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from .. import ubigeo
from ..catalogue.models import Category, Lot, Product, ProductPhoto, Variant
from ..extensions import db
from ..producers.models import Organisation, VerificationStatus
from .freshness import current_version, version_column
from .listing import visible


def catalogue_version() -> int:
    """The storefront version this request reads under (asked once per request)."""
    if "storefront_version" not in g:
        g.storefront_version = current_version(db.session)[0]
    return g.storefront_version


def per_version(name: str, make):
    """`make()`, kept by this worker until the catalogue changes; plain values only (no ORM
    objects: they would outlive their session)."""
    kept = current_app.extensions.setdefault("storefront_lists", {})
    version = catalogue_version()
    known = kept.get(name)
    if known is None or known[0] != version:
        known = kept[name] = (version, make())
    return known[1]


@dataclass(frozen=True)
class BrandChoice:
    id: int
    slug: str
    name: str


def brand_choices() -> list[BrandChoice]:
    """Public collective brands, by name, as the brand filter offers them."""
    from ..brands import seals

    return per_version("brands", lambda: [BrandChoice(b.id, b.slug, b.name) for b in seals.public_brands()])


# Regions ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _regions_by_slug() -> dict[str, ubigeo.Place]:
    return {slugify(place.name): place for place in ubigeo.regions()}


def region_by_slug(slug: str | None) -> ubigeo.Place | None:
    return _regions_by_slug().get(slug or "")


@lru_cache(maxsize=64)
def region_slug(code: str) -> str | None:
    place = ubigeo.region(code)
    return slugify(place.name) if place else None


def regions_with_producers() -> list[ubigeo.Place]:
    """Regions where at least one verified organisation works, by name."""
    return per_version("regions", _regions_with_producers)


def _regions_with_producers() -> list[ubigeo.Place]:
    codes = db.session.scalars(
        select(Organisation.region_code).where(Organisation.status == VerificationStatus.VERIFIED).distinct()
    )
    places = [ubigeo.region(code) for code in codes]
    return sorted((p for p in places if p), key=lambda p: slugify(p.name))


def producers_in_region(region_code: str) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.region_code == region_code, Organisation.status == VerificationStatus.VERIFIED)
            .order_by(Organisation.name)
        )
    )


# Categories ------------------------------------------------------------------------------------


@dataclass
class CategoryNode:
    id: int
    slug: str
    name_es: str
    name_en: str | None
    description_es: str | None
    description_en: str | None
    parent_id: int | None
    children: list[CategoryNode]

    @property
    def ids(self) -> tuple[int, ...]:
        """This category and its sub-categories: a listing of "Miel" shows "Miel de algarrobo" too."""
        return (self.id, *(child.id for child in self.children))


@dataclass
class CategoryTree:
    roots: list[CategoryNode]
    by_slug: dict[str, CategoryNode]

    def get(self, slug: str | None) -> CategoryNode | None:
        return self.by_slug.get(slug or "")

    def parent_of(self, node: CategoryNode) -> CategoryNode | None:
        return next((root for root in self.roots if root.id == node.parent_id), None)


def category_tree() -> CategoryTree:
    """Every category, in the order staff set."""
    return per_version("categories", _category_tree)


def _category_tree() -> CategoryTree:
    rows = db.session.execute(
        select(Category.id, Category.slug, Category.name_es, Category.name_en, Category.description_es,
               Category.description_en, Category.parent_id)
        .order_by(Category.position, Category.name_es)
    )
    nodes = [CategoryNode(*row, children=[]) for row in rows]
    by_id = {node.id: node for node in nodes}
    roots = []
    for node in nodes:
        parent = by_id.get(node.parent_id)
        (parent.children if parent else roots).append(node)
    return CategoryTree(roots=roots, by_slug={node.slug: node for node in nodes})


# Producers --------------------------------------------------------------------------


def public_producer(slug: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(Organisation.slug == slug, Organisation.status == VerificationStatus.VERIFIED)
    )


# Products --------------------------------------------------------------------------------------


def public_product(slug: str) -> tuple[Product, Lot | None] | None:
    """A visible product with everything its page shows, and the lot on sale (honey), in five
    queries; None if it is hidden or unknown. The catalogue's version is read with it, for the
    page's kept pieces (fragments.py), unless this request knows it already."""
    row = db.session.execute(
        select(Product, Lot, version_column())
        .join(Product.organisation)
        .outerjoin(Lot, and_(Lot.product_id == Product.id, Lot.is_current.is_(True)))
        .where(Product.slug == slug, visible())
        .options(
            contains_eager(Product.organisation),
            joinedload(Product.category).joinedload(Category.parent),
            joinedload(Product.provenance),
            joinedload(Product.assisted_listing),
            selectinload(Product.variants).joinedload(Variant.tiers),
            selectinload(Product.photos).joinedload(ProductPhoto.image),
            selectinload(Product.makers),
            selectinload(Product.heritage_elements),
        )
        .limit(1)
    ).first()
    if row is None:
        return None
    g.setdefault("storefront_version", row[2] or 0)
    return row[0], row[1]
