"""Per-account sign-in throttling, on top of the per-address rate limit.

After FREE_FAILURES wrong passwords in a row, password sign-in to the account pauses: one
minute, then twice as long after each further wrong password, up to an hour. The owner is
emailed once per streak, with a reset link. An attacker can keep an account paused, but never
lock its owner out: a reset link signs the owner in (and clears the count), and a browser that
has signed in to the account before (a signed "known device" cookie) is not paused. A paused
account answers exactly like a wrong password, so a pause tells nobody the account exists.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import update

from ..clock import utcnow
from ..extensions import db
from ..notifications.services import send_email
from .models import User

FREE_FAILURES = 5
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=1)
KNOWN_DEVICE_COOKIE = "known_device"
KNOWN_DEVICE_SALT = "known-device"
KNOWN_ACCOUNTS_PER_DEVICE = 5


def pause_after(failures: int) -> timedelta:
    """How long password sign-in waits after `failures` wrong passwords in a row."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_PAUSE * 2 ** (failures - FREE_FAILURES), LONGEST_PAUSE)


def is_paused(user: User) -> bool:
    return user.sign_in_blocked_until is not None and user.sign_in_blocked_until > utcnow()


def record_failure(user: User) -> None:
    """Count one more wrong password (atomically: guesses arrive at once) and pause if due."""
    failures = db.session.scalar(
        update(User).where(User.id == user.id)
        .values(failed_sign_ins=User.failed_sign_ins + 1).returning(User.failed_sign_ins)
    )
    pause = pause_after(failures)
    if pause:
        db.session.execute(update(User).where(User.id == user.id).values(sign_in_blocked_until=utcnow() + pause))
    if failures == FREE_FAILURES:
        _tell_owner(user, failures, pause)
    db.session.commit()


def clear(user: User) -> None:
    """The owner proved who they are (right password, reset link): the count starts again."""
    if user.failed_sign_ins or user.sign_in_blocked_until:
        user.failed_sign_ins = 0
        user.sign_in_blocked_until = None


def _tell_owner(user: User, failures: int, pause: timedelta) -> None:
    from flask import url_for

    from .services import password_reset_token

    link = url_for("accounts.reset_password", token=password_reset_token(user), _external=True)
    send_email(user.email, "sign_in_failures", locale=user.locale, user=user, failures=failures,
               minutes=int(pause.total_seconds() // 60), link=link,
               link_minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)


# Known devices: browsers that have signed in to an account with its password before -----------


def _device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=KNOWN_DEVICE_SALT)


def known_accounts(cookie: str | None) -> set[int]:
    """The accounts this browser's known-device cookie vouches for (none if absent or forged)."""
    if not cookie:
        return set()
    try:
        ids = _device_serializer().loads(cookie)
    except BadSignature:
        return set()
    return {i for i in ids if isinstance(i, int)} if isinstance(ids, list) else set()


def remember_device(cookie: str | None, user: User) -> str:
    """The cookie's new value once `user` has signed in on this browser."""
    ids = [i for i in known_accounts(cookie) if i != user.id][-(KNOWN_ACCOUNTS_PER_DEVICE - 1):]
    return _device_serializer().dumps(ids + [user.id])
