"""Producers: claim a brand on a product, send it for review, follow it, withdraw it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..catalogue.forms import MISSING_LABELS
from ..catalogue.models import Product
from ..extensions import db
from ..forms import status_for
from ..producers.services import organisations_of
from ..status import IllegalTransition
from . import services
from .blueprint import bp, product_name
from .forms import LISTING_STATE_LABELS, MISSING_FOR_REVIEW_LABELS, ClaimForm, ReasonForm
from .models import ListingState, Mover
from .queues import claimable_products


def _claims_page(form: ClaimForm, status: int = 200):
    organisations = organisations_of(current_user)
    ids = [o.id for o in organisations]
    brands_by_org = services.authorised_brands(ids)
    brands = {b.id: b for listed in brands_by_org.values() for b in listed}
    products = [p for p in claimable_products(ids) if brands_by_org.get(p.organisation_id)]
    form.product.choices = [(0, "—")] + [(p.id, product_name(p)) for p in products]
    form.brand.choices = [(0, "—")] + [(b.id, b.name) for b in sorted(brands.values(), key=lambda b: b.name)]
    return render_template(
        "brands/producer_claims.html",
        form=form,
        organisations=organisations,
        brands_by_org=brands_by_org,
        listings=services.producer_listings(ids),
        stewarded=services.stewarded_brands(current_user),
    ), status


@bp.get("/producer/brands/")
@login_required
def producer_claims():
    form = ClaimForm()
    if request.args.get("product", type=int):
        form.product.data = request.args.get("product", type=int)
    return _claims_page(form)


def _flash_not_publishable(exc: services.ProductNotPublishable) -> None:
    flash(_("Solo se puede pedir el sello para un producto listo para publicarse. Falta:"), "error")
    for code in exc.missing:
        flash(str(MISSING_LABELS[code]), "error")


@bp.post("/producer/brands/claims")
@login_required
def claim():
    """Claim a brand on a product and send it to review, in one tap: from "Marcas" (a form that
    picks product and brand) or from the listing's last step (back=review)."""
    form = ClaimForm()
    from_review = request.form.get("back") == "review"
    if not form.validate_on_submit():
        return _claims_page(form, status_for(form) if status_for(form) != 200 else 400)
    product = db.session.get(Product, form.product.data) or abort(404)
    brand = services.brand_by_id(form.brand.data)
    back = url_for("catalogue.review", product_id=product.id) if from_review else None
    try:
        listing = services.request_seal(product, brand, by=current_user)
    except services.NotAuthorised:
        message = _("Tu organización no está autorizada hoy para usar «%(brand)s». Pide la autorización a la asociación titular de la marca.", brand=brand.name)
        if back:
            flash(message, "error")
            return redirect(back)
        form.brand.errors.append(message)
        return _claims_page(form, 422)
    except services.ProductNotPublishable as exc:
        _flash_not_publishable(exc)
        if back:
            return redirect(back)
        return _claims_page(form, 422)
    except services.AlreadyClaimed as exc:
        flash(_("Este producto ya solicita esa marca: está «%(state)s».", state=LISTING_STATE_LABELS[exc.listing.state]), "info")
        return redirect(back or url_for("brands.producer_listing", listing_id=exc.listing.id))
    flash(_("Pediste el sello «%(brand)s» para «%(product)s»: ya está en revisión. Mientras tanto puedes venderlo sin el sello.",
            brand=brand.name, product=product_name(product)), "success")
    return redirect(back or url_for("brands.producer_listing", listing_id=listing.id))


def _member_listing(listing_id: int):
    return services.listing_for_member(current_user, listing_id)


@bp.get("/producer/brands/listings/<int:listing_id>")
@login_required
def producer_listing(listing_id):
    listing = _member_listing(listing_id)
    moves = listing.allowed_moves(Mover.PRODUCER)
    return render_template(
        "brands/producer_listing.html",
        context=services.review_context(listing),
        missing=[str(MISSING_FOR_REVIEW_LABELS[m]) for m in services.missing_for_review(listing.product)],
        can_submit=ListingState.SUBMITTED in moves,
        can_withdraw=ListingState.WITHDRAWN in moves,
        form=ReasonForm(),
    )


@bp.post("/producer/brands/listings/<int:listing_id>/<any(submit, withdraw):action>")
@login_required
def producer_move(listing_id, action):
    listing = _member_listing(listing_id)
    if not ReasonForm().validate_on_submit():
        abort(400)
    try:
        if action == "submit":
            services.submit_listing(listing, by=current_user)
            flash(_("Enviaste «%(product)s» a revisión. Mientras tanto puedes venderlo sin el sello.",
                    product=product_name(listing.product)), "success")
        else:
            services.withdraw_listing(listing, by=current_user)
            flash(_("Retiraste la solicitud del sello."), "success")
    except services.NotAuthorised:
        flash(_("Tu organización no está autorizada hoy para usar «%(brand)s».", brand=listing.brand.name), "error")
    except services.NotReadyForReview as exc:
        flash(_("Antes de enviarlo, agrega: %(missing)s.",
                missing=", ".join(str(MISSING_FOR_REVIEW_LABELS[m]) for m in exc.missing)), "error")
    except IllegalTransition:
        flash(_("No se puede: la solicitud ya está «%(state)s».", state=LISTING_STATE_LABELS[listing.state]), "error")
    return redirect(url_for("brands.producer_listing", listing_id=listing.id))
