"""What the programme did in a period: listings on sale, brand claims decided, organisations verified.

Decisions are read from the audit trail (one event per decision, whenever it happened), so a
claim approved in March and suspended in May still counts as approved in March.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..audit import AuditEvent
from ..brands.models import BrandListing
from ..catalogue.models import Product, ProductStatus
from ..extensions import db
from ..producers.models import Organisation
from .filters import Filters
from .periods import FigurePeriod

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Decisions:
    approved: int
    rejected: int
    median_days: float | None  # from the last submission to the decision


def active_listings(period: FigurePeriod, filters: Filters) -> int:
    """Products on sale at the end of the period (published then and not taken down since)."""
    return db.session.scalar(
        select(func.count(Product.id)).join(Organisation, Organisation.id == Product.organisation_id)
        .where(Product.status == ProductStatus.PUBLISHED, Product.published_at < period.ends_before,
               *filters.organisation_conditions(), *filters.product_conditions(Product.id),
               *filters.exhibitor_conditions(Organisation.id))
    )


def _events(period: FigurePeriod, *actions: str):
    return (AuditEvent.action.in_(actions), AuditEvent.occurred_at >= period.starts_at,
            AuditEvent.occurred_at < period.ends_before)


def days_between(later, earlier):
    """The days from `earlier` to `later` (two timestamp columns), with their fraction, as the
    database computes them."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / SECONDS_PER_DAY
    return func.julianday(later) - func.julianday(earlier)


def listing_decisions(period: FigurePeriod, filters: Filters) -> Decisions:
    """Brand claims approved and rejected by staff in the period, and the median days they waited.

    Counted and ordered by the database: a busy year has thousands of decisions, and turning each
    into Python objects cost more than the rest of the figures together."""
    query = (
        select(AuditEvent.action, days_between(AuditEvent.occurred_at, BrandListing.submitted_at).label("waited"))
        .join(BrandListing, (AuditEvent.subject_type == "BrandListing") & (BrandListing.id == AuditEvent.subject_id))
        .join(Product, Product.id == BrandListing.product_id)
        .join(Organisation, Organisation.id == Product.organisation_id)
        .where(*_events(period, "brand_listing.approved", "brand_listing.rejected"),
               *filters.organisation_conditions(), *filters.product_conditions(Product.id),
               *filters.exhibitor_conditions(Organisation.id))
    )
    if filters.brand_id:
        query = query.where(BrandListing.brand_id == filters.brand_id)
    decisions = query.subquery()
    waited = decisions.c.waited
    measured = waited.is_not(None) & (waited >= 0)  # not a claim submitted again after its decision
    approved, rejected, waits = db.session.execute(select(
        func.count().filter(decisions.c.action == "brand_listing.approved"),
        func.count().filter(decisions.c.action == "brand_listing.rejected"),
        func.count().filter(measured),
    )).one()
    median = None
    if waits:  # the middle wait, or the mean of the middle two
        middle = db.session.scalars(
            select(waited).where(measured).order_by(waited).offset((waits - 1) // 2).limit(2 - waits % 2)).all()
        median = round(float(sum(middle)) / len(middle), 1)
    return Decisions(approved=approved, rejected=rejected, median_days=median)


def organisations_verified(period: FigurePeriod, filters: Filters) -> int:
    """Organisations staff verified in the period (each counted once)."""
    return db.session.scalar(
        select(func.count(func.distinct(AuditEvent.subject_id)))
        .join(Organisation, (AuditEvent.subject_type == "Organisation") & (Organisation.id == AuditEvent.subject_id))
        .where(*_events(period, "organisation.verified"), *filters.organisation_conditions(),
               *filters.exhibitor_conditions(Organisation.id))
    )
