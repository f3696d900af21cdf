"""Behind a configured number of proxies each client has its own rate-limit bucket, and a client
cannot choose its bucket by sending its own X-Forwarded-For."""
import pytest

from marketplace import create_app
from marketplace.extensions import limiter
from tests import conftest


@pytest.fixture
def proxied_app(database_url):
    def make(hops: int):
        app = create_app(conftest.test_config(database_url, TRUSTED_PROXY_HOPS=hops, WTF_CSRF_ENABLED=False,
                                              SIGNIN_RATE_LIMIT="2 per minute"))
        with app.app_context():
            limiter.reset()
        return app

    yield make
    limiter.reset()


def attempts(app, *forwarded_for: str) -> list[int]:
    client = app.test_client()
    codes = []
    for value in forwarded_for:
        with app.app_context():
            response = client.post("/account/sign-in", data={"email": "a@example.pe", "password": "x"},
                                   headers={"X-Forwarded-For": value, "X-Forwarded-Proto": "https"})
        codes.append(response.status_code)
    return codes


def test_behind_one_proxy_each_client_has_its_own_sign_in_limit(proxied_app):
    app = proxied_app(1)
    assert attempts(app, "203.0.113.5", "203.0.113.5", "203.0.113.5") == [422, 422, 429]
    assert attempts(app, "198.51.100.7") == [422]  # another customer behind the same proxy


def test_a_client_cannot_pick_its_bucket_by_forging_the_header(proxied_app):
    app = proxied_app(1)
    # The proxy appends the address it saw; whatever the client wrote before it is not trusted.
    assert attempts(app, "1.1.1.1, 203.0.113.5", "2.2.2.2, 203.0.113.5", "3.3.3.3, 203.0.113.5") == [422, 422, 429]


def test_without_proxies_the_header_is_ignored(proxied_app):
    app = proxied_app(0)
    assert attempts(app, "203.0.113.5", "198.51.100.7", "192.0.2.1") == [422, 422, 429]


def test_behind_a_proxy_the_scheme_is_the_one_the_client_used(proxied_app):
    app = proxied_app(1)

    @app.get("/_scheme")
    def scheme():
        from flask import request

        return f"{request.scheme} {request.remote_addr}"

    response = app.test_client().get("/_scheme", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"})
    assert response.get_data(as_text=True) == "https 203.0.113.5"
