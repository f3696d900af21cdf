"""Mercado Colectivo: the application factory."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import config, production
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .public_urls import Marketplace

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    root = Path(__file__).resolve().parent.parent
    app = Marketplace(
        __name__,
        instance_relative_config=True,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    test_config = test_config or {}
    debug = app.debug or bool(test_config.get("TESTING"))
    if "SECRET_KEY" in test_config:
        debug = True  # a key is given: no need to demand one from the environment
    app.config.from_mapping(config.load(app.instance_path, debug=debug))
    app.config.from_mapping(test_config)
    if not debug:
        production.check(app.config)
    trust_proxies(app)

    register_extensions(app)
    register_url_converters(app)
    register_listeners()
    register_blueprints(app)
    register_commands(app)
    register_jobs(app)
    register_shell_context(app)
    configure_logging(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXY_HOPS proxies, the client's address, scheme and host are the ones
    those proxies forwarded (rate limits per client, https links); headers beyond are ignored."""
    hops = app.config.get("TRUSTED_PROXY_HOPS", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)


def register_extensions(app: Flask) -> None:
    from .i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    # "basic": a new address (common on mobile networks) only makes the session non-fresh;
    # sessions are ended for real by revoking their record (accounts/sessions.py).
    login_manager.session_protection = "basic"
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message_category = "info"
    # Importing the models registers every table on db.metadata (used by migrations).
    from . import models  # noqa: F401
    from . import search
    from .transactions import register_request_endings

    search.init_app(app)  # keeps the product search index in step with the catalogue
    register_request_endings(app)  # after db.init_app: see there


def register_listeners() -> None:
    """Connect the features above orders and the catalogue to their signals (blinker: once per
    process, whatever the number of apps). orders/signals.py says what a receiver may do."""
    from .brands import listeners as brand_listeners  # noqa: F401
    from .ledger import listeners as ledger_listeners  # noqa: F401
    from .payments import listeners as payment_listeners  # noqa: F401


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # SQLite leaves foreign keys off unless asked; WAL lets readers work during a write.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def register_url_converters(app: Flask) -> None:
    from .ids import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added


def register_blueprints(app: Flask) -> None:
    from .accounts.views import bp as accounts_bp
    from .brands.views import bp as brands_bp
    from .complaints.views import bp as complaints_bp
    from .catalogue.staff_views import bp as catalogue_staff_bp
    from .catalogue.assisted_views import bp as assisted_bp
    from .catalogue.views import bp as catalogue_bp
    from .fairs.views import bp as fairs_bp
    from .fairs.contact_views import bp as contacts_bp
    from .fairs.label_views import bp as labels_bp
    from .figures.views import bp as figures_bp
    from .ledger.producer_views import bp as producer_ledger_bp
    from .ledger.views import bp as ledger_bp
    from .media.views import bp as media_bp
    from .orders.cart_views import bp as cart_bp
    from .orders.producer_views import bp as fulfilments_bp
    from .orders.views import bp as orders_bp
    from .payments.staff_views import bp as orders_staff_bp
    from .payments.views import bp as payments_bp
    from .producers.views import bp as producers_bp
    from .staff.views import bp as staff_bp
    from .storefront import init_app as init_storefront
    from .web.errors import register_error_handlers
    from .web.security import register_security_headers
    from .web.templating import register_template_helpers
    from .web.views import bp as web_bp
    from .wholesale.views import bp as wholesale_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(producers_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(brands_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(catalogue_staff_bp)
    app.register_blueprint(assisted_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(cart_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(fulfilments_bp)
    app.register_blueprint(orders_staff_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(ledger_bp)
    app.register_blueprint(complaints_bp)
    app.register_blueprint(producer_ledger_bp)
    app.register_blueprint(fairs_bp)
    app.register_blueprint(contacts_bp)
    app.register_blueprint(labels_bp)
    app.register_blueprint(figures_bp)
    app.register_blueprint(wholesale_bp)
    init_storefront(app)  # public pages; compressed responses; fingerprinted static files
    register_error_handlers(app)
    register_security_headers(app)
    register_template_helpers(app)


def register_commands(app: Flask) -> None:
    from .accounts.commands import create_admin, create_staff
    from .demo import demo_cli
    from .figures.commands import figures_cli
    from .jobs.commands import jobs_cli
    from .media.commands import media_cli
    from .payments.commands import orders_cli
    from .wholesale.quotes_commands import quotes_cli

    app.cli.add_command(create_staff)
    app.cli.add_command(create_admin)
    app.cli.add_command(demo_cli)
    app.cli.add_command(orders_cli)
    app.cli.add_command(media_cli)
    app.cli.add_command(figures_cli)
    app.cli.add_command(quotes_cli)
    app.cli.add_command(jobs_cli)


def register_jobs(app: Flask) -> None:
    """On a laptop (JOBS_SCHEDULE_IN_PROCESS, set by `make run`) the periodic jobs run in a thread
    of the process that serves requests: started at its first request, so the reloader's parent
    process, which serves none, keeps no second schedule."""
    if not app.config.get("JOBS_SCHEDULE_IN_PROCESS"):
        return
    from .jobs import schedule

    @app.before_request
    def _keep_schedule() -> None:
        schedule.start_in_process(app)


def register_shell_context(app: Flask) -> None:
    from . import models

    app.shell_context_processor(lambda: {"db": db, "models": models})


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
