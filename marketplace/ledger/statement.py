"""What a producer is owed, month by month: sales, samples, commission, payouts, advances, and
the balance at each month's end, summed by the database (one GROUP BY per question)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import extract, func

from ..extensions import db
from ..money import Money
from .models import EntryKind, LedgerEntry

CURRENCY = "PEN"
MONTHS_SHOWN = 12

Month = tuple[int, int]  # (year, month)


@dataclass
class MonthLine:
    month: Month
    sales: Money  # goods and shipping of paid orders, less refunds
    samples: Money  # what samples brought in: no commission is taken on them
    sample_count: int
    commission: Money
    paid_out: Money
    advances: Money  # paid ahead of delivery on wholesale orders (see advances_by_month)
    owed: Money  # the balance when the month ended (or today, for this month)

    @property
    def first_day(self) -> date:
        return date(self.month[0], self.month[1], 1)

    @property
    def is_empty(self) -> bool:
        return not any((self.sales.amount, self.samples.amount, self.commission.amount, self.paid_out.amount,
                        self.advances.amount))


@dataclass
class Statement:
    months: list[MonthLine] = field(default_factory=list)  # newest first

    def month(self, wanted: Month) -> MonthLine | None:
        return next((line for line in self.months if line.month == wanted), None)


def advances_by_month(organisation_id: int, start: date, end: date) -> dict[Month, Money]:
    """Advances paid to the producer on wholesale orders (ADVANCE entries), per month from `start`
    to `end`. An advance is part of what was paid out: the statement counts it there and shows it
    in its own column too."""
    year, month = extract("year", LedgerEntry.occurred_on), extract("month", LedgerEntry.occurred_on)
    rows = db.session.execute(
        db.select(year, month, -func.sum(LedgerEntry.net_amount))
        .where(LedgerEntry.organisation_id == organisation_id, LedgerEntry.kind == EntryKind.ADVANCE,
               LedgerEntry.occurred_on >= start, LedgerEntry.occurred_on <= end)
        .group_by(year, month)
    )
    return {(int(y), int(m)): Money(int(amount), CURRENCY) for y, m, amount in rows}


@dataclass
class AdvancedOrder:
    """A wholesale order on which the producer was paid an advance: what its share earned, the
    commission, the advance and what is still due when the goods are delivered."""

    order: object
    gross: Money
    commission: Money
    advance: Money

    @property
    def balance_on_delivery(self) -> Money:
        return self.gross - self.commission - self.advance


def advanced_orders(organisation_id: int, limit: int = 50) -> list[AdvancedOrder]:
    """The organisation's orders with an advance, newest first, with their sale beside it."""
    advances = list(db.session.scalars(
        db.select(LedgerEntry).where(LedgerEntry.organisation_id == organisation_id,
                                     LedgerEntry.kind == EntryKind.ADVANCE)
        .options(db.joinedload(LedgerEntry.order)).order_by(LedgerEntry.occurred_on.desc(), LedgerEntry.id.desc())
        .limit(limit)
    ))
    sales = {e.order_id: e for e in db.session.scalars(
        db.select(LedgerEntry).where(LedgerEntry.organisation_id == organisation_id, LedgerEntry.kind == EntryKind.SALE,
                                     LedgerEntry.order_id.in_([a.order_id for a in advances] or [0])))}
    zero = Money(0, CURRENCY)
    return [AdvancedOrder(a.order, sales[a.order_id].gross if a.order_id in sales else zero,
                          sales[a.order_id].commission if a.order_id in sales else zero, Money(-a.net_amount, CURRENCY))
            for a in advances]


def month_of(day: date) -> Month:
    return day.year, day.month


def months_back(last: Month, count: int) -> list[Month]:
    """`count` months ending with `last`, newest first."""
    year, month = last
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def _sum(column, *kinds):
    return func.coalesce(func.sum(column).filter(LedgerEntry.kind.in_(kinds)), 0)


def statement(organisation_id: int, today: date, count: int = MONTHS_SHOWN) -> Statement:
    """The last `count` months of an organisation's ledger, newest first, in two queries: the
    sums per month, and the balance before the first of them."""
    months = months_back(month_of(today), count)
    start = date(*months[-1], 1)
    year, month = extract("year", LedgerEntry.occurred_on), extract("month", LedgerEntry.occurred_on)
    rows = db.session.execute(
        db.select(
            year, month,
            _sum(LedgerEntry.gross_amount, EntryKind.SALE, EntryKind.REFUND),
            _sum(LedgerEntry.gross_amount, EntryKind.SAMPLE),
            func.count(LedgerEntry.id).filter(LedgerEntry.kind == EntryKind.SAMPLE),
            _sum(LedgerEntry.commission_amount, EntryKind.SALE, EntryKind.REFUND, EntryKind.SAMPLE),
            -_sum(LedgerEntry.net_amount, EntryKind.PAYOUT, EntryKind.ADVANCE),
            func.coalesce(func.sum(LedgerEntry.net_amount), 0),
        )
        .where(LedgerEntry.organisation_id == organisation_id, LedgerEntry.occurred_on >= start,
               LedgerEntry.occurred_on <= today)
        .group_by(year, month)
    ).all()
    sums = {(int(r[0]), int(r[1])): r[2:] for r in rows}
    owed = db.session.scalar(
        db.select(func.coalesce(func.sum(LedgerEntry.net_amount), 0))
        .where(LedgerEntry.organisation_id == organisation_id, LedgerEntry.occurred_on < start)
    )
    advances = advances_by_month(organisation_id, start, today)
    zero = Money(0, CURRENCY)
    lines = []
    for wanted in reversed(months):  # oldest first, to carry the balance forward
        sales, samples, sample_count, commission, paid_out, net = sums.get(wanted, (0, 0, 0, 0, 0, 0))
        owed += int(net)
        lines.append(MonthLine(
            month=wanted, sales=Money(int(sales), CURRENCY), samples=Money(int(samples), CURRENCY),
            sample_count=int(sample_count), commission=Money(int(commission), CURRENCY),
            paid_out=Money(int(paid_out), CURRENCY), advances=advances.get(wanted, zero), owed=Money(int(owed), CURRENCY),
        ))
    return Statement(months=list(reversed(lines)))


def entries_in_month(organisation_id: int, wanted: Month) -> list[LedgerEntry]:
    """The month's entries, oldest first, with their orders."""
    first = date(*wanted, 1)
    after = date(wanted[0] + 1, 1, 1) if wanted[1] == 12 else date(wanted[0], wanted[1] + 1, 1)
    return list(db.session.scalars(
        db.select(LedgerEntry)
        .where(LedgerEntry.organisation_id == organisation_id, LedgerEntry.occurred_on >= first,
               LedgerEntry.occurred_on < after)
        .options(db.joinedload(LedgerEntry.order))
        .order_by(LedgerEntry.occurred_on, LedgerEntry.id)
    ))
