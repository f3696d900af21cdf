"""Public URLs in two languages, and what search engines and link previews read.

Each language version of a public page has its own URL: Spanish (the default) without a
parameter, English with `?lang=en` (marketplace/i18n.py honours it before anything else).
While a page is read in English, every link it makes to a public page keeps `lang=en`, so a
crawler that lands on one English page finds the others. The producers' Quechua is no public
language: a page read in it names the Spanish URL (the reader's profile or cookie keeps Quechua).
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request, url_for
from markupsafe import Markup, escape

from ..i18n import LOCALE_PARAM, public_locale, public_locales
from ..money import Money

# Locales as OpenGraph names them.
OG_LOCALES = {"es": "es_PE", "en": "en_US"}


# Public pages outside the storefront blueprint that have a version in each language.
OTHER_PUBLIC_ENDPOINTS = {"web.home", "brands.index", "brands.brand"}


def is_public_endpoint(endpoint: str | None) -> bool:
    return bool(endpoint) and (endpoint.startswith("storefront.") or endpoint in OTHER_PUBLIC_ENDPOINTS)


def _default_locale() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _keep_language(endpoint: str, values: dict) -> None:
    """url_defaults: links to public pages carry the language of the page they are on."""
    if LOCALE_PARAM in values or not has_request_context() or not is_public_endpoint(endpoint):
        return
    locale = public_locale()
    if locale != _default_locale():
        values[LOCALE_PARAM] = locale


def page_url(locale: str, args: dict | None = None, *, endpoint: str | None = None, view_args=None) -> str:
    """The absolute URL of the current page (or `endpoint`) in `locale`, with `args` as its query."""
    values = dict(request.view_args if view_args is None else view_args, **(args or {}))
    values[LOCALE_PARAM] = None if locale == _default_locale() else locale
    return url_for(endpoint or request.endpoint, _external=True, **values)


def language_links(args: dict | None = None) -> Markup:
    """<link rel=canonical> for this page in its language, and one hreflang alternate per language."""
    locales = public_locales()
    current = public_locale()
    lines = [f'<link rel="canonical" href="{escape(page_url(current, args))}">']
    lines += [f'<link rel="alternate" hreflang="{code}" href="{escape(page_url(code, args))}">' for code in locales]
    lines.append(f'<link rel="alternate" hreflang="x-default" href="{escape(page_url(_default_locale(), args))}">')
    return Markup("\n  ".join(lines))


def alternate_path(locale: str) -> str:
    """This request's path and query with the language set to `locale` (the language switch)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != LOCALE_PARAM]
    if locale != _default_locale() and locale in public_locales():
        args.append((LOCALE_PARAM, locale))
    return request.path + ("?" + urlencode(args) if args else "")


def _offer(product, variant, url: str) -> dict:
    price = variant.price or Money(0)
    offer = {
        "@type": "Offer",
        "url": url,
        "sku": variant.sku,
        "price": str(price.to_decimal()),
        "priceCurrency": price.currency,
        "availability": "https://schema.org/InStock" if variant.stock > 0 else "https://schema.org/OutOfStock",
        "seller": {"@type": "Organization", "name": product.organisation.name},
    }
    if variant.option_es:
        offer["name"] = variant.option_es
    return offer


def product_json_ld(product, *, name: str, description: str, url: str, images: list[str], brands=()) -> dict:
    """schema.org Product with its offers, for the page's application/ld+json block; `brands`:
    the names of the collective brands whose seal it shows."""
    variants = [v for v in product.variants if v.price_amount]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "description": description,
        "url": url,
        "image": images,
        "sku": product.default_variant.sku if product.default_variant else None,
        "category": product.category.name_es if product.category else None,
        "brand": {"@type": "Brand", "name": brands[0] if brands else product.organisation.name},
        "offers": [_offer(product, v, url) for v in variants],
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def register_seo(app: Flask) -> None:
    app.url_defaults(_keep_language)
    app.jinja_env.globals.update(
        language_links=language_links,
        alternate_path=alternate_path,
        page_url=page_url,
        OG_LOCALES=OG_LOCALES,
        public_locale=public_locale,
    )
