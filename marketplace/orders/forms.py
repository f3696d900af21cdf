"""Forms for the cart, checkout and fulfilment of orders."""
from __future__ import annotations

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from .. import ubigeo
from ..accounts.forms import PhoneField
from ..catalogue.fields import CountField
from ..ids import IdField
from .cart import LARGEST_QUANTITY
from .models import Courier, PaymentMethod

COURIER_LABELS = {
    Courier.SERPOST: _l("Serpost"),
    Courier.OLVA: _l("Olva Courier"),
    Courier.SHALOM: _l("Shalom"),
    Courier.OTHER: _l("Otro"),
}
PAYMENT_LABELS = {
    PaymentMethod.CARD: _l("Tarjeta de crédito o débito"),
    PaymentMethod.TRANSFER: _l("Transferencia bancaria o Yape"),
}
# The form only reads a sane number; the cart says how many a line of that variant may hold.
QUANTITY_MESSAGE = _l("Escribe una cantidad entre 1 y %(max)d.", max=LARGEST_QUANTITY)


class AddToCartForm(FlaskForm):
    """Posted from public product pages, which are shared by every guest (cached, no session), so
    they cannot carry a CSRF token. Adding to a cart is harmless to forge, and the session cookie is
    SameSite=Lax, so another site's forged POST arrives without it and reaches an empty new cart."""

    class Meta:
        csrf = False

    variant_id = IdField(validators=[InputRequired(_l("Elige una opción."))], message=_l("Elige una opción."))
    quantity = CountField(_l("Cantidad"), default=1,
                            validators=[InputRequired(QUANTITY_MESSAGE), NumberRange(1, LARGEST_QUANTITY, QUANTITY_MESSAGE)])
    wholesale = HiddenField()  # "1" from the wholesale price table: the line must reach the minimum


class CartLineForm(FlaskForm):
    variant_id = IdField(validators=[InputRequired()])
    quantity = CountField(_l("Cantidad"), validators=[InputRequired(QUANTITY_MESSAGE),
                                                        NumberRange(0, LARGEST_QUANTITY, QUANTITY_MESSAGE)])


def _options(places) -> list[SelectChoice]:
    return [SelectChoice("", "—")] + [SelectChoice(p.code, p.name) for p in places]


def fill_place_choices(form) -> None:
    """The region, province and district pickers of `form`: the provinces of the chosen region
    and the districts of the chosen province (static/js/places.js refills them in the browser)."""
    region, province = form.region.data or "", form.province.data or ""
    if province[:2] != region:
        province = ""
    form.region.choices = _options(ubigeo.regions())
    form.province.choices = _options(ubigeo.provinces(region) if region else [])
    form.district.choices = _options(ubigeo.districts(province) if province else [])


def check_district(form) -> None:
    """A district from the pickers, inside the chosen province and region; raises ValidationError."""
    code = form.district.data
    if not code or ubigeo.district(code) is None:
        raise ValidationError(_l("Elige el departamento, la provincia y el distrito."))
    if code[:4] != (form.province.data or "") or code[:2] != (form.region.data or ""):
        raise ValidationError(_l("Ese distrito no está en la provincia elegida."))


def country_choices(locale: str) -> list[SelectChoice]:
    """Every country but Peru (which has its own address form), named in the reader's language."""
    territories = Locale.parse(locale).territories
    names = sorted(((code, name) for code, name in territories.items() if len(code) == 2 and code.isalpha()
                    and code not in ("PE", "ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK")),
                   key=lambda item: item[1])
    return [SelectChoice("", "—")] + [SelectChoice(code, name) for code, name in names]


class CheckoutForm(FlaskForm):
    checkout_token = HiddenField()
    email = EmailField(_l("Correo electrónico"), validators=[
        DataRequired(_l("Escribe tu correo: ahí te enviaremos la confirmación.")),
        Email(_l("Escribe un correo válido, como nombre@ejemplo.pe.")), Length(max=254)])
    name = StringField(_l("Nombre y apellidos"), validators=[DataRequired(_l("Escribe tu nombre.")), Length(max=120)])
    phone = PhoneField(_l("Celular (para el courier)"), validators=[Optional(), Length(max=25)])
    destination = RadioField(_l("¿Dónde lo recibes?"), default="peru", choices=[
        SelectChoice("peru", _l("En el Perú")), SelectChoice("abroad", _l("En otro país"))],
        validators=[DataRequired(_l("Elige dónde lo recibes."))])
    region = SelectField(_l("Departamento"), validate_choice=False)
    province = SelectField(_l("Provincia"), validate_choice=False)
    district = SelectField(_l("Distrito"), validate_choice=False)
    country = SelectField(_l("País"), validate_choice=False)
    city = StringField(_l("Ciudad"), validators=[Length(max=100)])
    state = StringField(_l("Estado, provincia o región"), validators=[Optional(), Length(max=100)])
    postal_code = StringField(_l("Código postal"), validators=[Optional(), Length(max=20)])
    address_line = StringField(_l("Dirección"), validators=[
        DataRequired(_l("Escribe la dirección: calle, número, departamento o lote.")), Length(max=200)])
    address_reference = StringField(_l("Referencia (opcional)"), validators=[Optional(), Length(max=200)])
    note = TextAreaField(_l("Nota para los productores (opcional)"), validators=[
        Optional(), Length(max=1000, message=_l("La nota puede tener hasta %(max)d caracteres."))])
    payment_method = RadioField(_l("¿Cómo pagas?"), validators=[DataRequired(_l("Elige cómo pagas."))])

    def prepare(self, *, card_enabled: bool) -> None:
        """Offer the payment methods available and the places of the chosen region/province."""
        methods = [PaymentMethod.CARD, PaymentMethod.TRANSFER] if card_enabled else [PaymentMethod.TRANSFER]
        self.payment_method.choices = [SelectChoice(m.value, PAYMENT_LABELS[m]) for m in methods]
        if not self.payment_method.data and len(methods) == 1:
            self.payment_method.data = methods[0].value
        fill_place_choices(self)
        self.country.choices = country_choices(str(get_locale() or "es"))

    @property
    def in_peru(self) -> bool:
        return self.destination.data != "abroad"

    def delivery(self):
        """Where to send it, as the checkout takes it (an address in Peru, or abroad)."""
        from .checkout import Delivery

        in_peru = self.in_peru
        return Delivery(
            email=self.email.data, name=self.name.data, phone=self.phone.e164, address_line=self.address_line.data,
            address_reference=(self.address_reference.data or "").strip() or None,
            country="PE" if in_peru else self.country.data, district_code=self.district.data if in_peru else None,
            city=None if in_peru else self.city.data.strip(), region=None if in_peru else (self.state.data or None),
            postal_code=None if in_peru else (self.postal_code.data or None),
        )

    def validate_district(self, field):
        if self.in_peru:
            check_district(self)

    def validate_country(self, field):
        if self.in_peru:
            return
        valid = {choice.value for choice in country_choices("es")}
        if not field.data or field.data not in valid:
            raise ValidationError(_l("Elige el país."))

    def validate_city(self, field):
        if not self.in_peru and not (field.data or "").strip():
            raise ValidationError(_l("Escribe la ciudad."))


class ShipForm(FlaskForm):
    courier = SelectField(_l("Courier"), choices=[SelectChoice(c.value, label) for c, label in COURIER_LABELS.items()],
                          validators=[DataRequired(_l("Elige el courier."))])
    courier_name = StringField(_l("Nombre del courier (si elegiste «Otro»)"), validators=[Length(max=60)])
    tracking_number = StringField(_l("Número de seguimiento o de guía"), validators=[
        DataRequired(_l("Escribe el número de seguimiento que te dio el courier.")), Length(max=60)])

    def validate_courier_name(self, field):
        if self.courier.data == Courier.OTHER.value and not (field.data or "").strip():
            raise ValidationError(_l("Escribe el nombre del courier."))
