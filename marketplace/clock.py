"""Time as the marketplace keeps it: timezone-aware UTC in the database, and Peruvian calendar
days for what people count by day (authorisations, registrations, the ledger's months)."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


LIMA = ZoneInfo("America/Lima")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def lima_today() -> date:
    """Today in Peru: from 19:00 in Lima, the UTC date is already tomorrow's."""
    return utcnow().astimezone(LIMA).date()


class UTCDateTime(TypeDecorator):
    """A DateTime stored in UTC that always comes back timezone-aware.

    PostgreSQL keeps the zone; SQLite drops it, so values are normalised on the way in
    and marked as UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use clock.utcnow()")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
