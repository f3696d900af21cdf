"""The fairs blueprint and what its views share; routes live in the *_views modules."""
from __future__ import annotations

from flask import Blueprint, abort, request
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_login import user_logged_in

from ..clock import utcnow
from ..extensions import db
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


def percent(share: float | None) -> str:
    return format_percent(share, "#,##0.#%") if share is not None else "—"


def card_labels() -> dict[str, str]:
    """The words printed on a booth card, in the reader's language."""
    return {"booth": _("Stand"), "seals": _("Marcas colectivas"), "scan": _("Escanea y mira nuestros productos:")}


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
        money=lambda amount: Money(amount).format(),
    )
    checkout_credit_wanted.connect(_credit_for_checkout, state.app)
    user_logged_in.connect(_keep_visit_on_account, state.app)


bp.record_once(_register)

