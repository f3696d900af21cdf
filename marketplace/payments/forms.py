"""Staff decisions on an order's money: a transfer arrived, an unpaid order cancelled, a refund."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ConfirmTransferForm(FlaskForm):
    amount = StringField(_l("Monto recibido (S/)"), validators=[DataRequired(_l("Escribe el monto que llegó."))])
    bank_reference = StringField(_l("N° de operación"), validators=[
        DataRequired(_l("Escribe el número de operación del banco o de Yape.")), Length(max=80)])


class StaffCancelForm(FlaskForm):
    reason = TextAreaField(_l("Motivo"), validators=[DataRequired(_l("Escribe el motivo.")), Length(max=500)])


class RefundForm(FlaskForm):
    reason = TextAreaField(_l("Motivo"), validators=[DataRequired(_l("Escribe el motivo del reembolso.")), Length(max=500)])
    bank_reference = StringField(_l("N° de operación de la devolución (transferencias)"),
                                 validators=[Optional(), Length(max=80)])
