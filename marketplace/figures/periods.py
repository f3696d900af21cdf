"""The period a figure covers: a month, a quarter, a year or chosen days, counted in Lima.

A sale paid at 23:30 on 31 March in Lima (04:30 on 1 April in UTC) belongs to March: the
period's bounds are Lima midnights turned into UTC instants, and the database compares UTC.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

from ..clock import LIMA


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class FigurePeriod:
    """Lima calendar days from `start` to `end`, both included."""

    kind: PeriodKind
    start: date
    end: date

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> FigurePeriod:
        """The month, quarter or year that `day` falls in."""
        if kind == PeriodKind.MONTH:
            start = day.replace(day=1)
            return cls(kind, start, _month_end(start))
        if kind == PeriodKind.QUARTER:
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
            return cls(kind, start, _month_end(_add_months(start, 2)))
        if kind == PeriodKind.YEAR:
            return cls(kind, date(day.year, 1, 1), date(day.year, 12, 31))
        raise ValueError("a custom period needs its own days")

    @classmethod
    def custom(cls, start: date, end: date) -> FigurePeriod:
        if end < start:
            raise ValueError("the period ends before it starts")
        return cls(PeriodKind.CUSTOM, start, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> FigurePeriod:
        """The period just before: the month, quarter or year before, or as many days before."""
        if self.kind == PeriodKind.CUSTOM:
            return FigurePeriod.custom(self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        return FigurePeriod.containing(self.kind, self.start - timedelta(days=1))

    def next(self) -> FigurePeriod:
        if self.kind == PeriodKind.CUSTOM:
            return FigurePeriod.custom(self.end + timedelta(days=1), self.end + timedelta(days=self.days))
        return FigurePeriod.containing(self.kind, self.end + timedelta(days=1))

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period (Lima midnight), in UTC."""
        return lima_midnight(self.start)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period, in UTC: compare with `<`."""
        return lima_midnight(self.end + timedelta(days=1))

    def months(self) -> list[date]:
        """The first day of every month the period touches, oldest first."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = _add_months(month, 1)
        return months

    def chart_months(self) -> list[date]:
        """The months a sales-by-month chart shows: the period's own when it spans several, else
        the twelve months up to the period's end, so a month is seen against its year."""
        months = self.months()
        if len(months) >= 2:
            return months
        last = self.end.replace(day=1)
        return [_add_months(last, -k) for k in range(11, -1, -1)]

    @property
    def label(self) -> str:
        """For file names: 2026-11, 2026-T4, 2026, or 2026-11-05-a-2026-11-20."""
        if self.kind == PeriodKind.MONTH:
            return self.start.strftime("%Y-%m")
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-T{(self.start.month - 1) // 3 + 1}"
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}-a-{self.end.isoformat()}"


def lima_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LIMA).astimezone(timezone.utc)
