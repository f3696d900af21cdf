"""Bad input gets a 400 or 404 with a message, never a server error: empty numbers, and ids
beyond what the database's integer column holds (PostgreSQL refuses them outright)."""
import pytest

from tests.orders.shop import for_sale

TOO_BIG = str(2**63)  # beyond PostgreSQL's bigint, let alone its integer
JUST_TOO_BIG = str(2**31)  # beyond a PostgreSQL integer column


def test_adding_to_the_cart_with_an_empty_quantity_asks_for_one(client):
    variant = for_sale()
    response = client.post("/cart/add", data={"variant_id": variant.id, "quantity": ""}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Escribe una cantidad" in page and "Not a valid" not in page


@pytest.mark.parametrize("big", [JUST_TOO_BIG, TOO_BIG, "-" + TOO_BIG])
def test_adding_a_variant_id_beyond_the_database_range_is_not_found(client, big):
    response = client.post("/cart/add", data={"variant_id": big, "quantity": "1"})
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("big", [JUST_TOO_BIG, TOO_BIG])
def test_updating_a_cart_line_beyond_the_database_range_is_harmless(client, big):
    response = client.post("/cart/update", data={"variant_id": big, "quantity": "1"})
    assert response.status_code == 302


@pytest.mark.parametrize("path", [
    f"/staff/brands/listings/{JUST_TOO_BIG}",
    f"/producer/fulfilments/{TOO_BIG}",
    f"/producer/products/{JUST_TOO_BIG}/variants/{TOO_BIG}",
])
def test_ids_in_urls_beyond_the_database_range_are_not_found(client, login_as, path):
    login_as("staff")
    assert client.get(path).status_code == 404
