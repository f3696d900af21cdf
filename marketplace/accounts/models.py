"""People who sign in."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import UTCDateTime, utcnow
from ..extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so that "Rosa@Mail.pe" and "rosa@mail.pe" are one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, e.g. +51987654321
    locale: Mapped[str] = mapped_column(String(5), default="es")
    is_staff: Mapped[bool] = mapped_column(default=False)
    is_admin: Mapped[bool] = mapped_column(default=False)
    # A programme promoter lists products for producers without a smartphone (and nothing else staff do).
    is_promoter: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Changes whenever the password does, so old reset links and sessions stop working.
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Wrong passwords in a row, and until when the next attempt must wait (accounts/throttle.py).
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    sign_in_blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")

    # The signed-in session this object was loaded through (accounts/sessions.py); not a column.
    session_token = None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the user and the
        server-side session record, so ending the record ends both."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def display_phone(self) -> str:
        from .phones import display

        return display(self.phone) if self.phone else ""

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class SignInSession(db.Model):
    """One signed-in browser. Revoking it ends its session cookie and its remember cookie."""

    __tablename__ = "sign_in_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the random token the cookies carry: a copy of the table opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remembered: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship(User)


class PendingSignUp(db.Model):
    """A sign-up waiting for its owner to open the link emailed to the address."""

    __tablename__ = "pending_sign_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(5), default="es")
    password_hash: Mapped[str] = mapped_column(String(255))
    next_path: Mapped[str | None] = mapped_column(String(500))  # where the sign-up was heading
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def find_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(func.lower(User.email) == email.strip().lower()))
