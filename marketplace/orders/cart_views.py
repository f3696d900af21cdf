"""The cart and checkout pages. A guest's cart lives in the session, a signed-in buyer's in the
database; signing in merges the first into the second."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in

from ..extensions import csrf
from ..web.forms import status_for
from . import cart
from .access import access_token
from .checkout import (
    CartChanged, CheckoutRequest, Delivery, EmptyCart, InvalidAddress, OutOfStock, PaymentMethodUnavailable,
    TokenReused, card_payments_enabled, new_checkout_token, place_order,
)
from .forms import AddToCartForm, CartLineForm, CheckoutForm
from .models import PaymentMethod
from .signals import checkout_credit_wanted
from .shipping import Destination
from .views import SESSION_ORDERS, allow_card_checkout, go_to_card_checkout

bp = Blueprint("cart", __name__)

SESSION_CART = "cart"
REMEMBERED_ORDERS = 20


# Where the cart is kept -----------------------------------------------------------------------


def _session_items() -> cart.CartItems:
    raw = session.get(SESSION_CART) or {}
    items = {}
    for key, quantity in raw.items():
        if str(key).isdigit() and isinstance(quantity, int) and 0 < quantity <= cart.MAX_QUANTITY:
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


def _priced_and_cleaned(destination=Destination.PERU) -> cart.PricedCart:
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
    return render_template("orders/cart.html", cart=_priced_and_cleaned(), line_form=CartLineForm())


@bp.post("/cart/add")
@csrf.exempt  # see AddToCartForm
def add():
    form = AddToCartForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors) or _("Revisa la cantidad."), "error")
        return redirect(request.referrer or url_for("cart.show"))
    try:
        store_items(cart.add_item(current_items(), form.variant_id.data, form.quantity.data))
    except cart.NotForSale:
        abort(404)
    except cart.InvalidQuantity:
        flash(_("Escribe una cantidad entre 1 y %(max)d.", max=cart.MAX_QUANTITY), "error")
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
        flash(_("Escribe una cantidad entre 0 y %(max)d.", max=cart.MAX_QUANTITY), "error")
        return redirect(url_for("cart.show"))
    try:
        store_items(cart.set_quantity(current_items(), form.variant_id.data, form.quantity.data))
    except cart.NotForSale:
        store_items({k: v for k, v in current_items().items() if k != form.variant_id.data})
        flash(_("Ese producto ya no está a la venta; lo quitamos del carrito."), "info")
    except cart.InvalidQuantity:
        flash(_("Escribe una cantidad entre 0 y %(max)d.", max=cart.MAX_QUANTITY), "error")
    except cart.NotEnoughStock as exc:
        flash(ngettext("Solo queda %(num)d unidad.", "Solo quedan %(num)d unidades.", exc.available), "error")
    return redirect(url_for("cart.show"))


# Checkout -------------------------------------------------------------------------------------


def _delivery(form: CheckoutForm) -> Delivery:
    in_peru = form.in_peru
    return Delivery(
        email=form.email.data, name=form.name.data, phone=form.phone.e164, address_line=form.address_line.data,
        address_reference=(form.address_reference.data or "").strip() or None,
        country="PE" if in_peru else form.country.data, district_code=form.district.data if in_peru else None,
        city=None if in_peru else form.city.data.strip(), region=None if in_peru else (form.state.data or None),
        postal_code=None if in_peru else (form.postal_code.data or None),
    )


def _fair_credit(buyer):
    """The credit a listener (the fairs feature) finds for this visit, or None."""
    answers = checkout_credit_wanted.send(current_app._get_current_object(), buyer=buyer)
    return next((credit for _receiver, credit in answers if credit is not None), None)


def _place(form: CheckoutForm):
    buyer = current_user if current_user.is_authenticated else None
    return place_order(CheckoutRequest(
        items=current_items(), delivery=_delivery(form), payment_method=PaymentMethod(form.payment_method.data),
        token=form.checkout_token.data, buyer=buyer, note=form.note.data, locale=str(get_locale() or "es"),
        credit=_fair_credit(buyer),
    ))


def _after_placing(order):
    store_items({})
    remember_order(order.reference)
    if order.pays_by_card and order.is_awaiting_payment:
        return go_to_card_checkout(order)
    return redirect(url_for("orders.detail", reference=order.reference, t=access_token(order)))


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
    priced = _priced_and_cleaned(destination)
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
