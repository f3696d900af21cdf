"""A catalogue listing's filters, read from a query string and written back into links.

Every filter is a plain GET parameter, so a listing can be shared and bookmarked. Whatever a
parameter holds, reading it never fails: a value that makes no sense is dropped, a number is
kept within bounds, and the filters come back in one normal form, which canonical URLs use.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from ..catalogue.products import MAX_PRICE
from ..money import MINOR_UNITS
from ..search import terms as search_terms

PAGE_SIZE = 24
MAX_PAGE = 10_000
_SLUG_MAX = 160


class Sort(StrEnum):
    NEWEST = "recientes"
    PRICE_LOW = "precio"
    PRICE_HIGH = "precio-desc"
    RELEVANCE = "relevancia"  # only with a search


@dataclass(frozen=True)
class Filters:
    """What a buyer asked the catalogue for; prices in céntimos."""

    query: str = ""
    category: str | None = None  # slugs
    brand: str | None = None
    region: str | None = None
    producer: str | None = None
    price_min: int | None = None
    price_max: int | None = None
    women_led: bool = False
    in_stock: bool = False
    sort: Sort | None = None
    page: int = 1

    @property
    def terms(self) -> list[str]:
        return search_terms.parse(self.query)

    @property
    def effective_sort(self) -> Sort:
        if self.sort is not None and (self.sort != Sort.RELEVANCE or self.terms):
            return self.sort
        return Sort.RELEVANCE if self.terms else Sort.NEWEST

    @property
    def narrowed(self) -> bool:
        """True when anything beyond the page's own subject narrows the list."""
        return any((self.brand, self.region, self.producer, self.price_min, self.price_max,
                    self.women_led, self.in_stock))

    def with_page(self, page: int) -> Filters:
        return replace(self, page=page)

    def without(self, *names: str) -> Filters:
        return replace(self, **{name: Filters.__dataclass_fields__[name].default for name in names})

    def to_args(self, *, page: bool = True) -> dict[str, str]:
        """The query-string parameters of these filters, in normal form (defaults left out)."""
        args = {
            "q": self.query,
            "categoria": self.category,
            "marca": self.brand,
            "region": self.region,
            "productor": self.producer,
            "precio_min": _soles(self.price_min),
            "precio_max": _soles(self.price_max),
            "mujeres": "1" if self.women_led else None,
            "disponible": "1" if self.in_stock else None,
            "orden": self.sort.value if self.sort and self.sort != self._default_sort else None,
            "pagina": str(self.page) if page and self.page > 1 else None,
        }
        return {key: value for key, value in args.items() if value}

    @property
    def _default_sort(self) -> Sort:
        return Sort.RELEVANCE if self.terms else Sort.NEWEST


def _soles(amount: int | None) -> str | None:
    if amount is None:
        return None
    value = Decimal(amount).scaleb(-MINOR_UNITS["PEN"])
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def _slug(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    if not value or len(value) > _SLUG_MAX or not all(c.isalnum() or c == "-" for c in value):
        return None
    return value


def _price(value: str | None) -> int | None:
    """Soles typed by a person ("45", "45.5", "45,50", "S/ 45") to céntimos; None if not a price."""
    text = (value or "").strip().upper().replace("S/", "").replace(" ", "").replace(",", ".")[:20]
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return min(int(amount.scaleb(MINOR_UNITS["PEN"])), MAX_PRICE.amount)


def _page(value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdigit() or len(text) > 9:
        return 1
    return min(max(int(text), 1), MAX_PAGE)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "si", "sí", "true", "on", "yes"}


def read_filters(args) -> Filters:
    """Filters from request.args (a MultiDict, or any mapping with .get)."""
    price_min, price_max = _price(args.get("precio_min")), _price(args.get("precio_max"))
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min
    sort = args.get("orden")
    return Filters(
        query=search_terms.clean_query(args.get("q")),
        category=_slug(args.get("categoria")),
        brand=_slug(args.get("marca")),
        region=_slug(args.get("region")),
        producer=_slug(args.get("productor")),
        price_min=price_min or None,
        price_max=price_max,
        women_led=_flag(args.get("mujeres")),
        in_stock=_flag(args.get("disponible")),
        sort=Sort(sort) if sort in Sort._value2member_map_ else None,
        page=_page(args.get("pagina")),
    )
