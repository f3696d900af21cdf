"""The buyer's order pages: the order (by reference, with a signed link for guests), history,
paying by card again, cancelling an unpaid order."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..payments.card import NotPayable, confirm_checkout_session, start_card_payment
from ..payments.expiry import AlreadyPaid, NotCancellable, cancel_unpaid_order
from ..payments.gateway import PaymentUnavailable
from ..web.security import CONTENT_SECURITY_POLICY
from . import access, queries
from .checkout import card_payments_enabled
from .labels import order_labels

bp = Blueprint("orders", __name__, url_prefix="/orders")
SESSION_ORDERS = "orders"  # references this browser placed, so a guest sees them without the link


@bp.record_once
def _register_labels(state) -> None:
    # Globals rather than a context processor: emails are rendered outside requests too (cron).
    state.app.jinja_env.globals.update(order_labels())


def allow_card_checkout(response):
    """Let this page's forms lead to Stripe's Checkout page (CSP form-action covers redirects)."""
    origin = current_app.config["STRIPE_CHECKOUT_ORIGIN"]
    directives = [f"{d} {origin}" if d.startswith("form-action") and origin not in d else d
                  for d in CONTENT_SECURITY_POLICY.split("; ")]
    response.headers["Content-Security-Policy"] = "; ".join(directives)
    return response


def _viewable(reference: str):
    try:
        return access.order_for_viewer(
            reference, user=current_user, token=request.values.get("t"),
            remembered=session.get(SESSION_ORDERS, []),
        )
    except access.NotFound:
        abort(404)


def _to_order(order):
    return redirect(url_for("orders.detail", reference=order.reference, t=access.access_token(order)))


def go_to_card_checkout(order):
    """Send the buyer to Stripe's Checkout page for this order, or back to the order if it cannot."""
    token = access.access_token(order)
    try:
        url = start_card_payment(
            order,
            success_url=url_for("orders.card_return", reference=order.reference, t=token, _external=True),
            cancel_url=url_for("orders.detail", reference=order.reference, t=token, _external=True),
        )
    except PaymentUnavailable:
        flash(_("No pudimos abrir el pago con tarjeta. Tu pedido está reservado: inténtalo de nuevo en unos minutos."), "error")
        return _to_order(order)
    except NotPayable:
        return _to_order(order)
    return redirect(url, 303)


@bp.get("/")
@login_required
def history():
    return render_template("orders/history.html", orders=queries.orders_of(current_user))


@bp.get("/<reference>")
def detail(reference):
    order = queries.with_details(_viewable(reference))
    response = current_app.make_response(render_template(
        "orders/detail.html", order=order, token=access.access_token(order),
        card_enabled=card_payments_enabled(), bank=queries.bank_details(),
    ))
    return allow_card_checkout(response)


@bp.post("/<reference>/pay")
def pay(reference):
    order = _viewable(reference)
    if not card_payments_enabled():
        abort(404)
    return go_to_card_checkout(order)


@bp.get("/<reference>/card-return")
def card_return(reference):
    """Stripe sends the buyer back here; ask Stripe (never the browser) whether they paid."""
    order = _viewable(reference)
    payment = order.payment
    if order.is_awaiting_payment and payment is not None and payment.stripe_session_id and card_payments_enabled():
        try:
            confirm_checkout_session(payment.stripe_session_id, source="return_page")
        except PaymentUnavailable:
            flash(_("Todavía no recibimos la confirmación del pago. Te escribiremos en cuanto llegue."), "info")
    return _to_order(order)


@bp.post("/<reference>/cancel")
def cancel(reference):
    order = _viewable(reference)
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
    return _to_order(order)
