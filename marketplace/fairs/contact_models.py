"""Every sending of the contact form, by the id the browser gave it.

A contact logged offline is sent again until the server answers; the browser gives each filled
form an id, so a second sending, even one merged into a contact met earlier, changes nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import UTCDateTime, utcnow
from ..extensions import db


class ContactSubmission(db.Model):
    __tablename__ = "fair_contact_submission"

    client_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("fair_contact.id", ondelete="CASCADE"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
