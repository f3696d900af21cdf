"""Image: one processed photo, its responsive variants and who owns it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import UTCDateTime, utcnow
from ..extensions import db
from .storage import storage


class Image(db.Model):
    """A photo owned by one organisation. Its files are content-hashed and never change.

    `variants` lists every stored file, e.g.
    [{"width": 1600, "format": "webp", "key": "images/3f2a…-1600.webp", "bytes": 183422}, …].
    Two identical uploads make identical files; they share them, and `digest` (the content
    hash of the largest WebP) says which images do, so a file is deleted only with the last one.
    """

    __tablename__ = "image"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    placeholder_color: Mapped[str] = mapped_column(String(7))
    digest: Mapped[str] = mapped_column(String(16), index=True)
    variants: Mapped[list[dict]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def _of_format(self, fmt: str) -> list[dict]:
        return sorted((v for v in self.variants if v["format"] == fmt), key=lambda v: v["width"])

    def url(self, width: int = 800, fmt: str = "webp") -> str:
        """The smallest variant at least `width` wide, or the largest there is."""
        choices = self._of_format(fmt)
        if not choices:
            raise ValueError(f"no {fmt} variant of image {self.id}")
        chosen = next((v for v in choices if v["width"] >= width), choices[-1])
        return storage().url(chosen["key"])

    def srcset(self, fmt: str = "webp") -> str:
        """For <img srcset> / <source srcset>: "url 400w, url 800w, url 1600w"."""
        store = storage()
        return ", ".join(f"{store.url(v['key'])} {v['width']}w" for v in self._of_format(fmt))

    @property
    def keys(self) -> list[str]:
        return [v["key"] for v in self.variants]

    def __repr__(self) -> str:
        return f"<Image {self.id} {self.width}x{self.height}>"
