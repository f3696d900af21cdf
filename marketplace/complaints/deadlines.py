"""The answer deadline in business days: Monday to Friday, except Peru's national holidays.

The holidays come from the `holidays` package: Congress adds national holidays now and then
(7 June, 23 July, 6 August and 9 December are recent ones), and a maintained list follows each
law better than one kept by hand here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("PE", years=year))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_business_days(start: date, count: int) -> date:
    """The `count`-th business day after `start`; `start` itself is not counted, as a legal
    term starts on the day after the one it runs from."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def business_days_after(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (0 when `end` is not later)."""
    return sum(1 for n in range(1, (end - start).days + 1) if is_business_day(start + timedelta(days=n)))


@dataclass(frozen=True)
class Deadline:
    """Where a sheet stands against its deadline on a given day."""

    due_on: date
    today: date

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def days_left(self) -> int:
        """Business days from tomorrow up to the due day; 0 on the due day and after it."""
        return business_days_after(self.today, self.due_on)

    @property
    def due_today(self) -> bool:
        return self.today == self.due_on
