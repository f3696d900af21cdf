"""Stock allocation: the one module that takes and returns stock (Saleor's warehouse allocation).

Stock is taken with a conditional UPDATE (`… WHERE stock >= :quantity`) whose row count says
whether it worked, so two buyers can never take the same last unit and stock never goes below
zero, on SQLite and PostgreSQL alike. Variants are always updated in id order, so two orders
that share variants lock their rows in the same order and cannot deadlock.
"""
from __future__ import annotations

from sqlalchemy import update

from ..catalogue.models import Variant
from ..extensions import db


class OutOfStock(Exception):
    """Some variants had fewer units left than asked for; nothing was taken."""

    def __init__(self, variant_ids: list[int]):
        super().__init__(f"not enough stock for variants {variant_ids}")
        self.variant_ids = variant_ids


def take(quantities: dict[int, int]) -> None:
    """Take `quantities` (variant id → units) in the caller's transaction. Raises OutOfStock;
    the caller must then roll back, which returns whatever was already taken."""
    short = []
    for variant_id in sorted(quantities):
        quantity = quantities[variant_id]
        result = db.session.execute(
            update(Variant)
            .where(Variant.id == variant_id, Variant.stock >= quantity)
            .values(stock=Variant.stock - quantity)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            short.append(variant_id)
    if short:
        raise OutOfStock(short)


def give_back(quantities: dict[int, int]) -> None:
    """Return units to stock (an unpaid order cancelled, a refunded parcel never shipped)."""
    for variant_id in sorted(quantities):
        db.session.execute(
            update(Variant)
            .where(Variant.id == variant_id)
            .values(stock=Variant.stock + quantities[variant_id])
            .execution_options(synchronize_session=False)
        )


def quantities_of(lines) -> dict[int, int]:
    """Units per variant in some order lines (lines whose variant was deleted are skipped)."""
    totals: dict[int, int] = {}
    for line in lines:
        if line.variant_id is not None:
            totals[line.variant_id] = totals.get(line.variant_id, 0) + line.quantity
    return totals
