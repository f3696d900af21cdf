"""Forms for wholesale terms and sample requests (quotes have their own, in quotes*.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from ..catalogue.fields import Between, CountField, PriceField
from ..catalogue.models import SALE_UNIT_LABELS, SaleUnit
from .terms import LARGEST_MINIMUM, LONGEST_LEAD_TIME, MAX_TIERS

TERMS_PROBLEMS = {
    "no_retail_price": _l("Pon primero el precio de la variante: las escalas se comparan con él."),
    "too_many_tiers": _l("Usa como máximo %(max)d escalas.", max=MAX_TIERS),
    "tier_quantity": _l("Cada escala empieza en 2 unidades o más (hasta %(max)d).", max=LARGEST_MINIMUM),
    "tier_repeated": _l("Dos escalas empiezan en la misma cantidad: cambia una o déjala vacía."),
    "tier_not_cheaper": _l("Cada escala tiene que costar menos por unidad que el precio para menos unidades."),
    "tier_below_minimum": _l("Las escalas empiezan en el mínimo por mayor o más: sube la cantidad o baja el mínimo."),
    "minimum": _l("El mínimo por mayor va de 1 a %(max)d.", max=LARGEST_MINIMUM),
    "lead_time": _l("El plazo va de 0 a %(max)d días.", max=LONGEST_LEAD_TIME),
    "sample_price": _l("El precio de la muestra no puede ser negativo."),
}


class TierForm(Form):
    min_quantity = CountField(_l("Desde (cantidad)"), validators=[
        Optional(), Between(2, LARGEST_MINIMUM, message=TERMS_PROBLEMS["tier_quantity"])])
    price = PriceField(_l("Precio por unidad (S/)"))

    def validate_price(self, field):
        if (self.min_quantity.data is None) != (field.money is None) and not self.min_quantity.errors:
            raise ValidationError(_l("Escribe la cantidad y el precio de la escala, o deja las dos vacías."))


class TermsForm(FlaskForm):
    unit = SelectField(_l("Se vende por"), choices=[SelectChoice(u.value, label) for u, label in SALE_UNIT_LABELS.items()],
                       default=SaleUnit.PIECE.value)
    minimum = CountField(_l("Mínimo por mayor (opcional)"), validators=[
        Optional(), Between(1, LARGEST_MINIMUM, message=TERMS_PROBLEMS["minimum"])])
    lead_time_days = CountField(_l("Días para preparar un pedido grande (opcional)"), validators=[
        Optional(), Between(0, LONGEST_LEAD_TIME, message=TERMS_PROBLEMS["lead_time"])])
    tiers = FieldList(FormField(TierForm), min_entries=MAX_TIERS, max_entries=MAX_TIERS)
    offers_samples = BooleanField(_l("Envío muestras de esta variante"))
    sample_price = PriceField(_l("Precio de la muestra (vacío: gratis)"))
