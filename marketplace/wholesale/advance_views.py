"""Staff record advances paid to producers on wholesale orders."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..accounts.access import staff_required
from ..catalogue.fields import DayField
from ..clock import lima_today
from ..money import Money
from . import advances, quotes
from .blueprint import bp
from .quotes_forms import AmountField


class AdvanceForm(FlaskForm):
    amount = AmountField(_l("Monto del adelanto (S/)"), validators=[DataRequired(_l("Escribe el monto pagado."))])
    paid_on = DayField(_l("Fecha del pago"), validators=[DataRequired(_l("Escribe la fecha del pago."))])
    bank_reference = StringField(_l("N° de operación"), validators=[
        DataRequired(_l("Escribe el número de operación del banco.")), Length(max=80)])


def _message(error: advances.AdvanceError) -> str:
    return {
        "too_much": lambda: _("El adelanto acordado es de %(limit)s como máximo.", limit=error.limit.format()),
        "not_paid": lambda: _("El comprador todavía no pagó el pedido: el adelanto se registra después."),
        "already": lambda: _("Ya se registró el adelanto de este productor para este pedido."),
        "not_positive": lambda: _("Escribe un monto mayor que cero."),
    }.get(error.why, lambda: _("Este pedido no tiene adelanto acordado."))()


@bp.get("/staff/advances")
@staff_required
def advance_list():
    items = [(q, advances.shares(q)) for q in advances.with_advances()]
    return render_template("wholesale/quotes/advances.html", items=items, form=AdvanceForm(), today=lima_today())


@bp.post("/staff/advances/<reference>/<int:organisation_id>")
@staff_required
def record_advance(reference, organisation_id):
    quote_request = quotes.by_reference(reference)
    form = AdvanceForm()
    if not form.validate():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("wholesale.advance_list"))
    try:
        advances.record_advance(quote_request, organisation_id, amount=Money(form.amount.amount, "PEN"),
                                paid_on=form.paid_on.data, bank_reference=form.bank_reference.data, by=current_user)
    except advances.AdvanceError as error:
        flash(_message(error), "error")
    else:
        flash(_("Registramos el adelanto."), "success")
    return redirect(url_for("wholesale.advance_list"))
