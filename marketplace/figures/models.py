"""What the programme set out to reach: a baseline and a target per indicator and year."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import UTCDateTime, utcnow
from ..extensions import db


class IndicatorTarget(db.Model):
    """Staff's baseline and target for one indicator in one calendar year.

    Values are integers in the indicator's stored unit (indicators.Unit): céntimos for money,
    tenths for percentages and days, plain counts otherwise.
    """

    __tablename__ = "indicator_target"
    __table_args__ = (UniqueConstraint("indicator", "year", name="uq_indicator_target_indicator_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column()
    baseline: Mapped[int | None] = mapped_column(BigInteger)
    target: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<IndicatorTarget {self.indicator} {self.year}>"
