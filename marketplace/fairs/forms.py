"""Forms for fairs (staff), booths (staff and producers), and the labels they show."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..accounts.forms import PhoneField
from ..catalogue.fields import DayField
from .models import BoothStatus, FairKind

KIND_LABELS = {
    FairKind.RETAIL: _l("venta al público"),
    FairKind.B2B: _l("negocios (B2B)"),
    FairKind.BOTH: _l("público y negocios"),
}

BOOTH_STATUS_LABELS = {
    BoothStatus.REQUESTED: _l("solicitado"),
    BoothStatus.ACCEPTED: _l("aceptado"),
    BoothStatus.DECLINED: _l("no aceptado"),
    BoothStatus.WITHDRAWN: _l("retirado"),
}


class FairForm(FlaskForm):
    name = StringField(_l("Nombre de la feria"), validators=[
        DataRequired(_l("Escribe el nombre de la feria.")), Length(max=120)])
    slug = StringField(_l("Dirección corta (opcional)"), validators=[Optional(), Length(max=140)])
    city = StringField(_l("Ciudad"), validators=[DataRequired(_l("Escribe la ciudad.")), Length(max=80)])
    venue = StringField(_l("Lugar (opcional)"), validators=[Optional(), Length(max=160)])
    starts_on = DayField(_l("Empieza el"), validators=[DataRequired(_l("Escribe el primer día de la feria."))])
    ends_on = DayField(_l("Termina el"), validators=[DataRequired(_l("Escribe el último día de la feria."))])
    kind = SelectField(_l("Tipo"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       validators=[DataRequired(_l("Elige el tipo de feria."))])
    description_es = TextAreaField(_l("Descripción en español (opcional)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Descripción en inglés (opcional)"), validators=[Optional(), Length(max=5000)])


class AddBoothForm(FlaskForm):
    organisation = SelectField(_l("Productor"), coerce=int, validate_choice=False)
    number = StringField(_l("N° de stand"), validators=[Optional(), Length(max=20)])
    whatsapp = PhoneField(_l("WhatsApp del stand (opcional)"), validators=[Optional(), Length(max=25)])

    def validate_organisation(self, field):
        if not field.data or field.data not in {choice.value for choice in self.organisation.choices}:
            raise ValidationError(_l("Elige un productor verificado de la lista."))


class DecisionForm(FlaskForm):
    number = StringField(_l("N° de stand"), validators=[Optional(), Length(max=20)])
    reason = TextAreaField(_l("Motivo"), validators=[Optional(), Length(max=2000)])


class JoinForm(FlaskForm):
    organisation = SelectField(_l("Organización"), coerce=int, validate_choice=False)
    whatsapp = PhoneField(_l("WhatsApp para la tarjeta del stand (opcional)"), validators=[Optional(), Length(max=25)])
