"""A producer's parcels, on the phone: what to pack, ship and mark delivered."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..forms import status_for
from ..status import IllegalTransition
from . import fulfilment as services
from .forms import ShipForm
from .models import Courier

bp = Blueprint("fulfilments", __name__, url_prefix="/producer/fulfilments")


def _own(fulfilment_id: int):
    return services.fulfilment_for_member(current_user, fulfilment_id)


def _back(fulfilment):
    return redirect(url_for("fulfilments.detail", fulfilment_id=fulfilment.id))


@bp.get("/")
@login_required
def inbox():
    done = request.args.get("done") == "1"
    return render_template("orders/fulfilment_inbox.html", fulfilments=services.inbox(current_user, done=done), done=done)


@bp.get("/<int:fulfilment_id>")
@login_required
def detail(fulfilment_id):
    fulfilment = _own(fulfilment_id)
    return render_template("orders/fulfilment.html", fulfilment=fulfilment, ship_form=ShipForm())


@bp.post("/<int:fulfilment_id>/pack")
@login_required
def pack(fulfilment_id):
    fulfilment = _own(fulfilment_id)
    try:
        services.mark_packed(fulfilment, by=current_user)
    except IllegalTransition:
        flash(_("Este envío ya no se puede marcar como empacado."), "error")
    else:
        flash(_("Marcado como empacado. Avisamos a quien compró."), "success")
    return _back(fulfilment)


@bp.post("/<int:fulfilment_id>/ship")
@login_required
def ship(fulfilment_id):
    fulfilment = _own(fulfilment_id)
    form = ShipForm()
    if not form.validate_on_submit():
        return render_template("orders/fulfilment.html", fulfilment=fulfilment, ship_form=form), status_for(form)
    try:
        services.mark_shipped(fulfilment, by=current_user, courier=Courier(form.courier.data),
                              tracking_number=form.tracking_number.data, courier_name=form.courier_name.data)
    except IllegalTransition:
        flash(_("Este envío ya no se puede marcar como enviado."), "error")
    except services.MissingShippingDetails:
        flash(_("Escribe el número de seguimiento y, si elegiste «Otro», el nombre del courier."), "error")
    else:
        flash(_("Marcado como enviado. Enviamos el número de seguimiento a quien compró."), "success")
    return _back(fulfilment)


@bp.post("/<int:fulfilment_id>/deliver")
@login_required
def deliver(fulfilment_id):
    fulfilment = _own(fulfilment_id)
    try:
        services.mark_delivered(fulfilment, by=current_user)
    except IllegalTransition:
        flash(_("Solo un envío ya enviado se puede marcar como entregado."), "error")
    else:
        flash(_("Marcado como entregado. ¡Gracias!"), "success")
    return _back(fulfilment)
