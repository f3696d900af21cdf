"""Fewer bytes over 3G: compressed pages, static files under content-hashed URLs cached for a year."""
from __future__ import annotations

import gzip
import os
import re

import brotli
from flask import url_for

from .. import factories


def test_pages_are_compressed_for_browsers_that_accept_it(client, db):
    factories.published_product()
    plain = client.get("/productos")
    for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = client.get("/productos", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert decompress(response.data) == plain.data
        assert len(response.data) < len(plain.data) / 3


def test_static_files_have_fingerprinted_urls_cached_for_a_year(client, db):
    html = client.get("/productos").get_data(as_text=True)
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{10})"', html).group(1)
    js = re.search(r'src="(/static/js/site\.js\?v=[0-9a-f]{10})"', html).group(1)

    for url in (css, js):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "br"
        response.close()
    stale = client.get("/static/css/site.css?v=0000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")
    stale.close()


def test_a_changed_file_gets_a_new_url(app, tmp_path):
    app.static_folder = str(tmp_path)
    sheet = tmp_path / "site.css"
    sheet.write_text("body { color: black }")
    with app.test_request_context():
        first = url_for("static", filename="site.css")
        sheet.write_text("body { color: maroon }")
        os.utime(sheet, (1, 1))  # a different modification time, as any edit gives
        second = url_for("static", filename="site.css")
    assert first != second and first.startswith("/static/site.css?v=")
