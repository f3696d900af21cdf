"""Sitemaps: every public page in both languages, products in files of SITEMAP_SIZE.

sitemap.xml is an index: sitemap-0.xml holds the pages that are not products (home,
catalogue, categories, brands, regions, producers); sitemap-1.xml onwards hold the products.
Every entry names its Spanish and English URLs as hreflang alternates.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, url_for
from sqlalchemy import func, select

from ..brands import seals
from ..catalogue.models import Category, Product
from ..extensions import db
from ..i18n import LOCALE_PARAM
from ..producers.models import Organisation, VerificationStatus
from .listing import visible
from .pages import region_slug, regions_with_producers

SITEMAP_SIZE = 5000  # entries per file; each names two URLs, well under the 50 000 limit


@dataclass
class Entry:
    """One page: its URL in each language, and when it last changed if known."""

    alternates: list[tuple[str, str]]
    lastmod: datetime | None = None


def _language_urls(endpoint: str, **values) -> list[tuple[str, str]]:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return [
        (code, url_for(endpoint, _external=True, **values, **{LOCALE_PARAM: None if code == default else code}))
        for code in current_app.config["LANGUAGES"]
    ]


def _entry(endpoint: str, lastmod: datetime | None = None, **values) -> Entry:
    return Entry(alternates=_language_urls(endpoint, **values), lastmod=lastmod)


def _product_pages() -> int:
    count = db.session.scalar(
        select(func.count()).select_from(Product).join(Organisation, Organisation.id == Product.organisation_id)
        .where(visible())
    )
    return -(-count // SITEMAP_SIZE)


def sitemap_urls() -> list[str]:
    return [url_for("storefront.sitemap", number=n, _external=True) for n in range(_product_pages() + 1)]


def _other_pages() -> list[Entry]:
    entries = [_entry("web.home"), _entry("storefront.catalogue")]
    entries += [_entry("storefront.category", slug=slug) for slug in db.session.scalars(select(Category.slug))]
    entries += [_entry("brands.brand", slug=brand.slug) for brand in seals.public_brands()]
    entries += [_entry("storefront.region", slug=region_slug(place.code)) for place in regions_with_producers()]
    producers = select(Organisation.slug).where(Organisation.status == VerificationStatus.VERIFIED)
    entries += [_entry("storefront.producer", slug=slug) for slug in db.session.scalars(producers)]
    return entries


def _products(number: int) -> list[Entry]:
    # One url_for per language, then the slug swapped in: thousands of entries stay cheap.
    patterns = _language_urls("storefront.product", slug="__slug__")
    rows = db.session.execute(
        select(Product.slug, Product.updated_at)
        .join(Organisation, Organisation.id == Product.organisation_id)
        .where(visible())
        .order_by(Product.id)
        .limit(SITEMAP_SIZE)
        .offset((number - 1) * SITEMAP_SIZE)
    )
    entries = []
    for slug, updated_at in rows:
        entries.append(Entry([(code, pattern.replace("__slug__", slug)) for code, pattern in patterns], updated_at))
    return entries


def entries(number: int) -> list[Entry] | None:
    """The entries of sitemap-<number>.xml; None for a file that does not exist."""
    if number == 0:
        return _other_pages()
    if 1 <= number <= _product_pages():
        return _products(number)
    return None
