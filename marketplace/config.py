"""Settings read from the environment, with safe defaults for one laptop."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
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


def _origin(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Shown to buyers who pay by transfer or Yape until real ones are set; refused outside debug.
DEMO_PAYMENT_DETAILS = {
    "PAYMENT_BANK_NAME": "BCP",
    "PAYMENT_ACCOUNT_HOLDER": "Programa Mercado Colectivo",
    "PAYMENT_ACCOUNT_NUMBER": "191-0000000-0-00",
    "PAYMENT_ACCOUNT_CCI": "00219100000000000000",
    "PAYMENT_YAPE_NUMBER": "+51 900 000 000",
}


def order_settings() -> dict:
    """Orders and payments: Stripe (optional), the programme's account for transfers, shipping."""
    api_base = os.environ.get("STRIPE_API_BASE") or None  # a local fake of Stripe in tests
    return {
        # Without STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET the card option is hidden.
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY") or None,
        "STRIPE_PUBLISHABLE_KEY": os.environ.get("STRIPE_PUBLISHABLE_KEY") or None,
        "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET") or None,
        "STRIPE_API_BASE": api_base,
        # Where Checkout pages live; the checkout form may send the buyer there (CSP form-action).
        "STRIPE_CHECKOUT_ORIGIN": os.environ.get("STRIPE_CHECKOUT_ORIGIN") or _origin(api_base) or "https://checkout.stripe.com",
        "STRIPE_WEBHOOK_TOLERANCE": int(os.environ.get("STRIPE_WEBHOOK_TOLERANCE", 300)),
        "COMMISSION_PERCENT": os.environ.get("COMMISSION_PERCENT", "10"),
        "TRANSFER_PAYMENT_WINDOW_HOURS": int(os.environ.get("TRANSFER_PAYMENT_WINDOW_HOURS", 48)),
        # One sample per buyer (email) and product while it is open, and for this many days after.
        "SAMPLE_LIMIT_DAYS": int(os.environ.get("SAMPLE_LIMIT_DAYS", 180)),
        # Soles per US dollar for wholesale offers in USD, kept by staff: each offer records the
        # rate of its day, and the order in soles made from it uses that recorded rate.
        "USD_PEN_EXCHANGE_RATE": os.environ.get("USD_PEN_EXCHANGE_RATE", "3.75"),
        # Stripe wants a Checkout Session to live 30 minutes to 24 hours.
        "CARD_PAYMENT_WINDOW_MINUTES": int(os.environ.get("CARD_PAYMENT_WINDOW_MINUTES", 60)),
        # One parcel per producer; céntimos.
        "SHIPPING_RATES": {
            "peru": int(os.environ.get("SHIPPING_PERU_CENTIMOS", 1500)),
            "abroad": int(os.environ.get("SHIPPING_ABROAD_CENTIMOS", 9000)),
        },
        # Shown to buyers who pay by transfer or Yape; the defaults are demo values.
        **{name: os.environ.get(name, demo) for name, demo in DEMO_PAYMENT_DETAILS.items()},
    }


def engine_options() -> dict:
    """Connection pool per process: DATABASE_POOL_SIZE (+ DATABASE_MAX_OVERFLOW) connections.

    A ping before every request's first query is a round trip on every page; a connection the
    server dropped is noticed by its error instead (the pool then opens fresh ones).
    DATABASE_PRE_PING=1 behind a proxy or firewall that silently closes idle connections."""
    options: dict = {"pool_pre_ping": _bool("DATABASE_PRE_PING"), "pool_recycle": 3600}
    if os.environ.get("DATABASE_POOL_SIZE"):
        options["pool_size"] = int(os.environ["DATABASE_POOL_SIZE"])
    if os.environ.get("DATABASE_MAX_OVERFLOW"):
        options["max_overflow"] = int(os.environ["DATABASE_MAX_OVERFLOW"])
    return options


def deployment_settings(debug: bool) -> dict:
    """Where the shop is reached and what stands in front of it (checked by production.py)."""
    return {
        # Every absolute URL (emails, Stripe, sitemaps) starts here, never at the request's Host.
        "PUBLIC_BASE_URL": (os.environ.get("PUBLIC_BASE_URL") or ("http://127.0.0.1:5000" if debug else "")).rstrip("/"),
        # How many proxies (load balancer, nginx) set X-Forwarded-For/-Proto/-Host in front of us.
        "TRUSTED_PROXY_HOPS": int(os.environ.get("TRUSTED_PROXY_HOPS", 0)),
        # How many machines run the shop; more than one needs shared storage for photos and a
        # job queue on Redis.
        "MACHINES": int(os.environ.get("MACHINES", 1)),
    }


def job_settings() -> dict:
    """Background jobs (marketplace/jobs): on Redis with `flask jobs worker`, or in this process."""
    return {
        # Without it, jobs run in the process that enqueues them (emails right after the request's
        # commit); set it in production and run `flask jobs worker`.
        "JOBS_REDIS_URL": os.environ.get("JOBS_REDIS_URL") or os.environ.get("REDIS_URL") or None,
        "JOBS_TIMEOUT_SECONDS": int(os.environ.get("JOBS_TIMEOUT_SECONDS", 600)),
        # Keep the periodic jobs' schedule in a thread of the web process (`make run` sets it).
        "JOBS_SCHEDULE_IN_PROCESS": _bool("JOBS_SCHEDULE_IN_PROCESS"),
    }


# Fictitious seller for a laptop: the RUC passes the checksum but belongs to nobody we know of.
DEMO_SELLER = {
    "SELLER_LEGAL_NAME": "Mercado Colectivo S.A.C. (datos de demostración)",
    "SELLER_RUC": "20609876540",
    "SELLER_ADDRESS": "Av. Balta 123, Chiclayo, Lambayeque",
}


def seller_settings(debug: bool) -> dict:
    """Who sells, as consumer law wants it shown: legal name (razón social), RUC and address.

    Demo values in debug; outside debug all three must be set and the RUC must be valid.
    """
    from stdnum.pe import ruc

    settings = {name: (os.environ.get(name) or "").strip() for name in DEMO_SELLER}
    missing = [name for name, value in settings.items() if not value]
    if missing and not debug:
        raise RuntimeError(f"{', '.join(missing)} must be set outside debug mode (the seller shown on every page)")
    settings = {name: value or DEMO_SELLER[name] for name, value in settings.items()}
    if not ruc.is_valid(settings["SELLER_RUC"]):
        raise RuntimeError(f"SELLER_RUC {settings['SELLER_RUC']!r} is not a valid RUC (11 digits with its check digit)")
    return settings


def complaint_settings() -> dict:
    """The Libro de Reclamaciones: the answer deadline and how often one address may file."""
    return {
        # Ley 29571 art. 24 as amended by Ley 31435 (2022) and DS 011-2011-PCM as amended by
        # DS 101-2022-PCM: an answer within 15 business days, which cannot be extended.
        "COMPLAINT_ANSWER_BUSINESS_DAYS": int(os.environ.get("COMPLAINT_ANSWER_BUSINESS_DAYS", 15)),
        "COMPLAINT_RATE_LIMIT": os.environ.get("COMPLAINT_RATE_LIMIT", "5 per minute; 20 per day"),
    }


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
        **deployment_settings(debug),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(),
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # A signed-in browser stays signed in this long at most (accounts/sessions.py).
        "SESSION_LIFETIME_DAYS": int(os.environ.get("SESSION_LIFETIME_DAYS", 30)),
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(os.environ.get("SESSION_LIFETIME_DAYS", 30))),
        "PREFERRED_URL_SCHEME": "https" if secure_cookies else "http",
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        "BABEL_DEFAULT_LOCALE": "es",
        # The catalogues live at the repository root, beside the templates.
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
        "BABEL_DEFAULT_TIMEZONE": "America/Lima",
        # Public pages, their hreflang and sitemaps, and buyer contacts: Spanish and English.
        "LANGUAGES": ["es", "en"],
        # Chosen by producers for their own pages (sign-up, listing, orders, fairs); untranslated
        # strings show in Spanish, the language the messages are written in.
        "PRODUCER_LANGUAGES": ["qu"],
        "WTF_CSRF_TIME_LIMIT": 4 * 3600,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "SIGNIN_RATE_LIMIT": os.environ.get("SIGNIN_RATE_LIMIT", "10 per minute; 50 per hour"),
        "RESET_RATE_LIMIT": os.environ.get("RESET_RATE_LIMIT", "5 per minute; 20 per hour"),
        # Per email address, from any client address (the limits above are per client address).
        "RESET_EMAIL_RATE_LIMIT": os.environ.get("RESET_EMAIL_RATE_LIMIT", "3 per hour; 10 per day"),
        "SIGNUP_RATE_LIMIT": os.environ.get("SIGNUP_RATE_LIMIT", "5 per minute; 20 per hour"),
        "SIGNUP_EMAIL_RATE_LIMIT": os.environ.get("SIGNUP_EMAIL_RATE_LIMIT", "3 per hour; 10 per day"),
        "SIGN_UP_MAX_AGE": int(os.environ.get("SIGN_UP_MAX_AGE", 24 * 3600)),
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", 3600)),
        "INVITATION_MAX_AGE": int(os.environ.get("INVITATION_MAX_AGE", 14 * 24 * 3600)),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 587)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", default=True),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "Mercado Colectivo <no-reply@mercadocolectivo.pe>"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 64 * 1024 * 1024)),
        # Photos: on the local disk under MEDIA_ROOT, served at MEDIA_URL; or, when a bucket and
        # an endpoint are set, in S3-compatible storage (credentials from the AWS_* variables).
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT") or str(Path(instance_path) / "media"),
        "MEDIA_URL": os.environ.get("MEDIA_URL") or "/media/",
        # A 48 MP phone photo is about 10-25 MB as JPEG or HEIC; 30 MB takes the largest.
        "MEDIA_MAX_UPLOAD_BYTES": int(os.environ.get("MEDIA_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)),
        "MEDIA_S3_BUCKET": os.environ.get("MEDIA_S3_BUCKET") or None,
        "MEDIA_S3_ENDPOINT_URL": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "MEDIA_S3_REGION": os.environ.get("MEDIA_S3_REGION") or None,
        "MEDIA_S3_PUBLIC_URL": os.environ.get("MEDIA_S3_PUBLIC_URL") or None,
        # Collective brands: the reglamento PDF's size limit, and how early staff and stewards
        # are warned that a brand's INDECOPI registration is about to expire.
        "BRAND_RULES_MAX_BYTES": int(os.environ.get("BRAND_RULES_MAX_BYTES", 10 * 1024 * 1024)),
        "BRAND_EXPIRY_WARNING_DAYS": int(os.environ.get("BRAND_EXPIRY_WARNING_DAYS", 60)),
        # Public pages kept rendered (and compressed) per worker for visitors without cookies,
        # until the catalogue changes; 0 turns the cache off.
        "STOREFRONT_CACHE_SIZE": int(os.environ.get("STOREFRONT_CACHE_SIZE", 2000)),
        # Rendered product cards and product-page pieces kept per worker for every visitor,
        # signed in or not, until what they show changes; 0 turns it off.
        "STOREFRONT_FRAGMENT_CACHE_SIZE": int(os.environ.get("STOREFRONT_FRAGMENT_CACHE_SIZE", 5000)),
        # How long a CDN may serve a shared public page before asking again (with its ETag);
        # browsers always ask again, and get a 304 while nothing changed.
        "STOREFRONT_SHARED_MAX_AGE": int(os.environ.get("STOREFRONT_SHARED_MAX_AGE", 60)),
        # Flask-Compress: Brotli or zstd for browsers that take them, gzip for the rest.
        "COMPRESS_ALGORITHM": ["br", "zstd", "gzip"],
        **order_settings(),
        **job_settings(),
        **seller_settings(debug),
        **complaint_settings(),
    }
