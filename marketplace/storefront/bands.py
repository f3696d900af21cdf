"""How much of a product is left, as buyers are told: in stock, few left, sold out.

Public pages show a band, never a count, so that a sale changes a page only when it moves a
product from one band to another; only the kept pages showing that product are then made again
(marketplace/storefront/cache.py), not every page of the shop.
"""
from __future__ import annotations

from enum import IntEnum

from flask_babel import gettext as _

FEW_LEFT_AT_MOST = 3


class StockBand(IntEnum):
    """Ordered: a product is in the best band any of its variants is in."""

    SOLD_OUT = 0
    FEW_LEFT = 1
    IN_STOCK = 2


def band(units: int) -> StockBand:
    if units <= 0:
        return StockBand.SOLD_OUT
    if units <= FEW_LEFT_AT_MOST:
        return StockBand.FEW_LEFT
    return StockBand.IN_STOCK


def product_band(variants) -> StockBand:
    """The best band of a product's variants (what its page says next to the price)."""
    return max((band(variant.stock) for variant in variants), default=StockBand.SOLD_OUT)


def band_label(value: StockBand) -> str:
    return {
        StockBand.SOLD_OUT: lambda: _("Agotado"),
        StockBand.FEW_LEFT: lambda: _("Quedan pocas unidades"),
        StockBand.IN_STOCK: lambda: _("Disponible"),
    }[value]()


def stock_state(units_or_band: int | StockBand) -> str:
    """What a page says about a variant's units (or a band already worked out)."""
    value = units_or_band if isinstance(units_or_band, StockBand) else band(units_or_band)
    return band_label(value)
