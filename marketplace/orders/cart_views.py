"""The cart page. A guest's cart lives in the session, a signed-in buyer's in the database;
signing in merges the first into the second. Checkout is payments' page (payments/views.py)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, user_logged_in

from ..catalogue.units import units
from ..extensions import csrf
from . import cart
from .forms import AddToCartForm, CartLineForm
from .shipping import Destination
from .views import SESSION_ORDERS

bp = Blueprint("cart", __name__)

SESSION_CART = "cart"
REMEMBERED_ORDERS = 20


# Where the cart is kept -----------------------------------------------------------------------


def _session_items() -> cart.CartItems:
    raw = session.get(SESSION_CART) or {}
    items = {}
    for key, quantity in raw.items():
        if str(key).isdigit() and isinstance(quantity, int) and 0 < quantity <= cart.LARGEST_QUANTITY:
            items[int(key)] = quantity
    return items


def current_items() -> cart.CartItems:
    if current_user.is_authenticated:
        return cart.items_of(current_user)
    return _session_items()


def store_items(items: cart.CartItems) -> None:
    if current_user.is_authenticated:
        cart.save_items(current_user, items)
    else:
        session[SESSION_CART] = {str(k): v for k, v in items.items()}


def remember_order(reference: str) -> None:
    remembered = [r for r in session.get(SESSION_ORDERS, []) if r != reference]
    session[SESSION_ORDERS] = (remembered + [reference])[-REMEMBERED_ORDERS:]


def _merge_guest_cart(app, user, **extra) -> None:
    guest = _session_items()
    session.pop(SESSION_CART, None)
    if guest:
        cart.merge_into(user, guest)


@bp.record_once
def _connect_signals(state) -> None:
    user_logged_in.connect(_merge_guest_cart, state.app)


@bp.app_context_processor
def cart_helpers():
    def cart_count() -> int:
        return sum(current_items().values())

    return {"cart_count": cart_count}


# The cart page --------------------------------------------------------------------------------


def priced_and_cleaned(destination=Destination.PERU) -> cart.PricedCart:
    """Price the cart; anything no longer for sale is taken out and the buyer told."""
    items = current_items()
    priced = cart.price_cart(items, destination)
    if priced.removed:
        store_items(priced.items)
        names = ", ".join(name for name in priced.removed if name) or _("un producto")
        flash(_("Quitamos del carrito lo que ya no está a la venta: %(names)s.", names=names), "info")
    return priced


@bp.get("/cart")
def show():
    return render_template("orders/cart.html", cart=priced_and_cleaned(), line_form=CartLineForm())


@bp.post("/cart/add")
@csrf.exempt  # see AddToCartForm
def add():
    form = AddToCartForm()
    if not form.validate_on_submit():
        if form.quantity.errors:
            flash(_("Escribe una cantidad entre 1 y %(max)d.", max=cart.quantity_limit_of(form.variant_id.data)), "error")
        else:
            flash(" ".join(str(e) for errors in form.errors.values() for e in errors) or _("Revisa la cantidad."), "error")
        return redirect(request.referrer or url_for("cart.show"))
    try:
        store_items(cart.add_item(current_items(), form.variant_id.data, form.quantity.data,
                                  wholesale=form.wholesale.data == "1"))
    except cart.NotForSale:
        abort(404)
    except cart.InvalidQuantity as exc:
        flash(_("Escribe una cantidad entre 1 y %(max)d.", max=exc.maximum), "error")
    except cart.BelowWholesaleMinimum as exc:
        flash(_("El precio por mayor es desde %(quantity)s. Escribe esa cantidad o más, o compra al precio de siempre.",
                quantity=units(exc.variant.unit, exc.minimum)), "error")
    except cart.NotEnoughStock as exc:
        flash(_("No hay tantas unidades: puedes añadir hasta %(n)d más.", n=exc.available)
              if exc.available else _("Ya tienes en el carrito todas las unidades disponibles."), "error")
    else:
        flash(_("Lo añadimos a tu carrito."), "success")
    return redirect(url_for("cart.show"))


@bp.post("/cart/update")
def update():
    form = CartLineForm()
    if not form.validate_on_submit():
        flash(_("Escribe una cantidad entre 0 y %(max)d.", max=cart.quantity_limit_of(form.variant_id.data)), "error")
        return redirect(url_for("cart.show"))
    try:
        store_items(cart.set_quantity(current_items(), form.variant_id.data, form.quantity.data))
    except cart.NotForSale:
        store_items({k: v for k, v in current_items().items() if k != form.variant_id.data})
        flash(_("Ese producto ya no está a la venta; lo quitamos del carrito."), "info")
    except cart.InvalidQuantity as exc:
        flash(_("Escribe una cantidad entre 0 y %(max)d.", max=exc.maximum), "error")
    except cart.NotEnoughStock as exc:
        flash(ngettext("Solo queda %(num)d unidad.", "Solo quedan %(num)d unidades.", exc.available), "error")
    return redirect(url_for("cart.show"))
