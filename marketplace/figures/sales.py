"""Sales figures, summed by the database from `sale_line` (models.SaleLine).

A sale is an order line of an order paid in the period and still paid (paid or completed):
cancelled orders were never paid, and a refunded order counts for nothing, in whichever period it
was refunded, so every figure is net of refunds. Amounts are the goods' value (unit price ×
quantity, céntimos); shipping is not a producer's sale. An order of several producers counts
once in the number of orders and its lines count for each producer that made them.
"""
from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy import BigInteger, Select, case, cast, exists, func, select, text
from sqlalchemy.orm import aliased

from ..brands.models import BrandListing, CollectiveBrand, ListingState
from ..catalogue.models import Category, Product
from ..extensions import db
from ..producers.models import Organisation
from .filters import Filters
from .models import SaleLine
from .periods import FigurePeriod, PeriodKind

line_amount = SaleLine.amount


def total(amount):
    """SUM as a whole number of céntimos (PostgreSQL sums a bigint as a numeric)."""
    return cast(func.coalesce(func.sum(amount), 0), BigInteger)


@dataclass(frozen=True)
class SalesSummary:
    sales: int  # céntimos
    orders: int
    producers: int  # organisations with at least one sale
    buyers: int  # distinct e-mail addresses
    new_buyers: int  # whose first paid order is in the period
    women_led_sales: int
    export_sales: int

    @property
    def domestic_sales(self) -> int:
        return self.sales - self.export_sales

    @property
    def repeat_buyers(self) -> int:
        return self.buyers - self.new_buyers

    @property
    def average_order(self) -> int | None:
        return round(self.sales / self.orders) if self.orders else None

    @property
    def women_led_share(self) -> float | None:
        """Percent of sales made by women-led organisations."""
        return 100 * self.women_led_sales / self.sales if self.sales else None


@dataclass(frozen=True)
class Share:
    """One bar of a chart or one row of a table: a key, its label and its sales."""

    key: str
    label: str
    sales: int
    orders: int = 0


def sale_lines(period: FigurePeriod, filters: Filters, *columns, producer: bool = True) -> Select:
    """SELECT `columns` FROM the period's sale lines, joined to their producer unless neither the
    columns (`producer=False`) nor the filters need it: a year has a hundred thousand lines."""
    query = select(*columns).select_from(SaleLine)
    if producer or filters.organisation_conditions():
        query = query.join(Organisation, Organisation.id == SaleLine.organisation_id)
    query = query.where(
        SaleLine.paid_at >= period.starts_at,
        SaleLine.paid_at < period.ends_before,
        *filters.organisation_conditions(),
        *filters.product_conditions(SaleLine.product_id),
    )
    return query.where(SaleLine.fair_id == filters.fair_id) if filters.fair_id else query


def sort_in_memory() -> None:
    """Let PostgreSQL sort a year of lines for COUNT(DISTINCT …) in memory, for this transaction
    only: at the default 4 MB each distinct count spills to temporary files and takes twice as long."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL work_mem = '64MB'"))


def bytewise(column):
    """A text column compared byte by byte: counting distinct e-mail addresses needs no language's
    collation rules, which make PostgreSQL's sort several times slower."""
    return column.collate("C" if db.session.get_bind().dialect.name == "postgresql" else "BINARY")


def summary(period: FigurePeriod, filters: Filters) -> SalesSummary:
    """Sales, orders, producers and buyers of a period, in two queries."""
    row = db.session.execute(sale_lines(
        period, filters,
        total(line_amount),
        func.count(func.distinct(SaleLine.order_id)),
        func.count(func.distinct(SaleLine.organisation_id)),
        func.count(func.distinct(bytewise(SaleLine.buyer))),
        total(case((Organisation.women_led.is_(True), line_amount), else_=0)),
        total(case((SaleLine.export.is_(True), line_amount), else_=0)),
    )).one()
    return SalesSummary(sales=row[0], orders=row[1], producers=row[2], buyers=row[3],
                        new_buyers=new_buyers(period, filters), women_led_sales=row[4], export_sales=row[5])


def new_buyers(period: FigurePeriod, filters: Filters) -> int:
    """Buyers of the period who had never had an order paid before it (from any producer).

    Each buyer of the period is looked up once in (buyer, paid_at), not once per line."""
    buyers = sale_lines(period, filters, SaleLine.buyer.label("buyer"), producer=False).distinct().subquery()
    earlier = aliased(SaleLine)
    bought_before = exists().where(earlier.buyer == buyers.c.buyer, earlier.paid_at < period.starts_at)
    return db.session.scalar(select(func.count()).select_from(buyers).where(~bought_before))


def lima_month(column):
    """The Lima calendar month of a UTC timestamp, computed by the database: "2026-11" on SQLite,
    the month's first midnight on PostgreSQL. Lima keeps UTC−5 all year (no summer time), and
    shifting by five hours is a third of the cost of a time zone conversion on every line."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("month", func.timezone("UTC", column) - text("interval '5 hours'"))
    return func.strftime("%Y-%m", column, "-5 hours")


def _month_key(value) -> str:
    return value if isinstance(value, str) else value.strftime("%Y-%m")


def by_month(period: FigurePeriod, filters: Filters) -> list[Share]:
    """Sales of each month the chart shows (FigurePeriod.chart_months), months without sales at 0."""
    months = period.chart_months()
    span = FigurePeriod.custom(months[0], FigurePeriod.containing(PeriodKind.MONTH, months[-1]).end)
    month = lima_month(SaleLine.paid_at).label("month")
    rows = db.session.execute(
        sale_lines(span, filters, month, total(line_amount), func.count(func.distinct(SaleLine.order_id)),
                   producer=False)
        .group_by(month)
    ).all()
    found = {_month_key(key): (sales, orders) for key, sales, orders in rows}
    return [Share(m.strftime("%Y-%m"), m.strftime("%Y-%m"), *found.get(m.strftime("%Y-%m"), (0, 0)))
            for m in months]


def by_region(period: FigurePeriod, filters: Filters) -> list[tuple[str, int, int]]:
    """(region code, sales, orders) of the producers' regions, largest first."""
    rows = db.session.execute(
        sale_lines(period, filters, Organisation.region_code, total(line_amount),
                   func.count(func.distinct(SaleLine.order_id)))
        .group_by(Organisation.region_code).order_by(func.sum(line_amount).desc())
    ).all()
    return [tuple(row) for row in rows]


def by_brand(period: FigurePeriod, filters: Filters) -> list[Share]:
    """Sales of products with an approved claim to each collective brand, largest first."""
    rows = db.session.execute(
        sale_lines(period, filters, CollectiveBrand.slug, CollectiveBrand.name, total(line_amount),
                   func.count(func.distinct(SaleLine.order_id)), producer=False)
        .join(BrandListing, (BrandListing.product_id == SaleLine.product_id)
              & (BrandListing.state == ListingState.APPROVED))
        .join(CollectiveBrand, CollectiveBrand.id == BrandListing.brand_id)
        .group_by(CollectiveBrand.slug, CollectiveBrand.name).order_by(func.sum(line_amount).desc())
    ).all()
    return [Share(*row) for row in rows]


def by_category(period: FigurePeriod, filters: Filters, locale: str = "es") -> list[Share]:
    """Sales by top-level category (a sub-category counts in its parent), largest first; lines of
    products since deleted or never categorised come under the key "" .

    Grouped by the category's number alone, names joined afterwards: sorting a year of lines by
    a whole number is a third faster than by a name."""
    top_id = func.coalesce(Category.parent_id, Category.id).label("top_id")
    sums = (
        sale_lines(period, filters, top_id, total(line_amount).label("sales"),
                   func.count(func.distinct(SaleLine.order_id)).label("orders"), producer=False)
        .outerjoin(Product, Product.id == SaleLine.product_id)
        .outerjoin(Category, Category.id == Product.category_id)
        .group_by(top_id)
    ).subquery()
    rows = db.session.execute(
        select(sums.c.top_id, Category.name_es, Category.name_en, sums.c.sales, sums.c.orders)
        .outerjoin(Category, Category.id == sums.c.top_id)
        .order_by(sums.c.sales.desc(), sums.c.top_id)
    ).all()
    return [Share(str(key or ""), (name_en if locale == "en" and name_en else name_es) or "", sales, orders)
            for key, name_es, name_en, sales, orders in rows]


def by_producer(period: FigurePeriod, filters: Filters) -> list[tuple]:
    """(organisation id, name, region code, women-led, sales, orders) of every producer that sold
    (grouped by the organisation's number alone, its name and region joined afterwards)."""
    sums = (
        sale_lines(period, filters, SaleLine.organisation_id, total(line_amount).label("sales"),
                   func.count(func.distinct(SaleLine.order_id)).label("orders"), producer=False)
        .group_by(SaleLine.organisation_id)
    ).subquery()
    return db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.region_code, Organisation.women_led,
               sums.c.sales, sums.c.orders)
        .join(sums, sums.c.organisation_id == Organisation.id)
        .order_by(sums.c.sales.desc(), Organisation.name)
    ).all()


def credited_orders(period: FigurePeriod, filters: Filters) -> int:
    """Orders of the period credited to a fair (a booth's QR brought the buyer)."""
    return db.session.scalar(
        sale_lines(period, filters, func.count(func.distinct(SaleLine.order_id)), producer=False)
        .where(SaleLine.fair_id.is_not(None)))


def selling_organisations(period: FigurePeriod, filters: Filters) -> Select:
    """The ids of organisations with a sale in the period, as a subquery."""
    return sale_lines(period, filters, SaleLine.organisation_id, producer=False).distinct()
