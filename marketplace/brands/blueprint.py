"""The brands blueprint and what its views share; routes live in the *_views modules."""
from __future__ import annotations

from flask import Blueprint, flash, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ..i18n import localized
from .errors import AlreadyDecided
from .forms import AUTHORISATION_LABELS, LISTING_STATE_LABELS, MISSING_FOR_REVIEW_LABELS, SYSTEM_REASONS

bp = Blueprint("brands", __name__)


def _register_template_globals(state) -> None:
    # Globals rather than context, so the macros in templates/brands/ can use them when imported.
    state.app.jinja_env.globals.update(
        LISTING_STATE_LABELS=LISTING_STATE_LABELS,
        AUTHORISATION_LABELS=AUTHORISATION_LABELS,
        MISSING_FOR_REVIEW_LABELS=MISSING_FOR_REVIEW_LABELS,
        reason_text=reason_text,
        product_name=product_name,
        product_url=product_url,
        seal_offers=_seal_offers,
    )


def _seal_offers(product):
    """For the catalogue's last listing step (templates/brands/_seal_offers.html)."""
    from .listings import seal_offers

    return seal_offers(product)


bp.record_once(_register_template_globals)


def reason_text(reason: str | None) -> str:
    """A reason as people wrote it, or the marketplace's own reasons in the reader's language."""
    return str(SYSTEM_REASONS.get(reason, reason)) if reason else ""


def flash_already_decided(error: AlreadyDecided) -> None:
    record = error.record
    state = getattr(record, "state", None)
    label = LISTING_STATE_LABELS.get(state) if state is not None else AUTHORISATION_LABELS.get(record.status)
    flash(_("Ya lo decidió %(name)s: ahora está «%(state)s». No cambiamos nada.",
            name=error.by.name if error.by else _("otra persona"), state=label), "error")


def product_name(product) -> str:
    return localized(product, "name", str(get_locale())) or _("Producto sin nombre")


def product_url(product) -> str | None:
    """The public product page (the storefront's), once the product has one."""
    if not product.slug or not product.is_published:
        return None
    try:
        return url_for("storefront.product", slug=product.slug)
    except BuildError:
        return None
