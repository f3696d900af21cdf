"""A buyer asks for a sample of a variant ("muestra sin valor comercial") and pays its shipping."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from ..forms import status_for
from ..orders import access
from ..orders.checkout import InvalidAddress, OutOfStock, PaymentMethodUnavailable, card_payments_enabled
from ..orders.forms import CheckoutForm
from ..orders.models import PaymentMethod
from ..orders.shipping import Destination, parcel_rate
from ..orders.signals import wanted_credit
from ..orders.views import allow_card_checkout
from ..payments.views import go_to_card_checkout
from . import samples
from .blueprint import bp


def quote_url(product) -> str | None:
    """Where the buyer asks the same producer for a wholesale quote of this product."""
    try:
        return url_for("wholesale.request_quote", slug=product.organisation.slug, producto=product.slug)
    except BuildError:
        return None


def _limit_message(error: samples.SampleLimitReached) -> str:
    if error.next_on is None:
        return _("Ya tienes una muestra de este producto en curso (pedido %(reference)s). Puedes pedir otra cuando termine.",
                 reference=error.earlier.reference)
    return _("Ya pediste una muestra de este producto (pedido %(reference)s). Puedes pedir otra desde el %(day)s.",
             reference=error.earlier.reference, day=format_date(error.next_on, "long"))


@bp.route("/muestras/<int:variant_id>", methods=["GET", "POST"])
def request_sample(variant_id):
    try:
        variant = samples.sample_variant(variant_id)
    except samples.NoSamples:
        abort(404)
    buyer = current_user if current_user.is_authenticated else None
    form = CheckoutForm()
    if request.method == "GET" and buyer is not None:
        form.email.data, form.name.data, form.phone.data = buyer.email, buyer.name, buyer.phone
    form.prepare(card_enabled=card_payments_enabled())
    refused = False
    if "refresh_places" not in request.form and form.validate_on_submit():
        try:
            order = samples.request_sample(samples.SampleRequest(
                variant_id=variant.id, delivery=form.delivery(), payment_method=PaymentMethod(form.payment_method.data),
                buyer=buyer, locale=str(get_locale() or "es"), note=form.note.data, credit=wanted_credit(buyer),
            ))
        except samples.NoSamples:
            abort(404)
        except samples.SampleLimitReached as error:
            flash(_limit_message(error), "error")
            refused = True
        except OutOfStock:
            flash(_("Se acabaron las unidades de esta variante: ya no podemos enviar una muestra."), "error")
            refused = True
        except PaymentMethodUnavailable:
            form.payment_method.errors.append(_("El pago con tarjeta no está disponible ahora. Elige transferencia o Yape."))
        except InvalidAddress:
            form.district.errors.append(_("Revisa la dirección de entrega."))
        else:
            if order.pays_by_card and order.is_awaiting_payment:
                return go_to_card_checkout(order)
            return redirect(url_for("orders.detail", reference=order.reference, t=access.access_token(order)))
    shipping = parcel_rate(Destination.PERU if form.in_peru else Destination.ABROAD)
    code = 422 if refused else status_for(form)
    page = render_template("wholesale/sample.html", form=form, variant=variant, product=variant.product,
                           shipping=shipping, limit_days=samples.limit_days(), quote_url=quote_url(variant.product))
    return allow_card_checkout(current_app.make_response((page, code)))
