"""The buyer's way to pay: checkout, paying by card (again), the return from Stripe, cancelling an
unpaid order; and Stripe's webhook endpoint.

These pages place and cancel orders through the orders services and add what only payments
know: Stripe Checkout.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import csrf
from ..forms import status_for
from ..orders import access
from ..orders.cart_views import current_items, priced_and_cleaned, remember_order, store_items
from ..orders.checkout import (
    CartChanged, CheckoutRequest, EmptyCart, InvalidAddress, OutOfStock, PaymentMethodUnavailable,
    TokenReused, card_payments_enabled, new_checkout_token, place_order,
)
from ..orders.forms import CheckoutForm
from ..orders.models import PaymentMethod
from ..orders.shipping import Destination
from ..orders.signals import wanted_credit
from ..orders.views import allow_card_checkout, to_order, viewable
from .card import NotPayable, confirm_checkout_session, start_card_payment
from .expiry import AlreadyPaid, NotCancellable, cancel_unpaid_order
from .gateway import PaymentUnavailable
from .labels import PAYMENT_STATUS_LABELS
from .webhooks import InvalidWebhook, handle_webhook

bp = Blueprint("payments", __name__)


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals["PAYMENT_STATUS_LABELS"] = PAYMENT_STATUS_LABELS


def go_to_card_checkout(order):
    """Send the buyer to Stripe's Checkout page for this order, or back to the order if it cannot."""
    token = access.access_token(order)
    try:
        url = start_card_payment(
            order,
            success_url=url_for("payments.card_return", reference=order.reference, t=token, _external=True),
            cancel_url=url_for("orders.detail", reference=order.reference, t=token, _external=True),
        )
    except PaymentUnavailable:
        flash(_("No pudimos abrir el pago con tarjeta. Tu pedido está reservado: inténtalo de nuevo en unos minutos."), "error")
        return to_order(order)
    except NotPayable:
        return to_order(order)
    return redirect(url, 303)


# Checkout -------------------------------------------------------------------------------------


def _place(form: CheckoutForm):
    buyer = current_user if current_user.is_authenticated else None
    return place_order(CheckoutRequest(
        items=current_items(), delivery=form.delivery(), payment_method=PaymentMethod(form.payment_method.data),
        token=form.checkout_token.data, buyer=buyer, note=form.note.data, locale=str(get_locale() or "es"),
        credit=wanted_credit(buyer),
    ))


def _after_placing(order):
    store_items({})
    remember_order(order.reference)
    if order.pays_by_card and order.is_awaiting_payment:
        return go_to_card_checkout(order)
    return redirect(url_for("orders.detail", reference=order.reference, t=access.access_token(order)))


def _prefill(form: CheckoutForm) -> None:
    form.checkout_token.data = new_checkout_token()
    if current_user.is_authenticated:
        form.email.data, form.name.data, form.phone.data = current_user.email, current_user.name, current_user.phone


@bp.route("/checkout", methods=["GET", "POST"])
def checkout():
    form = CheckoutForm()
    if request.method == "GET":
        _prefill(form)
    form.prepare(card_enabled=card_payments_enabled())
    destination = Destination.PERU if form.in_peru else Destination.ABROAD
    priced = priced_and_cleaned(destination)
    if priced.removed or (priced.is_empty and request.method == "GET"):
        return redirect(url_for("cart.show"))
    if "refresh_places" not in request.form and form.validate_on_submit():
        if not form.checkout_token.data:
            abort(400)
        try:
            return _after_placing(_place(form))
        except (CartChanged, EmptyCart):
            flash(_("Tu carrito cambió. Revísalo antes de pagar."), "info")
            return redirect(url_for("cart.show"))
        except OutOfStock:
            flash(_("Alguien se adelantó: ya no quedan suficientes unidades de algo de tu carrito. Revisa las cantidades."), "error")
            return redirect(url_for("cart.show"))
        except PaymentMethodUnavailable:
            form.payment_method.errors.append(_("El pago con tarjeta no está disponible ahora. Elige transferencia o Yape."))
        except InvalidAddress:
            form.district.errors.append(_("Revisa la dirección de entrega."))
        except TokenReused:
            abort(400)
    response = current_app.make_response(
        (render_template("orders/checkout.html", form=form, cart=priced), status_for(form))
    )
    return allow_card_checkout(response)


# An order waiting for its money ---------------------------------------------------------------


@bp.post("/orders/<reference>/pay")
def pay(reference):
    order = viewable(reference)
    if not card_payments_enabled():
        abort(404)
    return go_to_card_checkout(order)


@bp.get("/orders/<reference>/card-return")
def card_return(reference):
    """Stripe sends the buyer back here; ask Stripe (never the browser) whether they paid."""
    order = viewable(reference)
    payment = order.payment
    if order.is_awaiting_payment and payment is not None and payment.stripe_session_id and card_payments_enabled():
        try:
            confirm_checkout_session(payment.stripe_session_id, source="return_page")
        except PaymentUnavailable:
            flash(_("Todavía no recibimos la confirmación del pago. Te escribiremos en cuanto llegue."), "info")
    return to_order(order)


@bp.post("/orders/<reference>/cancel")
def cancel(reference):
    order = viewable(reference)
    try:
        cancel_unpaid_order(order, by=current_user if current_user.is_authenticated else None)
    except AlreadyPaid:
        flash(_("Este pedido ya está pagado o su pago está en proceso: no se puede cancelar desde aquí. Escríbenos si necesitas ayuda."), "error")
    except NotCancellable:
        flash(_("Este pedido ya no se puede cancelar."), "error")
    except PaymentUnavailable:
        flash(_("No pudimos cancelar el pago con tarjeta en este momento. Inténtalo de nuevo en unos minutos."), "error")
    else:
        flash(_("Cancelaste el pedido %(reference)s.", reference=order.reference), "success")
    return to_order(order)


# Stripe ---------------------------------------------------------------------------------------


@bp.post("/payments/stripe/webhook")
@csrf.exempt  # Stripe cannot send our CSRF token; the signature stands in for it
def stripe_webhook():
    try:
        outcome = handle_webhook(request.get_data(), request.headers.get("Stripe-Signature"))
    except InvalidWebhook:
        return jsonify(error="invalid signature"), 400
    except PaymentUnavailable:
        # Stripe cannot be asked about the session right now; it will deliver the event again.
        return jsonify(error="try again"), 503
    return jsonify(received=True, outcome=outcome)
