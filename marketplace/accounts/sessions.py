"""Signed-in browsers as server-side records, so that signing out, a password reset or "sign out
of all devices" really ends a session: a copied session cookie or remember cookie names a record
that is revoked, and opens nothing."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from ..clock import utcnow
from ..extensions import db
from .models import SignInSession, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, *, remember: bool = False) -> User:
    """Open a session record for `user` and mark the object with it (User.get_id carries it)."""
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(days=current_app.config["SESSION_LIFETIME_DAYS"])
    db.session.add(SignInSession(user=user, token_hash=_hash(token), remembered=remember,
                                 expires_at=utcnow() + lifetime))
    db.session.commit()
    user.session_token = token
    return user


def user_for_session(session_id: str) -> User | None:
    """The user behind a session id ("<user id>:<token>") while its record is open, else None."""
    user_id, _, token = session_id.partition(":")
    if not token or not user_id.isdigit():
        return None
    record = db.session.scalar(
        # Every signed-in page's menu asks for the memberships ("Envíos"): loaded with the user.
        db.select(SignInSession).options(joinedload(SignInSession.user).joinedload(User.memberships))
        .where(SignInSession.token_hash == _hash(token))
    )
    if record is None or record.user_id != int(user_id) or record.revoked_at is not None or record.expires_at <= utcnow():
        return None
    record.user.session_token = token
    return record.user


def end_session(user: User) -> None:
    """Revoke the session `user` was loaded through (signing out of this browser)."""
    if user.session_token:
        db.session.execute(update(SignInSession).where(SignInSession.token_hash == _hash(user.session_token))
                           .values(revoked_at=utcnow()))
        db.session.commit()


def end_all_sessions(user: User) -> int:
    """Revoke every open session of `user`, on every device. Returns how many were open.

    Joins the caller's transaction: it commits (a password reset commits both together)."""
    result = db.session.execute(
        update(SignInSession)
        .where(SignInSession.user_id == user.id, SignInSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def sign_out_everywhere(user: User) -> int:
    """The account page's "sign out of all devices": every session and remember cookie of the
    account stops working, this browser's included. Returns how many were open."""
    ended = end_all_sessions(user)
    db.session.commit()
    return ended
