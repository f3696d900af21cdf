"""Filters and helpers the public pages' templates use."""
from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal
from flask import Flask, request, url_for

from .. import ubigeo
from ..money import Money
from ..search.terms import excerpt, highlight
from .bands import product_band, stock_state
from .filters import Filters
from .pages import region_slug



@lru_cache(maxsize=4096)
def _formatted(amount: int, currency: str) -> str:
    return Money(amount, currency).format()


def soles(money: Money | None) -> str:
    """A price as Peru writes it ("S/ 1,234.50"), in either language."""
    return _formatted(money.amount, money.currency) if money is not None else ""


def number(value: int) -> str:
    """A count as Peru writes it ("1,000"), in either language, as prices are."""
    return format_decimal(value, locale="es_PE")


def listing_url(filters: Filters) -> str:
    """This listing's URL with other filters: pages and "remove the filters" links."""
    return url_for(request.endpoint, **(request.view_args or {}), **filters.to_args())


def district_label(code: str | None) -> str:
    district = ubigeo.district(code)
    return district.label if district else ""


def register_templating(app: Flask) -> None:
    app.jinja_env.filters.update(soles=soles, number=number, highlight=highlight, excerpt=excerpt)
    app.jinja_env.globals.update(
        stock_state=stock_state, product_band=product_band, listing_url=listing_url, district_label=district_label,
        region_url_slug=region_slug,
    )
