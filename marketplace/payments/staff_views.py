"""The staff's order desk: every order, confirming transfers and Yape payments, cancelling and
refunding. It lives with payments because every decision on it is about an order's money."""
from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import staff_required
from ..money import Money
from ..orders import access
from ..orders.models import OrderStatus
from ..orders.queries import with_details
from . import manual, queries
from .expiry import AlreadyPaid, NotCancellable, cancel_unpaid_order, expire_unpaid_orders
from .forms import ConfirmTransferForm, RefundForm, StaffCancelForm
from .gateway import PaymentUnavailable
from .refunds import NotRefundable, refund_order

bp = Blueprint("orders_staff", __name__, url_prefix="/staff/orders")
log = logging.getLogger(__name__)


def _order(reference: str):
    return access.order_by_reference(reference)


def _page(order, **forms):
    forms.setdefault("confirm_form", ConfirmTransferForm(formdata=None, amount=order.total.to_decimal()))
    forms.setdefault("cancel_form", StaffCancelForm(formdata=None))
    forms.setdefault("refund_form", RefundForm(formdata=None))
    status = 422 if any(f.errors for f in forms.values()) else 200
    return render_template("orders/staff_order.html", order=with_details(order), **forms), status


def _back(order):
    return redirect(url_for("orders_staff.detail", reference=order.reference))


@bp.get("/")
@staff_required
def index():
    # Each staff visit also ends unpaid orders whose window has passed (the job worker does it every minute).
    report = expire_unpaid_orders()
    if report.expired:
        log.info("staff visit expired %s", report.expired)
    status = request.args.get("status")
    orders = queries.staff_orders(
        status=OrderStatus(status) if status in {s.value for s in OrderStatus} else None,
        flagged=request.args.get("flagged") == "1", reference=request.args.get("q"),
    )
    return render_template("orders/staff_orders.html", orders=orders, status=status,
                           flagged=queries.flagged_count(), statuses=list(OrderStatus))


@bp.get("/<reference>")
@staff_required
def detail(reference):
    return _page(_order(reference))


@bp.post("/<reference>/confirm-transfer")
@staff_required
def confirm_transfer(reference):
    order = _order(reference)
    form = ConfirmTransferForm()
    if not form.validate_on_submit():
        return _page(order, confirm_form=form)
    try:
        amount = Money.parse(form.amount.data, order.currency)
    except ValueError:
        form.amount.errors.append(_("Escribe el monto con números, como 125.50."))
        return _page(order, confirm_form=form)
    try:
        manual.confirm_transfer(order, amount=amount, bank_reference=form.bank_reference.data, by=current_user)
    except manual.AmountMismatch as exc:
        form.amount.errors.append(_("Llegó %(got)s pero el pedido es de %(expected)s. No lo confirmes: escribe a quien compró.",
                                    got=exc.got.format(), expected=exc.expected.format()))
        return _page(order, confirm_form=form)
    except manual.NotAwaitingTransfer:
        flash(_("Este pedido no está esperando una transferencia: revisa su estado."), "error")
    else:
        flash(_("Pago confirmado. Avisamos a quien compró y a los productores."), "success")
    return _back(order)


@bp.post("/<reference>/cancel")
@staff_required
def cancel(reference):
    order = _order(reference)
    form = StaffCancelForm()
    if not form.validate_on_submit():
        return _page(order, cancel_form=form)
    try:
        cancel_unpaid_order(order, by=current_user, staff=True, reason=form.reason.data)
    except AlreadyPaid:
        flash(_("Stripe dice que este pedido ya se pagó o se está pagando. Si hay que devolver el dinero, reembólsalo."), "error")
    except NotCancellable:
        flash(_("Solo un pedido sin pagar se cancela así; uno pagado se reembolsa."), "error")
    except PaymentUnavailable:
        flash(_("No pudimos hablar con Stripe. Inténtalo de nuevo en unos minutos."), "error")
    else:
        flash(_("Pedido cancelado; su stock volvió a estar disponible."), "success")
    return _back(order)


@bp.post("/<reference>/refund")
@staff_required
def refund(reference):
    order = _order(reference)
    form = RefundForm()
    if not form.validate_on_submit():
        return _page(order, refund_form=form)
    try:
        refund_order(order, by=current_user, reason=form.reason.data, bank_reference=form.bank_reference.data)
    except NotRefundable:
        flash(_("Solo un pedido pagado se puede reembolsar."), "error")
    except PaymentUnavailable:
        flash(_("Stripe no aceptó el reembolso o no respondió; no cambiamos nada. Inténtalo de nuevo."), "error")
    else:
        flash(_("Reembolso hecho. Avisamos a quien compró."), "success")
    return _back(order)
