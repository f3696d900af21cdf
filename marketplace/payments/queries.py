"""What the staff's order desk shows: every order, or those whose payment staff must look at."""
from __future__ import annotations

from ..extensions import db
from ..orders.models import Order, OrderStatus
from ..orders.queries import PAGE_SIZE, with_parts
from .models import Payment


def staff_orders(*, status: OrderStatus | None = None, flagged: bool = False, reference: str | None = None,
                 limit: int = PAGE_SIZE) -> list[Order]:
    """Every order for staff, newest first; filtered by status, flagged payments or reference."""
    query = with_parts(db.select(Order))
    if status is not None:
        query = query.where(Order.status == status)
    if flagged:
        query = query.where(Order.id.in_(db.select(Payment.order_id).where(Payment.flag_reason.is_not(None))))
    if reference:
        query = query.where(Order.reference.contains(reference.strip().upper()))
    return list(db.session.scalars(query.order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)))


def flagged_count() -> int:
    return db.session.scalar(
        db.select(db.func.count(db.distinct(Payment.order_id))).where(Payment.flag_reason.is_not(None))
    ) or 0
