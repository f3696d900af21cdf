"""Rendered public pages kept ready for visitors who carry no cookies.

Most buyers arrive with no cookies at all: from a link on WhatsApp, a search engine, a QR code
at a fair. What they are shown depends only on the address, the language and the catalogue, so
the compressed page made for the first of them is kept and sent to the next ones until the
catalogue changes (the storefront version, read on every request, changes with every change),
or the day changes (a brand seal's authorisation has dates).

Each worker process keeps its own copies, at most STOREFRONT_CACHE_SIZE of them, least recently
used first out; nothing another process needs is kept here. Anyone with a cookie (signed in, a
cart, a flash message) is always served a page made for them.
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask import Flask, current_app, g, request

from ..clock import lima_today
from ..extensions import db
from ..i18n import LOCALE_COOKIE
from .freshness import current_version

# Headers a kept page is sent with again; anything else (Set-Cookie above all) is not kept.
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Vary", "Content-Language")


class PageCache:
    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._lock = Lock()  # gthread workers serve several requests at once

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def _cache() -> PageCache:
    return current_app.extensions["storefront_cache"]


def _cookie_free() -> bool:
    return all(name == LOCALE_COOKIE for name in request.cookies)


def _key():
    from flask_babel import get_locale

    return (
        current_version(db.session), lima_today(), str(get_locale()), request.full_path,
        request.headers.get("Accept-Encoding", ""),
    )


def _serve_kept_page():
    """before_request: a kept copy of a public page for a cookie-free GET, if there is one."""
    if request.blueprint != "storefront" or request.method != "GET" or not _cookie_free():
        return None
    key = _key()
    page = _cache().get(key)
    if page is None:
        g.storefront_cache_key = key  # made now, kept after the response is compressed
        return None
    body, status, headers = page
    return current_app.response_class(body, status=status, headers=headers)


def _keep_page(response):
    """after_request (runs after compression): keep what a cookie-free visitor was sent."""
    key = g.pop("storefront_cache_key", None)
    if key is None or response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return response
    if "Set-Cookie" in response.headers:
        return response  # something was written for this visitor: not for the next one
    headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
    _cache().put(key, (response.get_data(), response.status_code, headers))
    return response


def register_cache(app: Flask) -> None:
    """Call before compression is set up: after_request functions run last-registered first,
    so pages are kept as they leave, compressed."""
    size = int(app.config.get("STOREFRONT_CACHE_SIZE") or 0)
    if size > 0:
        app.extensions["storefront_cache"] = PageCache(size)
        app.before_request(_serve_kept_page)
        app.after_request(_keep_page)
