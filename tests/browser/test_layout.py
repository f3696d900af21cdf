"""No page is wider than a phone: every page a role reaches from its menus fits 360 px.

A page wider than the screen makes a cheap phone zoom out until the text is unreadable, and it is
easy to cause by accident: a long e-mail address, a table, a select with a long option. So each
role walks the pages its own links lead to, one step from home, and each must fit.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from marketplace.brands.models import ListingState

from .. import factories
from .conftest import sign_in

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
MOST_PAGES = 45
SKIP = ("/account/sign-out", "/media/", "/static/")


@pytest.fixture
def shop(app):
    """Enough of a shop that the pages have something long to show."""
    owner = factories.user(email="asociacion.de.apicultores.del.bosque.seco@salas-motupe.example.pe")
    organisation = factories.organisation(
        owner, name="Asociación de Apicultores del Bosque Seco Salas–Motupe", ruc="20603456786"
    )
    product = factories.published_product(organisation, name_es="Miel de algarrobo del bosque seco de Motupe, 500 g")
    brand = factories.brand(name="Miel del Algarrobal de Lambayeque (marca colectiva)")
    factories.authorisation(brand, organisation)
    factories.brand_listing(product, brand, ListingState.STEWARD_CHECKED)
    factories.ledger_entry(organisation, note="Venta en Expoalimentaria, stand 14, pedido mayorista")
    return owner


def page_links(page) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    paths = set()
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
            continue
        paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def walk_and_measure(page, start_paths: list[str]) -> dict[str, int]:
    """Visit the start pages and every page they link to; return the ones too wide or broken."""
    to_visit: list[str] = []
    for path in start_paths:
        page.goto(path)
        to_visit += [path, *sorted(page_links(page))]
    problems, seen = {}, set()
    for path in to_visit:
        if path in seen or len(seen) >= MOST_PAGES:
            continue
        seen.add(path)
        response = page.goto(path)
        if response is not None and response.status >= 500:
            problems[path] = response.status
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            problems[path] = width
    assert len(seen) >= 5, seen  # the walk did find the role's pages
    return problems


def test_public_pages_fit_a_phone(phone, shop):
    assert walk_and_measure(phone, ["/"]) == {}


def test_a_producers_pages_fit_a_phone(phone, shop):
    sign_in(phone, shop)

    assert walk_and_measure(phone, ["/producer/", "/"]) == {}


def test_staff_pages_fit_a_phone(phone, shop, browser_login):
    browser_login(phone, "staff")

    assert walk_and_measure(phone, ["/staff/", "/"]) == {}
