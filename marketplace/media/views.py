"""Serving stored photos from the local disk (with S3 the bucket serves them itself)."""
from __future__ import annotations

import mimetypes

from flask import Blueprint, abort, send_file

from .storage import CACHE_CONTROL, LocalStorage, storage

bp = Blueprint("media", __name__, url_prefix="/media")


@bp.get("/<path:key>")
def serve(key: str):
    store = storage()
    if not isinstance(store, LocalStorage):
        abort(404)
    try:
        path = store.path(key)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = send_file(path, mimetype=content_type, conditional=True, etag=True, max_age=31536000)
    # The name carries a hash of the bytes, so the file at this URL can never change.
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
