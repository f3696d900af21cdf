"""Assisted listing: staff list a product for a producer (/staff/asistido), and the producer
confirms it from the link sent to their phone (/confirmar/<token>, no account needed)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import assists_required
from ..accounts.phones import InvalidPhone
from ..audit import history
from ..extensions import db
from ..forms import status_for
from ..media import services as media
from . import assisted, lots, products
from .assisted_forms import AssistedListingForm
from .errors import ListingNotReady, OrganisationNotVerified
from .forms import MISSING_LABELS, selectable_categories
from .models import AssistedListing, Category

bp = Blueprint("assisted", __name__)


@bp.get("/staff/asistido/")
@assists_required
def index():
    return render_template("catalogue/assisted/index.html", listings=assisted.recent())


def _details(form: AssistedListingForm) -> assisted.AssistedDetails:
    lot = None
    if form.lot_code.data:
        lot = lots.LotDetails(lot_code=form.lot_code.data, harvest_date=form.harvest_date.data)
    return assisted.AssistedDetails(
        organisation_id=int(form.organisation.data), phone=form.phone.data,
        product=products.ProductDetails(name_es=form.name_es.data, category_id=int(form.category.data),
                                        description_es=form.description_es.data, price=form.price.money,
                                        stock=form.stock.data or 0),
        photos=form.uploads, lot=lot, client_id=form.client_id.data,
    )


def _check_needs(form: AssistedListingForm) -> bool:
    """What only the chosen category tells: a photo always, a lot for honey."""
    ok = True
    if not form.uploads:
        form.photos.errors = [_("Sube al menos una foto del producto.")]
        ok = False
    chosen = form.category.data or ""
    category = db.session.get(Category, int(chosen)) if chosen.isdigit() else None
    if category is not None and category.needs_lot and not (form.lot_code.data and form.harvest_date.data):
        form.lot_code.errors = [_("La miel se vende por lote: escribe el código del lote y su fecha de cosecha.")]
        ok = False
    return ok


@bp.route("/staff/asistido/nuevo", methods=["GET", "POST"])
@assists_required
def new():
    form = AssistedListingForm()
    if request.method == "POST" and all([form.validate_on_submit(), _check_needs(form)]):
        try:
            listing = assisted.list_for_producer(_details(form), by=current_user)
        except media.RejectedImage as exc:
            form.photos.errors = [_("No pudimos usar esa foto: %(reason)s", reason=media.rejection_message(exc))]
        except OrganisationNotVerified:
            form.organisation.errors.append(_("Esa organización aún no está verificada."))
        except InvalidPhone:
            form.phone.errors.append(_("Ese número no parece un celular."))
        except products.InvalidPrice:
            form.price.errors.append(_("El precio tiene que ser mayor que cero: escribe cuánto cuesta en soles."))
        except (products.MissingSpanishName, products.UnknownCategory, products.NegativeStock):
            flash(_("Revisa el nombre, la categoría y el stock."), "error")
        except (lots.MissingLotCode, lots.MissingHarvestDate, lots.DuplicateLotCode, lots.LotDatesOutOfOrder):
            form.lot_code.errors.append(_("Revisa el código del lote y su fecha de cosecha."))
        else:
            flash(_("Guardamos «%(product)s» como borrador. Ahora envía el enlace al productor para que confirme.",
                    product=listing.product.name_es), "success")
            return redirect(url_for("assisted.show", listing_id=listing.id))
    return render_template("catalogue/assisted/new.html", form=form,
                           categories=selectable_categories()), status_for(form)


def _listing(listing_id: int) -> AssistedListing:
    return db.session.get(AssistedListing, listing_id) or abort(404)


@bp.get("/staff/asistido/<int:listing_id>")
@assists_required
def show(listing_id):
    listing = _listing(listing_id)
    return render_template("catalogue/assisted/show.html", listing=listing, product=listing.product,
                           events=history(listing.product),
                           sending=assisted.sending(listing) if listing.link_nonce else None)


@bp.post("/staff/asistido/<int:listing_id>/enlace")
@assists_required
def new_link(listing_id):
    listing = _listing(listing_id)
    try:
        assisted.send_new_link(listing, by=current_user)
    except assisted.AlreadyAnswered:
        flash(_("El productor ya respondió: no hace falta otro enlace."), "error")
    else:
        flash(_("Hicimos un enlace nuevo; el anterior ya no sirve. Envíalo otra vez."), "success")
    return redirect(url_for("assisted.show", listing_id=listing.id))


def _link_problem(exc: Exception) -> str:
    if isinstance(exc, assisted.LinkExpired):
        return _("Este enlace venció. Pide a quien te ayudó a publicar que te mande uno nuevo.")
    return _("Este enlace ya no sirve: ya lo usaste o te mandaron uno más nuevo.")


@bp.route("/confirmar/<token>", methods=["GET", "POST"])
def confirm(token):
    """The producer's yes or no. GET only shows (link previews in WhatsApp open it too)."""
    try:
        listing = assisted.listing_for_link(token)
    except (assisted.LinkExpired, assisted.LinkNotValid) as exc:
        return render_template("catalogue/assisted/link_problem.html", message=_link_problem(exc)), 410
    if request.method == "GET":
        return render_template("catalogue/assisted/confirm.html", listing=listing, product=listing.product)
    try:
        if request.form.get("answer") == "si":
            assisted.confirm(token)
            message = _("¡Listo! «%(product)s» ya está a la venta.", product=listing.product.name_es)
        else:
            assisted.decline(token)
            message = _("Entendido: «%(product)s» no se publica. Quien te ayudó lo verá.",
                        product=listing.product.name_es)
    except (assisted.LinkExpired, assisted.LinkNotValid) as exc:
        return render_template("catalogue/assisted/link_problem.html", message=_link_problem(exc)), 410
    except ListingNotReady as exc:
        missing = " ".join(str(MISSING_LABELS[code]) for code in exc.missing)
        return render_template("catalogue/assisted/confirm.html", listing=listing, product=listing.product,
                               problem=_("Aún no se puede publicar: %(missing)s Avisa a quien te ayudó.",
                                         missing=missing)), 409
    return render_template("catalogue/assisted/answered.html", listing=listing, message=message)
