"""The catalogue's version as public pages see it: one number that changes with every change,
and a log of the products whose stock band a sale or a release changed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import UTCDateTime, utcnow
from ..extensions import db


class StorefrontVersion(db.Model):
    """A single row (id 1). Rendered public pages are cached under the version they were made
    from, so any change to what they show makes every cached copy stale at once."""

    __tablename__ = "storefront_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class StockBandChange(db.Model):
    """A product moved to another stock band (in stock, few left, sold out) through a sale or a
    release of stock. A kept page made before this row's id is stale only if it shows the product.
    Rows are numbers in a sequence; the oldest are deleted as new ones come (see freshness)."""

    __tablename__ = "stock_band_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
