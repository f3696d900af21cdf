"""The fair report: what each booth brought in, and the same by fair, region, brand and women-led
organisations.

Per accepted booth: QR scans, contacts met there, samples sent and quotes made to them, and the
orders credited to the booth with their sales (goods, without shipping) once paid. An order is
credited only when placed within ATTRIBUTION_DAYS of a visit through the booth's QR, so every
credited order counts. Everything is counted by the database: one statement computes the booth
figures once (a materialised CTE) and groups them every way the report shows.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, String, cast, func, literal, null, union_all
from sqlalchemy.sql import Select

from ..brands.models import BrandListing, CollectiveBrand
from ..brands.seals import seal_clause
from ..catalogue.models import Product
from ..extensions import db
from ..orders.models import Order, OrderKind, OrderStatus
from ..producers.models import Organisation
from .models import Booth, BoothScanDay, BoothStatus, Contact, Fair

CREDITED_SALE = (OrderStatus.PAID, OrderStatus.COMPLETED)  # paid and not refunded
STEPS = ("scans", "contacts", "samples", "quotes", "orders")


@dataclass(frozen=True)
class Scope:
    """Which booths a report covers: one fair or all; all producers or some (a producer's own)."""

    fair_id: int | None = None
    organisation_ids: tuple[int, ...] | None = None
    booth_id: int | None = None


@dataclass
class Figures:
    label: str
    key: str | int | None = None
    scans: int = 0
    contacts: int = 0
    samples: int = 0
    quotes: int = 0
    orders: int = 0
    sales: int = 0  # céntimos
    extra: dict = field(default_factory=dict)

    def conversions(self) -> list[float | None]:
        """Each step as a share of the step before it (contacts per scan, samples per contact, …);
        None where the step before is zero."""
        values = [getattr(self, step) for step in STEPS]
        return [after / before if before else None for before, after in zip(values, values[1:])]


def _booths(scope: Scope) -> Select:
    query = db.select(Booth.id, Booth.fair_id, Booth.organisation_id).where(Booth.status == BoothStatus.ACCEPTED)
    if scope.fair_id is not None:
        query = query.where(Booth.fair_id == scope.fair_id)
    if scope.organisation_ids is not None:
        query = query.where(Booth.organisation_id.in_(scope.organisation_ids))
    if scope.booth_id is not None:
        query = query.where(Booth.id == scope.booth_id)
    return query


def narrowed(query: Select, scope: Scope, fair_column, organisation_column, booth_column) -> Select:
    """Each count reads only the scope's rows, through its own table's indexes."""
    if scope.fair_id is not None:
        query = query.where(fair_column == scope.fair_id)
    if scope.organisation_ids is not None:
        query = query.where(organisation_column.in_(scope.organisation_ids))
    if scope.booth_id is not None:
        query = query.where(booth_column == scope.booth_id)
    return query


def _scans(scope: Scope) -> Select:
    query = (db.select(BoothScanDay.booth_id, func.sum(BoothScanDay.scans).label("scans"))
             .join(Booth, Booth.id == BoothScanDay.booth_id).group_by(BoothScanDay.booth_id))
    return narrowed(query, scope, Booth.fair_id, Booth.organisation_id, BoothScanDay.booth_id)


# What other features count per booth beside the contacts met there: each source takes the Scope
# and gives a SELECT of (booth_id, contacts, samples, quotes) rows, narrowed with `narrowed`.
# Wholesale adds the quote requests of buyers who came through a booth: it sits above fairs,
# so it plugs in here rather than fairs importing it.
FOLLOW_UP_SOURCES: list[Callable[[Scope], Select]] = []


def add_follow_up_source(source: Callable[[Scope], Select]) -> None:
    if source not in FOLLOW_UP_SOURCES:
        FOLLOW_UP_SOURCES.append(source)


def _follow_up(scope: Scope) -> Select:
    """Contacts, samples and quotes per booth: the contacts' pipeline stages (a contact who
    reached a step counts there even after moving on), plus what FOLLOW_UP_SOURCES count (added
    as a UNION ALL)."""
    contacts = narrowed(
        db.select(Contact.booth_id.label("booth_id"), func.count().label("contacts"),
                  func.count(Contact.sample_sent_at).label("samples"), func.count(Contact.quoted_at).label("quotes"))
        .group_by(Contact.booth_id),
        scope, Contact.fair_id, Contact.organisation_id, Contact.booth_id)
    sources = [source(scope) for source in FOLLOW_UP_SOURCES]
    both = (union_all(contacts, *sources) if sources else contacts).subquery()
    total = lambda column: cast(func.sum(column), Integer)  # noqa: E731  (PostgreSQL sums counts as numeric)
    return (db.select(both.c.booth_id, total(both.c.contacts).label("contacts"),
                      total(both.c.samples).label("samples"), total(both.c.quotes).label("quotes"))
            .group_by(both.c.booth_id))


def _orders(scope: Scope) -> Select:
    query = (
        db.select(Order.credited_booth_id.label("booth_id"), func.count().label("orders"),
                  func.sum(Order.subtotal_amount).label("sales"))
        # Samples are credited to the fair too, but are counted as samples, not as sales.
        .where(Order.credited_booth_id.is_not(None), Order.status.in_(CREDITED_SALE), Order.kind != OrderKind.SAMPLE)
        .group_by(Order.credited_booth_id)
    )
    if scope.organisation_ids is not None:  # an order holds no organisation: narrow by its booths
        query = query.where(Order.credited_booth_id.in_(_booths(scope).with_only_columns(Booth.id)))
        scope = Scope(fair_id=scope.fair_id, booth_id=scope.booth_id)
    return narrowed(query, scope, Order.credited_fair_id, None, Order.credited_booth_id)


def booth_figures(scope: Scope):
    """A CTE with one row per booth in scope: booth_id, fair_id, organisation_id and its figures."""
    booths = _booths(scope).subquery()
    scans, follow_up, orders = _scans(scope).subquery(), _follow_up(scope).subquery(), _orders(scope).subquery()
    zero = lambda column: func.coalesce(column, 0)  # noqa: E731
    query = (
        db.select(booths.c.id.label("booth_id"), booths.c.fair_id, booths.c.organisation_id,
                  zero(scans.c.scans).label("scans"), zero(follow_up.c.contacts).label("contacts"),
                  zero(follow_up.c.samples).label("samples"), zero(follow_up.c.quotes).label("quotes"),
                  zero(orders.c.orders).label("orders"), zero(orders.c.sales).label("sales"))
        .select_from(booths)
        .outerjoin(scans, scans.c.booth_id == booths.c.id)
        .outerjoin(follow_up, follow_up.c.booth_id == booths.c.id)
        .outerjoin(orders, orders.c.booth_id == booths.c.id)
    )
    return query.cte("booth_figures").prefix_with("MATERIALIZED")


def _sums(figures):
    return [func.sum(getattr(figures.c, name)).label(name) for name in (*STEPS, "sales")]


# A booth line's details, typed NULLs in the group lines (PostgreSQL reads an untyped NULL as text).
EXTRA = {"fair_name": String, "number": String, "region_code": String, "women_led": Integer}


def _grouped(dimension: str, key, label, figures, *joins) -> Select:
    """The figures summed per `key` and its `label` (over everything when `key` is None)."""
    columns = [literal(dimension).label("dimension"),
               (key.cast(String) if key is not None else cast(null(), String)).label("key"),
               (label if label is not None else cast(null(), String)).label("label")]
    nulls = [cast(null(), kind).label(name) for name, kind in EXTRA.items()]
    query = db.select(*columns, *_sums(figures), *nulls).select_from(figures)
    for target, on in joins:
        query = query.join(target, on)
    grouping = [column for column in (key, label) if column is not None]
    return query.group_by(*grouping) if grouping else query


def _each_booth(figures) -> Select:
    """One row per booth, with the details its line in the report shows."""
    return (
        db.select(literal("booth").label("dimension"), figures.c.booth_id.cast(String).label("key"),
                  Organisation.name.label("label"), *(getattr(figures.c, name) for name in (*STEPS, "sales")),
                  Fair.name.label("fair_name"), Booth.number.label("number"), Organisation.region_code.label("region_code"),
                  Organisation.women_led.cast(Integer).label("women_led"))
        .select_from(figures).join(Booth, Booth.id == figures.c.booth_id).join(Fair, Fair.id == figures.c.fair_id)
        .join(Organisation, Organisation.id == figures.c.organisation_id)
    )


def _organisation_brands(today: date | None):
    """(organisation, brand) pairs where the organisation shows the brand's seal today."""
    return (
        db.select(Product.organisation_id, BrandListing.brand_id).distinct()
        .join(BrandListing, BrandListing.product_id == Product.id).where(seal_clause(today))
        .cte("organisation_brands").prefix_with("MATERIALIZED")
    )


@dataclass
class Report:
    by_fair: list[Figures]
    by_region: list[Figures]
    by_brand: list[Figures]
    by_women_led: list[Figures]
    total: Figures
    booths: list[Figures] | None = None


def summary(scope: Scope, today: date | None = None, *, booths: bool = False) -> Report:
    """The report's groupings for a scope, and with `booths` a line per booth, in one statement
    that counts each booth's figures once."""
    figures = booth_figures(scope)
    pairs = _organisation_brands(today)
    organisation = (Organisation, Organisation.id == figures.c.organisation_id)
    statement = union_all(
        _grouped("fair", Fair.id, Fair.name, figures, (Fair, Fair.id == figures.c.fair_id)),
        _grouped("region", Organisation.region_code, Organisation.region_code, figures, organisation),
        _grouped("women_led", Organisation.women_led.cast(Integer), None, figures, organisation),
        _grouped("brand", CollectiveBrand.id, CollectiveBrand.name, figures,
                 (pairs, pairs.c.organisation_id == figures.c.organisation_id),
                 (CollectiveBrand, CollectiveBrand.id == pairs.c.brand_id)),
        _grouped("total", None, None, figures),
        *([_each_booth(figures)] if booths else []),
    )
    groups: dict[str, list[Figures]] = {"fair": [], "region": [], "women_led": [], "brand": [], "total": [], "booth": []}
    for row in db.session.execute(statement):
        if row.scans is None:  # the total of no booths
            continue
        groups[row.dimension].append(Figures(
            label=row.label or "", key=row.key, scans=row.scans, contacts=row.contacts, samples=row.samples,
            quotes=row.quotes, orders=row.orders, sales=row.sales,
            extra={"fair": row.fair_name, "number": row.number, "region_code": row.region_code,
                   "women_led": bool(row.women_led)} if row.dimension == "booth" else {},
        ))
    for dimension, rows in groups.items():
        if dimension == "booth":
            rows.sort(key=lambda f: (f.extra["fair"], f.extra["number"] or "", f.label))
        else:
            rows.sort(key=lambda f: (-f.sales, -f.orders, f.label))
    return Report(by_fair=groups["fair"], by_region=groups["region"], by_brand=groups["brand"],
                  by_women_led=groups["women_led"], total=(groups["total"] or [Figures(label="")])[0],
                  booths=groups["booth"] if booths else None)


def by_booth(scope: Scope) -> list[Figures]:
    """One row per booth in scope, by fair (latest first) and booth number; `extra` holds the
    booth, fair and organisation details the page and the CSV show."""
    figures = booth_figures(scope)
    rows = db.session.execute(
        db.select(figures, Fair.name.label("fair_name"), Fair.slug.label("fair_slug"), Fair.starts_on,
                  Booth.number, Organisation.name.label("organisation_name"), Organisation.region_code,
                  Organisation.women_led)
        .join(Booth, Booth.id == figures.c.booth_id).join(Fair, Fair.id == figures.c.fair_id)
        .join(Organisation, Organisation.id == figures.c.organisation_id)
        .order_by(Fair.starts_on.desc(), Fair.id, Booth.number, Organisation.name)
    )
    return [
        Figures(label=row.organisation_name, key=row.booth_id, scans=row.scans, contacts=row.contacts,
                samples=row.samples, quotes=row.quotes, orders=row.orders, sales=row.sales,
                extra={"fair": row.fair_name, "fair_slug": row.fair_slug, "fair_id": row.fair_id,
                       "number": row.number, "region_code": row.region_code, "women_led": row.women_led})
        for row in rows
    ]
