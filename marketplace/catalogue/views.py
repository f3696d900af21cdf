"""The producer's side of the catalogue: "My products", the listing steps and status changes.

A product is edited in steps (photos → details → variants → provenance → lot → review); each
step saves on its own, so a draft can be left at any point and picked up later.
"""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..forms import new_client_id, status_for
from ..producers import services as producers
from ..status import IllegalTransition
from . import services
from .fields import price_text
from .forms import MISSING_LABELS, STATUS_LABELS, DetailsForm, StockForm, selectable_categories
from .models import MAX_PHOTOS, ProductStatus

bp = Blueprint("catalogue", __name__, url_prefix="/producer/products")

STEPS = [
    ("photos", _l("Fotos")),
    ("details", _l("Datos")),
    ("variants", _l("Variantes")),
    ("provenance", _l("Procedencia")),
    ("lots", _l("Lote")),
    ("review", _l("Revisar y publicar")),
]
# Where a producer fixes each thing a listing may lack.
MISSING_STEP = {"photo": "photos", "name_es": "details", "category": "details", "description_es": "details",
                "price": "variants", "variant_option": "variants", "lot": "lots"}


def steps_for(product) -> list[tuple[str, str]]:
    return [(name, label) for name, label in STEPS if name != "lots" or product.needs_lot]


def step_to_fix(product, missing: str) -> str:
    """The step where a missing piece is filled in; a product sold as it is has its price on "Datos"."""
    if missing == "price" and not product.has_options:
        return "details"
    return MISSING_STEP[missing]


@bp.after_request
def answer_kept_drafts(response):
    """listing.js sends a step with fetch (X-Draft-Submit) so that a cut connection loses
    nothing; where the plain form would be redirected, it is told where to go instead. Signed
    out (the session ended), the redirect to sign in stays, and the phone keeps the draft."""
    if (request.headers.get("X-Draft-Submit") and response.status_code in (301, 302, 303)
            and current_user.is_authenticated):
        return jsonify(next=response.location)
    return response


@bp.context_processor
def catalogue_helpers():
    return {
        "STATUS_LABELS": STATUS_LABELS,
        "MISSING_LABELS": MISSING_LABELS,
        "step_to_fix": step_to_fix,
        "MAX_PHOTOS": MAX_PHOTOS,
        "steps_for": steps_for,
        "price_text": price_text,
    }


def member_product(product_id: int):
    """The product if the signed-in person belongs to its organisation; 404 otherwise."""
    return services.product_for_member(current_user, product_id)


def flash_not_ready(missing: list[str], intro: str) -> None:
    flash(intro, "error")
    for code in missing:
        flash(str(MISSING_LABELS[code]), "error")


def flash_still_public(exc: services.ListingNotReady) -> None:
    flash_not_ready(exc.missing, _("Este producto está publicado y quedaría incompleto, así que no guardamos ese cambio. "
                                   "Si quieres dejarlo a medias, despublícalo primero."))


def review_confirmed() -> bool:
    """The producer said yes to sending their seal back to review (the form's confirm step)."""
    return request.values.get("confirm_review") == "1"


def flash_sent_back(names: list[str]) -> None:
    """After the edit: say which seals went back to review."""
    if names:
        flash(ngettext("Guardamos el cambio. Tu sello «%(brands)s» volvió a revisión: se muestra otra vez cuando lo aprueben.",
                       "Guardamos el cambio. Tus sellos «%(brands)s» volvieron a revisión: se muestran otra vez cuando los aprueben.",
                       len(names), brands="», «".join(names)), "warning")


def after_save(product, step: str):
    """Where a step's buttons lead: the next step, the same page ("add another"), or back to the list."""
    if request.form.get("then") == "next":
        names = [name for name, _label in steps_for(product)]
        following = names[min(names.index(step) + 1, len(names) - 1)] if step in names else "review"
        return redirect(url_for(f"catalogue.{following}", product_id=product.id))
    if request.form.get("then") == "stay":
        return redirect(url_for(f"catalogue.{step}", product_id=product.id))
    name = product.name_es or _("producto sin nombre")
    flash(_("Guardamos «%(name)s». Puedes seguir cuando quieras.", name=name), "success")
    return redirect(url_for("catalogue.my_products", organisation=product.organisation_id))


# My products -----------------------------------------------------------------------------------


def _status_filter() -> ProductStatus | None:
    value = request.args.get("status")
    return ProductStatus(value) if value in {s.value for s in ProductStatus} else None


def _tabs(organisation) -> list[tuple[str | None, str, int]]:
    """The list's filters: products in use (drafts and published), then each status."""
    counts = services.count_by_status(organisation)
    in_use = counts[ProductStatus.DRAFT] + counts[ProductStatus.PUBLISHED]
    return [(None, _("En uso"), in_use)] + [(s.value, STATUS_LABELS[s], counts[s]) for s in ProductStatus]


def render_list(organisation, organisations, *, stock_error=None, code=200):
    status = _status_filter()
    return render_template(
        "catalogue/my_products.html",
        organisation=organisation,
        organisations=organisations,
        status=status.value if status else None,
        tabs=_tabs(organisation),
        page=services.products_page(organisation, status=status, page=request.args.get("page", 1, type=int)),
        stock_error=stock_error or {},
        new_product_id=new_client_id(),
    ), code


@bp.get("/")
@login_required
def my_products():
    organisations = producers.organisations_of(current_user)
    if not organisations:
        return render_template("catalogue/no_organisation.html")
    chosen = request.args.get("organisation", type=int)
    organisation = next((o for o in organisations if o.id == chosen), None) if chosen else organisations[0]
    if organisation is None:
        abort(404)
    return render_list(organisation, organisations)


@bp.post("/new")
@login_required
def new_product():
    organisation_id = request.form.get("organisation_id", type=int) or 0
    organisation = producers.organisation_for_member(current_user, organisation_id)
    product = services.start_product(organisation, by=current_user, client_id=request.form.get("client_id"))
    if product is None:  # sent again after the draft it opened was deleted
        return redirect(url_for("catalogue.my_products", organisation=organisation.id))
    return redirect(url_for("catalogue.photos", product_id=product.id))


@bp.post("/<int:product_id>/variants/<int:variant_id>/stock")
@login_required
def set_stock(product_id, variant_id):
    """The one-tap stock change from the list: a number and "Guardar"."""
    product = member_product(product_id)
    variant = services.variant_of(product, variant_id)
    form = StockForm()
    list_args = {k: v for k, v in request.args.items() if k in ("status", "page")}
    if form.validate_on_submit():
        try:
            services.set_stock(variant, form.stock.data, by=current_user)
        except services.NegativeStock:
            form.stock.errors.append(_("El stock no puede ser negativo: escribe 0 si no te queda ninguno."))
        else:
            flash(_("Stock de «%(name)s»%(option)s: %(stock)d.", name=product.name_es or _("producto sin nombre"),
                    option=f" ({variant.option_es})" if variant.option_es else "", stock=variant.stock), "success")
            return redirect(url_for("catalogue.my_products", organisation=product.organisation_id, **list_args)
                            + f"#product-{product.id}")
    error = {"variant_id": variant.id, "typed": request.form.get("stock", ""), "messages": form.stock.errors}
    return render_list(product.organisation, producers.organisations_of(current_user), stock_error=error, code=422)


# Details ---------------------------------------------------------------------------------------


def _details_initial(product) -> dict:
    variant = product.default_variant
    return {
        "name_es": product.name_es,
        "name_en": product.name_en,
        "category": str(product.category_id) if product.category_id else "",
        "description_es": product.description_es,
        "description_en": product.description_en,
        "price": price_text(variant.price) if variant else "",
        "stock": variant.stock if variant else 0,
    }


def _details_page(product, form, code=200, review_ahead=None):
    return render_template(
        "catalogue/details.html", product=product, form=form, categories=selectable_categories(), step="details",
        at_stake=services.seals_at_stake(product, {"name", "category"}), review_ahead=review_ahead,
    ), code


@bp.route("/<int:product_id>/details", methods=["GET", "POST"])
@login_required
def details(product_id):
    product = member_product(product_id)
    form = DetailsForm(data=_details_initial(product))
    sold_as_one = not product.has_options
    if form.validate_on_submit():
        try:
            sent_back = services.save_details(product, services.ProductDetails(
                name_es=form.name_es.data,
                name_en=form.name_en.data,
                category_id=form.category_id,
                description_es=form.description_es.data,
                description_en=form.description_en.data,
                price=form.price.money if sold_as_one else None,
                stock=form.stock.data if sold_as_one else None,
            ), by=current_user, review_confirmed=review_confirmed())
        except services.ReviewAhead as exc:
            return _details_page(product, form, 200, review_ahead=exc.seals)
        except services.MissingSpanishName:
            form.name_es.errors.append(_("Escribe el nombre del producto en español."))
        except services.UnknownCategory:
            form.category.errors.append(_("Esa categoría no existe: elige una de la lista."))
        except services.ListingNotReady as exc:
            flash_still_public(exc)
            return _details_page(product, form, 422)
        else:
            flash_sent_back(sent_back)
            return after_save(product, "details")
    return _details_page(product, form, status_for(form))


# Review and status -------------------------------------------------------------------------------


@bp.get("/<int:product_id>")
@login_required
def review(product_id):
    product = member_product(product_id)
    return render_template(
        "catalogue/review.html",
        product=product,
        missing=services.missing_for_publication(product),
        can_delete=services.can_delete(product),
        step="review",
    )


STATUS_ACTIONS = {
    "publish": (services.publish, _l("Publicaste «%(name)s». Ya está a la venta.")),
    "unpublish": (services.unpublish, _l("«%(name)s» ya no está a la venta; quedó como borrador.")),
    "archive": (services.archive, _l("Archivaste «%(name)s».")),
    "restore": (services.restore, _l("«%(name)s» volvió a tus borradores.")),
}


@bp.post("/<int:product_id>/<any(publish, unpublish, archive, restore):action>")
@login_required
def change_status(product_id, action):
    product = member_product(product_id)
    apply, done = STATUS_ACTIONS[action]
    try:
        apply(product, by=current_user)
    except services.ListingNotReady as exc:
        flash_not_ready(exc.missing, _("Todavía no se puede publicar. Falta:"))
    except services.OrganisationNotVerified:
        flash(_("Podrás publicar cuando el equipo del programa verifique tu organización. "
                "Mientras tanto, el producto queda guardado como borrador."), "error")
    except IllegalTransition:
        flash(_("Ese cambio no se puede hacer ahora: el producto está en estado «%(status)s». No cambiamos nada.",
                status=STATUS_LABELS[product.status]), "info")
    else:
        flash(done % {"name": product.name_es or _("producto sin nombre")}, "success")
    return redirect(url_for("catalogue.review", product_id=product.id))


@bp.post("/<int:product_id>/delete")
@login_required
def delete(product_id):
    product = member_product(product_id)
    organisation_id = product.organisation_id
    try:
        services.delete_draft(product, by=current_user)
    except IllegalTransition:
        flash(_("Solo se puede eliminar un borrador que nunca se publicó. Archívalo en su lugar."), "error")
        return redirect(url_for("catalogue.review", product_id=product.id))
    flash(_("Eliminamos el borrador."), "success")
    return redirect(url_for("catalogue.my_products", organisation=organisation_id))


from . import step_views  # noqa: E402,F401  (photos, variants, provenance and lots: routes on this blueprint)
