"""Form fields for what producers type on a phone: prices in soles, counts, dates, places.

Each keeps what was typed when it cannot read it, and says in the user's language what to
type instead.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField, StringField
from wtforms.fields import DateField, IntegerField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from .. import ubigeo
from ..money import MINOR_UNITS, Money
from .models import CURRENCY
from .products import MAX_PRICE


class PriceField(StringField):
    """A price typed in soles ("45", "45.50", "45,50", "S/ 45"); `.money` is the checked amount."""

    money: Money | None = None

    def pre_validate(self, form):
        self.money = None
        text = (self.data or "").strip().upper().replace("S/", "").replace(" ", "").replace(",", ".")
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_l("Escribe el precio en soles con números, por ejemplo 45 o 45.50.")) from None
        if not value.is_finite():
            raise ValidationError(_l("Escribe el precio en soles con números, por ejemplo 45 o 45.50."))
        if value <= 0:
            raise ValidationError(_l("El precio tiene que ser mayor que cero: escribe cuánto cuesta en soles, por ejemplo 45."))
        scaled = value.scaleb(MINOR_UNITS[CURRENCY])
        if scaled != scaled.to_integral_value():
            raise ValidationError(_l("Usa como máximo dos decimales (céntimos), por ejemplo 45.50."))
        money = Money(int(scaled), CURRENCY)
        if money > MAX_PRICE:
            raise ValidationError(_l("Ese precio es demasiado alto: revisa los ceros."))
        self.money = money


def price_text(money: Money | None) -> str:
    """A price as a producer would type it: "45" or "45.50"."""
    if money is None:
        return ""
    value = money.to_decimal()
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


class CountField(IntegerField):
    """A whole number (stock, hours, grams) with a message that says what to type."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip().replace(" ", ""))
        except ValueError:
            self.data = None
            raise ValueError(_l("Escribe un número entero, sin puntos ni comas, por ejemplo 12.")) from None


class Between:
    """A range check for numbers that were read; an unreadable one already has its message."""

    def __init__(self, minimum: int | None = None, maximum: int | None = None, *, message):
        self.minimum, self.maximum, self.message = minimum, maximum, message

    def __call__(self, form, field):
        if field.data is None:
            return
        if (self.minimum is not None and field.data < self.minimum) or (
            self.maximum is not None and field.data > self.maximum
        ):
            raise ValidationError(self.message)


def at_most(characters: int) -> Length:
    return Length(max=characters, message=_l("Escribe como máximo %(max)d caracteres; acórtalo un poco."))


class DecimalNumberField(StringField):
    """A decimal typed with a point or a comma ("18.2", "18,2"); `.number` is the value."""

    number: Decimal | None = None

    def pre_validate(self, form):
        self.number = None
        text = (self.data or "").strip().replace(",", ".")
        if not text:
            return
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_l("Escribe un número, por ejemplo 18.2.")) from None
        if not number.is_finite():
            raise ValidationError(_l("Escribe un número, por ejemplo 18.2."))
        self.number = number


class DayField(DateField):
    """A date from the phone's date picker (2024-03-15) or typed as día/mes/año (15/03/2024)."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")

    def process_formdata(self, valuelist):
        text = " ".join(valuelist).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        for fmt in self.FORMATS:
            try:
                self.data = datetime.strptime(text, fmt).date()
                return
            except ValueError:
                continue
        raise ValueError(_l("Escribe la fecha como día/mes/año, por ejemplo 15/03/2024."))

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.isoformat() if isinstance(self.data, date) else ""


class PlaceForm(Form):
    """Departamento → provincia → distrito pickers for an optional district (INEI ubigeo)."""

    region = SelectField(_l("Departamento"), validate_choice=False)
    province = SelectField(_l("Provincia"), validate_choice=False)
    district = SelectField(_l("Distrito"), validate_choice=False)

    def fill_choices(self) -> None:
        """Offer the provinces of the chosen region and the districts of the chosen province."""
        def options(places):
            return [SelectChoice("", "—")] + [SelectChoice(p.code, p.name) for p in places]

        region = self.region.data or ""
        province = self.province.data or ""
        if province[:2] != region:
            province = ""
        self.region.choices = options(ubigeo.regions())
        self.province.choices = options(ubigeo.provinces(region) if region else [])
        self.district.choices = options(ubigeo.districts(province) if province else [])

    def set_code(self, district_code: str | None) -> None:
        code = district_code or ""
        self.region.data, self.province.data, self.district.data = code[:2], code[:4], code

    @property
    def code(self) -> str | None:
        return self.district.data or None

    def validate_district(self, field):
        region, province = self.region.data or "", self.province.data or ""
        if not field.data:
            if region or province:
                raise ValidationError(_l("Elige también el distrito, o deja el departamento en blanco."))
            return
        if ubigeo.district(field.data) is None:
            raise ValidationError(_l("Ese distrito no existe: elígelo de la lista."))
        if field.data[:2] != region or field.data[:4] != province:
            raise ValidationError(_l("Ese distrito no está en la provincia elegida: elígelo otra vez."))
