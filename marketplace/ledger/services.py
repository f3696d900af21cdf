"""The ledger's use cases: record what paid orders earn, reverse refunds, record payouts, and
say for each producer what is owed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import case, func

from .. import audit
from ..clock import lima_today
from ..extensions import db
from ..money import Money
from ..orders.models import Order, OrderKind
from ..producers.models import Organisation
from ..transactions import committing
from .models import EntryKind, LedgerEntry

CURRENCY = "PEN"


class LedgerError(Exception):
    pass


class InvalidPayout(LedgerError):
    def __init__(self, why: str):  # "not_positive", "more_than_owed", "currency"
        super().__init__(why)
        self.why = why


def commission_percent() -> Decimal:
    return Decimal(str(current_app.config["COMMISSION_PERCENT"]))


def commission_on(amount: int, percent: Decimal) -> int:
    """The commission in whole céntimos, half a céntimo rounded up."""
    return int((Decimal(amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def record_sales(order) -> None:
    """One SALE per producer of a paid order (in the caller's transaction); a sample order writes
    a SAMPLE instead, on which no commission is taken.

    The producer earns its goods and the shipping it pays for; commission is taken on the goods.
    """
    kind = EntryKind.SAMPLE if order.kind == OrderKind.SAMPLE else EntryKind.SALE
    percent = Decimal(0) if kind == EntryKind.SAMPLE else commission_percent()
    for fulfilment in order.fulfilments:
        gross = fulfilment.subtotal_amount + fulfilment.shipping_amount
        commission = commission_on(fulfilment.subtotal_amount, percent)
        db.session.add(LedgerEntry(
            organisation_id=fulfilment.organisation_id, order=order, kind=kind,
            currency=order.currency, gross_amount=gross, commission_amount=commission,
            net_amount=gross - commission, commission_percent=percent, occurred_on=lima_today(),
        ))


def record_refunds(order) -> None:
    """Mirror every SALE (or SAMPLE) of a refunded order, so producers are owed nothing for it."""
    sales = db.session.scalars(
        db.select(LedgerEntry).where(LedgerEntry.order_id == order.id,
                                     LedgerEntry.kind.in_((EntryKind.SALE, EntryKind.SAMPLE)))
    )
    for sale in list(sales):
        db.session.add(LedgerEntry(
            organisation_id=sale.organisation_id, order=order, kind=EntryKind.REFUND, currency=sale.currency,
            gross_amount=-sale.gross_amount, commission_amount=-sale.commission_amount,
            net_amount=-sale.net_amount, commission_percent=sale.commission_percent,
            occurred_on=lima_today(),
        ))


@dataclass
class Balance:
    organisation: Organisation
    earned: Money  # gross of paid orders, less refunds
    commission: Money
    paid_out: Money
    owed: Money  # earned − commission − paid out


def _sum_where(column, kinds):
    return func.coalesce(func.sum(case((LedgerEntry.kind.in_(kinds), column), else_=0)), 0)


def balances(organisation_id: int | None = None) -> list[Balance]:
    """What each producer with ledger entries earned, paid in commission, received and is owed."""
    earning = [EntryKind.SALE, EntryKind.SAMPLE, EntryKind.REFUND]
    query = (
        db.select(
            Organisation,
            _sum_where(LedgerEntry.gross_amount, earning),
            _sum_where(LedgerEntry.commission_amount, earning),
            -_sum_where(LedgerEntry.net_amount, [EntryKind.PAYOUT, EntryKind.ADVANCE]),
            func.sum(LedgerEntry.net_amount),
        )
        .join(LedgerEntry, LedgerEntry.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(Organisation.name)
    )
    if organisation_id is not None:
        query = query.where(Organisation.id == organisation_id)
    return [
        Balance(org, Money(int(earned), CURRENCY), Money(int(commission), CURRENCY),
                Money(int(paid), CURRENCY), Money(int(owed), CURRENCY))
        for org, earned, commission, paid, owed in db.session.execute(query)
    ]


def balance_of(organisation: Organisation) -> Balance:
    found = balances(organisation.id)
    if found:
        return found[0]
    zero = Money(0, CURRENCY)
    return Balance(organisation, zero, zero, zero, zero)


def entries_of(organisation: Organisation, limit: int = 200) -> list[LedgerEntry]:
    return list(db.session.scalars(
        db.select(LedgerEntry)
        .where(LedgerEntry.organisation_id == organisation.id)
        .options(db.joinedload(LedgerEntry.order))
        .order_by(LedgerEntry.recorded_at.desc(), LedgerEntry.id.desc())
        .limit(limit)
    ))


def entries_for_export(start: date, end: date, organisation_id: int | None = None, *, batch: int = 500):
    """Every entry that occurred from `start` to `end` (both included), of one producer or of all,
    oldest first, with the producer's name and RUC and the order's reference.

    Rows are fetched `batch` at a time as they are read, so a download never holds the whole
    ledger in memory.
    """
    query = (
        db.select(
            LedgerEntry.occurred_on, LedgerEntry.kind, LedgerEntry.currency, LedgerEntry.gross_amount,
            LedgerEntry.commission_amount, LedgerEntry.commission_percent, LedgerEntry.net_amount,
            LedgerEntry.bank_reference, LedgerEntry.note,
            Organisation.name.label("organisation_name"), Organisation.ruc, Order.reference.label("order_reference"),
        )
        .join(Organisation, Organisation.id == LedgerEntry.organisation_id)
        .outerjoin(Order, Order.id == LedgerEntry.order_id)
        .where(LedgerEntry.occurred_on >= start, LedgerEntry.occurred_on <= end)
        .order_by(LedgerEntry.occurred_on, LedgerEntry.id)
        .execution_options(yield_per=batch)
    )
    if organisation_id is not None:
        query = query.where(LedgerEntry.organisation_id == organisation_id)
    yield from db.session.execute(query)


def record_payout(organisation: Organisation, *, amount: Money, paid_on: date, bank_reference: str, by,
                  note: str | None = None) -> LedgerEntry:
    """Record money sent to a producer. Raises InvalidPayout (not positive, more than owed)."""
    with committing():
        # Lock the producer's row so two staff recording payouts at once cannot both pay the balance.
        db.session.scalar(db.select(Organisation).where(Organisation.id == organisation.id).with_for_update())
        if amount.currency != CURRENCY:
            raise InvalidPayout("currency")
        if amount.amount <= 0:
            raise InvalidPayout("not_positive")
        if amount.amount > balance_of(organisation).owed.amount:
            raise InvalidPayout("more_than_owed")
        entry = LedgerEntry(
            organisation_id=organisation.id, kind=EntryKind.PAYOUT, currency=CURRENCY, net_amount=-amount.amount,
            occurred_on=paid_on, bank_reference=bank_reference.strip(), note=(note or "").strip() or None,
            recorded_by_id=by.id,
        )
        db.session.add(entry)
        audit.record("ledger.payout_recorded", organisation, actor=by, amount=amount.amount,
                     paid_on=paid_on.isoformat(), bank_reference=entry.bank_reference)
    return entry
