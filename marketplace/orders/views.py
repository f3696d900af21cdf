"""The buyer's order pages: the order (by reference, with a signed link for guests) and history.
Paying and cancelling are payments' pages (payments/views.py)."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from ..content_policy import CONTENT_SECURITY_POLICY
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


def viewable(reference: str):
    """The order if this visitor may see it (their own, a guest's signed link, or placed in this
    browser); 404 otherwise."""
    return access.order_for_viewer(
        reference, user=current_user, token=request.values.get("t"), remembered=session.get(SESSION_ORDERS, []),
    )


def to_order(order):
    return redirect(url_for("orders.detail", reference=order.reference, t=access.access_token(order)))


@bp.get("/")
@login_required
def history():
    return render_template("orders/history.html", orders=queries.orders_of(current_user))


@bp.get("/<reference>")
def detail(reference):
    order = queries.with_details(viewable(reference))
    response = current_app.make_response(render_template(
        "orders/detail.html", order=order, token=access.access_token(order),
        card_enabled=card_payments_enabled(), bank=queries.bank_details(),
    ))
    return allow_card_checkout(response)
