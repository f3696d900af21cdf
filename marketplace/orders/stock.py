"""Stock allocation: the one module that takes and returns stock (Saleor's warehouse allocation).

Stock is taken with a conditional UPDATE (`… WHERE stock >= :quantity`) whose row count says
whether it worked, so two buyers can never take the same last unit and stock never goes below
zero, on SQLite and PostgreSQL alike. Variants are always updated in id order, so two orders
that share variants lock their rows in the same order and cannot deadlock.

Every movement is announced, in the caller's transaction, by the `stock_moved` signal with
(product id, units before, units after) per variant: public pages listen to it to learn which
products changed how much (marketplace/storefront/freshness.py). The UPDATEs carry the
execution option STOCK_MOVEMENT so that listeners know they were announced.
"""
from __future__ import annotations

from blinker import Namespace
from sqlalchemy import update

from ..catalogue.models import Variant
from ..extensions import db


STOCK_MOVEMENT = "stock_movement"
stock_moved = Namespace().signal("stock-moved")


class OutOfStock(Exception):
    """Some variants had fewer units left than asked for; nothing was taken."""

    def __init__(self, variant_ids: list[int]):
        super().__init__(f"not enough stock for variants {variant_ids}")
        self.variant_ids = variant_ids


def take(quantities: dict[int, int]) -> None:
    """Take `quantities` (variant id → units) in the caller's transaction. Raises OutOfStock;
    the caller must then roll back, which returns whatever was already taken."""
    short, moved = [], []
    for variant_id in sorted(quantities):
        quantity = quantities[variant_id]
        row = db.session.execute(
            update(Variant)
            .where(Variant.id == variant_id, Variant.stock >= quantity)
            .values(stock=Variant.stock - quantity)
            .returning(Variant.product_id, Variant.stock)
            .execution_options(synchronize_session=False, **{STOCK_MOVEMENT: True})
        ).first()
        if row is None:
            short.append(variant_id)
        else:
            moved.append((row.product_id, row.stock + quantity, row.stock))
    if short:
        raise OutOfStock(short)
    stock_moved.send(db.session, movements=moved)


def give_back(quantities: dict[int, int]) -> None:
    """Return units to stock (an unpaid order cancelled, a refunded parcel never shipped)."""
    moved = []
    for variant_id in sorted(quantities):
        quantity = quantities[variant_id]
        row = db.session.execute(
            update(Variant)
            .where(Variant.id == variant_id)
            .values(stock=Variant.stock + quantity)
            .returning(Variant.product_id, Variant.stock)
            .execution_options(synchronize_session=False, **{STOCK_MOVEMENT: True})
        ).first()
        if row is not None:
            moved.append((row.product_id, row.stock - quantity, row.stock))
    stock_moved.send(db.session, movements=moved)


def quantities_of(lines) -> dict[int, int]:
    """Units per variant in some order lines (lines whose variant was deleted are skipped)."""
    totals: dict[int, int] = {}
    for line in lines:
        if line.variant_id is not None:
            totals[line.variant_id] = totals.get(line.variant_id, 0) + line.quantity
    return totals
