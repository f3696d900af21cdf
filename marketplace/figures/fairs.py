"""The fair funnel: QR scans at booths → contacts met → samples → quotes → orders credited.

Contacts are counted by the day they were met (a cohort): of the contacts met in the period, how
many have reached the sample stage or a later one, and the quote stage or a later one. Wholesale
sample orders and quote requests made online are added through `wholesale_counts`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..fairs.models import Booth, BoothScanDay, Contact, ContactStage
from ..orders.models import Fulfilment, Order, OrderKind, OrderStatus
from ..producers.models import Organisation
from ..wholesale.quotes_models import QuoteRequest
from . import sales
from .filters import Filters
from .periods import FigurePeriod

SAMPLE_OR_LATER = (ContactStage.SAMPLE_SENT, ContactStage.QUOTED, ContactStage.ORDERED)
QUOTE_OR_LATER = (ContactStage.QUOTED, ContactStage.ORDERED)
# A sample order counts once paid for (the buyer pays its shipping), even if later refunded.
SAMPLE_SENT = (OrderStatus.PAID, OrderStatus.COMPLETED, OrderStatus.REFUNDED)


@dataclass(frozen=True)
class WholesaleCounts:
    samples: int = 0
    quotes: int = 0


@dataclass(frozen=True)
class Funnel:
    scans: int
    contacts: int
    samples: int
    quotes: int
    orders: int

    def steps(self) -> list[tuple[str, int]]:
        return [("scans", self.scans), ("contacts", self.contacts), ("samples", self.samples),
                ("quotes", self.quotes), ("orders", self.orders)]


def samples_sent(period: FigurePeriod, filters: Filters, *, from_fairs: bool = False) -> int:
    """Sample orders paid for ("muestras sin valor comercial") placed in the period, of producers
    matching the filters; with `from_fairs`, only those credited to a fair (the filter's, if any)."""
    query = (
        select(func.count(func.distinct(Order.id))).select_from(Order)
        .join(Fulfilment, Fulfilment.order_id == Order.id)
        .join(Organisation, Organisation.id == Fulfilment.organisation_id)
        .where(Order.kind == OrderKind.SAMPLE, Order.status.in_(SAMPLE_SENT),
               Order.placed_at >= period.starts_at, Order.placed_at < period.ends_before,
               *filters.organisation_conditions())
    )
    if from_fairs or filters.fair_id:
        query = query.where(Order.credited_fair_id == filters.fair_id if filters.fair_id
                            else Order.credited_fair_id.is_not(None))
    return db.session.scalar(query)


def wholesale_counts(period: FigurePeriod, filters: Filters) -> WholesaleCounts:
    """Sample orders and wholesale quote requests of the period that came from a fair.

    This is the one place the funnel counts them. Quotes: the confirmed quote requests asked in
    the period and credited to a fair (the buyer came through a booth), under the same filters
    as the contacts (the producer asked). Samples: paid sample orders credited to a fair
    (`samples_sent`).
    """
    query = (
        select(func.count(QuoteRequest.id)).select_from(QuoteRequest)
        .join(Organisation, Organisation.id == QuoteRequest.organisation_id)
        .where(QuoteRequest.credited_fair_id.is_not(None), QuoteRequest.email_confirmed_at.is_not(None),
               QuoteRequest.created_at >= period.starts_at, QuoteRequest.created_at < period.ends_before,
               *filters.organisation_conditions())
    )
    if filters.fair_id:
        query = query.where(QuoteRequest.credited_fair_id == filters.fair_id)
    return WholesaleCounts(samples=samples_sent(period, filters, from_fairs=True),
                           quotes=db.session.scalar(query) or 0)


def _contact_query(period: FigurePeriod, filters: Filters, *columns):
    query = (
        select(*columns).select_from(Contact)
        .join(Organisation, Organisation.id == Contact.organisation_id)
        .where(Contact.met_at >= period.starts_at, Contact.met_at < period.ends_before,
               *filters.organisation_conditions())
    )
    return query.where(Contact.fair_id == filters.fair_id) if filters.fair_id else query


def scans(period: FigurePeriod, filters: Filters) -> int:
    query = (
        select(func.coalesce(func.sum(BoothScanDay.scans), 0)).select_from(BoothScanDay)
        .join(Booth, Booth.id == BoothScanDay.booth_id)
        .join(Organisation, Organisation.id == Booth.organisation_id)
        .where(BoothScanDay.day >= period.start, BoothScanDay.day <= period.end, *filters.organisation_conditions())
    )
    return db.session.scalar(query.where(Booth.fair_id == filters.fair_id) if filters.fair_id else query)


def funnel(period: FigurePeriod, filters: Filters) -> Funnel:
    """Each step of the funnel for the period (see the module's docstring)."""
    contacts, samples, quotes = db.session.execute(_contact_query(
        period, filters,
        func.count(Contact.id),
        func.count(Contact.id).filter(Contact.stage.in_(SAMPLE_OR_LATER)),
        func.count(Contact.id).filter(Contact.stage.in_(QUOTE_OR_LATER)),
    )).one()
    online = wholesale_counts(period, filters)
    return Funnel(scans=scans(period, filters), contacts=contacts, samples=samples + online.samples,
                  quotes=quotes + online.quotes, orders=sales.credited_orders(period, filters))
