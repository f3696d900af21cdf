"""Programme staff: the brand registry, stewards, and the review queue of brand listings."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import ubigeo
from ..accounts.access import staff_required
from ..forms import status_for
from ..media.services import RejectedImage, rejection_message
from ..status import IllegalTransition
from . import services
from .blueprint import bp, flash_already_decided, product_name
from .forms import DOCUMENT_ERRORS, BrandForm, BulkDecisionForm, ReasonForm, StewardForm, parse_nice_classes
from ..clock import lima_today
from .models import ListingState


@bp.get("/staff/brands/")
@staff_required
def staff_brands():
    brands = services.all_brands()
    return render_template(
        "brands/staff_brands.html",
        brands=brands,
        expiring={b.id for b in services.expiring_brands(brands)},
        waiting=services.staff_queue(page=1).total,
        today=lima_today(),
        warning_days=services.expiry_warning_days(),
    )


def _details(form: BrandForm) -> services.BrandDetails:
    return services.BrandDetails(
        name=form.name.data,
        owner_id=form.owner.data,
        region_code=form.region.data,
        description_es=form.description_es.data,
        description_en=form.description_en.data,
        registration_number=form.registration_number.data,
        nice_classes=parse_nice_classes(form.nice_classes.data),
        granted_on=form.granted_on.data,
        expires_on=form.expires_on.data,
        products_covered_es=form.products_covered_es.data,
        products_covered_en=form.products_covered_en.data,
        usage_rules_es=form.usage_rules_es.data,
        usage_rules_en=form.usage_rules_en.data,
    )


def _uploaded(field):
    return field.data if field.data and getattr(field.data, "filename", "") else None


def _save_brand(form: BrandForm, brand):
    """Save the form; on a refusal, put the message on the field and return None."""
    rules = None
    if _uploaded(form.rules_document):
        try:
            rules = services.read_rules_document(form.rules_document.data)
        except services.InvalidDocument as exc:
            form.rules_document.errors.append(
                str(DOCUMENT_ERRORS[exc.why]) % {"mb": services.rules_max_bytes() // (1024 * 1024) or 1}
            )
            return None
    try:
        return services.save_brand(brand, _details(form), by=current_user, rules=rules,
                                   seal_upload=_uploaded(form.seal_image))
    except services.InvalidOwner:
        form.owner.errors.append(_("El titular tiene que ser una asociación o un consorcio."))
    except services.DatesOutOfOrder:
        form.expires_on.errors.append(_("El vencimiento tiene que ser posterior a la concesión."))
    except RejectedImage as exc:
        form.seal_image.errors.append(rejection_message(exc))
    return None


def _form_page(form, brand, status):
    return render_template("brands/staff_brand_form.html", form=form, brand=brand), status


@bp.route("/staff/brands/new", methods=["GET", "POST"])
@staff_required
def new_brand():
    form = BrandForm()
    form.fill_choices(services.brand_owners())
    if form.validate_on_submit():
        brand = _save_brand(form, None)
        if brand is not None:
            flash(_("Registraste la marca «%(name)s». Ahora nombra a sus encargados.", name=brand.name), "success")
            return redirect(url_for("brands.staff_brand", brand_id=brand.id))
    return _form_page(form, None, status_for(form))


@bp.route("/staff/brands/<int:brand_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_brand(brand_id):
    brand = services.brand_by_id(brand_id)
    form = BrandForm(obj=brand, owner=brand.owner_id, region=brand.region_code)
    form.fill_choices(services.brand_owners())
    if form.validate_on_submit():
        if _save_brand(form, brand) is not None:
            flash(_("Guardamos los cambios de «%(name)s».", name=brand.name), "success")
            return redirect(url_for("brands.staff_brand", brand_id=brand.id))
    return _form_page(form, brand, status_for(form))


def _staff_brand_page(brand, form, status=200):
    form.user.choices = [(0, "—")] + [(u.id, f"{u.name} · {u.email}") for u in services.steward_candidates(brand)]
    return render_template(
        "brands/staff_brand.html",
        brand=brand,
        form=form,
        history=services.audit_history(brand),
        expiring=bool(services.expiring_brands([brand])),
        today=lima_today(),
        rules_url=services.rules_document_url(brand),
        region=ubigeo.region(brand.region_code),
    ), status


@bp.get("/staff/brands/<int:brand_id>")
@staff_required
def staff_brand(brand_id):
    return _staff_brand_page(services.brand_by_id(brand_id), StewardForm())


@bp.post("/staff/brands/<int:brand_id>/renew")
@staff_required
def renew(brand_id):
    brand = services.brand_by_id(brand_id)
    if ReasonForm().validate_on_submit():
        services.renew_registration(brand, by=current_user)
        flash(_("Registraste la renovación: ahora vence el %(date)s.", date=brand.expires_on.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("brands.staff_brand", brand_id=brand.id))


@bp.post("/staff/brands/<int:brand_id>/stewards")
@staff_required
def appoint_steward(brand_id):
    brand = services.brand_by_id(brand_id)
    form = StewardForm()
    if not form.validate_on_submit():
        return _staff_brand_page(brand, form, status_for(form) if status_for(form) != 200 else 400)
    try:
        steward = services.appoint_steward(brand, form.user.data, by=current_user)
    except services.NotOwnerMember:
        form.user.errors.append(_("Solo puedes nombrar a integrantes de «%(owner)s», la titular de la marca.", owner=brand.owner.name))
        return _staff_brand_page(brand, form, 422)
    flash(_("%(name)s ahora es encargado(a) de «%(brand)s».", name=steward.user.name, brand=brand.name), "success")
    return redirect(url_for("brands.staff_brand", brand_id=brand.id))


@bp.post("/staff/brands/<int:brand_id>/stewards/<int:steward_id>/remove")
@staff_required
def remove_steward(brand_id, steward_id):
    brand = services.brand_by_id(brand_id)
    if ReasonForm().validate_on_submit():
        services.remove_steward(brand, steward_id, by=current_user)
        flash(_("Quitaste a esa persona de los encargados de la marca."), "success")
    return redirect(url_for("brands.staff_brand", brand_id=brand.id))


# The review queue ------------------------------------------------------------------------------


QUEUE_STATES = (ListingState.STEWARD_CHECKED, ListingState.SUBMITTED)


@bp.get("/staff/brands/listings")
@staff_required
def review_queue():
    state = request.args.get("state")
    state = ListingState(state) if state in {s.value for s in QUEUE_STATES} else ListingState.STEWARD_CHECKED
    brand_id = request.args.get("brand", type=int)
    region = request.args.get("region") or None
    page = services.staff_queue(state=state, brand_id=brand_id, region_code=region,
                                page=request.args.get("page", 1, type=int))
    return render_template(
        "brands/staff_queue.html",
        page=page,
        state=state,
        states=QUEUE_STATES,
        bulk=state == ListingState.STEWARD_CHECKED,
        brands=services.all_brands(),
        regions=ubigeo.regions(),
        brand_id=brand_id,
        region=region,
        form=BulkDecisionForm(),
    )


@bp.post("/staff/brands/listings/<any(approve, reject):decision>")
@staff_required
def bulk_decide(decision):
    form = BulkDecisionForm()
    ids = [int(v) for v in request.form.getlist("listing") if v.isdigit()]
    back = redirect(request.referrer if request.referrer and "/staff/brands/listings" in request.referrer
                    else url_for("brands.review_queue"))
    if not form.validate_on_submit() or not ids:
        flash(_("Marca al menos un producto de la lista."), "error")
        return back
    try:
        outcome = services.decide_listings(ids, by=current_user, approve=decision == "approve", reason=form.reason.data)
    except services.ReasonRequired:
        flash(_("Escribe el motivo del rechazo: cada productor lo recibirá por correo. No cambiamos nada."), "error")
        return back
    if outcome.done:
        flash(ngettext("Decidiste %(num)d producto.", "Decidiste %(num)d productos.", len(outcome.done)), "success")
    for listing, error in outcome.skipped:
        name = product_name(listing.product) if hasattr(listing, "product") else f"#{listing}"
        if isinstance(error, services.AlreadyDecided):
            flash(_("«%(product)s»: ya lo decidió %(name)s. No cambiamos nada.", product=name,
                    name=error.by.name if error.by else _("otra persona")), "error")
        elif isinstance(error, services.OwnListing):
            flash(_("«%(product)s»: es de tu propia organización; lo debe decidir otra persona del equipo.", product=name), "error")
        elif isinstance(error, services.NotAuthorised):
            flash(_("«%(product)s»: su organización ya no está autorizada para la marca.", product=name), "error")
        else:
            flash(_("«%(product)s»: no se pudo decidir.", product=name), "error")
    return back


def _staff_listing_page(listing, form, status=200):
    return render_template(
        "brands/review.html",
        context=services.review_context(listing),
        form=form,
        role="staff",
        can_act=listing.state == ListingState.STEWARD_CHECKED,
        rules_url=services.rules_document_url(listing.brand),
    ), status


@bp.get("/staff/brands/listings/<int:listing_id>")
@staff_required
def staff_listing(listing_id):
    listing = services.listing_by_id(listing_id)
    return _staff_listing_page(listing, ReasonForm(expected=listing.state.value))


@bp.post("/staff/brands/listings/<int:listing_id>/<any(approve, reject):decision>")
@staff_required
def staff_decide(listing_id, decision):
    listing = services.listing_by_id(listing_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _staff_listing_page(listing, form, 400)
    expected = ListingState(form.expected.data) if form.expected.data in set(ListingState) else ListingState.STEWARD_CHECKED
    here = redirect(url_for("brands.staff_listing", listing_id=listing.id))
    try:
        services.decide_listing(listing, by=current_user, approve=decision == "approve", reason=form.reason.data,
                                expected=expected)
    except services.ReasonRequired:
        form.reason.errors.append(_("Escribe el motivo del rechazo: el productor lo recibirá por correo."))
        return _staff_listing_page(listing, form, 422)
    except services.AlreadyDecided as exc:
        flash_already_decided(exc)
        return here
    except services.OwnListing:
        flash(_("No puedes aprobar ni rechazar un producto de tu propia organización: lo debe decidir otra persona del equipo."), "error")
        return here
    except services.NotAuthorised:
        flash(_("Su organización no está autorizada hoy para la marca: no se puede aprobar."), "error")
        return here
    except (services.NotYourMove, IllegalTransition):
        flash(_("No se puede decidir en este estado."), "error")
        return here
    if decision == "approve":
        flash(_("Aprobaste «%(product)s»: ya muestra el sello de «%(brand)s».", product=product_name(listing.product),
                brand=listing.brand.name), "success")
    else:
        flash(_("Rechazaste «%(product)s». Le enviamos el motivo.", product=product_name(listing.product)), "success")
    return redirect(url_for("brands.review_queue"))
