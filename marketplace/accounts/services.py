"""Accounts: sign up, sign in, reset a forgotten password, preferences."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from ..clock import utcnow

from ..extensions import db
from ..i18n import supported_locales
from ..notifications.services import send_email
from . import passwords, throttle
from .models import PendingSignUp, User, find_by_email
from .sessions import end_all_sessions
from .signals import signed_up

RESET_SALT = "password-reset"


class AccountError(Exception):
    """A rule of accounts was broken; the message is for the person."""


class InvalidSignUpLink(AccountError):
    """A sign-up link that was made up, already used, or is older than SIGN_UP_MAX_AGE."""


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


def sign_up(*, email: str, password: str, name: str, phone: str | None = None, locale: str = "es",
            next_path: str | None = None) -> None:
    """Ask for an account. Raises WeakPassword (nothing is sent then); otherwise answers nothing,
    so the caller cannot tell a new address from a taken one: a new address is emailed a link
    that creates the account (confirm_sign_up), a taken one's owner is emailed a note instead."""
    email = email.strip().lower()
    check_password_strength(password, email)
    password_hash = generate_password_hash(password, method="scrypt")  # both ways: the same time
    owner = find_by_email(email)
    if owner is not None:
        send_email(owner.email, "sign_up_existing", locale=owner.locale, user=owner,
                   sign_in=url_for("accounts.sign_in", _external=True),
                   forgot=url_for("accounts.forgot_password", _external=True))
    else:
        _forget_old_sign_ups()
        token = secrets.token_urlsafe(32)
        db.session.add(PendingSignUp(token_hash=_token_hash(token), email=email, name=name.strip(), phone=phone or None,
                                     locale=locale, password_hash=password_hash, next_path=next_path))
        send_email(email, "sign_up_confirm", locale=locale, name=name.strip(),
                   link=url_for("accounts.confirm_sign_up", token=token, _external=True),
                   hours=current_app.config["SIGN_UP_MAX_AGE"] // 3600)
    db.session.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _forget_old_sign_ups() -> None:
    too_old = utcnow() - timedelta(seconds=current_app.config["SIGN_UP_MAX_AGE"])
    db.session.execute(delete(PendingSignUp).where(PendingSignUp.created_at < too_old))


def pending_sign_up(token: str) -> PendingSignUp:
    """The sign-up behind an emailed link. Raises InvalidSignUpLink (made up, used or expired)."""
    pending = db.session.scalar(db.select(PendingSignUp).where(PendingSignUp.token_hash == _token_hash(token)))
    too_old = utcnow() - timedelta(seconds=current_app.config["SIGN_UP_MAX_AGE"])
    if pending is None or pending.created_at < too_old or find_by_email(pending.email) is not None:
        raise InvalidSignUpLink(token)
    return pending


def confirm_sign_up(token: str) -> tuple[User, str | None]:
    """Create the account a sign-up link stands for; returns it and where the sign-up was heading.
    Raises InvalidSignUpLink; a link works once (every pending sign-up of the address ends)."""
    pending = pending_sign_up(token)
    user = User(email=pending.email, name=pending.name, phone=pending.phone, locale=pending.locale,
                password_hash=pending.password_hash, password_changed_at=utcnow())
    db.session.add(user)
    db.session.execute(delete(PendingSignUp).where(PendingSignUp.email == pending.email))
    db.session.flush()
    signed_up.send(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same link opened twice at once: the other made the account
        db.session.rollback()
        raise InvalidSignUpLink(token) from None
    return user, pending.next_path


def authenticate(email: str, password: str, *, known_accounts: set[int] = frozenset()) -> User | None:
    """The account if the password is right and the account is not paused for this browser
    (accounts/throttle.py); None otherwise, the same way whatever the reason."""
    user = find_by_email(email)
    if user is None:
        # Spend the same time as a real check so response times do not reveal accounts.
        User(password_hash=_dummy_hash()).check_password(password)
        return None
    right = user.check_password(password)  # also while paused: the same time either way
    if throttle.is_paused(user) and user.id not in known_accounts:
        return None
    if not right:
        throttle.record_failure(user)
        return None
    if user.failed_sign_ins or user.sign_in_blocked_until:
        throttle.clear(user)
        db.session.commit()
    return user


def _dummy_hash() -> str:
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
    throttle.clear(user)
    end_all_sessions(user)
    db.session.commit()
    return user


class WrongPassword(AccountError):
    pass


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A signed-in person changes their password, knowing the current one. Every session of the
    account ends, on every device (the caller signs this browser in again). Raises WrongPassword
    or WeakPassword, changing nothing."""
    if not user.check_password(current_password):
        raise WrongPassword()
    check_password_strength(new_password, user.email)
    user.set_password(new_password)
    end_all_sessions(user)
    db.session.commit()


def set_locale(user: User, locale: str) -> None:
    if locale not in supported_locales():
        raise AccountError(locale)
    user.locale = locale
    db.session.commit()


def update_profile(user: User, *, name: str, phone: str | None) -> None:
    user.name = name.strip()
    user.phone = phone or None
    db.session.commit()
