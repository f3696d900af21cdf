"""Accounts: sign up, sign in, reset a forgotten password, preferences."""
from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from ..notifications.services import send_email
from . import passwords
from .models import User, find_by_email
from .sessions import end_all_sessions

RESET_SALT = "password-reset"


class AccountError(Exception):
    """A rule of accounts was broken; the message is for the person."""


class EmailTaken(AccountError):
    pass


class WeakPassword(AccountError):
    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class InvalidResetLink(AccountError):
    def __init__(self, why: str):  # "expired" or "invalid" (tampered or already used)
        super().__init__(why)
        self.why = why


def check_password_strength(password: str, email: str = "") -> None:
    why = passwords.weakness(password, email)
    if why:
        raise WeakPassword(why)


def sign_up(*, email: str, password: str, name: str, phone: str | None = None, locale: str = "es") -> User:
    """Create an account. Raises EmailTaken or WeakPassword; nothing is saved then."""
    email = email.strip().lower()
    if find_by_email(email):
        raise EmailTaken(email)
    check_password_strength(password, email)
    user = User(email=email, name=name.strip(), phone=phone or None, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        # Spend the same time as a real check so response times do not reveal accounts.
        User(password_hash=_dummy_hash()).check_password(password)
        return None
    return user if user.check_password(password) else None


def _dummy_hash() -> str:
    from werkzeug.security import generate_password_hash

    cached = current_app.extensions.get("dummy_password_hash")
    if cached is None:
        cached = generate_password_hash("not-a-real-password", method="scrypt")
        current_app.extensions["dummy_password_hash"] = cached
    return cached


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_reset_token(user: User) -> str:
    # The token carries when the password last changed, so it dies once it is used.
    return _reset_serializer().dumps({"user": user.id, "changed": user.password_changed_at.isoformat()})


def request_password_reset(email: str) -> None:
    """Email a signed, expiring reset link if the account exists; say nothing either way."""
    user = find_by_email(email)
    if user is None:
        return
    link = url_for("accounts.reset_password", token=password_reset_token(user), _external=True)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    send_email(user.email, "password_reset", locale=user.locale, user=user, link=link, minutes=minutes)
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    """The account a reset link is for. Raises InvalidResetLink when expired, tampered or used."""
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        raise InvalidResetLink("expired") from None
    except BadSignature:
        raise InvalidResetLink("invalid") from None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or user.password_changed_at.isoformat() != data.get("changed"):
        raise InvalidResetLink("invalid")
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link and end every session of the account, on every
    device (whoever knew the old password is out). Raises InvalidResetLink or WeakPassword."""
    user = user_for_reset_token(token)
    check_password_strength(new_password, user.email)
    user.set_password(new_password)
    end_all_sessions(user)
    db.session.commit()
    return user


def set_locale(user: User, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise AccountError(locale)
    user.locale = locale
    db.session.commit()


def update_profile(user: User, *, name: str, phone: str | None) -> None:
    user.name = name.strip()
    user.phone = phone or None
    db.session.commit()
