"""Pages that survive real visitors: no session for a visitor who did nothing that needs one,
one kept copy per encoding, a sale that keeps a product's stock band keeps the pages, and HTTP
validators that let a browser or a CDN reuse a page."""
from __future__ import annotations

import pytest

from marketplace import create_app
from marketplace.extensions import db as _db
from marketplace.orders import stock

from .. import conftest, factories
from .conftest import text_of


def _no_session(response) -> bool:
    return "session=" not in response.headers.get("Set-Cookie", "")


def test_a_visitor_gets_no_session_cookie_on_any_public_page(client, db):
    category = factories.category(slug="textiles")
    product = factories.published_product(in_category=category)
    for url in ("/", "/productos", f"/productos/{product.slug}", "/categorias/textiles", "/buscar?q=producto",
                f"/productores/{product.organisation.slug}", "/?lang=en", "/productos"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_session(response), url
    assert client.get_cookie("session") is None


def test_after_the_home_page_the_next_pages_are_the_kept_ones(client, db, count_queries):
    product = factories.published_product()
    client.get(f"/productos/{product.slug}")  # made for a first visitor and kept
    client.get("/")
    with count_queries() as statements:
        response = client.get(f"/productos/{product.slug}")
    assert response.status_code == 200 and len(statements) == 1


def test_signing_in_still_gets_its_token_from_the_form(client, db):
    user = factories.user()
    page = client.get("/account/sign-in")
    assert 'name="csrf_token"' in page.get_data(as_text=True)
    response = client.post("/account/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302 and client.get_cookie("session") is not None


@pytest.mark.parametrize("first, same", [
    ("gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8, *;q=0.1"),
    ("gzip, deflate", "deflate, gzip"),
])
def test_a_page_is_kept_once_per_chosen_encoding(first, same, app, client, db):
    product = factories.published_product()
    url = f"/productos/{product.slug}"
    kept = app.extensions["storefront_cache"]
    one = client.get(url, headers={"Accept-Encoding": first})
    two = client.get(url, headers={"Accept-Encoding": same})
    assert one.headers["Content-Encoding"] == two.headers["Content-Encoding"] and one.data == two.data
    assert len(kept) == 1
    client.get(url, headers={"Accept-Encoding": "identity"})
    assert len(kept) == 2


def _cached_after_sale(client, count_queries, url: str) -> bool:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return not any("FROM product" in s or "FROM variant" in s for s in statements)


def test_a_sale_that_keeps_the_band_keeps_every_kept_page(client, db, count_queries):
    product = factories.published_product(name_es="Chullo", stock=10)
    other = factories.published_product(stock=10)
    urls = [f"/productos/{product.slug}", f"/productos/{other.slug}", "/productos", "/productos?disponible=1"]
    for url in urls:
        client.get(url)

    stock.take({product.variants[0].id: 2})  # 10 → 8: still in stock
    db.session.commit()

    assert all(_cached_after_sale(client, count_queries, url) for url in urls)


def test_a_sale_that_changes_the_band_remakes_only_the_pages_showing_it(client, db, count_queries):
    product = factories.published_product(name_es="Chullo", stock=5)
    other = factories.published_product(stock=10)
    page, elsewhere = f"/productos/{product.slug}", f"/productos/{other.slug}"
    for url in (page, elsewhere, "/productos", "/productos?disponible=1", f"/productores/{other.organisation.slug}"):
        assert "Disponible" in text_of(client.get(url).get_data(as_text=True)) or url != page

    stock.take({product.variants[0].id: 3})  # 5 → 2: few left
    db.session.commit()

    assert "Quedan pocas unidades" in text_of(client.get(page).get_data(as_text=True))
    assert not _cached_after_sale(client, count_queries, "/productos")  # it lists the product
    assert not _cached_after_sale(client, count_queries, "/productos?disponible=1")  # it depends on any stock
    assert _cached_after_sale(client, count_queries, elsewhere)
    assert _cached_after_sale(client, count_queries, f"/productores/{other.organisation.slug}")

    stock.take({product.variants[0].id: 2})  # sold out
    db.session.commit()
    assert "Agotado" in text_of(client.get(page).get_data(as_text=True))
    stock.give_back({product.variants[0].id: 1})  # an unpaid order ends: few left again
    db.session.commit()
    assert "Quedan pocas unidades" in text_of(client.get(page).get_data(as_text=True))


def test_a_kept_page_answers_a_matching_etag_with_304(client, db):
    product = factories.published_product()
    url, headers = f"/productos/{product.slug}", {"Accept-Encoding": "br"}
    first = client.get(url, headers=headers)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public") and "s-maxage=60" in first.headers["Cache-Control"]
    assert "Cookie" in first.headers["Vary"] and "Accept-Encoding" in first.headers["Vary"]

    again = client.get(url, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    other = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_without_the_page_cache_a_matching_etag_still_gets_304(database_url, db):
    app = create_app(conftest.test_config(database_url, STOREFRONT_CACHE_SIZE=0))
    product = factories.published_product()
    client = app.test_client()
    url = f"/productos/{product.slug}?lang=en"
    etag = client.get(url, headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    response = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert response.status_code == 304
    assert "Accept-Language" not in response.headers.get("Vary", "")  # the address names the language
    _db.session.remove()


def test_pages_made_for_a_session_are_private(client, db, login_as):
    product = factories.published_product()
    login_as("buyer")
    response = client.get(f"/productos/{product.slug}")
    assert response.headers["Cache-Control"] == "private, no-cache" and "ETag" not in response.headers
