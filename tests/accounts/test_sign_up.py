"""Sign-up tells nobody who has an account: both cases answer the same, and the email decides.
A new address gets a link that creates the account; an existing one gets a note to its owner.
Sign-ups and reset requests are limited per address and per email."""
import re

from marketplace.accounts.models import User, find_by_email
from marketplace.extensions import db

from .. import factories

GOOD_PASSWORD = "telar de cintura 2026"


def sign_up(client, **overrides):
    data = {"name": "Rosa Santisteban", "email": "rosa@example.pe", "password": GOOD_PASSWORD, "phone": ""}
    data.update(overrides)
    return client.post("/account/sign-up", data=data)


def visible(response, email):
    page = response.get_data(as_text=True).replace(email, "EMAIL")
    return re.sub(r'(name="csrf_token" (type="hidden" )?value=|<meta name="csrf-token" content=)"[^"]+"', "", page)


def test_signing_up_with_a_new_or_a_taken_email_looks_the_same(app, client):
    factories.user(email="teodora@example.pe")
    first, second = app.test_client(), app.test_client()
    new = sign_up(first, email="rosa@example.pe")
    taken = sign_up(second, email="teodora@example.pe", name="Alguien")
    assert new.status_code == taken.status_code == 302
    assert new.headers["Location"] == taken.headers["Location"]
    # Neither is signed in: signing in the new one at once would tell the two apart.
    assert first.get("/account/profile").status_code == second.get("/account/profile").status_code == 302
    assert find_by_email("rosa@example.pe") is None  # nothing exists until the link is opened


def test_the_pages_after_signing_up_say_the_same_in_both_cases(app):
    factories.user(email="teodora@example.pe")
    pages = []
    for email in ("rosa@example.pe", "teodora@example.pe"):
        browser = app.test_client()
        pages.append(visible(browser.post("/account/sign-up", follow_redirects=True, data={
            "name": "Rosa", "email": email, "password": GOOD_PASSWORD, "phone": ""}), email))
    assert pages[0] == pages[1]
    assert "Te enviamos un correo a EMAIL" in pages[0]


def test_the_owner_of_a_taken_email_is_told_instead(client, outbox):
    owner = factories.user(email="teodora@example.pe")
    sign_up(client, email="Teodora@Example.pe")
    [note] = outbox("teodora@example.pe")
    assert note.kind == "sign_up_existing"
    assert "http://localhost/account/sign-in" in note.body and "http://localhost/account/forgot-password" in note.body
    db.session.refresh(owner)
    assert owner.check_password(factories.PASSWORD)  # the account is untouched
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_a_new_account_is_made_when_its_emailed_link_is_opened(client, outbox):
    sign_up(client, phone="987 654 321")
    [email] = outbox("rosa@example.pe")
    assert email.kind == "sign_up_confirm"
    link = re.search(r"http://localhost(/account/sign-up/\S+)", email.body).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Rosa Santisteban" in page.get_data(as_text=True)
    assert find_by_email("rosa@example.pe") is None  # opening the page alone makes nothing
    done = client.post(link, data={})
    assert done.status_code == 302
    user = find_by_email("rosa@example.pe")
    assert (user.name, user.phone) == ("Rosa Santisteban", "+51987654321")
    assert user.check_password(GOOD_PASSWORD)
    assert client.get("/account/profile").status_code == 200
    client.post("/account/sign-out", data={})
    again = client.post(link, data={}, follow_redirects=True)
    assert "ya se usó o no es válido" in again.get_data(as_text=True)


def test_a_made_up_sign_up_link_is_refused(client):
    page = client.get("/account/sign-up/not-a-token", follow_redirects=True).get_data(as_text=True)
    assert "ya se usó o no es válido" in page


def test_weak_passwords_are_refused_before_anything_is_sent(client, outbox):
    factories.user(email="teodora@example.pe")
    for email in ("rosa@example.pe", "teodora@example.pe"):
        response = sign_up(client, email=email, password="corta123")
        assert response.status_code == 422 and "al menos 10 caracteres" in response.get_data(as_text=True)
    assert outbox() == []


def test_sign_ups_are_limited_per_address(app, client):
    app.config["SIGNUP_RATE_LIMIT"] = "2 per minute"
    codes = [sign_up(client, email=f"p{n}@example.pe").status_code for n in range(3)]
    assert codes == [302, 302, 429]


def test_sign_ups_are_limited_per_email(app):
    app.config["SIGNUP_EMAIL_RATE_LIMIT"] = "2 per hour"
    codes = [sign_up(app.test_client(), email="rosa@example.pe").status_code for address in range(3)]
    assert codes == [302, 302, 429]


def test_reset_requests_are_limited_per_email_from_any_address(app, outbox):
    factories.user(email="teodora@example.pe")
    app.config["RESET_EMAIL_RATE_LIMIT"] = "2 per hour"
    codes = [app.test_client().post("/account/forgot-password", data={"email": "Teodora@example.pe"},
                                    environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert len(outbox("teodora@example.pe")) == 2
