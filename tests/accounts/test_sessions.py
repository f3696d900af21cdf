"""Sessions end for real: a session cookie or remember cookie copied before signing out, before
a password reset or before "sign out of all devices" opens nothing afterwards."""
import re

from marketplace.accounts.models import SignInSession
from marketplace.extensions import db

from .. import factories

NEW_PASSWORD = "nueva frase secreta 2026"


def sign_in(client, email, remember=False):
    data = {"email": email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/account/sign-in", data=data).status_code == 302


def cookie(client, name):
    found = client.get_cookie(name)
    assert found is not None, name
    return found.value


def signed_in(client) -> bool:
    return client.get("/account/profile").status_code == 200


def replay(app, **cookies):
    """A fresh browser (an attacker's) holding only the copied cookies."""
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    return browser


def test_a_session_cookie_replayed_after_sign_out_opens_nothing(app, client):
    user = factories.user()
    sign_in(client, user.email)
    captured = cookie(client, "session")
    assert signed_in(replay(app, session=captured))
    client.post("/account/sign-out", data={})
    assert not signed_in(client)
    assert not signed_in(replay(app, session=captured))


def test_a_remember_cookie_replayed_after_sign_out_opens_nothing(app, client):
    user = factories.user()
    sign_in(client, user.email, remember=True)
    captured = cookie(client, "remember_token")
    assert signed_in(replay(app, remember_token=captured))  # it works while the session is open
    client.post("/account/sign-out", data={})
    assert not signed_in(replay(app, remember_token=captured))


def test_every_sign_in_gets_its_own_remember_cookie(app):
    user = factories.user()
    first, second = app.test_client(), app.test_client()
    sign_in(first, user.email, remember=True)
    sign_in(second, user.email, remember=True)
    assert cookie(first, "remember_token") != cookie(second, "remember_token")
    first.post("/account/sign-out", data={})
    assert signed_in(second)  # signing out of one browser leaves the others alone


def test_a_password_reset_ends_every_other_session_and_remember_cookie(app, client, outbox):
    user = factories.user()
    laptop = app.test_client()
    sign_in(laptop, user.email, remember=True)
    stolen_session, stolen_remember = cookie(laptop, "session"), cookie(laptop, "remember_token")

    client.post("/account/forgot-password", data={"email": user.email})
    link = re.search(r"http://localhost(/account/reset-password/\S+)", outbox(user.email)[-1].body).group(1)
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302

    assert signed_in(client)  # the browser that reset the password is signed in
    assert not signed_in(laptop)
    assert not signed_in(replay(app, session=stolen_session))
    assert not signed_in(replay(app, remember_token=stolen_remember))


def test_a_password_change_ends_every_other_session_and_remember_cookie(app, client):
    user = factories.user()
    laptop = app.test_client()
    sign_in(laptop, user.email, remember=True)
    stolen_session, stolen_remember = cookie(laptop, "session"), cookie(laptop, "remember_token")
    sign_in(client, user.email)
    assert "Cambiar mi contraseña" in client.get("/account/profile").get_data(as_text=True)

    wrong = client.post("/account/password", data={"current": "not my password", "password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and "Esa no es tu contraseña actual." in wrong.get_data(as_text=True)
    weak = client.post("/account/password", data={"current": factories.PASSWORD, "password": "corta",
                                                  "confirm": "corta"})
    assert weak.status_code == 422 and "al menos 10 caracteres" in weak.get_data(as_text=True)
    assert signed_in(laptop)  # a refused change ends nothing

    changed = client.post("/account/password", data={"current": factories.PASSWORD, "password": NEW_PASSWORD,
                                                     "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    assert signed_in(client)  # the browser that changed it stays signed in, on a new session
    assert not signed_in(laptop)
    assert not signed_in(replay(app, session=stolen_session))
    assert not signed_in(replay(app, remember_token=stolen_remember))
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_sign_out_of_all_devices_from_the_account_page(app, client):
    user = factories.user()
    phone = app.test_client()
    sign_in(phone, user.email, remember=True)
    sign_in(client, user.email)
    assert "Cerrar sesión en todos los equipos" in client.get("/account/profile").get_data(as_text=True)

    response = client.post("/account/sign-out-everywhere", data={})

    assert response.status_code == 302 and response.headers["Location"] == "/account/sign-in"
    assert not signed_in(client) and not signed_in(phone)
    assert not signed_in(replay(app, remember_token=cookie(phone, "remember_token")))
    assert db.session.scalar(db.select(db.func.count()).where(SignInSession.revoked_at.is_(None))) == 0


def test_a_session_survives_a_new_address_on_a_mobile_network(client):
    user = factories.user()
    sign_in(client, user.email)
    assert client.get("/account/profile", environ_base={"REMOTE_ADDR": "190.42.7.9"}).status_code == 200
