"""Every absolute URL is built on PUBLIC_BASE_URL, never on the Host header of the request."""
import re

import pytest

from marketplace.extensions import db
from marketplace.orders.models import Order
from tests import factories
from tests.orders.shop import shop  # noqa: F401
from tests.payments.fake_stripe import card_payments, fake_stripe  # noqa: F401

PUBLIC = "https://shop.example.pe"
EVIL = {"Host": "evil.example"}


def as_attacker(client):
    """The browser's cookies, sent along with the attacker's Host header (the test client files
    cookies by host)."""
    cookie = client.get_cookie("session", domain="localhost")
    if cookie is not None:
        client.set_cookie("session", cookie.value, domain="evil.example")
    return client


@pytest.fixture
def public_app(app):
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    return app


def test_a_reset_asked_for_with_a_foreign_host_emails_a_link_to_the_shop(public_app, client, outbox):
    factories.user(email="teodora@example.pe")
    client.get("/account/sign-in")  # a session holding the form's CSRF token
    response = as_attacker(client).post("/account/forgot-password", data={"email": "teodora@example.pe"}, headers=EVIL)
    assert response.status_code == 302
    [email] = outbox("teodora@example.pe")
    links = re.findall(r"https?://\S+", email.body)
    assert links and all(link.startswith(f"{PUBLIC}/account/reset-password/") for link in links)
    assert "evil.example" not in email.body


def test_order_links_and_stripe_return_urls_ignore_the_host_header(public_app, client, shop, card_payments, outbox):
    shop.add(shop.textile(), client=client)
    token = re.search(r'name="checkout_token" type="hidden" value="([^"]+)"',
                      as_attacker(client).get("/checkout", headers=EVIL).get_data(as_text=True)).group(1)
    data = {**shop_address(), "checkout_token": token, "payment_method": "card"}
    assert as_attacker(client).post("/checkout", data=data, headers=EVIL).status_code == 303
    order = db.session.scalar(db.select(Order))
    session = card_payments.session_for(order.reference)
    assert session["success_url"].startswith(f"{PUBLIC}/orders/{order.reference}/card-return?t=")
    assert session["cancel_url"].startswith(f"{PUBLIC}/orders/{order.reference}?t=")
    [placed] = outbox(order.email)
    assert f"{PUBLIC}/orders/{order.reference}" in placed.body and "evil.example" not in placed.body


def shop_address() -> dict:
    from tests.orders.shop import ADDRESS

    return dict(ADDRESS)


def test_canonical_links_and_sitemaps_ignore_the_host_header(public_app, client):
    home = client.get("/", headers=EVIL).get_data(as_text=True)
    assert f'<link rel="canonical" href="{PUBLIC}/">' in home
    robots = client.get("/robots.txt", headers=EVIL).get_data(as_text=True)
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
    assert "evil.example" not in client.get("/sitemap.xml", headers=EVIL).get_data(as_text=True)


def test_emails_sent_from_the_command_line_link_to_the_public_address(public_app):
    from marketplace.orders.access import external_url

    with public_app.app_context():
        assert external_url("orders.history") == f"{PUBLIC}/orders/"
