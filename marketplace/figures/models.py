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


class SaleLine(db.Model):
    """One line of a sold order (paid or completed, never refunded), as the figures count it.

    A copy kept in step with orders by `sale_lines` (it listens to the orders' signals) so that a
    year of figures is summed from one narrow table instead of joining orders to their lines on
    every page view. `flask figures rebuild` writes it again from the orders.
    """

    __tablename__ = "sale_line"
    __table_args__ = (db.Index("ix_sale_line_buyer_paid_at", "buyer", "paid_at"),)

    line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id", ondelete="CASCADE"), primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("customer_order.id", ondelete="CASCADE"), index=True)
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    buyer: Mapped[str] = mapped_column(String(254))  # the order's e-mail address
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"))
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fair.id", ondelete="SET NULL"))
    export: Mapped[bool] = mapped_column()  # shipped abroad
    amount: Mapped[int] = mapped_column(BigInteger)  # unit price × quantity, céntimos
