"""AuditEvent: who did what to which record, when, and why."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .clock import UTCDateTime, utcnow
from .extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int] = mapped_column()
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User", lazy="joined")

    __table_args__ = (
        db.Index("ix_audit_event_subject", "subject_type", "subject_id"),
        # Kinds of event in a period: the figures' brand decisions and verifications, the history's filter.
        db.Index("ix_audit_event_action_occurred_at", "action", "occurred_at"),
    )


def record(action: str, subject, *, actor=None, reason: str | None = None, **details) -> AuditEvent:
    """Add an AuditEvent to the session; the calling service commits it with its change."""
    if subject.id is None:
        db.session.flush()
    event = AuditEvent(
        action=action,
        subject_type=type(subject).__name__,
        subject_id=subject.id,
        actor_id=actor.id if actor is not None else None,
        reason=reason,
        details=details,
    )
    db.session.add(event)
    return event


def history(subject) -> list[AuditEvent]:
    """Every event recorded for one record, oldest first."""
    return list(
        db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.subject_type == type(subject).__name__, AuditEvent.subject_id == subject.id)
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )
