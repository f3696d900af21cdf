"""Product listings for buyers: one page of product cards for any subject and filters.

Every listing, whatever its size, is one query for the page itself with each card's prices,
stock and cover photo and, beside each row, how many products match (a window count). The
cards' seals are read when a card is rendered, for the cards not kept rendered (one query:
fragments.product_cards). Only visible products are listed: published, of an organisation verified
by staff. A page past the end, an empty list and a search ordered by date or price count first
(one more query), then read the page.

A search lists at most MAX_SEARCH_RESULTS products, in whatever order: a word that every
textile names matches most of the catalogue, and counting all of it would cost more than the
rest of the page. Its count stops one past the limit, and the page says "more than 1,000".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, func, select

from .. import search
from ..brands import seals
from ..catalogue.models import Product, ProductPhoto, ProductStatus, Variant
from ..extensions import db
from ..media.models import Image
from ..money import Money
from ..producers.models import Organisation, VerificationStatus
from .filters import PAGE_SIZE, Filters, Sort

MAX_SEARCH_RESULTS = 1000


@dataclass(frozen=True)
class Scope:
    """The subject a listing is about, resolved from URLs to ids by the caller."""

    category_ids: tuple[int, ...] | None = None
    brand_id: int | None = None
    region_code: str | None = None
    organisation_id: int | None = None
    exclude_product_id: int | None = None


@dataclass
class Card:
    """What a product card shows; `localized` reads the *_es / *_en fields."""

    id: int
    slug: str
    name_es: str
    name_en: str | None
    published_at: datetime | None
    organisation_name: str
    organisation_slug: str
    district_code: str
    women_led: bool
    price_from: Money | None
    price_to: Money | None
    stock: int
    cover: Image | None
    description_es: str | None = None
    description_en: str | None = None
    seals: list = field(default_factory=list)  # set as the card is rendered (fragments.py)

    @property
    def has_price_range(self) -> bool:
        return self.price_from is not None and self.price_to is not None and self.price_to != self.price_from

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


@dataclass
class ProductPage:
    cards: list[Card]
    total: int  # for a search, counted only up to `limit` + 1
    page: int
    per_page: int = PAGE_SIZE
    more_matches: bool = False  # a search so broad that only its newest matches were ranked
    limit: int | None = None  # a search lists at most this many products

    @property
    def beyond_limit(self) -> bool:
        """More products match than the list goes through: it says "more than `limit`"."""
        return self.limit is not None and self.total > self.limit

    @property
    def listed(self) -> int:
        """How many products the pages go through."""
        return self.limit if self.beyond_limit else self.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.listed // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return min(self.page * self.per_page, self.listed)


def visible():
    """The SQL condition for a product a buyer may see (Organisation must be joined)."""
    return and_(Product.status == ProductStatus.PUBLISHED, Organisation.status == VerificationStatus.VERIFIED)


def _min_price():
    return select(func.min(Variant.price_amount)).where(Variant.product_id == Product.id).scalar_subquery()


def _conditions(scope: Scope, filters: Filters) -> list:
    conditions = [visible()]
    if scope.category_ids is not None:
        conditions.append(Product.category_id.in_(scope.category_ids))
    if scope.brand_id is not None:
        conditions.append(seals.brand_filter(scope.brand_id))
    if scope.region_code is not None:
        conditions.append(Organisation.region_code == scope.region_code)
    if scope.organisation_id is not None:
        conditions.append(Product.organisation_id == scope.organisation_id)
    if scope.exclude_product_id is not None:
        conditions.append(Product.id != scope.exclude_product_id)
    if filters.women_led:
        conditions.append(Organisation.women_led.is_(True))
    if filters.in_stock:
        conditions.append(exists().where(Variant.product_id == Product.id, Variant.stock > 0))
    if filters.price_min is not None or filters.price_max is not None:
        in_range = [Variant.product_id == Product.id, Variant.price_amount.is_not(None)]
        if filters.price_min is not None:
            in_range.append(Variant.price_amount >= filters.price_min)
        if filters.price_max is not None:
            in_range.append(Variant.price_amount <= filters.price_max)
        conditions.append(exists().where(*in_range))
    return conditions


def _filtered(columns, scope: Scope, filters: Filters, ranked=None):
    query = select(*columns).select_from(Product).join(Organisation, Organisation.id == Product.organisation_id)
    if ranked is not None:
        query = query.join(ranked, ranked.c.product_id == Product.id)
    elif filters.terms:
        query = query.where(Product.id.in_(search.matching(filters.terms, ranked=False)))
    return query.where(*_conditions(scope, filters))


def _ranked(filters: Filters):
    """The matches with their rank, when the page is ordered by relevance. Materialised, so the
    index is asked once (SQLite would otherwise ask it again for every product row)."""
    if filters.terms and filters.effective_sort == Sort.RELEVANCE:
        return search.matching(filters.terms).cte("matches").prefix_with("MATERIALIZED")
    return None


def _order(sort: Sort, ranked, min_price):
    newest = (Product.published_at.desc(), Product.id.desc())
    if sort == Sort.PRICE_LOW:
        return (min_price.asc(), Product.id.desc())
    if sort == Sort.PRICE_HIGH:
        return (min_price.desc(), Product.id.desc())
    if sort == Sort.RELEVANCE and ranked is not None:
        return (ranked.c.rank.asc(), *newest)
    return newest


def _cover_image_id():
    return (
        select(ProductPhoto.image_id)
        .where(ProductPhoto.product_id == Product.id)
        .order_by(ProductPhoto.position, ProductPhoto.id)
        .limit(1)
        .scalar_subquery()
    )


@dataclass
class _Rows:
    cards: list[Card]
    total: int = 0  # counted only when asked, and only when the page has rows
    candidates: int = 0


def _cards(scope: Scope, filters: Filters, *, limit: int, offset: int, counted: bool = False) -> _Rows:
    """The page's products in order, with what their cards show, in one query; `counted` adds
    how many products the listing holds (and, ranked, how many matches were ranked)."""
    sort = filters.effective_sort
    ranked = _ranked(filters)
    rank = [ranked.c.rank] if ranked is not None else []
    total = [func.count().over().label("total")] if counted else []
    page = (
        _filtered([Product.id.label("id"), *rank, *total], scope, filters, ranked)
        .order_by(*_order(sort, ranked, _min_price()))
        .limit(limit)
        .offset(offset)
        .subquery("page")
    )
    price_from = _min_price()
    columns = {
        "id": Product.id, "slug": Product.slug, "name_es": Product.name_es, "name_en": Product.name_en,
        "published_at": Product.published_at, "organisation_name": Organisation.name,
        "organisation_slug": Organisation.slug, "district_code": Organisation.district_code,
        "women_led": Organisation.women_led, "price_from": price_from,
        "price_to": select(func.max(Variant.price_amount)).where(Variant.product_id == Product.id).scalar_subquery(),
        "stock": select(func.coalesce(func.sum(Variant.stock), 0)).where(Variant.product_id == Product.id).scalar_subquery(),
    }
    if filters.terms:  # a search shows an excerpt of the description with the words marked
        columns.update(description_es=Product.description_es, description_en=Product.description_en)
    counts = [page.c.total] if counted else []
    if counted and ranked is not None:
        counts.append(select(func.count()).select_from(ranked).scalar_subquery())
    query = (
        select(*(column.label(name) for name, column in columns.items()), *counts, Image)
        .select_from(page)
        .join(Product, Product.id == page.c.id)
        .join(Organisation, Organisation.id == Product.organisation_id)
        .outerjoin(Image, Image.id == _cover_image_id())
        .order_by(*_order(sort, page if ranked is not None else None, price_from))
    )
    rows = _Rows(cards=[])
    for row in db.session.execute(query):
        values = dict(row._mapping)
        low, high = values.pop("price_from"), values.pop("price_to")
        rows.cards.append(Card(
            **{name: values[name] for name in columns if not name.startswith("price_")},
            price_from=Money(low) if low is not None else None,
            price_to=Money(high) if high is not None else None,
            cover=row[-1],  # the Image entity, selected last
        ))
        if counted:
            rows.total = row[len(columns)]
            rows.candidates = row[len(columns) + 1] if ranked is not None else 0
    return rows


def _count(scope: Scope, filters: Filters, ranked) -> tuple[int, int]:
    """How many products the listing holds (a search: up to MAX_SEARCH_RESULTS + 1), and, ranked
    by relevance, how many matches were ranked. One query."""
    if ranked is not None:  # the page counts what ranking covers (see search.backends)
        candidates_count = select(func.count()).select_from(ranked).scalar_subquery()
        total, candidates = db.session.execute(_filtered([func.count(), candidates_count], scope, filters, ranked)).one()
        return total, candidates
    if filters.terms:  # the subquery's LIMIT stops the scan of matches early
        found = _filtered([Product.id], scope, filters).limit(search.planned(MAX_SEARCH_RESULTS + 1)).subquery("found")
        return db.session.scalar(select(func.count()).select_from(found)), 0
    return db.session.scalar(_filtered([func.count()], scope, filters)), 0


def products_page(scope: Scope, filters: Filters, *, per_page: int = PAGE_SIZE) -> ProductPage:
    """One page of visible products for `scope` and `filters`. A page past the end is the last
    page; a search with no usable words is no search at all. One query, two when the page must
    be counted first; the cards' seals are read as they are rendered (fragments.product_cards).

    A search goes through its first MAX_SEARCH_RESULTS products. Ordered by relevance, those
    are the best of its RANK_CANDIDATES newest matches (with `more_matches` set when there were
    more); ordered by date or price, of every match."""
    ranked = _ranked(filters)
    limit = MAX_SEARCH_RESULTS if filters.terms else None
    results = _counted_page(scope, filters, ranked, per_page, limit) if not filters.terms or ranked is not None else None
    if results is None:
        total, candidates = _count(scope, filters, ranked)
        results = ProductPage(cards=[], total=total, page=filters.page, per_page=per_page,
                              more_matches=candidates >= search.RANK_CANDIDATES, limit=limit)
        results.page = min(results.page, results.pages)
        offset = (results.page - 1) * per_page
        if total:  # the last page of a search beyond its limit stops at the limit
            results.cards = _cards(scope, filters, limit=min(per_page, results.listed - offset), offset=offset).cards
    return results


def _counted_page(scope: Scope, filters: Filters, ranked, per_page: int, limit: int | None) -> ProductPage | None:
    """The asked-for page and the count in one query; None when the page is empty (past the
    end, or nothing matches), to be counted first."""
    page = filters.page if limit is None else min(filters.page, -(-limit // per_page))
    offset = (page - 1) * per_page
    rows = _cards(scope, filters, limit=per_page if limit is None else min(per_page, limit - offset),
                  offset=offset, counted=True)
    if not rows.cards:
        return None
    return ProductPage(cards=rows.cards, total=rows.total, page=page, per_page=per_page,
                       more_matches=rows.candidates >= search.RANK_CANDIDATES, limit=limit)


def first_cards(scope: Scope, limit: int) -> list[Card]:
    """The newest few products of a scope, without counting them or their seals: one query."""
    return _cards(scope, Filters(), limit=limit, offset=0).cards
