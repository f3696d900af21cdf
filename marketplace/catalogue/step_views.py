"""The listing steps with lists inside them: photos, variants, provenance (with makers) and lots."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..forms import status_for
from ..i18n import localized
from ..media import services as media
from . import services
from .fields import price_text
from .forms import LotForm, NewLotForm, NewVariantForm, ProvenanceForm, VariantForm
from .models import Technique
from .views import after_save, bp, flash_sent_back, flash_still_public, member_product, review_confirmed

# Photos ----------------------------------------------------------------------------------------


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _upload(product, uploads) -> list[str]:
    """Add each uploaded photo in turn; return what went wrong, as messages."""
    errors = []
    for index, upload in enumerate(uploads):
        try:
            services.add_photo(product, upload, by=current_user)
        except services.TooManyPhotos as exc:
            left = len(uploads) - index
            errors.append(ngettext(
                "Cada producto puede tener hasta %(limit)d fotos, así que no guardamos %(num)d foto. "
                "Quita alguna si quieres poner otra.",
                "Cada producto puede tener hasta %(limit)d fotos, así que no guardamos %(num)d fotos. "
                "Quita alguna si quieres poner otras.",
                left, limit=exc.limit))
            break
        except media.RejectedImage as exc:
            errors.append(_("No pudimos usar «%(file)s»: %(reason)s", file=upload.filename or _("la foto"),
                            reason=media.rejection_message(exc)))
    return errors


@bp.route("/<int:product_id>/photos", methods=["GET", "POST"])
@login_required
def photos(product_id):
    """Add photos from the camera or the gallery. photos.js posts them one at a time and reads
    JSON; without JavaScript the same form posts them all at once and comes back here."""
    product = member_product(product_id)
    if request.method == "POST":
        uploads = [upload for upload in request.files.getlist("photos") if upload and upload.filename]
        if uploads:
            errors = _upload(product, uploads)
        else:
            errors = [_("Elige una foto de la galería o toma una con la cámara.")]
        if _wants_json():
            answer = jsonify(next=url_for("catalogue.photos", product_id=product.id), errors=errors)
            return answer, (422 if errors else 200)
        for message in errors:
            flash(message, "error")
        if uploads and len(errors) < len(uploads):
            flash(_("Guardamos las fotos."), "success")
        return redirect(url_for("catalogue.photos", product_id=product.id))
    room = services.room_for_photos(product)
    return render_template("catalogue/photos.html", product=product, room=room, step="photos",
                           at_stake=services.seals_at_stake(product, {"photos"}))


@bp.post("/<int:product_id>/photos/<int:photo_id>/<any(up, down, cover, remove):action>")
@login_required
def photo_action(product_id, photo_id, action):
    product = member_product(product_id)
    photo = services.photo_of(product, photo_id)
    if action == "up":
        services.move_photo(photo, -1, by=current_user)
    elif action == "down":
        services.move_photo(photo, +1, by=current_user)
    elif action == "cover":
        services.make_cover(photo, by=current_user)
        flash(_("Esa foto es ahora la portada."), "success")
    else:
        try:
            services.remove_photo(photo, by=current_user)
        except services.ListingNotReady as exc:
            flash_still_public(exc)
        else:
            flash(_("Quitamos la foto."), "success")
    return redirect(url_for("catalogue.photos", product_id=product.id) + "#photos")


# Variants --------------------------------------------------------------------------------------


@bp.get("/<int:product_id>/variants")
@login_required
def variants(product_id):
    product = member_product(product_id)
    return render_template("catalogue/variants.html", product=product, step="variants")


def _variant_details(form: VariantForm) -> services.VariantDetails:
    return services.VariantDetails(
        option_es=form.option_es.data, option_en=form.option_en.data, sku=form.sku.data,
        price=form.price.money, stock=form.stock.data or 0,
    )


def _save_variant(product, form, save):
    """Run `save` and turn refusals into messages on the form; a response when saved, else None."""
    try:
        save(_variant_details(form))
    except services.UnnamedVariant as exc:
        if exc.which == "first":
            form.first_option_es.errors.append(_("Escribe qué distingue a la variante que ya tienes, por ejemplo «pardo» o «500 g»: "
                                                 "así el comprador elige entre las dos."))
        else:
            form.option_es.errors.append(_("Escribe qué distingue a esta variante, por ejemplo «pardo», «talla M» o «500 g»."))
    except services.DuplicateSku:
        form.sku.errors.append(_("Otra variante de este producto ya usa ese código: escribe uno distinto o déjalo vacío."))
    except services.NegativeStock:
        form.stock.errors.append(_("El stock no puede ser negativo: escribe 0 si no te queda ninguno."))
    except services.InvalidPrice:
        form.price.errors.append(_("El precio tiene que ser mayor que cero: escribe cuánto cuesta en soles, por ejemplo 45."))
    except services.ListingNotReady as exc:
        flash_still_public(exc)
    else:
        flash(_("Guardamos la variante."), "success")
        return redirect(url_for("catalogue.variants", product_id=product.id))
    return None


def _variant_page(product, form, variant=None, code=200, first=None):
    return render_template(
        "catalogue/variant_form.html", product=product, form=form, variant=variant, first=first, step="variants"
    ), code


def _unnamed_first(product):
    """The variant a product sold as it is has (nameless): adding a second one names it too."""
    unnamed = [v for v in product.variants if not v.option_es]
    return unnamed[0] if unnamed else None


@bp.route("/<int:product_id>/variants/new", methods=["GET", "POST"])
@login_required
def new_variant(product_id):
    product = member_product(product_id)
    form = NewVariantForm()
    first = _unnamed_first(product)
    form.option_required = True
    form.first_required = first is not None
    if form.validate_on_submit():
        saved = _save_variant(product, form, lambda d: services.add_variant(
            product, d, by=current_user, client_id=form.client_id.data,
            first_option_es=form.first_option_es.data, first_option_en=form.first_option_en.data))
        if saved:
            return saved
        return _variant_page(product, form, code=422, first=_unnamed_first(product))
    return _variant_page(product, form, code=status_for(form), first=first)


@bp.route("/<int:product_id>/variants/<int:variant_id>", methods=["GET", "POST"])
@login_required
def edit_variant(product_id, variant_id):
    product = member_product(product_id)
    variant = services.variant_of(product, variant_id)
    form = VariantForm(data={
        "option_es": variant.option_es, "option_en": variant.option_en, "sku": variant.sku,
        "price": price_text(variant.price), "stock": variant.stock,
    })
    form.option_required = product.has_options
    if form.validate_on_submit():
        saved = _save_variant(product, form, lambda d: services.update_variant(variant, d, by=current_user))
        if saved:
            return saved
        return _variant_page(product, form, variant, 422)
    return _variant_page(product, form, variant, status_for(form))


@bp.post("/<int:product_id>/variants/<int:variant_id>/remove")
@login_required
def remove_variant(product_id, variant_id):
    product = member_product(product_id)
    variant = services.variant_of(product, variant_id)
    try:
        services.remove_variant(variant, by=current_user)
    except services.LastVariant:
        flash(_("El producto necesita al menos una variante: es lo que se vende. Edítala en lugar de quitarla."), "error")
    except services.ListingNotReady as exc:
        flash_still_public(exc)
    else:
        flash(_("Quitamos la variante."), "success")
    return redirect(url_for("catalogue.variants", product_id=product.id))


# Provenance ------------------------------------------------------------------------------------


def _provenance_form(product) -> ProvenanceForm:
    provenance = product.provenance
    form = ProvenanceForm()
    if request.method == "GET":
        if provenance is not None:
            for name in ("community", "technique_other", "fibre", "dyes", "iconography",
                         "iconography_meaning_es", "iconography_meaning_en", "hours_of_work"):
                getattr(form, name).data = getattr(provenance, name)
            form.technique.data = provenance.technique.value if provenance.technique else ""
        form.place.form.set_code(provenance.district_code if provenance else product.organisation.district_code)
        form.heritage.data = [str(element.id) for element in product.heritage_elements]
        for maker in product.makers:
            form.makers.append_entry({"name": maker.name, "consent": maker.consent})
    if request.method == "GET" or not form.makers.entries:
        form.makers.append_entry()  # one empty row for the next person
    form.place.form.fill_choices()
    locale = str(get_locale())
    form.heritage.choices = [SelectChoice(str(e.id), localized(e, "name", locale)) for e in services.heritage_elements()]
    return form


def _provenance_details(form: ProvenanceForm) -> services.ProvenanceDetails:
    return services.ProvenanceDetails(
        community=form.community.data,
        district_code=form.place.form.code,
        technique=Technique(form.technique.data) if form.technique.data else None,
        technique_other=form.technique_other.data,
        fibre=form.fibre.data,
        dyes=form.dyes.data,
        iconography=form.iconography.data,
        iconography_meaning_es=form.iconography_meaning_es.data,
        iconography_meaning_en=form.iconography_meaning_en.data,
        hours_of_work=form.hours_of_work.data,
        makers=[services.MakerDetails(name=entry.form.name.data or "", consent=entry.form.consent.data)
                for entry in form.makers],
        heritage_element_ids=form.heritage_ids,
    )


@bp.route("/<int:product_id>/provenance", methods=["GET", "POST"])
@login_required
def provenance(product_id):
    product = member_product(product_id)
    form = _provenance_form(product)
    refreshing = "refresh_places" in request.form
    review_ahead = None
    if not refreshing and form.validate_on_submit():
        try:
            sent_back = services.save_provenance(product, _provenance_details(form), by=current_user,
                                                 review_confirmed=review_confirmed())
        except services.ReviewAhead as exc:
            review_ahead = exc.seals
        except services.UnknownDistrict:
            form.place.form.district.errors.append(_("Ese distrito no existe: elígelo de la lista."))
        except services.UnknownHeritageElement:
            form.heritage.errors.append(_("Ese elemento de patrimonio no está en la lista del programa: elige uno de la lista."))
        except services.InvalidAmount:
            form.hours_of_work.errors.append(_("Escribe las horas de trabajo como un número entre 1 y 10000."))
        else:
            flash_sent_back(sent_back)
            return after_save(product, "provenance")
    code = 200 if refreshing or request.method == "GET" or review_ahead else 422
    return render_template("catalogue/provenance.html", product=product, form=form, step="provenance",
                           at_stake=services.seals_at_stake(product, {"provenance"}), review_ahead=review_ahead), code


# Lots ------------------------------------------------------------------------------------------


@bp.get("/<int:product_id>/lots")
@login_required
def lots(product_id):
    product = member_product(product_id)
    return render_template("catalogue/lots.html", product=product, step="lots",
                           at_stake=services.seals_at_stake(product, {"lot"}))


def _lot_details(form: LotForm) -> services.LotDetails:
    return services.LotDetails(
        lot_code=form.lot_code.data,
        harvest_date=form.harvest_date.data,
        campaign=form.campaign.data,
        floral_source=form.floral_source.data,
        apiary_district_code=form.place.form.code,
        moisture_percent=form.moisture_percent.number,
        net_weight_g=form.net_weight_g.data,
        best_before=form.best_before.data,
        sanitary_registration=form.sanitary_registration.data,
        is_current=form.is_current.data,
    )


LOT_REFUSALS = {
    services.MissingLotCode: ("lot_code", lambda: _("Escribe el código del lote, como figura en la etiqueta.")),
    services.MissingHarvestDate: ("harvest_date", lambda: _("Escribe la fecha de cosecha del lote, por ejemplo 15/03/2024.")),
    services.LotDatesOutOfOrder: ("best_before", lambda: _("Esta fecha tiene que ser posterior a la de cosecha.")),
    services.DuplicateLotCode: (
        "lot_code", lambda: _("Este producto ya tiene un lote con ese código: revisa el código o edita ese lote.")
    ),
}


def _save_lot(product, form, save):
    try:
        save(_lot_details(form))
    except services.UnknownDistrict:
        form.place.form.district.errors.append(_("Ese distrito no existe: elígelo de la lista."))
    except services.InvalidAmount as exc:
        field = form.moisture_percent if exc.field == "moisture_percent" else form.net_weight_g
        field.errors.append(_("Revisa este número: tiene que ser mayor que cero."))
    except services.ListingNotReady as exc:
        flash_still_public(exc)
    except tuple(LOT_REFUSALS) as exc:
        name, message = LOT_REFUSALS[type(exc)]
        getattr(form, name).errors.append(message())
    else:
        flash(_("Guardamos el lote."), "success")
        return after_save(product, "lots") if request.form.get("then") == "next" else redirect(
            url_for("catalogue.lots", product_id=product.id))
    return None


def _lot_page(product, form, lot=None, code=200):
    return render_template("catalogue/lot_form.html", product=product, form=form, lot=lot, step="lots"), code


@bp.route("/<int:product_id>/lots/new", methods=["GET", "POST"])
@login_required
def new_lot(product_id):
    product = member_product(product_id)
    form = NewLotForm()
    if request.method == "GET":
        form.place.form.set_code(product.organisation.district_code)
    form.place.form.fill_choices()
    refreshing = "refresh_places" in request.form
    if not refreshing and form.validate_on_submit():
        saved = _save_lot(product, form, lambda d: services.add_lot(product, d, by=current_user, client_id=form.client_id.data))
        if saved:
            return saved
    code = 200 if refreshing or request.method == "GET" else 422
    return _lot_page(product, form, code=code)


@bp.route("/<int:product_id>/lots/<int:lot_id>", methods=["GET", "POST"])
@login_required
def edit_lot(product_id, lot_id):
    product = member_product(product_id)
    lot = services.lot_of(product, lot_id)
    form = LotForm(obj=lot)
    if request.method == "GET":
        form.moisture_percent.data = str(lot.moisture_percent) if lot.moisture_percent is not None else ""
        form.place.form.set_code(lot.apiary_district_code)
    form.place.form.fill_choices()
    refreshing = "refresh_places" in request.form
    if not refreshing and form.validate_on_submit():
        saved = _save_lot(product, form, lambda d: services.update_lot(lot, d, by=current_user))
        if saved:
            return saved
    code = 200 if refreshing or request.method == "GET" else 422
    return _lot_page(product, form, lot, code)


@bp.post("/<int:product_id>/lots/<int:lot_id>/<any(current, remove):action>")
@login_required
def lot_action(product_id, lot_id, action):
    product = member_product(product_id)
    lot = services.lot_of(product, lot_id)
    if action == "current":
        try:
            services.make_current(lot, by=current_user)
        except services.LotWithdrawn:
            flash(_("El lote %(code)s fue retirado de la venta: no puede volver a ser el lote actual.", code=lot.lot_code), "error")
        else:
            flash(_("El lote %(code)s es ahora el que se muestra en el producto.", code=lot.lot_code), "success")
    else:
        try:
            services.remove_lot(lot, by=current_user)
        except services.ListingNotReady as exc:
            flash_still_public(exc)
        else:
            flash(_("Quitamos el lote."), "success")
    return redirect(url_for("catalogue.lots", product_id=product.id))
