from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class PayoutForm(FlaskForm):
    paid_on = DateField(_l("Fecha del pago"), validators=[DataRequired(_l("Escribe la fecha en que se hizo el pago."))])
    amount = StringField(_l("Monto pagado (S/)"), validators=[DataRequired(_l("Escribe el monto pagado."))])
    bank_reference = StringField(_l("N° de operación del banco"), validators=[
        DataRequired(_l("Escribe el número de operación del banco.")), Length(max=80)])
    note = TextAreaField(_l("Nota (opcional)"), validators=[Optional(), Length(max=500)])
