"""Every audit event, newest first, filtered by who, what kind, which record and when; paged by id
("older than event N"), so a page costs the same on the millionth event as on the first."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..audit import AuditEvent
from ..extensions import db
from .periods import FigurePeriod
from .sentences import SENTENCES

PAGE_SIZE = 50


def kinds() -> list[str]:
    """The kinds of event staff can filter by: the part of each code before its dot."""
    return sorted({code.split(".")[0] for code in SENTENCES})


def subject_types() -> list[str]:
    return sorted({m.class_.__name__ for m in db.Model.registry.mappers if hasattr(m.class_, "__tablename__")})


@dataclass(frozen=True)
class EventQuery:
    who: str | None = None  # part of an e-mail address or a name
    kind: str | None = None  # "brand_listing", …
    subject_type: str | None = None
    subject_id: int | None = None
    period: FigurePeriod | None = None
    before_id: int | None = None  # the page after the one that ended with this event


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    older_than: int | None  # the id to ask the next page with; None on the last page


def page(query: EventQuery) -> EventPage:
    """One page of events matching the query, newest first, with their actors."""
    statement = select(AuditEvent).options(joinedload(AuditEvent.actor)).order_by(AuditEvent.id.desc())
    if query.who:
        pattern = f"%{query.who.strip().lower()}%"
        people = select(User.id).where(func.lower(User.email).like(pattern) | func.lower(User.name).like(pattern))
        statement = statement.where(AuditEvent.actor_id.in_(people))
    if query.kind:
        codes = [code for code in SENTENCES if code.split(".")[0] == query.kind]
        statement = statement.where(AuditEvent.action.in_(codes or [query.kind]))
    if query.subject_type:
        statement = statement.where(AuditEvent.subject_type == query.subject_type)
    if query.subject_id is not None:
        statement = statement.where(AuditEvent.subject_id == query.subject_id)
    if query.period is not None:
        statement = statement.where(AuditEvent.occurred_at >= query.period.starts_at,
                                    AuditEvent.occurred_at < query.period.ends_before)
    if query.before_id is not None:
        statement = statement.where(AuditEvent.id < query.before_id)
    events = list(db.session.scalars(statement.limit(PAGE_SIZE + 1)).unique())
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    return EventPage(events, events[-1].id if more else None)
