"""The catalogue's version as public pages see it: one number that changes with every change."""
from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class StorefrontVersion(db.Model):
    """A single row (id 1). Rendered public pages are cached under the version they were made
    from, so any change to what they show makes every cached copy stale at once."""

    __tablename__ = "storefront_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
