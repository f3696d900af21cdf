"""Forms for quote requests, offers, counter-offers, accepting and declining."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, Form, FormField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import FieldList
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..accounts.forms import PhoneField
from ..catalogue.fields import Between, CountField, DayField, at_most
from ..money import Money
from ..orders.forms import PAYMENT_LABELS, check_district, country_choices, fill_place_choices
from ..orders.models import PaymentMethod
from .quotes_models import CURRENCIES, INCOTERM_LABELS, MAX_ADVANCE_PERCENT, Incoterm

REQUEST_SLOTS = 3
QUANTITY_MESSAGE = _l("Escribe una cantidad de 1 o más, por ejemplo 300.")


class AmountField(StringField):
    """A unit price typed in the quote's currency ("26", "26.50", "26,50"); `.amount` in minor units."""

    amount: int | None = None
    currency = "PEN"

    def pre_validate(self, form):
        self.amount = None
        text = (self.data or "").strip().upper().replace("S/", "").replace("US$", "").replace("$", "").replace(" ", "")
        if not text:
            return
        try:
            money = Money.parse(text, self.currency)
        except ValueError:
            raise ValidationError(_l("Escribe el precio con números y hasta dos decimales, por ejemplo 26.50.")) from None
        if money.amount <= 0:
            raise ValidationError(_l("El precio tiene que ser mayor que cero."))
        self.amount = money.amount


def _places(locale: str) -> list[SelectChoice]:
    return [SelectChoice("", "—"), SelectChoice("PE", _l("Perú"))] + country_choices(locale)[1:]


class AskedLineForm(Form):
    variant_id = SelectField(_l("Producto"), validate_choice=False)
    quantity = CountField(_l("Cantidad"), validators=[Optional(), Between(1, 1_000_000, message=QUANTITY_MESSAGE)])


class QuoteRequestForm(FlaskForm):
    lines = FieldList(FormField(AskedLineForm), min_entries=REQUEST_SLOTS, max_entries=REQUEST_SLOTS)
    name = StringField(_l("Nombre y apellidos"), validators=[DataRequired(_l("Escribe tu nombre.")), at_most(120)])
    company = StringField(_l("Empresa (opcional)"), validators=[Optional(), at_most(160)])
    email = EmailField(_l("Correo electrónico"), validators=[
        DataRequired(_l("Escribe tu correo: ahí te enviaremos la cotización.")),
        Email(_l("Escribe un correo válido, como nombre@ejemplo.pe.")), Length(max=254)])
    phone = PhoneField(_l("Teléfono o WhatsApp (opcional)"), validators=[Optional(), Length(max=25)])
    country = SelectField(_l("País de destino"), validate_choice=False)
    destination = StringField(_l("Ciudad o puerto de destino"), validators=[Optional(), at_most(120)])
    incoterm = RadioField(_l("Incoterm"), default=Incoterm.FOB_CALLAO.value,
                          choices=[SelectChoice(i.value, INCOTERM_LABELS[i]) for i in Incoterm],
                          validators=[DataRequired(_l("Elige el Incoterm."))])
    currency = RadioField(_l("Moneda"), default="USD", choices=[SelectChoice(c, c) for c in CURRENCIES],
                          validators=[DataRequired(_l("Elige la moneda."))])
    wanted_by = DayField(_l("¿Para cuándo lo necesitas? (opcional)"), validators=[Optional()])
    notes = TextAreaField(_l("Notas (empaque, certificados, muestras…)"), validators=[Optional(), at_most(2000)])

    def prepare(self, variants) -> None:
        choices = [SelectChoice("", "—")] + [SelectChoice(str(v.id), label) for v, label in variants]
        for entry in self.lines:
            entry.form.variant_id.choices = choices
        self.country.choices = _places(str(get_locale() or "es"))

    def validate_country(self, field):
        if field.data not in {c.value for c in _places("es")} or not field.data:
            raise ValidationError(_l("Elige el país de destino."))

    def asked(self) -> list[tuple[int, int]]:
        return [(int(e.form.variant_id.data), e.form.quantity.data) for e in self.lines
                if e.form.variant_id.data and e.form.quantity.data]

    def validate_lines(self, field):
        if not self.asked():
            raise ValidationError(_l("Elige al menos un producto y escribe la cantidad."))


class OfferLineForm(Form):
    request_line_id = HiddenField()
    variant_id = SelectField(_l("Producto"), validate_choice=False)
    quantity = CountField(_l("Cantidad"), validators=[Optional(), Between(1, 1_000_000, message=QUANTITY_MESSAGE)])
    minimum_quantity = CountField(_l("Mínimo"), default=1, validators=[Optional(), Between(1, 1_000_000, message=QUANTITY_MESSAGE)])
    unit_price = AmountField(_l("Precio unitario"))


class OfferForm(FlaskForm):
    lines = FieldList(FormField(OfferLineForm), min_entries=1, max_entries=20)
    incoterm = RadioField(_l("Incoterm"), choices=[SelectChoice(i.value, INCOTERM_LABELS[i]) for i in Incoterm],
                          validators=[DataRequired(_l("Elige el Incoterm."))])
    valid_until = DayField(_l("Válida hasta"), validators=[DataRequired(_l("Escribe hasta qué día vale la cotización."))])
    lead_time_days = CountField(_l("Plazo de entrega (días)"), default=0, validators=[
        Optional(), Between(0, 365, message=_l("Escribe un plazo entre 0 y 365 días."))])
    advance_percent = CountField(_l("Adelanto al productor (%)"), default=0, validators=[
        Optional(), Between(0, MAX_ADVANCE_PERCENT, message=_l("El adelanto va de 0 a 50 %."))])
    payment_terms = StringField(_l("Condiciones de pago"), validators=[Optional(), at_most(300)])
    message = TextAreaField(_l("Mensaje para el comprador (opcional)"), validators=[Optional(), at_most(2000)])

    def prepare(self, currency: str, variants) -> None:
        choices = [SelectChoice(str(v.id), label) for v, label in variants]
        for entry in self.lines:
            entry.form.variant_id.choices = choices
            entry.form.unit_price.currency = currency


class CounterLineForm(Form):
    quote_line_id = HiddenField()
    quantity = CountField(_l("Cantidad"), validators=[DataRequired(QUANTITY_MESSAGE), Between(1, 1_000_000, message=QUANTITY_MESSAGE)])
    unit_price = AmountField(_l("Precio unitario propuesto"), validators=[DataRequired(_l("Escribe el precio que propones."))])


class CounterForm(FlaskForm):
    lines = FieldList(FormField(CounterLineForm), min_entries=1, max_entries=20)
    message = TextAreaField(_l("Mensaje para el productor (opcional)"), validators=[Optional(), at_most(2000)])

    def prepare(self, currency: str) -> None:
        for entry in self.lines:
            entry.form.unit_price.currency = currency


class AcceptForm(FlaskForm):
    name = StringField(_l("Nombre de quien recibe"), validators=[DataRequired(_l("Escribe quién recibe el pedido.")), at_most(120)])
    phone = PhoneField(_l("Teléfono"), validators=[Optional(), Length(max=25)])
    address_line = StringField(_l("Dirección de entrega o recojo"), validators=[
        DataRequired(_l("Escribe la dirección: calle y número, almacén o agente de carga.")), at_most(200)])
    region = SelectField(_l("Departamento"), validate_choice=False)
    province = SelectField(_l("Provincia"), validate_choice=False)
    district = SelectField(_l("Distrito"), validate_choice=False)
    city = StringField(_l("Ciudad"), validators=[Optional(), at_most(100)])
    postal_code = StringField(_l("Código postal"), validators=[Optional(), at_most(20)])
    payment_method = RadioField(_l("¿Cómo pagas?"), validators=[DataRequired(_l("Elige cómo pagas."))])

    def prepare(self, *, country: str, card_enabled: bool) -> None:
        self.country = country
        methods = [PaymentMethod.TRANSFER] + ([PaymentMethod.CARD] if card_enabled else [])
        self.payment_method.choices = [SelectChoice(m.value, PAYMENT_LABELS[m]) for m in methods]
        if not self.payment_method.data:
            self.payment_method.data = PaymentMethod.TRANSFER.value
        fill_place_choices(self)

    def validate_district(self, field):
        if getattr(self, "country", "PE") == "PE":
            check_district(self)

    def validate_city(self, field):
        if getattr(self, "country", "PE") != "PE" and not (field.data or "").strip():
            raise ValidationError(_l("Escribe la ciudad."))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("¿Por qué? (opcional)"), validators=[Optional(), at_most(1000)])
