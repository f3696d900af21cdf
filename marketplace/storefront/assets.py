"""Fewer bytes on a slow phone line: compressed responses and static files cached for a year.

Every URL that url_for builds for a static file carries a hash of the file's content
(`/static/css/site.css?v=3f2a9c01b7`). A file requested under its current hash may be kept
by browsers and proxies for a year; a change to the file changes its URLs, so nobody is ever
served a stale copy. Requests without the hash (or with an old one) are revalidated.
"""
from __future__ import annotations

import hashlib
import os

from flask import Flask, current_app, request
from flask_compress import Compress

FINGERPRINT_PARAM = "v"
IMMUTABLE = "public, max-age=31536000, immutable"

compress = Compress()
_hashes: dict[str, tuple[float, str]] = {}


def fingerprint(filename: str) -> str | None:
    """A short hash of a static file's content; recomputed only when the file changes."""
    path = os.path.join(current_app.static_folder, filename)
    try:
        mtime = os.stat(path).st_mtime
    except (OSError, ValueError):
        return None
    known = _hashes.get(path)
    if known is None or known[0] != mtime:
        with open(path, "rb") as file:
            known = (mtime, hashlib.sha256(file.read()).hexdigest()[:10])
        _hashes[path] = known
    return known[1]


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and FINGERPRINT_PARAM not in values and "filename" in values:
        digest = fingerprint(values["filename"])
        if digest:
            values[FINGERPRINT_PARAM] = digest


def _cache_fingerprinted(response):
    if request.endpoint == "static" and response.status_code == 200:
        asked = request.args.get(FINGERPRINT_PARAM)
        filename = (request.view_args or {}).get("filename", "")
        if asked and asked == fingerprint(filename):
            response.headers["Cache-Control"] = IMMUTABLE
    return response


def register_assets(app: Flask) -> None:
    compress.init_app(app)
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_fingerprinted)
