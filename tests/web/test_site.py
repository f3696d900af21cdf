"""Things every page has: languages, security headers, error pages, health check."""
from marketplace.extensions import db

from .. import factories


def test_the_language_switch_sets_a_cookie_and_returns_to_the_page(client):
    response = client.post("/language/en?next=/account/sign-in", data={})
    assert response.status_code == 302 and response.headers["Location"] == "/account/sign-in"
    assert any(c.startswith("lang=en") for c in response.headers.getlist("Set-Cookie"))
    page = client.get("/account/sign-in").get_data(as_text=True)
    assert 'lang="en"' in page and "Sign in" in page
    client.post("/language/es", data={})
    assert 'lang="es"' in client.get("/").get_data(as_text=True)


def test_a_signed_in_persons_language_is_kept_in_the_profile(app, client, login_as):
    user = login_as("buyer")
    client.post("/language/en", data={})
    db.session.refresh(user)
    assert user.locale == "en"
    other_device = app.test_client()
    other_device.post("/account/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert 'lang="en"' in other_device.get("/").get_data(as_text=True)


def test_an_unknown_language_is_404(client):
    assert client.post("/language/xx", data={}).status_code == 404


def test_security_headers_and_a_csp_without_inline_script(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.get_data(as_text=True)
    assert "<script>" not in page and "onclick" not in page


def test_session_cookies_are_http_only_and_same_site(client, login_as):
    factories.user(email="c@example.pe")
    response = client.post("/account/sign-in", data={"email": "c@example.pe", "password": factories.PASSWORD})
    [session_cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_error_pages_in_both_languages(client):
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "No encontramos esa página" in missing.get_data(as_text=True)
    client.post("/language/en", data={})
    assert "We could not find that page" in client.get("/no-such-page").get_data(as_text=True)
    forbidden = client.post("/language/es", data={}, csrf=False)
    assert forbidden.status_code == 400 and "The form expired" in forbidden.get_data(as_text=True)


def test_a_record_that_is_missing_or_not_yours_gets_the_same_404_page(client, login_as):
    from tests import factories

    someone_elses = factories.product(factories.organisation(name="Otra asociación"))
    login_as("producer")
    for path in (f"/producer/products/{someone_elses.id}/details", "/orders/MC-2345-6789", "/producer/fulfilments/999"):
        response = client.get(path)
        assert response.status_code == 404 and "No encontramos esa página" in response.get_data(as_text=True), path
    assert client.get("/orders/MC-2345-6789", headers={"Accept": "application/json"}).get_json() == {"error": 404}


def test_server_errors_get_a_page_and_roll_back(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom")
    assert response.status_code == 500 and "Algo falló de nuestro lado" in response.get_data(as_text=True)


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(database_url):
    from marketplace import create_app

    from ..conftest import test_config

    broken = create_app(test_config("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "unreachable"


def test_the_favicon_answers_with_a_long_cache(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/x-icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response.cache_control.max_age >= 30 * 24 * 3600 and response.cache_control.public
