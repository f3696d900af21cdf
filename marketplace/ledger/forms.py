"""The ledger: what paid orders earned each producer, the commission, and what was paid out."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Form, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..catalogue.fields import DayField
from .export import Period


class PayoutForm(FlaskForm):
    paid_on = DateField(_l("Fecha del pago"), validators=[DataRequired(_l("Escribe la fecha en que se hizo el pago."))])
    amount = StringField(_l("Monto pagado (S/)"), validators=[DataRequired(_l("Escribe el monto pagado."))])
    bank_reference = StringField(_l("N° de operación del banco"), validators=[
        DataRequired(_l("Escribe el número de operación del banco.")), Length(max=80)])
    note = TextAreaField(_l("Nota (opcional)"), validators=[Optional(), Length(max=500)])


class PeriodForm(Form):
    """The days of a ledger download, from the query string (a GET changes nothing: no CSRF)."""

    start = DayField(_l("Desde"), validators=[Optional()])
    end = DayField(_l("Hasta"), validators=[Optional()])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("La fecha final es anterior a la inicial. Revisa las fechas."))

    def period(self, today) -> Period:
        """The days to download (call after validate): this month when no date is given."""
        return Period.chosen(self.start.data, self.end.data, today)
