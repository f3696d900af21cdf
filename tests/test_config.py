"""Settings come from the environment, with safe defaults."""
import pytest

from marketplace import config, create_app

from .conftest import SELLER


def test_secret_key_is_required_outside_debug(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        config.load(str(tmp_path), debug=False)


def test_a_development_key_is_generated_once_into_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load(str(tmp_path), debug=True)["SECRET_KEY"]
    second = config.load(str(tmp_path), debug=True)["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").read_text().strip() == first


def test_production_defaults_are_safe(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    for name, value in SELLER.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = config.load(str(tmp_path), debug=False)
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    assert settings["SESSION_COOKIE_HTTPONLY"] and settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///") and "marketplace.sqlite" in settings["SQLALCHEMY_DATABASE_URI"]
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"


def test_postgres_urls_get_the_psycopg_driver(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/shop")
    assert config.database_url(str(tmp_path)) == "postgresql+psycopg://u:p@db:5432/shop"


def test_rate_limits_can_live_in_redis(database_url):
    """In production several gunicorn processes share the limits through Redis."""
    import redis

    from marketplace.extensions import limiter

    from .conftest import test_config

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    app = create_app(test_config(database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                                 SIGNIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False))
    with app.app_context():
        limiter.reset()
        client = app.test_client()
        codes = [client.post("/account/sign-in", data={"email": "a@b.pe", "password": "x"}).status_code for _ in range(3)]
        limiter.reset()
    assert codes == [422, 422, 429]
