"""Fair editions: staff create and edit them; the public pages list them and who was there."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slugify import slugify
from sqlalchemy import func
from sqlalchemy.orm import contains_eager, joinedload

from .. import audit
from ..catalogue.models import Product, ProductStatus
from ..extensions import db
from ..producers.models import Organisation, VerificationStatus
from .booths import committing
from .errors import DatesReversed, NotFound, SlugTaken
from .models import Booth, BoothStatus, Fair, FairKind

PRODUCTS_PER_BOOTH = 4


@dataclass
class FairDetails:
    """What staff type about a fair edition."""

    name: str
    city: str
    starts_on: date
    ends_on: date
    kind: FairKind
    slug: str | None = None
    venue: str | None = None
    description_es: str | None = None
    description_en: str | None = None


def suggested_slug(name: str, starts_on: date) -> str:
    """"Expoalimentaria" in 2026 → expoalimentaria-2026 (the year only once)."""
    base = slugify(name, max_length=120)
    year = str(starts_on.year)
    return base if base.endswith(year) else f"{base}-{year}"


def _apply(fair: Fair, details: FairDetails) -> None:
    if details.ends_on < details.starts_on:
        raise DatesReversed()
    slug = slugify(details.slug or "", max_length=140) or suggested_slug(details.name, details.starts_on)
    taken = db.session.scalar(db.select(Fair.id).where(Fair.slug == slug, Fair.id != fair.id))
    if taken is not None:
        raise SlugTaken(slug)
    fair.slug, fair.name, fair.city = slug, details.name.strip(), details.city.strip()
    fair.venue = (details.venue or "").strip() or None
    fair.starts_on, fair.ends_on, fair.kind = details.starts_on, details.ends_on, details.kind
    fair.description_es = (details.description_es or "").strip() or None
    fair.description_en = (details.description_en or "").strip() or None


def create_fair(details: FairDetails, *, by) -> Fair:
    """Staff create a fair edition. Raises DatesReversed, SlugTaken."""
    with committing():
        fair = Fair()
        _apply(fair, details)
        db.session.add(fair)
        audit.record("fair.created", fair, actor=by, slug=fair.slug)
    return fair


def update_fair(fair: Fair, details: FairDetails, *, by) -> Fair:
    """Staff correct a fair edition. Raises DatesReversed, SlugTaken."""
    with committing():
        before = fair.slug
        _apply(fair, details)
        audit.record("fair.updated", fair, actor=by, slug=fair.slug, previous_slug=before)
    return fair


def fair_by_id(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None:
        raise NotFound(fair_id)
    return fair


def all_fairs() -> list[Fair]:
    return list(db.session.scalars(db.select(Fair).order_by(Fair.starts_on.desc(), Fair.id.desc())))


def upcoming_fairs(today: date) -> list[Fair]:
    return list(db.session.scalars(db.select(Fair).where(Fair.starts_on > today).order_by(Fair.starts_on)))


def booths_for_staff(fair: Fair) -> list[Booth]:
    """Every booth of a fair, requests first, then by number, with organisations."""
    return list(db.session.scalars(
        db.select(Booth).where(Booth.fair_id == fair.id).options(joinedload(Booth.organisation))
        .order_by(Booth.status != BoothStatus.REQUESTED, Booth.number, Booth.id)
    ))


def verified_organisations() -> list[Organisation]:
    return list(db.session.scalars(
        db.select(Organisation).where(Organisation.status == VerificationStatus.VERIFIED).order_by(Organisation.name)
    ))


@dataclass
class FairsListing:
    current: list[Fair]
    upcoming: list[Fair]
    past: list[Fair]
    exhibitors: dict[int, int]  # fair id → accepted booths


def public_fairs(today: date) -> FairsListing:
    """Every fair, split into on now, coming and past, with how many producers exhibit."""
    fairs = all_fairs()
    counts = dict(db.session.execute(
        db.select(Booth.fair_id, func.count()).join(Organisation)
        .where(Booth.status == BoothStatus.ACCEPTED, Organisation.status == VerificationStatus.VERIFIED)
        .group_by(Booth.fair_id)
    ).all())
    return FairsListing(
        current=[f for f in fairs if f.is_current(today)],
        upcoming=sorted((f for f in fairs if f.is_upcoming(today)), key=lambda f: f.starts_on),
        past=[f for f in fairs if f.is_past(today)],
        exhibitors=counts,
    )


@dataclass
class Exhibitor:
    booth: Booth
    products: list[Product]


def public_fair(slug: str) -> tuple[Fair, list[Exhibitor]]:
    """A fair and its accepted, verified exhibitors by booth number, each with a few published
    products. Raises NotFound."""
    fair = db.session.scalar(db.select(Fair).where(Fair.slug == slug))
    if fair is None:
        raise NotFound(slug)
    booths = list(db.session.scalars(
        db.select(Booth).join(Booth.organisation)
        .where(Booth.fair_id == fair.id, Booth.status == BoothStatus.ACCEPTED,
               Organisation.status == VerificationStatus.VERIFIED)
        .options(contains_eager(Booth.organisation))
        .order_by(Booth.number, Organisation.name)
    ))
    by_org: dict[int, list[Product]] = {b.organisation_id: [] for b in booths}
    if by_org:
        ranked = (
            db.select(Product.id, func.row_number().over(
                partition_by=Product.organisation_id, order_by=(Product.published_at.desc(), Product.id.desc()),
            ).label("rank"))
            .where(Product.organisation_id.in_(by_org), Product.status == ProductStatus.PUBLISHED)
            .subquery()
        )
        products = db.session.scalars(
            db.select(Product).join(ranked, ranked.c.id == Product.id).where(ranked.c.rank <= PRODUCTS_PER_BOOTH)
            .order_by(Product.published_at.desc(), Product.id.desc())
        )
        for product in products:
            by_org[product.organisation_id].append(product)
    return fair, [Exhibitor(b, by_org[b.organisation_id]) for b in booths]
