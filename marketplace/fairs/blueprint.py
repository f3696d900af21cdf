"""The fairs blueprint and what its views share; routes live in the *_views modules."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import Blueprint, abort, request
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import user_logged_in

from ..clock import utcnow
from ..extensions import db
from ..i18n import public_locale
from ..money import Money
from ..orders.signals import checkout_credit_wanted
from . import attribution
from .errors import NotFound
from .forms import BOOTH_STATUS_LABELS, KIND_LABELS

bp = Blueprint("fairs", __name__)


def found_or_404(lookup, *args, **kwargs):
    try:
        return lookup(*args, **kwargs)
    except NotFound:
        abort(404)


@lru_cache(maxsize=8)
def _percent_style(locale: str) -> tuple[str, str]:
    """The decimal mark and percent sign as prices are written in the reader's language (Peru's
    Spanish for Spanish), read from Babel's data once per language."""
    babel_locale = Locale.parse("es_PE" if locale == "es" else locale)
    return babel_locale.number_symbols["latn"]["decimal"], babel_locale.percent_formats[None].suffix[0]


def percent(share: float | None) -> str:
    """"8.5%" (one decimal, none when whole), "—" when there is nothing to divide by. A report shows
    hundreds of these, so the number is formatted here rather than by Babel's pattern per call."""
    if share is None:
        return "—"
    decimal, sign = _percent_style(str(get_locale()))
    return f"{share * 100:.1f}".removesuffix(".0").replace(".", decimal) + sign


@lru_cache(maxsize=4096)
def money(amount: int) -> str:
    """Sales in soles as the shop writes prices ("S/ 1,234.50")."""
    return Money(amount).format()


def card_labels() -> dict[str, str]:
    """The words printed on a booth card, in the reader's language when buyers read it too: a
    producer reading in Quechua prints a Spanish card for the fair's visitors."""
    with force_locale(public_locale()):
        return {"booth": _("Stand"), "seals": _("Marcas colectivas"), "scan": _("Escanea y mira nuestros productos:"),
                "locale": public_locale()}


def _credit_for_checkout(sender, buyer=None, **extra):
    """The checkout asks which fair to credit: the visit cookie's or the account's."""
    return attribution.current_credit(request.cookies.get(attribution.VISIT_COOKIE), buyer, utcnow())


def _keep_visit_on_account(sender, user, **extra) -> None:
    """A buyer who scanned before signing in keeps the visit on the account."""
    visit = attribution.visit_from_cookie(request.cookies.get(attribution.VISIT_COOKIE))
    if visit is not None and visit.credits_at(utcnow()):
        attribution.remember_on_account(user, visit)
        db.session.commit()


def _register(state) -> None:
    state.app.jinja_env.globals.update(
        FAIR_KIND_LABELS=KIND_LABELS, BOOTH_STATUS_LABELS=BOOTH_STATUS_LABELS, percent=percent,
        money=money,
    )
    checkout_credit_wanted.connect(_credit_for_checkout, state.app)
    user_logged_in.connect(_keep_visit_on_account, state.app)


bp.record_once(_register)

