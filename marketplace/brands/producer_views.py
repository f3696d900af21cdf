"""Producers: claim a brand on a product, send it for review, follow it, withdraw it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

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


@bp.post("/producer/brands/claims")
@login_required
def claim():
    form = ClaimForm()
    if not form.validate_on_submit():
        return _claims_page(form, status_for(form) if status_for(form) != 200 else 400)
    product = db.session.get(Product, form.product.data) or abort(404)
    brand = services.brand_by_id(form.brand.data)
    try:
        listing = services.claim_brand(product, brand, by=current_user)
    except services.NotAuthorised:
        form.brand.errors.append(_("Tu organización no está autorizada hoy para usar «%(brand)s». Pide la autorización a la asociación titular de la marca.", brand=brand.name))
        return _claims_page(form, 422)
    except services.AlreadyClaimed as exc:
        flash(_("Este producto ya solicita esa marca."), "info")
        return redirect(url_for("brands.producer_listing", listing_id=exc.listing.id))
    flash(_("Guardamos tu solicitud de «%(brand)s» para «%(product)s». Envíala a revisión cuando esté lista.",
            brand=brand.name, product=product_name(product)), "success")
    return redirect(url_for("brands.producer_listing", listing_id=listing.id))


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
