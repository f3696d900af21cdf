"""Settings read from the environment, with safe defaults for one laptop."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'marketplace.sqlite'}"
    # Hosting providers hand out postgres:// URLs; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def development_secret_key(instance_path: str) -> str:
    """A random key kept in instance/ so sessions survive restarts on a laptop."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(instance_path: str, debug: bool) -> dict:
    """Everything the app reads from the environment, in one dict."""
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if not debug:
            raise RuntimeError(
                "SECRET_KEY must be set outside debug mode (e.g. export SECRET_KEY=$(openssl rand -hex 32))"
            )
        secret_key = development_secret_key(instance_path)

    secure_cookies = _bool("SECURE_COOKIES", default=not debug)
    return {
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PREFERRED_URL_SCHEME": "https" if secure_cookies else "http",
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        "BABEL_DEFAULT_LOCALE": "es",
        "BABEL_DEFAULT_TIMEZONE": "America/Lima",
        "LANGUAGES": ["es", "en"],
        "WTF_CSRF_TIME_LIMIT": 4 * 3600,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "SIGNIN_RATE_LIMIT": os.environ.get("SIGNIN_RATE_LIMIT", "10 per minute; 50 per hour"),
        "RESET_RATE_LIMIT": os.environ.get("RESET_RATE_LIMIT", "5 per minute; 20 per hour"),
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", 3600)),
        "INVITATION_MAX_AGE": int(os.environ.get("INVITATION_MAX_AGE", 14 * 24 * 3600)),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 587)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", default=True),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "Mercado Colectivo <no-reply@mercadocolectivo.pe>"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 64 * 1024 * 1024)),
    }
