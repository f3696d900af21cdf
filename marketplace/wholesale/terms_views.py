"""A producer sets a variant's wholesale terms on their phone: unit, tiers, minimum, lead time,
samples."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..catalogue import services as catalogue
from ..catalogue.fields import price_text
from ..catalogue.models import SaleUnit
from ..forms import status_for
from ..money import Money
from . import terms
from .blueprint import bp
from .forms import TERMS_PROBLEMS, TermsForm


def _form_for(variant) -> TermsForm:
    current = terms.terms_of(variant)
    rows = [{"min_quantity": t.min_quantity, "price": price_text(t.price)} for t in current.tiers]
    return TermsForm(data={
        "unit": current.unit.value, "minimum": current.minimum, "lead_time_days": current.lead_time_days,
        "tiers": rows + [{}] * (terms.MAX_TIERS - len(rows)),
        "offers_samples": current.sample_price is not None,
        "sample_price": price_text(current.sample_price) if current.sample_price else "",
    })


def _terms_from(form: TermsForm, variant) -> terms.WholesaleTerms:
    tiers = [terms.Tier(row.min_quantity.data, row.price.money) for row in form.tiers
             if row.min_quantity.data is not None and row.price.money is not None]
    sample_price = None
    if form.offers_samples.data:
        sample_price = form.sample_price.money or Money(0, variant.currency)
    return terms.WholesaleTerms(unit=SaleUnit(form.unit.data), minimum=form.minimum.data,
                                lead_time_days=form.lead_time_days.data, tiers=tiers, sample_price=sample_price)


def _show_problem(form: TermsForm, error: terms.InvalidTerms) -> None:
    message = str(TERMS_PROBLEMS[error.problem])
    if error.tier is not None:
        # The tier as the producer typed it: the n-th filled row.
        filled = [row for row in form.tiers if row.min_quantity.data is not None]
        filled[error.tier].min_quantity.errors = [*filled[error.tier].min_quantity.errors, message]
    elif error.problem in ("minimum", "lead_time", "sample_price"):
        target = {"minimum": form.minimum, "lead_time": form.lead_time_days, "sample_price": form.sample_price}[error.problem]
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)


@bp.route("/producer/products/<int:product_id>/variants/<int:variant_id>/wholesale", methods=["GET", "POST"])
@login_required
def variant_terms(product_id, variant_id):
    product = catalogue.product_for_member(current_user, product_id)
    variant = catalogue.variant_of(product, variant_id)
    form = TermsForm() if request.method == "POST" else _form_for(variant)
    code = 200
    if form.validate_on_submit():
        try:
            terms.set_terms(variant, _terms_from(form, variant), by=current_user)
        except terms.InvalidTerms as exc:
            _show_problem(form, exc)
            code = 422
        else:
            flash(_("Guardamos las condiciones por mayor."), "success")
            return redirect(url_for("catalogue.variants", product_id=product.id))
    else:
        code = status_for(form)
    return render_template("wholesale/terms.html", product=product, variant=variant, form=form), code
