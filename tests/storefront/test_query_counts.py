"""Every public page sends the same number of SQL statements, at most 8, however many products
it shows: an N+1 shows up here as a failure, not as a slow shop. A signed-in buyer's page adds
two (the user with their memberships, the cart), never more."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from marketplace.brands.models import ListingState
from marketplace.catalogue.models import MakerCredit, Provenance

from .. import factories

MAX_QUERIES = 8
SIGNED_IN_EXTRA = 2


def _shop(size: int, tag: str, district: str):
    """`size` products with every detail a page shows, in their own category, region, brand and
    producer, all named after `tag`."""
    textiles = factories.category(slug=f"textiles-{tag}")
    runners = factories.category(parent=textiles, slug=f"caminos-{tag}")
    org = factories.organisation(district_code=district)
    brand = factories.brand(slug=f"marca-{tag}")
    factories.authorisation(brand, org)
    products = []
    for n in range(size):
        product = factories.published_product(org, in_category=runners, name_es=f"Camino {tag} {n}")
        for _ in range(size):  # details grow with the shop too
            factories.product_photo(product)
            factories.variant(product)
            factories.lot(product, is_current=False)
        factories.lot(product)
        product.provenance = Provenance(community="Arbolsol", district_code=district)
        product.heritage_elements = [factories.heritage_element() for _ in range(size)]
        product.makers = [MakerCredit(name=f"Tejedora {m}", consent=True) for m in range(size)]
        factories.db.session.commit()
        # Approved last: an edit to an approved listing sends it back for review.
        factories.brand_listing(product, brand, ListingState.APPROVED)
        products.append(product)
    return SimpleNamespace(tag=tag, org=org, products=products, region={"140306": "lambayeque", "081302": "cusco"}[district])


PAGES = {
    "catalogue": lambda s: f"/productos?productor={s.org.slug}",
    "filtered catalogue": lambda s: f"/productos?categoria=textiles-{s.tag}&marca=marca-{s.tag}&region={s.region}"
                                    f"&productor={s.org.slug}&precio_min=1&mujeres=0&disponible=1&orden=precio",
    "category": lambda s: f"/categorias/textiles-{s.tag}?orden=precio-desc",
    "search": lambda s: f"/buscar?q=camino+{s.tag}&region={s.region}",
    "product": lambda s: f"/productos/{s.products[0].slug}",
    "producer": lambda s: f"/productores/{s.org.slug}",
    "region": lambda s: f"/regiones/{s.region}",
}


def _warm(client, url: str) -> None:
    """Ask for the page once under another address: the filters' choices, kept per catalogue
    version, are then ready (as on a live shop), while the page itself is not kept yet."""
    assert client.get(url + ("&" if "?" in url else "?") + "antes=1").status_code == 200


@pytest.mark.parametrize("visitor", ["visitor", "buyer"])
@pytest.mark.parametrize("name", PAGES)
def test_queries_do_not_grow_with_the_page(name, visitor, client, db, count_queries, login_as):
    small, large = _shop(1, "pequena", "140306"), _shop(5, "grande", "081302")
    if visitor == "buyer":
        login_as("buyer")
    counts = []
    for shop in (small, large):
        url, expected = PAGES[name](shop), shop.products[-1 if name != "product" else 0].slug
        _warm(client, url)
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert expected in response.get_data(as_text=True)
        counts.append(len(statements))
    limit = MAX_QUERIES + (SIGNED_IN_EXTRA if visitor == "buyer" else 0)
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries for 1 product, {counts[1]} for 5"
    assert counts[1] <= limit, f"{name}: {counts[1]} queries"
