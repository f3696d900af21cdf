"""Guessing one account's password from many addresses: after a few wrong passwords in a row
the account pauses password sign-in for a growing while and its owner is told by email. The
owner is never locked out for good: a reset link, or a browser that has signed in to the account
before, still gets in."""
import re
from datetime import timedelta

from marketplace.accounts.models import find_by_email
from marketplace.clock import utcnow
from marketplace.extensions import db

from .. import factories

WRONG = "not-the-password"


def attempt(client, email, password, address="203.0.113.1"):
    return client.post("/account/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def guess(app, email, times, first_address=10):
    """`times` wrong passwords, each from its own address (each under the per-address limit)."""
    attacker = app.test_client()
    for n in range(times):
        assert attempt(attacker, email, WRONG, f"198.51.100.{first_address + n}").status_code == 422


def blocked_for(email) -> timedelta:
    db.session.expire_all()
    user = find_by_email(email)
    return user.sign_in_blocked_until - utcnow() if user.sign_in_blocked_until else timedelta(0)


def test_guesses_from_many_addresses_pause_the_account(app, client):
    user = factories.user()
    guess(app, user.email, 5)
    refused = attempt(client, user.email, factories.PASSWORD, "192.0.2.77")
    assert refused.status_code == 422
    assert "no son correctos" in refused.get_data(as_text=True)
    assert timedelta(seconds=50) < blocked_for(user.email) <= timedelta(minutes=1)


def test_a_paused_account_answers_like_an_account_that_does_not_exist(app):
    user = factories.user()
    guess(app, user.email, 6)
    existing = attempt(app.test_client(), user.email, WRONG, "192.0.2.1")
    unknown = attempt(app.test_client(), "nobody@example.pe", WRONG, "192.0.2.2")
    assert existing.status_code == unknown.status_code == 422
    assert page_text(existing, user.email) == page_text(unknown, "nobody@example.pe")


def page_text(response, email: str) -> str:
    """The page's main part, without what differs anyway (the email typed, the CSRF token)."""
    main = response.get_data(as_text=True).replace(email, "EMAIL").split("<main")[1]
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", main)


def test_the_pause_grows_with_each_further_wrong_password(app):
    user = factories.user()
    guess(app, user.email, 5)
    first = blocked_for(user.email)
    for expected in (2, 4, 8):
        find_by_email(user.email).sign_in_blocked_until = utcnow() - timedelta(seconds=1)  # the pause is over
        db.session.commit()
        guess(app, user.email, 1, first_address=100 + expected)
        assert timedelta(minutes=expected) - timedelta(seconds=10) < blocked_for(user.email) <= timedelta(minutes=expected)
    assert first <= timedelta(minutes=1)


def test_the_owner_is_told_once_by_email_with_a_way_in(app, outbox):
    user = factories.user()
    guess(app, user.email, 7)
    [notice] = outbox(user.email)
    assert notice.kind == "sign_in_failures"
    assert "5" in notice.body and "http://localhost/account/reset-password/" in notice.body


def test_the_owner_gets_in_from_a_browser_that_signed_in_before(app, client):
    user = factories.user()
    assert attempt(client, user.email, factories.PASSWORD).status_code == 302
    client.post("/account/sign-out", data={})
    guess(app, user.email, 8)
    assert attempt(client, user.email, factories.PASSWORD).status_code == 302
    assert blocked_for(user.email) == timedelta(0)


def test_a_browser_that_knows_another_account_does_not_open_this_one(app, client):
    mine, theirs = factories.user(), factories.user()
    assert attempt(client, mine.email, factories.PASSWORD).status_code == 302
    client.post("/account/sign-out", data={})
    guess(app, theirs.email, 5)
    assert attempt(client, theirs.email, factories.PASSWORD).status_code == 422


def test_the_owner_gets_in_through_a_reset_link_while_paused(app, client, outbox):
    user = factories.user()
    guess(app, user.email, 9)
    client.post("/account/forgot-password", data={"email": user.email})
    link = [e for e in outbox(user.email) if e.kind == "password_reset"][-1].body.split("http://localhost")[1].split()[0]
    assert client.post(link, data={"password": "una frase nueva 2026", "confirm": "una frase nueva 2026"}).status_code == 302
    assert client.get("/account/profile").status_code == 200
    assert blocked_for(user.email) == timedelta(0)
    assert attempt(app.test_client(), user.email, "una frase nueva 2026", "192.0.2.200").status_code == 302


def test_the_right_password_after_the_pause_clears_the_count(app):
    user = factories.user()
    guess(app, user.email, 5)
    find_by_email(user.email).sign_in_blocked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert attempt(app.test_client(), user.email, factories.PASSWORD, "192.0.2.9").status_code == 302
    db.session.expire_all()
    assert find_by_email(user.email).failed_sign_ins == 0
