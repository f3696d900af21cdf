"""Sign up, sign in and out, reset a forgotten password, profile."""
import re

from marketplace.accounts.models import User, find_by_email
from marketplace.extensions import db

from .. import factories

GOOD_PASSWORD = "telar de cintura 2026"


def sign_up(client, **overrides):
    data = {"name": "Rosa Santisteban", "email": "rosa@example.pe", "password": GOOD_PASSWORD, "phone": ""}
    data.update(overrides)
    return client.post("/account/sign-up", data=data)


def confirm(client, outbox, email):
    """Open the link emailed to a new address and create the account."""
    link = re.search(r"http://localhost(/account/sign-up/\S+)", outbox(email)[-1].body).group(1)
    return client.post(link, data={})


def test_a_visitor_signs_up_and_is_signed_in(client, outbox):
    response = sign_up(client, phone="987 654 321")
    assert response.status_code == 302
    assert confirm(client, outbox, "rosa@example.pe").status_code == 302
    user = find_by_email("rosa@example.pe")
    assert user.name == "Rosa Santisteban"
    assert user.phone == "+51987654321"
    assert user.password_hash.startswith("scrypt:") and GOOD_PASSWORD not in user.password_hash
    assert client.get("/account/profile").status_code == 200


def test_email_is_case_insensitive_and_unique(client, outbox):
    sign_up(client, email="Rosa@Example.PE")
    confirm(client, outbox, "rosa@example.pe")
    client.post("/account/sign-out", data={})
    response = sign_up(client, email="rosa@example.pe", name="Otra Rosa")
    assert response.status_code == 302
    assert outbox("rosa@example.pe")[-1].kind == "sign_up_existing"
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_weak_passwords_are_refused_with_a_reason(client):
    short = sign_up(client, password="corta123")
    assert short.status_code == 422
    assert "al menos 10 caracteres" in short.get_data(as_text=True)
    common = sign_up(client, password="1234567890")
    assert "muy común" in common.get_data(as_text=True)
    same_as_email = sign_up(client, email="rosa.tejedora@example.pe", password="rosa.tejedora@example.pe")
    assert "no puede ser tu correo" in same_as_email.get_data(as_text=True)
    assert find_by_email("rosa@example.pe") is None


def test_phone_must_be_a_peruvian_mobile_or_international(client, outbox):
    landline = sign_up(client, phone="01 4567890")
    assert landline.status_code == 422
    assert "celular peruano" in landline.get_data(as_text=True)
    assert 'value="01 4567890"' in landline.get_data(as_text=True)
    international = sign_up(client, email="hanna@example.de", phone="+49 30 901820")
    assert international.status_code == 302
    confirm(client, outbox, "hanna@example.de")
    assert find_by_email("hanna@example.de").phone == "+4930901820"


def test_sign_in_and_out(client):
    user = factories.user(email="juan@example.pe")
    wrong = client.post("/account/sign-in", data={"email": "juan@example.pe", "password": "not-the-password"})
    assert wrong.status_code == 422
    assert "no son correctos" in wrong.get_data(as_text=True)
    ok = client.post("/account/sign-in", data={"email": "JUAN@example.pe", "password": factories.PASSWORD})
    assert ok.status_code == 302
    assert client.get("/account/profile").status_code == 200
    client.post("/account/sign-out", data={})
    assert client.get("/account/profile").status_code == 302
    assert user.email == "juan@example.pe"


def test_sign_in_redirects_only_within_the_site(client):
    factories.user(email="maria@example.pe")
    evil = client.post("/account/sign-in?next=https://evil.example/", data={"email": "maria@example.pe", "password": factories.PASSWORD})
    assert evil.headers["Location"] == "/producer/"
    client.post("/account/sign-out", data={})
    good = client.post("/account/sign-in?next=/account/profile", data={"email": "maria@example.pe", "password": factories.PASSWORD})
    assert good.headers["Location"] == "/account/profile"


def _reset_link(outbox, email):
    body = outbox(email)[-1].body
    return re.search(r"http://localhost(/account/reset-password/\S+)", body).group(1)


def test_forgotten_password_is_reset_through_an_emailed_link(client, outbox):
    factories.user(email="teodora@example.pe", locale="es")
    response = client.post("/account/forgot-password", data={"email": "teodora@example.pe"})
    assert response.status_code == 302
    [email] = outbox("teodora@example.pe")
    assert email.subject == "Cambia tu contraseña de Mercado Colectivo"
    link = _reset_link(outbox, "teodora@example.pe")
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "nueva frase secreta", "confirm": "nueva frase secreta"})
    assert done.status_code == 302
    client.post("/account/sign-out", data={})
    assert client.post("/account/sign-in", data={"email": "teodora@example.pe", "password": "nueva frase secreta"}).status_code == 302


def test_a_reset_link_works_once(client, outbox):
    factories.user(email="teodora@example.pe")
    client.post("/account/forgot-password", data={"email": "teodora@example.pe"})
    link = _reset_link(outbox, "teodora@example.pe")
    client.post(link, data={"password": "nueva frase secreta", "confirm": "nueva frase secreta"})
    client.post("/account/sign-out", data={})
    reused = client.get(link, follow_redirects=True)
    assert "ya se usó o no es válido" in reused.get_data(as_text=True)
    again = client.post(link, data={"password": "otra frase secreta", "confirm": "otra frase secreta"})
    assert again.status_code == 302
    assert client.post("/account/sign-in", data={"email": "teodora@example.pe", "password": "otra frase secreta"}).status_code == 422


def test_an_expired_reset_link_is_refused(app, client, outbox):
    factories.user(email="teodora@example.pe")
    client.post("/account/forgot-password", data={"email": "teodora@example.pe"})
    link = _reset_link(outbox, "teodora@example.pe")
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "ha caducado" in page


def test_a_tampered_reset_link_is_refused(client):
    page = client.get("/account/reset-password/not-a-real-token", follow_redirects=True).get_data(as_text=True)
    assert "no es válido" in page


def test_forgot_password_does_not_reveal_whether_an_account_exists(client, outbox):
    response = client.post("/account/forgot-password", data={"email": "nobody@example.pe"}, follow_redirects=True)
    assert "Si hay una cuenta con ese correo" in response.get_data(as_text=True)
    assert outbox() == []


def test_reset_emails_go_out_in_the_persons_language(client, outbox):
    factories.user(email="hanna@example.de", locale="en")
    client.post("/account/forgot-password", data={"email": "hanna@example.de"})
    assert outbox("hanna@example.de")[0].locale == "en"


def test_sign_in_is_rate_limited(app, client):
    app.config["SIGNIN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        client.post("/account/sign-in", data={"email": "x@example.pe", "password": "wrong-password"})
    blocked = client.post("/account/sign-in", data={"email": "x@example.pe", "password": "wrong-password"})
    assert blocked.status_code == 429
    assert "Demasiados intentos" in blocked.get_data(as_text=True)


def test_password_reset_requests_are_rate_limited(app, client):
    app.config["RESET_RATE_LIMIT"] = "2 per minute"
    for _ in range(2):
        client.post("/account/forgot-password", data={"email": "x@example.pe"})
    assert client.post("/account/forgot-password", data={"email": "x@example.pe"}).status_code == 429


def test_a_form_without_csrf_token_is_refused(client):
    response = client.post("/account/sign-up", data={"name": "X", "email": "x@example.pe", "password": GOOD_PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "El formulario caducó" in response.get_data(as_text=True)
    assert find_by_email("x@example.pe") is None


def test_profile_keeps_phone_and_name(client, login_as):
    user = login_as("buyer")
    response = client.post("/account/profile", data={"name": "Nuevo Nombre", "phone": "+51 912 345 678"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.phone, user.display_phone) == ("Nuevo Nombre", "+51912345678", "+51 912 345 678")


def test_create_staff_and_admin_commands(runner):
    result = runner.invoke(args=["create-staff", "sofia@example.pe"])
    assert "is now staff" in result.output and "password is" in result.output
    assert find_by_email("sofia@example.pe").is_staff
    assert not find_by_email("sofia@example.pe").is_admin
    runner.invoke(args=["create-admin", "ana@example.pe", "--password", "una clave larga de admin"])
    admin = find_by_email("ana@example.pe")
    assert admin.is_admin and admin.is_staff and admin.check_password("una clave larga de admin")
