"""The seller's legal name, RUC and address on every page's footer and at checkout; the settings
they come from."""
import pytest

from marketplace import config
from tests.orders.shop import Shop

from .sheets import text

SELLER_NAME, SELLER_RUC = "Mercado Colectivo del Perú S.A.C.", "20611111119"


def footer(page: str) -> str:
    return page.split('<footer class="site-footer">')[1]


@pytest.mark.parametrize("path", ["/", "/productos", "/account/sign-in", "/cart", "/libro-de-reclamaciones"])
def test_every_page_footer_names_the_seller_and_links_the_complaints_book(client, path):
    response = client.get(path, follow_redirects=True)

    assert response.status_code == 200
    end = footer(text(response))
    assert SELLER_NAME in end and f"RUC {SELLER_RUC}" in end and "Calle San José 456" in end
    assert 'href="/libro-de-reclamaciones"' in end and "Libro de Reclamaciones" in end
    assert "libro-de-reclamaciones.svg" in end


def test_staff_and_error_pages_have_it_too(client, login_as):
    assert SELLER_RUC in footer(text(client.get("/no-existe")))
    login_as("staff")
    assert SELLER_RUC in footer(text(client.get("/staff/complaints/")))


def test_the_checkout_shows_who_sells(client):
    shop = Shop(client)
    shop.add(shop.textile())

    page = text(client.get("/checkout"))

    form = page.split('<form method="post" novalidate class="stack checkout-form">')[1].split("</form>")[0]
    assert f"Vende: {SELLER_NAME}, RUC {SELLER_RUC}, Calle San José 456, Chiclayo, Lambayeque." in form


def test_demo_seller_in_debug_passes_the_ruc_checksum(monkeypatch):
    from stdnum.pe import ruc

    for name in config.DEMO_SELLER:
        monkeypatch.delenv(name, raising=False)

    settings = config.seller_settings(debug=True)

    assert settings == config.DEMO_SELLER and ruc.is_valid(settings["SELLER_RUC"])


def test_outside_debug_the_seller_must_be_set(monkeypatch):
    for name in config.DEMO_SELLER:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SELLER_LEGAL_NAME", SELLER_NAME)

    with pytest.raises(RuntimeError, match="SELLER_RUC, SELLER_ADDRESS must be set outside debug"):
        config.seller_settings(debug=False)


def test_a_wrong_ruc_is_refused_at_startup(monkeypatch):
    monkeypatch.setenv("SELLER_LEGAL_NAME", SELLER_NAME)
    monkeypatch.setenv("SELLER_ADDRESS", "Chiclayo")
    monkeypatch.setenv("SELLER_RUC", "20611111118")

    with pytest.raises(RuntimeError, match="not a valid RUC"):
        config.seller_settings(debug=False)
