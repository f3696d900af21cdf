"""The home page, the language switch, place look-ups, the favicon and the health check."""
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from flask_login import current_user
from sqlalchemy import text

from .. import ubigeo
from ..accounts import services as accounts
from ..accounts.navigation import safe_next
from ..extensions import db
from ..i18n import LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, supported_locales
from . import home as home_page

bp = Blueprint("web", __name__)


@bp.get("/")
def home():
    return render_template("web/home.html", **home_page.contents())


@bp.route("/language/<locale>", methods=["GET", "POST"])
def set_language(locale):
    """The language switch. For a visitor it is a plain link: the choice is kept in a cookie, and
    no session is opened (their pages stay shared and cached). Signed in, it is a form (POST with
    CSRF) that also writes the profile."""
    if locale not in supported_locales():
        abort(404)
    if request.method == "POST" and current_user.is_authenticated:
        accounts.set_locale(current_user, locale)
    response = make_response(redirect(safe_next()))
    response.set_cookie(
        LOCALE_COOKIE, locale, max_age=LOCALE_COOKIE_MAX_AGE, samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
    )
    return response


@bp.get("/places/provinces")
def provinces():
    """Provinces of a region, for the progressive-enhancement place pickers."""
    region = request.args.get("region", "")
    return jsonify([{"code": p.code, "name": p.name} for p in ubigeo.provinces(region[:2])])


@bp.get("/places/districts")
def districts():
    province = request.args.get("province", "")
    return jsonify([{"code": p.code, "name": p.name} for p in ubigeo.districts(province[:4])])


FAVICON_MAX_AGE = 365 * 24 * 3600


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on their own; a year's cache means they ask once."""
    response = send_from_directory(current_app.static_folder, "icons/favicon.ico",
                                   mimetype="image/x-icon", max_age=FAVICON_MAX_AGE)
    response.cache_control.public = True
    return response


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any database failure means unhealthy
        current_app.logger.error("health check failed: %s", exc)
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
