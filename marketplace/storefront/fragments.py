"""Rendered pieces of public pages, kept by each worker for every visitor: product cards and the
product page's seals and "more from this producer".

A page made for one visitor (signed in, with a cart), or one the page cache does not keep, is
mostly the same pieces again: the same product card on a category, a search and a producer's
page, the same seals on a product page. Rendering them is most of a page's time, so each is
kept under everything it shows depends on: the storefront version (any change to a product,
its producer, a brand or a seal: freshness.py), the day in Lima (a seal's authorisation has
dates), the language, and what the caller adds (the product; whether it is in stock, since a
sale does not change the version; the search words a card marks).

Each worker keeps at most STOREFRONT_FRAGMENT_CACHE_SIZE pieces, least recently used first out;
0 turns it off. Nothing another process needs is kept here.
"""
from __future__ import annotations

from flask import Flask, current_app, get_template_attribute
from markupsafe import Markup

from ..brands import seals
from ..clock import lima_today
from ..i18n import locale_code
from .cache import LeastRecentlyUsed
from .listing import Card, Scope, first_cards
from .pages import catalogue_version


def _cache() -> LeastRecentlyUsed | None:
    return current_app.extensions.get("storefront_fragments")


def _key(*parts) -> tuple:
    return (catalogue_version(), lima_today(), locale_code(), *parts)


def kept(parts: tuple, make):
    """`make()`, kept under `parts` and the version, day and language it was made for."""
    cache = _cache()
    if cache is None:
        return make()
    key = _key(*parts)
    value = cache.get(key)
    if value is None:
        value = make()
        cache.put(key, value)
    return value


def product_cards(cards: list[Card], terms=(), eager: int = 2) -> list[Markup]:
    """Each card's HTML, in order. Cards not kept are made with their seals (one query for all
    of them); the first `eager` cards' photos load at once."""
    cache = _cache()
    terms = tuple(terms)
    base = _key() if cache is not None else None  # version, day and language: once per page
    keys = [(*base, "card", card.id, card.in_stock, terms, n < eager) if base is not None else None
            for n, card in enumerate(cards)]
    found = [cache.get(key) if key is not None else None for key in keys]
    missing = [n for n, html in enumerate(found) if html is None]
    if missing:
        sealed = seals.seals_for_products([cards[n].id for n in missing])
        render = get_template_attribute("storefront/_macros.html", "product_card")
        for n in missing:
            cards[n].seals = sealed[cards[n].id]
            found[n] = Markup(render(cards[n], terms, eager=n < eager))
            if cache is not None:
                cache.put(keys[n], found[n])
    return found


def product_seals(product) -> tuple[Markup, list[str]]:
    """The seals a product page shows, as HTML, and their brands' names (for its JSON-LD)."""

    def make():
        brands = seals.seals_for_product(product)
        return Markup(get_template_attribute("storefront/_macros.html", "seal_list")(brands)), [b.name for b in brands]

    return kept(("seals", product.id), make)


def more_from_producer(product, limit: int) -> list[tuple[int, Markup]]:
    """The producer's `limit` newest other products (names and prices: the list shows no stock),
    as (id, HTML of the list item). Kept per producer, one more than shown, so that each of its
    products' pages takes the same kept list and leaves itself out."""

    def make():
        cards = first_cards(Scope(organisation_id=product.organisation_id), limit + 1)
        render = get_template_attribute("storefront/_macros.html", "more_item")
        return [(card.id, Markup(render(card))) for card in cards]

    return [item for item in kept(("more", product.organisation_id, limit), make) if item[0] != product.id][:limit]


def register_fragments(app: Flask) -> None:
    size = int(app.config.get("STOREFRONT_FRAGMENT_CACHE_SIZE") or 0)
    if size > 0:
        app.extensions["storefront_fragments"] = LeastRecentlyUsed(size)
    app.jinja_env.globals["product_cards"] = product_cards
