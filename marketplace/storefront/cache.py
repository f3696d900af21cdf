"""Rendered public pages kept ready for visitors who carry no cookies, and told apart by HTTP
validators so that browsers and a CDN can keep them too.

Most buyers arrive with no cookies at all: from a link on WhatsApp, a search engine, a QR code
at a fair. What they are shown depends only on the address, the language and the catalogue, so
the compressed page made for the first of them is kept and sent to the next ones until the
catalogue changes (the storefront version, read on every request, changes with every change),
a product it shows changes stock band (a sale: see freshness.py), or the day changes (a brand
seal's authorisation has dates). A page is kept once per encoding it is sent in (br, zstd,
gzip, none), whatever the wording of the browser's Accept-Encoding.

Each worker process keeps its own copies, at most STOREFRONT_CACHE_SIZE of them, least recently
used first out; nothing another process needs is kept here. Anyone with a session (signed in, a
cart, a flash message) is always served a page made for them; the language cookie alone is no
session.

Shared pages say so: `Cache-Control: public` with a short shared lifetime, an ETag, and 304
for a matching If-None-Match, whether the page was kept here or made now.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from flask import Flask, current_app, g, request, session
from flask_compress.flask_compress import _choose_algorithm
from werkzeug.http import unquote_etag

from ..clock import lima_today
from ..extensions import db
from ..i18n import LOCALE_COOKIE, locale_code, locale_depends_on_browser
from .freshness import band_changes_since, current_version

# Headers a kept page is sent with again; anything else (Set-Cookie above all) is not kept.
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Vary", "Content-Language", "Cache-Control", "ETag")
# Pages shared by every visitor without a session: the public shop and the home page.
SHARED_BLUEPRINTS = {"storefront"}
SHARED_ENDPOINTS = {"web.home"}
PRIVATE = "private, no-cache"


@dataclass
class KeptPage:
    body: bytes
    status: int
    headers: list[tuple[str, str]]
    products: frozenset[int] | None  # the products whose stock band it shows; None: any product
    seen: int  # the last band change it was made after

    @property
    def etag(self) -> str | None:
        value = next((value for name, value in self.headers if name == "ETag"), None)
        return unquote_etag(value)[0] if value else None


class LeastRecentlyUsed:
    """At most `size` values by key; the least recently used goes first. Pages here, rendered
    pieces of pages in fragments.py."""

    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._lock = Lock()  # gthread workers serve several requests at once

    def get(self, key) -> KeptPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page: KeptPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def drop(self, key) -> None:
        with self._lock:
            self._pages.pop(key, None)

    def __len__(self) -> int:
        return len(self._pages)


# What a view tells the cache -------------------------------------------------------------------


def shows(product_ids) -> None:
    """The page being made shows these products' stock bands: a sale that changes one of their
    bands makes the kept copy stale."""
    if "storefront_products" in g and g.storefront_products is not None:
        g.storefront_products.update(product_ids)


def shows_any_stock() -> None:
    """The page depends on the stock of products it may not show (a listing of what is in stock)."""
    g.storefront_products = None


# Who shares a page -----------------------------------------------------------------------------


def _cache() -> LeastRecentlyUsed | None:
    return current_app.extensions.get("storefront_cache")


def _shared_request() -> bool:
    """A GET for a public page by a visitor with no cookie but the language one."""
    return (
        request.method == "GET"
        and (request.blueprint in SHARED_BLUEPRINTS or request.endpoint in SHARED_ENDPOINTS)
        and all(name == LOCALE_COOKIE for name in request.cookies)
    )


def _encoding() -> str:
    """The encoding the page will be sent in, as Flask-Compress will choose it."""
    algorithms = tuple(current_app.config["COMPRESS_ALGORITHM"])
    return _choose_algorithm(algorithms, request.headers.get("Accept-Encoding", "")) or "identity"


def _key(version: int):

    return version, lima_today(), locale_code(), request.full_path, _encoding()


def _still_fresh(page: KeptPage, last_change: int) -> bool:
    if page.seen >= last_change:
        return True
    changed = band_changes_since(db.session, page.seen, last_change)
    if changed is None or page.products is None or page.products & changed:
        return False
    page.seen = last_change  # nothing it shows changed band: no need to ask again
    return True


def _send(page: KeptPage):
    if page.etag and page.etag in request.if_none_match:
        headers = [(name, value) for name, value in page.headers if name not in ("Content-Type", "Content-Encoding")]
        return current_app.response_class(status=304, headers=headers)
    return current_app.response_class(page.body, status=page.status, headers=page.headers)


def _serve_kept_page():
    """before_request: a kept copy of a public page for a shared GET, if there is a fresh one."""
    if not _shared_request():
        return None
    g.storefront_shared = True
    g.storefront_products = set()
    cache = _cache()
    if cache is None:
        return None
    version, last_change = current_version(db.session)
    g.storefront_version = version  # the filters' choices are kept under it too (pages.py)
    key = _key(version)
    page = cache.get(key)
    if page is not None and _still_fresh(page, last_change):
        g.storefront_kept = True
        return _send(page)
    if page is not None:
        cache.drop(key)
    g.storefront_cache_key, g.storefront_seen = key, last_change  # kept after compression
    return None


def _describe(response):
    """after_request, before compression: a shared page is public, with an ETag (Flask-Compress
    adds the encoding to it and answers If-None-Match); any other public page is private."""
    if g.get("storefront_kept"):
        return response
    public = request.blueprint in SHARED_BLUEPRINTS or request.endpoint in SHARED_ENDPOINTS
    if not public or request.method != "GET":
        return response
    if not g.get("storefront_shared") or session.modified or response.status_code != 200 or response.is_streamed:
        g.pop("storefront_cache_key", None)
        response.headers.setdefault("Cache-Control", PRIVATE)
        return response
    max_age = current_app.config["STOREFRONT_SHARED_MAX_AGE"]
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={max_age}, must-revalidate"
    response.vary.add("Cookie")  # a session (signed in, a cart) gets its own page
    if locale_depends_on_browser():
        response.vary.add("Accept-Language")
    response.set_etag(hashlib.blake2b(response.get_data(), digest_size=12).hexdigest())
    return response


def _keep_page(response):
    """after_request (runs after compression): keep what a shared visitor was sent."""
    key = g.pop("storefront_cache_key", None)
    if key is None or response.status_code not in (200, 304) or response.direct_passthrough or response.is_streamed:
        return response
    if "Set-Cookie" in response.headers or session.modified:
        return response  # something was written for this visitor: not for the next one
    if response.status_code == 304:
        return response  # made now, but the visitor already had it: nothing to keep
    headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
    products = g.get("storefront_products")
    _cache().put(key, KeptPage(response.get_data(), response.status_code, headers,
                               frozenset(products) if products is not None else None, g.storefront_seen))
    return response


def register_cache(app: Flask) -> None:
    """Call before compression is set up: after_request functions run last-registered first,
    so pages are kept as they leave, compressed."""
    size = int(app.config.get("STOREFRONT_CACHE_SIZE") or 0)
    if size > 0:
        app.extensions["storefront_cache"] = LeastRecentlyUsed(size)
    app.before_request(_serve_kept_page)
    app.after_request(_keep_page)


def register_validators(app: Flask) -> None:
    """Call after compression is set up, so the ETag is made before it."""
    app.after_request(_describe)
