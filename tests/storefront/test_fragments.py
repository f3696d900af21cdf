"""Product cards and a product page's seals are kept rendered per worker for every visitor (signed
in too), and shown afresh as soon as what they show changes: an edit, a sale that sells out, a
seal approved or revoked, an authorisation that ends, the language."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from marketplace import clock
from marketplace.brands.models import BrandMembershipStatus, ListingState
from marketplace.orders import stock

from .. import factories
from .conftest import text_of

LISTINGS = ("/categorias/{category}", "/buscar?q=chullo", "/productores/{producer}")


@pytest.fixture
def shop(db, login_as):
    """A signed-in buyer (whose pages are never kept whole) and a producer's two chullos, one of
    them sealed by a collective brand."""
    login_as("buyer")
    category = factories.category(slug="chullos")
    org = factories.organisation()
    brand = factories.brand(name="Marca Taquile", slug="marca-taquile")
    authorised = factories.authorisation(brand, org)
    sealed = factories.published_product(org, in_category=category, name_es="Chullo de Taquile", name_en="Taquile hat",
                                         price=9000, stock=1)
    other = factories.published_product(org, in_category=category, name_es="Chullo de Amantaní", price=8000, stock=4)
    listing = factories.brand_listing(sealed, brand, ListingState.APPROVED)
    urls = [url.format(category=category.slug, producer=org.slug) for url in LISTINGS]
    return dict(sealed=sealed, other=other, listing=listing, authorised=authorised, urls=urls,
                product_url=f"/productos/{sealed.slug}", other_url=f"/productos/{other.slug}")


def _texts(client, urls):
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(text_of(response.get_data(as_text=True)))
    return pages


def _seal_on(client, url: str) -> bool:
    return 'data-brand-seal="marca-taquile"' in client.get(url).get_data(as_text=True)


def _without_tokens(html: str) -> str:
    return re.sub(r'(name="csrf[-_]token"[^>]*)(content|value)="[^"]*"', r"\1", html)


def test_cards_are_kept_rendered_and_read_their_seals_once(client, shop, count_queries, app):
    first = [_without_tokens(client.get(url).get_data(as_text=True)) for url in shop["urls"]]
    with count_queries() as again:
        second = [_without_tokens(client.get(url).get_data(as_text=True)) for url in shop["urls"]]
    assert first == second
    assert not any("brand_listing" in statement for statement in again)  # seals come with the kept cards
    assert len(app.extensions["storefront_fragments"]) > 0


def test_an_edited_product_shows_at_once_on_every_listing_and_page(client, shop, db):
    _texts(client, [*shop["urls"], shop["other_url"]])
    shop["sealed"].name_es = "Chullo tejido en Taquile"
    shop["sealed"].variants[0].price_amount = 9900
    db.session.commit()
    for text in _texts(client, [*shop["urls"], shop["other_url"]]):
        assert "Chullo tejido en Taquile" in text and "S/ 99.00" in text


def test_a_sale_that_sells_out_shows_sold_out_on_the_cards(client, shop, db):
    assert not any("Agotado" in text for text in _texts(client, shop["urls"]))
    stock.take({shop["sealed"].variants[0].id: 1})  # as checkout takes it: no catalogue edit
    db.session.commit()
    for text in _texts(client, shop["urls"]):
        assert "Agotado" in text


def test_a_seal_approved_or_revoked_shows_at_once(client, shop, db):
    assert all(_seal_on(client, url) for url in [*shop["urls"], shop["product_url"]])
    shop["listing"].state = ListingState.REJECTED
    db.session.commit()
    assert not any(_seal_on(client, url) for url in [*shop["urls"], shop["product_url"]])
    shop["listing"].state = ListingState.APPROVED
    db.session.commit()
    assert all(_seal_on(client, url) for url in [*shop["urls"], shop["product_url"]])
    shop["authorised"].status = BrandMembershipStatus.SUSPENDED
    db.session.commit()
    assert not any(_seal_on(client, url) for url in [*shop["urls"], shop["product_url"]])


def test_an_authorisation_that_ends_today_takes_the_seal_off_tomorrow(client, shop, db, monkeypatch):
    shop["authorised"].authorised_until = clock.lima_today()
    db.session.commit()
    assert all(_seal_on(client, url) for url in [*shop["urls"], shop["product_url"]])
    tomorrow = clock.utcnow() + timedelta(days=1)
    monkeypatch.setattr(clock, "utcnow", lambda: tomorrow)
    assert not any(_seal_on(client, url) for url in [*shop["urls"], shop["product_url"]])


def test_each_language_gets_its_own_cards(client, shop):
    assert all("Chullo de Taquile" in text for text in _texts(client, shop["urls"]))
    english = _texts(client, [url + ("&" if "?" in url else "?") + "lang=en" for url in shop["urls"]])
    assert all("Taquile hat" in text and "Chullo de Taquile" not in text for text in english)
