"""Shared fixtures: app, db, client, login_as. The same suite runs on SQLite (default) and on
PostgreSQL when TEST_DATABASE_URL is set."""
from __future__ import annotations

import os
import re
import tempfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from marketplace import create_app
from marketplace.extensions import db as _db
from marketplace.extensions import limiter

from . import factories

TEST_SECRET_KEY = "test-secret-key-not-for-production"
# The seller shown in footers and on claim sheets; outside debug (gunicorn) it must be given.
SELLER = {
    "SELLER_LEGAL_NAME": "Mercado Colectivo del Perú S.A.C.",
    "SELLER_RUC": "20611111119",
    "SELLER_ADDRESS": "Calle San José 456, Chiclayo, Lambayeque",
}


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


_MEDIA_ROOT = tempfile.mkdtemp(prefix="marketplace-test-media-")


def test_config(database_url: str, **overrides) -> dict:
    config = {
        "MEDIA_ROOT": _MEDIA_ROOT,
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": None,
        "PUBLIC_BASE_URL": "http://localhost",
        "MAIL_SERVER": None,
        # Jobs run in the test's own process; tests/jobs/test_redis_queue.py uses a real Redis.
        "JOBS_REDIS_URL": None,
        "JOBS_SCHEDULE_IN_PROCESS": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        **SELLER,
    }
    config.update(overrides)
    return config


def _empty_schema(url: str) -> None:
    """Start from nothing, so the migrations build every table themselves."""
    if url.startswith("sqlite"):
        return  # a fresh file
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A database migrated once per test session with `flask db upgrade`."""
    from flask_migrate import upgrade

    url = _test_database_url(tmp_path_factory)
    _empty_schema(url)
    app = create_app(test_config(url))
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def is_postgres(database_url) -> bool:
    return database_url.startswith("postgresql")


def _truncate_all(app) -> None:
    with app.app_context():
        tables = list(reversed(_db.metadata.sorted_tables))
        if _db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                _db.session.execute(table.delete())
        _db.session.commit()
        _db.session.remove()
        # Each test builds its own app and engine: close its connections now rather than at
        # garbage collection, so PostgreSQL never runs out of them.
        _db.engine.dispose()


class Client(FlaskClient):
    """A test client that fills in the CSRF token the way a browser submitting a form would.

    Pass `csrf=False` to post without one.
    """

    _token: str | None = None

    def csrf_token(self) -> str:
        """The token a page with a form carries: a signed-in person's pages all have one (the
        sign-out form); a visitor's pages have none until a form needs it, as the sign-in page does."""
        for url in ("/", "/account/sign-in"):
            page = self.open(url, method="GET").get_data(as_text=True)
            found = re.search(r'<meta name="csrf-token" content="([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"', page)
            if found:
                return found.group(1) or found.group(2)
        raise AssertionError("no page offered a CSRF token")

    def open(self, *args, **kwargs):
        with_csrf = kwargs.pop("csrf", True)
        method = kwargs.get("method", "GET")
        data = kwargs.get("data")
        if with_csrf and method == "POST" and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        # Each request gets its own app context, as in a real server: `g` (the signed-in user,
        # the CSRF token) and the database session must not leak from the test or between requests.
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url):
    app = create_app(test_config(database_url))
    app.test_client_class = Client
    with app.app_context():
        yield app
        _db.session.remove()
    _truncate_all(app)
    limiter.reset()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """The emails written so far, oldest first."""
    from marketplace.notifications.models import OutboxEmail

    def read(recipient: str | None = None):
        query = _db.select(OutboxEmail).order_by(OutboxEmail.id)
        if recipient:
            query = query.where(OutboxEmail.recipient == recipient)
        return list(_db.session.scalars(query))

    return read


@pytest.fixture
def login_as(client):
    """Sign in through the real form as a new user of a role: producer, staff, admin or buyer.

    Returns the user; a producer comes with a verified organisation (`user.organisation`).
    """

    def sign_in(role: str = "producer", **kwargs):
        user = factories.user_with_role(role, **kwargs)
        response = client.post("/account/sign-in", data={"email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in
