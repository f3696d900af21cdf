"""Visitors without cookies share one rendering of a public page until the catalogue changes."""
from __future__ import annotations

from sqlalchemy import update

from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Variant
from marketplace.producers.models import VerificationStatus

from .. import factories
from .conftest import text_of


def test_a_second_visitor_gets_the_kept_page_with_one_query(client, db, count_queries):
    product = factories.published_product(name_es="Chullo de Taquile")
    first = client.get(f"/productos/{product.slug}", headers={"Accept-Encoding": "br"})
    with count_queries() as statements:
        second = client.get(f"/productos/{product.slug}", headers={"Accept-Encoding": "br"})
    assert second.data == first.data and second.headers["Content-Encoding"] == "br"
    assert len(statements) == 1  # the catalogue's version, to know the copy is current
    assert "Set-Cookie" not in first.headers and "Content-Security-Policy" in second.headers


def test_any_change_to_the_catalogue_is_seen_at_once(client, db):
    owner = factories.user()
    product = factories.published_product(name_es="Chullo", price=9000, stock=3)
    url = f"/productos/{product.slug}"
    assert "S/ 90.00" in text_of(client.get(url).get_data(as_text=True))

    product.variants[0].price_amount = 9900
    db.session.commit()
    assert "S/ 99.00" in text_of(client.get(url).get_data(as_text=True))

    # Stock taken by an order is a bulk UPDATE, not a change to a loaded object.
    db.session.execute(update(Variant).where(Variant.product_id == product.id).values(stock=0))
    db.session.commit()
    assert "Agotado" in text_of(client.get(url).get_data(as_text=True))

    catalogue.unpublish(product, by=owner)
    assert client.get(url).status_code == 404
    assert product.slug not in client.get("/productos").get_data(as_text=True)


def test_an_organisation_losing_verification_hides_its_kept_pages(client, db):
    product = factories.published_product()
    assert client.get(f"/productos/{product.slug}").status_code == 200
    product.organisation.status = VerificationStatus.REJECTED
    db.session.commit()
    assert client.get(f"/productos/{product.slug}").status_code == 404


def test_visitors_with_a_session_get_their_own_page(client, db, login_as):
    product = factories.published_product()
    client.get(f"/productos/{product.slug}")
    login_as("buyer")
    html = client.get(f"/productos/{product.slug}").get_data(as_text=True)
    assert "Salir" in html and '<meta name="csrf-token"' in html


def test_each_language_and_address_is_kept_apart(client, db):
    product = factories.published_product(name_es="Manta", name_en="Blanket")
    assert "Manta" in client.get(f"/productos/{product.slug}").get_data(as_text=True)
    assert "Blanket" in client.get(f"/productos/{product.slug}?lang=en").get_data(as_text=True)
    client.set_cookie("lang", "en")
    assert "Blanket" in client.get(f"/productos/{product.slug}").get_data(as_text=True)
