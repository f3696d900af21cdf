"""Public pages: the fairs, who was at each, and the short URL a booth's QR opens."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from ..clock import lima_today, utcnow
from ..i18n import LOCALE_COOKIE, LOCALE_PARAM, public_locales, supported_locales
from . import attribution, booths, editions
from .blueprint import bp, found_or_404


@bp.get("/ferias")
def index():
    return render_template("fairs/index.html", listing=editions.public_fairs(lima_today()), today=lima_today())


@bp.get("/ferias/<slug>")
def fair(slug: str):
    fair, exhibitors = found_or_404(editions.public_fair, slug)
    return render_template("fairs/fair.html", fair=fair, exhibitors=exhibitors, today=lima_today())


def _visitor_locale() -> str:
    """The language the visitor chose (link, profile, switcher), else their phone's language."""
    chose = (request.args.get(LOCALE_PARAM) in supported_locales() or current_user.is_authenticated
             or request.cookies.get(LOCALE_COOKIE) in supported_locales())
    if chose:
        return str(get_locale())
    return request.accept_languages.best_match(supported_locales()) or current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.get("/f/<code>")
def scan(code: str):
    """A booth's QR: count the scan, remember the visit for the attribution window, and open the
    producer's page in the visitor's language."""
    booth = booths.booth_by_code(code)
    if booth is None:
        return render_template("fairs/unknown_code.html", code=code[:20]), 404
    visit = attribution.record_scan(booth, current_user if current_user.is_authenticated else None, utcnow())
    locale = _visitor_locale()
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    response = redirect(url_for("storefront.producer", slug=booth.organisation.slug,
                                **({LOCALE_PARAM: locale} if locale != default and locale in public_locales() else {})))
    response.set_cookie(
        attribution.VISIT_COOKIE, attribution.visit_cookie_value(visit),
        max_age=attribution.COOKIE_MAX_AGE, httponly=True, samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    response.headers["Cache-Control"] = "no-store"
    return response
