"""The outbox: every email the marketplace writes, kept whether or not SMTP is configured, with
the record of its delivery (status, attempts, last error, when it went out)."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..status import enum_type


class DeliveryStatus(StrEnum):
    """Where an email's delivery stands. Moves are conditional UPDATEs in services.py (a worker
    claims an email by moving it to SENDING), so two workers never send one email twice."""

    QUEUED = "queued"  # written; its delivery job is on the queue
    SENDING = "sending"  # a worker has it until next_attempt_at; after that it counts as lost
    RETRYING = "retrying"  # the last attempt failed; tried again at next_attempt_at
    SENT = "sent"
    FAILED = "failed"  # every attempt failed: staff see it at /staff/emails/failed and may retry
    LOGGED = "logged"  # no MAIL_SERVER (a laptop): written to the log only


class OutboxEmail(db.Model):
    __tablename__ = "outbox_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    kind: Mapped[str] = mapped_column(String(64))  # the template name, e.g. "password_reset"
    locale: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus), default=DeliveryStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # When the retry sweep looks at it again: the next try, or the end of a worker's claim.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


# The allowed moves, as data; services.py applies them with conditional UPDATEs.
TRANSITIONS = {
    DeliveryStatus.QUEUED: {DeliveryStatus.SENDING},
    DeliveryStatus.RETRYING: {DeliveryStatus.SENDING},
    DeliveryStatus.SENDING: {DeliveryStatus.SENT, DeliveryStatus.RETRYING, DeliveryStatus.FAILED,
                             DeliveryStatus.LOGGED, DeliveryStatus.SENDING},  # SENDING again: a lost claim
    DeliveryStatus.FAILED: {DeliveryStatus.QUEUED},  # staff retry
    DeliveryStatus.SENT: set(),
    DeliveryStatus.LOGGED: set(),
}
