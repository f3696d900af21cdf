"""Attribution: what a visit through a booth's QR brings in.

The visit is remembered for ATTRIBUTION_DAYS (Peruvian calendar days) in a first-party cookie signed with the app's secret
(the booth and the moment, nothing about the person), and for a signed-in buyer on the account
too (FairVisit), so the order placed later on a laptop is credited as well. The latest visit
wins. `current_credit` is the one question the rest of the shop asks: the checkout today, quote
and sample requests later.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.dialects import postgresql, sqlite

from ..clock import LIMA
from ..extensions import db
from ..orders.checkout import FairCredit
from .booths import count_scan
from .models import ATTRIBUTION_DAYS, Booth, FairVisit

VISIT_COOKIE = "mc_feria"
WINDOW = timedelta(days=ATTRIBUTION_DAYS)
# The window ends with a Lima day, up to a day after 90 × 24 h: the cookie outlives it by that day.
COOKIE_MAX_AGE = int((WINDOW + timedelta(days=1)).total_seconds())
_SALT = "fairs.visit"


@dataclass(frozen=True)
class Visit:
    booth_id: int
    visited_at: datetime

    def credits_at(self, now: datetime) -> bool:
        """Within the window: from the visit's Lima day to ATTRIBUTION_DAYS days later, that last
        day included (a visit on 23 Sep credits orders up to the end of 22 Dec, Lima time)."""
        visit_day, today = self.visited_at.astimezone(LIMA).date(), now.astimezone(LIMA).date()
        return self.visited_at <= now and today <= visit_day + WINDOW


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def visit_cookie_value(visit: Visit) -> str:
    """The signed cookie value for a visit: the booth's id and the visit's second, no person."""
    return _serializer().dumps({"b": visit.booth_id, "t": int(visit.visited_at.timestamp())})


def visit_from_cookie(value: str | None) -> Visit | None:
    """The visit a cookie names, or None when it is missing, altered or malformed."""
    if not value:
        return None
    try:
        data = _serializer().loads(value)
        return Visit(int(data["b"]), datetime.fromtimestamp(int(data["t"]), tz=timezone.utc))
    except (BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None


def account_visit(user) -> Visit | None:
    if user is None or getattr(user, "id", None) is None:
        return None
    row = db.session.get(FairVisit, user.id)
    return Visit(row.booth_id, row.visited_at) if row is not None else None


def remember_on_account(user, visit: Visit) -> None:
    """Keep the latest visit on the buyer's account (one upsert, safe when two tabs race); the
    caller commits."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(FairVisit).values(user_id=user.id, booth_id=visit.booth_id, visited_at=visit.visited_at)
    statement = statement.on_conflict_do_update(
        index_elements=[FairVisit.user_id],
        set_={"booth_id": statement.excluded.booth_id, "visited_at": statement.excluded.visited_at},
        where=FairVisit.visited_at <= statement.excluded.visited_at,
    )
    db.session.execute(statement)


def current_credit(cookie_value: str | None, user, now: datetime) -> FairCredit | None:
    """The fair and booth to credit for something placed at `now`: the latest visit (the cookie's
    or the account's) within ATTRIBUTION_DAYS, if its booth still exists; None otherwise."""
    visits = [v for v in (visit_from_cookie(cookie_value), account_visit(user)) if v is not None and v.credits_at(now)]
    if not visits:
        return None
    latest = max(visits, key=lambda v: v.visited_at)
    fair_id = db.session.scalar(db.select(Booth.fair_id).where(Booth.id == latest.booth_id))
    return FairCredit(fair_id=fair_id, booth_id=latest.booth_id) if fair_id is not None else None


def record_scan(booth: Booth, user, now: datetime) -> Visit:
    """A visit through a booth's QR: one more scan on the booth's Lima day and, for a signed-in
    buyer, the visit kept on the account; committed together. Returns the visit for the cookie."""
    visit = Visit(booth.id, now)
    count_scan(booth.id, now.astimezone(LIMA).date())
    if user is not None:
        remember_on_account(user, visit)
    db.session.commit()
    return visit
