"""The period picker and filters of the figures page (a GET: it changes nothing, no CSRF), and the
baseline and target staff enter per indicator and year."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import Form, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from .. import ubigeo
from ..brands.models import CollectiveBrand
from ..catalogue.fields import DayField
from ..catalogue.models import Category
from ..extensions import db
from ..fairs.models import Fair
from .filters import Filters
from .periods import FigurePeriod, PeriodKind

PERIOD_LABELS = {
    PeriodKind.MONTH: _l("Mes"),
    PeriodKind.QUARTER: _l("Trimestre"),
    PeriodKind.YEAR: _l("Año"),
    PeriodKind.CUSTOM: _l("Fechas que elijo"),
}
MAX_CUSTOM_DAYS = 366 * 5
WOMEN_LED_CHOICES = {"": None, "si": True, "no": False}


class FiguresForm(Form):
    periodo = SelectField(_l("Periodo"), choices=[SelectChoice(k.value, label) for k, label in PERIOD_LABELS.items()],
                          default=PeriodKind.MONTH.value)
    dia = DayField(_l("Que incluya el día"), validators=[Optional()])
    # No Optional(): it would stop the checks below, which say when a custom period needs a day.
    desde = DayField(_l("Desde"))
    hasta = DayField(_l("Hasta"))
    region = SelectField(_l("Región"), default="")
    provincia = SelectField(_l("Provincia"), default="")
    marca = SelectField(_l("Marca colectiva"), default="")
    categoria = SelectField(_l("Categoría"), default="")
    feria = SelectField(_l("Feria"), default="")
    mujeres = SelectField(_l("Organizaciones"), default="", choices=[
        SelectChoice("", _l("Todas")), SelectChoice("si", _l("Lideradas por mujeres")), SelectChoice("no", _l("Las demás"))])

    def __init__(self, formdata=None, **kwargs):
        super().__init__(formdata, **kwargs)
        everything = [SelectChoice("", _l("Todas"))]
        regions = ubigeo.regions()
        self.region.choices = everything + [SelectChoice(p.code, p.name) for p in regions]
        region = self.region.data if self.region.data in {p.code for p in regions} else ""
        provinces = ubigeo.provinces(region) if region else []
        self.provincia.choices = everything + [SelectChoice(p.code, p.name) for p in provinces]
        self.marca.choices = everything + [SelectChoice(str(i), name) for i, name in db.session.execute(
            select(CollectiveBrand.id, CollectiveBrand.name).order_by(CollectiveBrand.name))]
        self.categoria.choices = everything + [SelectChoice(str(c.id), c.path_es) for c in db.session.scalars(
            select(Category).order_by(Category.parent_id.is_not(None), Category.position, Category.name_es))]
        self.feria.choices = everything + [SelectChoice(str(i), name) for i, name in db.session.execute(
            select(Fair.id, Fair.name).order_by(Fair.starts_on.desc()))]

    def validate_desde(self, field):
        if self.periodo.data == PeriodKind.CUSTOM and not field.data:
            raise ValidationError(_l("Escribe el primer día del periodo."))

    def validate_hasta(self, field):
        if self.periodo.data != PeriodKind.CUSTOM:
            return
        if not field.data:
            raise ValidationError(_l("Escribe el último día del periodo."))
        if self.desde.data and field.data < self.desde.data:
            raise ValidationError(_l("La fecha final es anterior a la inicial. Revisa las fechas."))
        if self.desde.data and (field.data - self.desde.data).days > MAX_CUSTOM_DAYS:
            raise ValidationError(_l("Elige un periodo de cinco años como máximo."))

    def period(self, today: date) -> FigurePeriod:
        """The period asked for (call after validate); this month when nothing is asked."""
        kind = PeriodKind(self.periodo.data)
        if kind == PeriodKind.CUSTOM:
            return FigurePeriod.custom(self.desde.data, self.hasta.data)
        return FigurePeriod.containing(kind, self.dia.data or today)

    def filters(self) -> Filters:
        return Filters(
            region_code=self.region.data or None,
            province_code=self.provincia.data if self.provincia.data and self.region.data else None,
            brand_id=int(self.marca.data) if self.marca.data else None,
            category_id=int(self.categoria.data) if self.categoria.data else None,
            fair_id=int(self.feria.data) if self.feria.data else None,
            women_led=WOMEN_LED_CHOICES.get(self.mujeres.data),
        )


class DecimalText(StringField):
    """A number typed with a point or a comma ("1500", "1500,50"); `.decimal` is what it reads."""

    decimal: Decimal | None = None

    def pre_validate(self, form):
        self.decimal = None
        text = (self.data or "").strip().replace(" ", "").replace("S/", "").replace(",", ".")
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_l("Escribe un número, por ejemplo 1500 o 12.5.")) from None
        if not value.is_finite() or value < 0:
            raise ValidationError(_l("Escribe un número de cero para arriba, por ejemplo 1500 o 12.5."))
        if value >= Decimal(10) ** 12:
            raise ValidationError(_l("Ese número es demasiado grande: revisa los ceros."))
        self.decimal = value


class TargetForm(FlaskForm):
    indicator = SelectField(_l("Indicador"), validators=[InputRequired()])
    year = IntegerField(_l("Año"), validators=[
        InputRequired(_l("Escribe el año, por ejemplo 2026.")),
        NumberRange(2000, 2100, _l("Escribe un año entre 2000 y 2100."))])
    baseline = DecimalText(_l("Línea de base"))
    target = DecimalText(_l("Meta"))


class EventFilterForm(Form):
    """Filters of the staff's list of every recorded event (a GET)."""

    quien = StringField(_l("Quién (correo o nombre)"), validators=[Optional()])
    tipo = SelectField(_l("Tipo de evento"), default="")
    registro = SelectField(_l("Tipo de registro"), default="")
    numero = IntegerField(_l("N° del registro"), validators=[
        Optional(), NumberRange(min=1, message=_l("Escribe el número del registro, por ejemplo 42."))])
    desde = DayField(_l("Desde"), validators=[Optional()])
    hasta = DayField(_l("Hasta"), validators=[Optional()])

    def __init__(self, formdata=None, *, kinds: list[str], subject_types: list[str], **kwargs):
        super().__init__(formdata, **kwargs)
        self.tipo.choices = [SelectChoice("", _l("Todos"))] + [SelectChoice(k, k) for k in kinds]
        self.registro.choices = [SelectChoice("", _l("Todos"))] + [SelectChoice(t, t) for t in subject_types]

    def validate_hasta(self, field):
        if field.data and self.desde.data and field.data < self.desde.data:
            raise ValidationError(_l("La fecha final es anterior a la inicial. Revisa las fechas."))

    def period(self) -> FigurePeriod | None:
        if not self.desde.data and not self.hasta.data:
            return None
        start = self.desde.data or date(2000, 1, 1)
        return FigurePeriod.custom(start, self.hasta.data or date(2100, 12, 31))
