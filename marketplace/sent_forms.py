"""Filled forms that create something, by the id each was given when it was shown.

A phone on a bad connection sends a form again when the answer to the first sending was lost
(listing.js does it by itself when the connection returns; a person taps "Guardar" twice or
reloads after a timeout). The form carries a hidden `client_id` (forms.SentOnce); the first
sending records it here with what it created, and any later sending of the same filled form
gets that record back instead of a second one. The fair contact form (fairs.contacts) keeps
its sendings here too.

A sent form belongs to an owner (an organisation or a person): looking an id up for another
owner finds nothing, so one person's id can never reveal another's record.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .clock import UTCDateTime, utcnow
from .extensions import db
from .transactions import committing

CLIENT_ID_MAX = 40

Record = TypeVar("Record")


class SentForm(db.Model):
    __tablename__ = "sent_form"
    __table_args__ = (UniqueConstraint("kind", "owner", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # what the form creates: "catalogue.variant", …
    owner: Mapped[str] = mapped_column(String(40))  # "organisation:12" or "user:7"
    client_id: Mapped[str] = mapped_column(String(CLIENT_ID_MAX))
    # The row the first sending created; empty only inside the transaction that creates it.
    record_id: Mapped[int | None]
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Sending:
    """One filled form: what it creates, for whom, and the id the browser gave it."""

    kind: str
    owner: str
    client_id: str

    @classmethod
    def of(cls, kind: str, client_id: str | None, *, organisation_id: int | None = None,
           user_id: int | None = None) -> Sending | None:
        """The sending, or None for a form without an id (one shown before forms had one)."""
        client_id = (client_id or "").strip()[:CLIENT_ID_MAX]
        if not client_id:
            return None
        owner = f"organisation:{organisation_id}" if organisation_id is not None else f"user:{user_id}"
        return cls(kind, owner, client_id)


def earlier(sending: Sending | None) -> int | None:
    """The id of what an earlier sending of this filled form created, if one was stored."""
    if sending is None:
        return None
    return db.session.scalar(db.select(SentForm.record_id).where(
        SentForm.kind == sending.kind, SentForm.owner == sending.owner, SentForm.client_id == sending.client_id))


def record(sending: Sending | None, record_id: int) -> None:
    """Store, in the current transaction, that this sending created `record_id`. Committing it
    raises IntegrityError when another sending of the same form was stored first."""
    if sending is not None:
        db.session.add(SentForm(kind=sending.kind, owner=sending.owner, client_id=sending.client_id,
                                record_id=record_id))


def _claim(sending: Sending) -> tuple[SentForm | None, int | None]:
    """Take the form's id for this sending: (the claim, None), or (None, what the first sending
    created) when it was there first. Two sendings at once: the unique key makes the second
    wait for the first's commit, then fail; it is rolled back and reads the first's record.

    Rolled back whole, not to a savepoint: SQLite's driver commits a savepoint opened before the
    transaction's first write. Nothing was written yet (the claim is a use case's first write).
    """
    found = earlier(sending)
    if found is not None:
        return None, found
    claim = SentForm(kind=sending.kind, owner=sending.owner, client_id=sending.client_id)
    db.session.add(claim)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None, earlier(sending)
    return claim, None


def create_once(sending: Sending | None, create: Callable[[], Record],
                find: Callable[[int], Record | None]) -> Record | None:
    """Run `create` (which adds what the form creates and returns it, without committing) and
    commit, once per filled form: a later sending of the same form gets `find(id)` of the first
    one's record instead (None if that record was deleted since). Whatever `create` raises
    rolls everything back, the claim too, so a form refused and then corrected creates once.
    """
    with committing():
        claim, found = _claim(sending) if sending is not None else (None, None)
        if found is not None:
            return find(found)
        created = create()
        if claim is not None:
            db.session.flush()
            claim.record_id = created.id
    return created
