"""The claim sheet as a consumer fills it in, and the answer form staff use."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from stdnum.exceptions import ValidationError as InvalidNumber
from stdnum.pe import cui
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..accounts.forms import PhoneField
from ..money import MINOR_UNITS, Money
from .models import CURRENCY, ComplaintKind, ComplaintStatus, ContractedKind, DocumentType
from .services import ComplaintDraft

COMPLAINT_KIND_LABELS = {
    ComplaintKind.RECLAMO: _l("Reclamo"),
    ComplaintKind.QUEJA: _l("Queja"),
}
COMPLAINT_KIND_HINTS = {
    ComplaintKind.RECLAMO: _l("Reclamo: no estás conforme con el producto o el servicio que contrataste."),
    ComplaintKind.QUEJA: _l("Queja: no estás conforme con algo que no es el producto o servicio, como la atención que recibiste."),
}
CONTRACTED_LABELS = {
    ContractedKind.PRODUCT: _l("Producto"),
    ContractedKind.SERVICE: _l("Servicio"),
}
DOCUMENT_LABELS = {
    DocumentType.DNI: _l("DNI"),
    DocumentType.CE: _l("Carné de extranjería"),
    DocumentType.PASSPORT: _l("Pasaporte"),
}
COMPLAINT_STATUS_LABELS = {
    ComplaintStatus.RECEIVED: _l("Por responder"),
    ComplaintStatus.ANSWERED: _l("Respondida"),
}
# A carné de extranjería or a passport: letters and digits, as printed.
OTHER_DOCUMENT = re.compile(r"^[A-Z0-9]{5,15}$")
MAX_CLAIMED = Money(100_000_000, CURRENCY)  # S/ 1 000 000: beyond that a zero was typed by mistake
AMOUNT_MESSAGE = _l("Escribe el monto en soles con números, por ejemplo 120 o 120.50.")


class AmountField(StringField):
    """An amount in soles ("120", "120.50", "S/ 120,50"); `.money` is the checked amount. Empty is allowed."""

    money: Money | None = None

    def pre_validate(self, form):
        self.money = None
        text = (self.data or "").strip().upper().replace("S/", "").replace(" ", "").replace(",", ".")
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(AMOUNT_MESSAGE) from None
        if not value.is_finite() or value <= 0:
            raise ValidationError(AMOUNT_MESSAGE)
        scaled = value.scaleb(MINOR_UNITS[CURRENCY])
        if scaled != scaled.to_integral_value():
            raise ValidationError(_l("Usa como máximo dos decimales (céntimos), por ejemplo 120.50."))
        money = Money(int(scaled), CURRENCY)
        if money > MAX_CLAIMED:
            raise ValidationError(_l("Ese monto es demasiado alto: revisa los ceros."))
        self.money = money


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value.value, label) for value, label in labels.items()]


class ComplaintForm(FlaskForm):
    consumer_name = StringField(_l("Nombre y apellidos"), validators=[
        DataRequired(_l("Escribe tu nombre y apellidos.")), Length(max=120)])
    document_type = SelectField(_l("Documento de identidad"), choices=_choices(DOCUMENT_LABELS),
                                validators=[DataRequired(_l("Elige el tipo de documento."))])
    document_number = StringField(_l("Número de documento"), validators=[
        DataRequired(_l("Escribe el número de tu documento.")), Length(max=20)])
    address = StringField(_l("Domicilio"), validators=[
        DataRequired(_l("Escribe tu domicilio: calle, número, distrito y provincia.")), Length(max=300)])
    phone = PhoneField(_l("Teléfono"), validators=[
        DataRequired(_l("Escribe un teléfono donde podamos llamarte.")), Length(max=25)])
    email = EmailField(_l("Correo electrónico"), validators=[
        DataRequired(_l("Escribe tu correo: ahí te enviamos la copia de la hoja y la respuesta.")),
        Email(_l("Escribe un correo válido, como nombre@ejemplo.pe.")), Length(max=254)])
    is_minor = BooleanField(_l("Soy menor de edad"))
    guardian_name = StringField(_l("Nombre del padre, madre o representante (si eres menor de edad)"),
                                validators=[Optional(), Length(max=120)])
    contracted = RadioField(_l("¿Qué contrataste?"), choices=_choices(CONTRACTED_LABELS),
                            validators=[DataRequired(_l("Elige si fue un producto o un servicio."))])
    order_reference = StringField(_l("Número de pedido (opcional)"), validators=[
        Optional(), Length(max=16, message=_l("Un número de pedido es como MC-7K3Q-9XW2."))])
    description = StringField(_l("Descripción del producto o servicio"), validators=[
        DataRequired(_l("Escribe qué producto o servicio contrataste.")), Length(max=500)])
    claimed_amount = AmountField(_l("Monto reclamado en soles (opcional)"))
    kind = RadioField(_l("¿Es un reclamo o una queja?"), choices=_choices(COMPLAINT_KIND_LABELS),
                      validators=[DataRequired(_l("Elige si es un reclamo o una queja."))])
    detail = TextAreaField(_l("Detalle"), validators=[
        DataRequired(_l("Cuéntanos qué pasó.")),
        Length(max=5000, message=_l("El detalle puede tener hasta %(max)d caracteres."))])
    consumer_request = TextAreaField(_l("Pedido: lo que pides"), validators=[
        DataRequired(_l("Escribe qué pides que hagamos: un cambio, una devolución, una disculpa…")),
        Length(max=2000, message=_l("El pedido puede tener hasta %(max)d caracteres."))])

    def validate_document_number(self, field):
        number = re.sub(r"[\s.-]", "", field.data or "").upper()
        if self.document_type.data == DocumentType.DNI.value:
            try:
                number = cui.validate(number)
            except InvalidNumber:
                raise ValidationError(_l("Un DNI tiene 8 dígitos, como 41234567.")) from None
        elif not OTHER_DOCUMENT.match(number):
            raise ValidationError(_l("Escribe el número como figura en tu documento: de 5 a 15 letras y números."))
        field.data = number

    def validate_guardian_name(self, field):
        if self.is_minor.data and not (field.data or "").strip():
            raise ValidationError(_l("Si eres menor de edad, escribe el nombre de tu padre, madre o representante."))

    def to_draft(self) -> ComplaintDraft:
        return ComplaintDraft(
            consumer_name=self.consumer_name.data, document_type=DocumentType(self.document_type.data),
            document_number=self.document_number.data, address=self.address.data,
            phone=self.phone.e164, email=self.email.data, is_minor=bool(self.is_minor.data),
            guardian_name=self.guardian_name.data, contracted=ContractedKind(self.contracted.data),
            order_reference=self.order_reference.data, description=self.description.data,
            claimed=self.claimed_amount.money, kind=ComplaintKind(self.kind.data), detail=self.detail.data,
            consumer_request=self.consumer_request.data,
        )


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Respuesta al consumidor"), validators=[
        DataRequired(_l("Escribe la respuesta: qué hicimos o haremos, y por qué.")),
        Length(max=5000, message=_l("La respuesta puede tener hasta %(max)d caracteres."))])
