"""The fair report counts, per booth, the confirmed quote requests of buyers who came through it
(beside the contacts the producer noted there): wholesale plugs this into fairs.report."""
from __future__ import annotations

from sqlalchemy import func, literal
from sqlalchemy.sql import Select

from ..extensions import db
from ..fairs import report
from .quotes_models import QuoteRequest


def quote_requests_by_booth(scope: report.Scope) -> Select:
    query = (
        db.select(QuoteRequest.credited_booth_id.label("booth_id"), literal(0).label("contacts"),
                  literal(0).label("samples"), func.count().label("quotes"))
        .where(QuoteRequest.credited_booth_id.is_not(None), QuoteRequest.email_confirmed_at.is_not(None))
        .group_by(QuoteRequest.credited_booth_id)
    )
    return report.narrowed(query, scope, QuoteRequest.credited_fair_id, QuoteRequest.organisation_id,
                           QuoteRequest.credited_booth_id)


def connect() -> None:
    report.add_follow_up_source(quote_requests_by_booth)
