"""What the programme did in a period: listings on sale, brand claims decided, organisations verified.

Decisions are read from the audit trail (one event per decision, whenever it happened), so a
claim approved in March and suspended in May still counts as approved in March.
"""
from __future__ import annotations

import statistics
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

    One row per decision, each only its kind and its wait in days as the database computes it: a
    busy year has thousands, and turning two timestamps of each into Python datetimes cost more
    than the rest of the figures together."""
    query = (
        select(AuditEvent.action, days_between(AuditEvent.occurred_at, BrandListing.submitted_at))
        .join(BrandListing, (AuditEvent.subject_type == "BrandListing") & (BrandListing.id == AuditEvent.subject_id))
        .join(Product, Product.id == BrandListing.product_id)
        .join(Organisation, Organisation.id == Product.organisation_id)
        .where(*_events(period, "brand_listing.approved", "brand_listing.rejected"),
               *filters.organisation_conditions(), *filters.product_conditions(Product.id),
               *filters.exhibitor_conditions(Organisation.id))
    )
    if filters.brand_id:
        query = query.where(BrandListing.brand_id == filters.brand_id)
    rows = db.session.execute(query).all()
    # Not a claim submitted again after its decision: its wait is unknown, not negative.
    waits = [float(waited) for _, waited in rows if waited is not None and waited >= 0]
    return Decisions(
        approved=sum(1 for action, _ in rows if action == "brand_listing.approved"),
        rejected=sum(1 for action, _ in rows if action == "brand_listing.rejected"),
        median_days=round(statistics.median(waits), 1) if waits else None,
    )


def organisations_verified(period: FigurePeriod, filters: Filters) -> int:
    """Organisations staff verified in the period (each counted once)."""
    return db.session.scalar(
        select(func.count(func.distinct(AuditEvent.subject_id)))
        .join(Organisation, (AuditEvent.subject_type == "Organisation") & (Organisation.id == AuditEvent.subject_id))
        .where(*_events(period, "organisation.verified"), *filters.organisation_conditions(),
               *filters.exhibitor_conditions(Organisation.id))
    )
