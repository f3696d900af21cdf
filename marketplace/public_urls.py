"""Every absolute URL the shop hands out (emails, Stripe, sitemaps, canonical links) starts with
the configured PUBLIC_BASE_URL, never with the Host header of the request that caused it: a
reset requested with `Host: evil.example` must still email a link to the shop."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import Flask, current_app, has_request_context


def origin(base_url: str) -> str:
    """https://shop.example/anything -> https://shop.example"""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


class Marketplace(Flask):
    """Flask, with external URLs built on PUBLIC_BASE_URL (also outside a request, for cron)."""

    def url_for(self, /, endpoint: str, *, _anchor=None, _method=None, _scheme=None, _external=None, **values) -> str:
        base = self.config.get("PUBLIC_BASE_URL")
        in_request = has_request_context()
        external = _external if _external is not None else (_scheme is not None or not in_request)
        if not base or not external:
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        if in_request:
            # The path as this request would link it (blueprint-relative names, url_defaults,
            # script root), on the configured origin.
            path = super().url_for(endpoint, _anchor=_anchor, _method=_method, _external=False, **values)
            return origin(base) + path
        with self.test_request_context(base_url=base):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _external=True, **values)


def absolute(url: str) -> str:
    """A media or static URL made absolute on the public address (previews on other sites)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        from flask import request

        base = request.host_url
    return urljoin(base.rstrip("/") + "/", url)
