"""Brand stewards (and staff): authorise member organisations, suspend or end them, and give
listings that claim the brand their first check. Another brand's pages are 404."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..forms import status_for
from ..status import IllegalTransition
from . import services
from .blueprint import bp, flash_already_decided, product_name
from .forms import AUTHORISATION_LABELS, AuthorisationDatesForm, AuthorisationForm, ReasonForm
from ..clock import lima_today
from .models import BRAND_MEMBERSHIP_TRANSITIONS, UNDER_REVIEW, BrandMembershipStatus, ListingState
from .queues import brand_listings


def _kept_brand(slug: str):
    return services.brand_for_keeper(current_user, slug)


@bp.get("/steward/brands/")
@login_required
def steward_brands():
    brands = services.stewarded_brands(current_user)
    return render_template(
        "brands/steward_brands.html",
        brands=brands,
        expiring={b.id for b in services.expiring_brands(brands)},
        queues={b.id: len(services.steward_queue(b)) for b in brands},
        today=lima_today(),
    )


def _brand_page(brand, form: AuthorisationForm, status: int = 200):
    form.organisation.choices = [(0, "—")] + [(o.id, o.name) for o in services.organisations_to_authorise(brand)]
    return render_template(
        "brands/steward_brand.html",
        brand=brand,
        form=form,
        queue=services.steward_queue(brand),
        recent=brand_listings(brand, set(ListingState) - UNDER_REVIEW - {ListingState.DRAFT}),
        authorisations=services.authorisations(brand),
        expiring=bool(services.expiring_brands([brand])),
        is_steward=services.is_steward(current_user, brand),
        today=lima_today(),
        rules_url=services.rules_document_url(brand),
    ), status


@bp.get("/steward/brands/<slug>")
@login_required
def steward_brand(slug):
    return _brand_page(_kept_brand(slug), AuthorisationForm())


@bp.post("/steward/brands/<slug>/authorisations")
@login_required
def authorise(slug):
    brand = _kept_brand(slug)
    form = AuthorisationForm()
    if not form.validate_on_submit():
        return _brand_page(brand, form, status_for(form) if status_for(form) != 200 else 400)
    details = services.AuthorisationDetails(form.authorised_from.data, form.authorised_until.data, form.resolution.data)
    try:
        membership = services.authorise(brand, form.organisation.data, details, by=current_user)
    except services.NotFound:
        form.organisation.errors.append(_("Elige una organización verificada de la lista."))
        return _brand_page(brand, form, 422)
    except services.AlreadyAuthorised:
        form.organisation.errors.append(_("Esa organización ya tiene una autorización vigente o suspendida: cámbiala en la lista."))
        return _brand_page(brand, form, 422)
    except services.DatesOutOfOrder:
        form.authorised_until.errors.append(_("La fecha final no puede ser anterior a la inicial."))
        return _brand_page(brand, form, 422)
    flash(_("Autorizaste a «%(name)s» a usar «%(brand)s».", name=membership.organisation.name, brand=brand.name), "success")
    return redirect(url_for("brands.steward_brand", slug=brand.slug))


def _dates_form(membership, **kwargs) -> AuthorisationDatesForm:
    return AuthorisationDatesForm(obj=membership, resolution=membership.authorised_by_resolution, **kwargs)


def _authorisation_actions(membership) -> list[tuple[str, str, str]]:
    """The buttons the transition table allows from the current status (an ended authorisation
    starts again through the "authorise" form, with a new act)."""
    allowed = BRAND_MEMBERSHIP_TRANSITIONS[membership.status]
    actions = []
    if BrandMembershipStatus.ACTIVE in allowed and membership.status == BrandMembershipStatus.SUSPENDED:
        actions.append(("reinstate", _("Reactivar"), "primary"))
    if BrandMembershipStatus.SUSPENDED in allowed:
        actions.append(("suspend", _("Suspender"), "danger"))
    if BrandMembershipStatus.ENDED in allowed:
        actions.append(("end", _("Terminar"), "danger"))
    return actions


def _authorisation_page(brand, membership, dates_form, reason_form, status=200):
    return render_template(
        "brands/steward_authorisation.html",
        brand=brand,
        membership=membership,
        dates_form=dates_form,
        form=reason_form,
        history=services.audit_history(membership),
        actions=_authorisation_actions(membership),
        can_authorise_again=membership.status == BrandMembershipStatus.ENDED,
        today=lima_today(),
    ), status


@bp.route("/steward/brands/<slug>/authorisations/<int:membership_id>", methods=["GET", "POST"])
@login_required
def authorisation(slug, membership_id):
    brand = _kept_brand(slug)
    membership = services.membership_for_brand(brand, membership_id)
    dates_form = _dates_form(membership)
    if dates_form.validate_on_submit():
        details = services.AuthorisationDetails(dates_form.authorised_from.data, dates_form.authorised_until.data,
                                                dates_form.resolution.data)
        try:
            services.update_authorisation(membership, details, by=current_user)
        except services.DatesOutOfOrder:
            dates_form.authorised_until.errors.append(_("La fecha final no puede ser anterior a la inicial."))
        else:
            flash(_("Guardamos las fechas de la autorización."), "success")
            return redirect(url_for("brands.authorisation", slug=brand.slug, membership_id=membership.id))
    return _authorisation_page(brand, membership, dates_form, ReasonForm(), status_for(dates_form))


AUTHORISATION_MOVES = {
    "suspend": BrandMembershipStatus.SUSPENDED,
    "end": BrandMembershipStatus.ENDED,
    "reinstate": BrandMembershipStatus.ACTIVE,
}


@bp.post("/steward/brands/<slug>/authorisations/<int:membership_id>/<any(suspend, end, reinstate):action>")
@login_required
def change_authorisation(slug, membership_id, action):
    brand = _kept_brand(slug)
    membership = services.membership_for_brand(brand, membership_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _authorisation_page(brand, membership, _dates_form(membership, formdata=None), form, 400)
    expected = BrandMembershipStatus(form.expected.data) if form.expected.data in set(BrandMembershipStatus) else None
    try:
        services.change_authorisation(membership, AUTHORISATION_MOVES[action], by=current_user,
                                      reason=form.reason.data, expected=expected)
    except services.ReasonRequired:
        form.reason.errors.append(_("Escribe el motivo: la organización lo recibirá por correo."))
        return _authorisation_page(brand, membership, _dates_form(membership, formdata=None), form, 422)
    except services.AlreadyDecided as exc:
        flash_already_decided(exc)
    except IllegalTransition:
        flash(_("No se puede: la autorización ya está «%(status)s».", status=AUTHORISATION_LABELS[membership.status]), "error")
    else:
        flash(_("La autorización de «%(name)s» ahora está «%(status)s».", name=membership.organisation.name,
                status=AUTHORISATION_LABELS[membership.status]), "success")
    return redirect(url_for("brands.authorisation", slug=brand.slug, membership_id=membership.id))


def _steward_listing_page(brand, listing, form, status=200):
    return render_template(
        "brands/review.html",
        context=services.review_context(listing),
        form=form,
        role="steward",
        can_act=services.is_steward(current_user, brand) and listing.state == ListingState.SUBMITTED,
        rules_url=services.rules_document_url(brand),
    ), status


@bp.get("/steward/brands/<slug>/listings/<int:listing_id>")
@login_required
def steward_listing(slug, listing_id):
    brand = _kept_brand(slug)
    listing = services.listing_for_brand(brand, listing_id)
    return _steward_listing_page(brand, listing, ReasonForm(expected=listing.state.value))


@bp.post("/steward/brands/<slug>/listings/<int:listing_id>/<any(check, 'send-back'):action>")
@login_required
def steward_decide(slug, listing_id, action):
    brand = _kept_brand(slug)
    listing = services.listing_for_brand(brand, listing_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _steward_listing_page(brand, listing, form, 400)
    expected = ListingState(form.expected.data) if form.expected.data in set(ListingState) else ListingState.SUBMITTED
    try:
        services.steward_check(listing, by=current_user, meets_rules=action == "check", reason=form.reason.data,
                               expected=expected)
    except services.ReasonRequired:
        form.reason.errors.append(_("Escribe qué debe corregir: el productor lo recibirá por correo."))
        return _steward_listing_page(brand, listing, form, 422)
    except services.AlreadyDecided as exc:
        flash_already_decided(exc)
        return redirect(url_for("brands.steward_listing", slug=brand.slug, listing_id=listing.id))
    except services.OwnListing:
        flash(_("No puedes revisar un producto de tu propia organización: pide a otra persona encargada de la marca que lo haga."), "error")
        return redirect(url_for("brands.steward_listing", slug=brand.slug, listing_id=listing.id))
    except (services.NotYourMove, IllegalTransition):
        flash(_("Solo las personas encargadas de la marca pueden dar la primera revisión."), "error")
        return redirect(url_for("brands.steward_listing", slug=brand.slug, listing_id=listing.id))
    if action == "check":
        flash(_("Marcaste «%(product)s» como conforme al reglamento. Ahora lo revisa el programa.",
                product=product_name(listing.product)), "success")
    else:
        flash(_("Devolviste «%(product)s» con tu motivo.", product=product_name(listing.product)), "success")
    return redirect(url_for("brands.steward_brand", slug=brand.slug))
