"""Advance payments to producers on wholesale orders (as fair-trade importers pay them).

When an accepted offer agreed an advance (up to 50 %), staff pay each producer of the order its
share ahead of delivery and record it here: an ADVANCE ledger entry against the order, so the
producer's statement shows the advance, the commission and the balance due on delivery. The
advance is a percentage of what the producer earns on the order (its sale less commission), and
can be recorded once the buyer has paid (the sale is in the ledger).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..ledger.models import EntryKind, LedgerEntry
from ..money import Money
from ..orders.models import Order
from ..producers.models import Organisation
from ..transactions import committing
from .quotes_models import QuoteRequest, QuoteStatus

CURRENCY = "PEN"


class AdvanceError(Exception):
    def __init__(self, why: str, limit: Money | None = None):
        # "no_advance" (none agreed), "not_paid", "not_positive", "too_much", "already"
        super().__init__(why)
        self.why, self.limit = why, limit


@dataclass
class AdvanceShare:
    """One producer's share of a wholesale order with an agreed advance."""

    quote: QuoteRequest
    organisation: Organisation
    sale: LedgerEntry | None  # none until the buyer pays
    percent: int
    recorded: LedgerEntry | None

    @property
    def due(self) -> Money:
        """The agreed advance: the percentage of what the producer earns on the order."""
        if self.sale is None:
            return Money(0, CURRENCY)
        return Money(self.sale.net_amount * self.percent // 100, CURRENCY)

    @property
    def paid(self) -> Money | None:
        return Money(-self.recorded.net_amount, CURRENCY) if self.recorded is not None else None

    @property
    def can_record(self) -> bool:
        return self.sale is not None and self.recorded is None and self.due.amount > 0


def shares(quote_request: QuoteRequest) -> list[AdvanceShare]:
    """Each producer's share of the order made from an accepted quote with an advance."""
    offer = quote_request.offer
    if quote_request.order_id is None or offer is None:
        return []
    entries = list(db.session.scalars(db.select(LedgerEntry).where(
        LedgerEntry.order_id == quote_request.order_id, LedgerEntry.kind.in_([EntryKind.SALE, EntryKind.ADVANCE]))))
    by_kind = {(e.organisation_id, e.kind): e for e in entries}
    order = db.session.get(Order, quote_request.order_id)
    return [AdvanceShare(quote_request, f.organisation, by_kind.get((f.organisation_id, EntryKind.SALE)),
                         offer.advance_percent, by_kind.get((f.organisation_id, EntryKind.ADVANCE)))
            for f in order.fulfilments]


def with_advances(limit: int = 100) -> list[QuoteRequest]:
    """Accepted quotes whose offer agreed an advance, newest first: staff's list to pay."""
    accepted = db.session.scalars(
        db.select(QuoteRequest).where(QuoteRequest.status == QuoteStatus.ACCEPTED)
        .order_by(QuoteRequest.accepted_at.desc()).limit(limit))
    return [q for q in accepted if q.offer is not None and q.offer.advance_percent > 0]


def record_advance(quote_request: QuoteRequest, organisation_id: int, *, amount: Money, paid_on: date,
                   bank_reference: str, by) -> LedgerEntry:
    """Staff record the advance paid to one producer of a wholesale order. At most the agreed
    percentage of its earnings on the order, once; raises AdvanceError and writes nothing then."""
    with committing():
        db.session.scalar(db.select(Organisation).where(Organisation.id == organisation_id).with_for_update())
        share = next((s for s in shares(quote_request) if s.organisation.id == organisation_id), None)
        if share is None or share.percent <= 0:
            raise AdvanceError("no_advance")
        if share.sale is None:
            raise AdvanceError("not_paid")
        if share.recorded is not None:
            raise AdvanceError("already")
        if amount.currency != CURRENCY or amount.amount <= 0:
            raise AdvanceError("not_positive")
        if amount.amount > share.due.amount:
            raise AdvanceError("too_much", share.due)
        entry = LedgerEntry(
            organisation_id=organisation_id, order_id=quote_request.order_id, kind=EntryKind.ADVANCE,
            currency=CURRENCY, net_amount=-amount.amount, occurred_on=paid_on,
            bank_reference=bank_reference.strip(), recorded_by_id=by.id,
            note=f"{share.percent} % · {quote_request.reference}",
        )
        db.session.add(entry)
        audit.record("ledger.advance_recorded", share.organisation, actor=by, amount=amount.amount,
                     order=quote_request.order.reference, paid_on=paid_on.isoformat(), bank_reference=entry.bank_reference)
        try:
            db.session.flush()
        except IntegrityError:  # recorded by someone else at the same moment
            raise AdvanceError("already") from None
    return entry
