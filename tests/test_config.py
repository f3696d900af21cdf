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


# --- Outside debug the shop refuses unsafe settings, in one line --------------------------------


def production_env(monkeypatch, tmp_path, **overrides):
    """The environment of a correctly set up production machine, changed by `overrides`."""
    env = {
        "SECRET_KEY": "x" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite'}",
        "PUBLIC_BASE_URL": "https://mercadocolectivo.pe",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/13",
        "PAYMENT_ACCOUNT_NUMBER": "191-2345678-0-12",
        "PAYMENT_ACCOUNT_CCI": "00219100234567801254",
        "PAYMENT_YAPE_NUMBER": "+51 987 654 321",
        **config.DEMO_SELLER,
        **overrides,
    }
    for name in ("FLASK_DEBUG", "MACHINES", "MEDIA_S3_BUCKET", "MEDIA_S3_ENDPOINT_URL", "TRUSTED_PROXY_HOPS",
                 "JOBS_REDIS_URL", "REDIS_URL", "JOBS_SCHEDULE_IN_PROCESS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def test_a_correct_production_setup_starts(monkeypatch, tmp_path):
    production_env(monkeypatch, tmp_path, DATABASE_POOL_SIZE="12", DATABASE_MAX_OVERFLOW="3")
    app = create_app()
    assert app.config["PUBLIC_BASE_URL"] == "https://mercadocolectivo.pe"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": False, "pool_recycle": 3600, "pool_size": 12,
                                                       "max_overflow": 3}


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"PUBLIC_BASE_URL": None}, "PUBLIC_BASE_URL must be"),
    ({"PUBLIC_BASE_URL": "mercadocolectivo.pe"}, "PUBLIC_BASE_URL must be"),
    ({"PUBLIC_BASE_URL": "http://localhost:8000"}, "PUBLIC_BASE_URL is http://localhost:8000"),
    ({"PUBLIC_BASE_URL": "http://127.0.0.1"}, "PUBLIC_BASE_URL is http://127.0.0.1"),
    ({"RATELIMIT_STORAGE_URI": None}, "RATELIMIT_STORAGE_URI is memory://"),
    ({"MACHINES": "3"}, "MACHINES=3 with photos on the local disk"),
    ({"MACHINES": "3", "MEDIA_S3_BUCKET": "fotos"}, "MACHINES=3 with jobs run in each web process"),
    ({"PAYMENT_ACCOUNT_NUMBER": None}, "PAYMENT_ACCOUNT_NUMBER still hold"),
    ({"PAYMENT_YAPE_NUMBER": None, "PAYMENT_ACCOUNT_CCI": None}, "PAYMENT_ACCOUNT_CCI, PAYMENT_YAPE_NUMBER still hold"),
])
def test_unsafe_production_settings_stop_the_start_with_one_line(monkeypatch, tmp_path, overrides, reason):
    production_env(monkeypatch, tmp_path, **overrides)
    with pytest.raises(RuntimeError, match=reason) as refused:
        create_app()
    assert "\n" not in str(refused.value)


def test_several_machines_start_with_photos_in_a_bucket_and_jobs_on_redis(monkeypatch, tmp_path):
    production_env(monkeypatch, tmp_path, MACHINES="3", MEDIA_S3_BUCKET="fotos", JOBS_REDIS_URL="redis://10.0.0.5:6379/1")
    app = create_app()
    assert app.config["MACHINES"] == 3 and app.config["JOBS_REDIS_URL"] == "redis://10.0.0.5:6379/1"


def test_debug_mode_starts_with_the_laptop_defaults(monkeypatch, tmp_path):
    production_env(monkeypatch, tmp_path, PUBLIC_BASE_URL=None, RATELIMIT_STORAGE_URI=None, PAYMENT_ACCOUNT_NUMBER=None,
                   FLASK_DEBUG="1")
    assert create_app().config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
