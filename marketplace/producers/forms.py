from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from .. import ubigeo
from .identity import InvalidNumber, clean_dni, clean_ruc
from .models import OrganisationKind, VerificationStatus

STORY_MAX = 5000

KIND_LABELS = {
    OrganisationKind.INDIVIDUAL: _l("Artesano(a) o productor(a) individual"),
    OrganisationKind.FAMILY: _l("Empresa familiar"),
    OrganisationKind.ASSOCIATION: _l("Asociación"),
    OrganisationKind.CONSORTIUM: _l("Consorcio"),
}

VERIFICATION_LABELS = {
    VerificationStatus.UNVERIFIED: _l("sin verificar"),
    VerificationStatus.VERIFIED: _l("verificada"),
    VerificationStatus.REJECTED: _l("rechazada"),
}

RUC_ERRORS = {
    "length": _l("El RUC tiene 11 dígitos."),
    "digits": _l("El RUC lleva solo números."),
    "checksum": _l("Ese RUC no es válido: revisa los dígitos (el último es de control)."),
    "prefix": _l("Un RUC empieza por 10, 15, 17 o 20."),
}
DNI_ERRORS = {
    "length": _l("El DNI tiene 8 dígitos."),
    "digits": _l("El DNI lleva solo números."),
    "checksum": _l("Ese DNI no es válido: revisa los dígitos y la letra de control."),
    "prefix": _l("Ese DNI no es válido."),
}


class OrganisationForm(FlaskForm):
    name = StringField(_l("Nombre de la organización"), validators=[DataRequired(_l("Escribe el nombre.")), Length(max=120)])
    kind = RadioField(
        _l("Tipo"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[DataRequired(_l("Elige el tipo de organización."))],
    )
    region = SelectField(_l("Departamento"), validate_choice=False)
    province = SelectField(_l("Provincia"), validate_choice=False)
    district = SelectField(_l("Distrito"), validate_choice=False)
    ruc = StringField(_l("RUC (opcional)"), validators=[Optional()])
    dni = StringField(_l("DNI de la persona responsable (opcional)"), validators=[Optional()])
    rna_number = StringField(_l("N° de Registro Nacional del Artesano, RNA (opcional)"), validators=[Optional(), Length(max=40)])
    women_led = BooleanField(_l("La dirigen mujeres"))
    # Counted (never named) in the programme's figures of people reached, by region.
    members_women = IntegerField(
        _l("Cuántas socias mujeres tiene (opcional)"),
        validators=[Optional(), NumberRange(0, 100_000, _l("Escribe un número entre 0 y 100 000, o déjalo vacío."))],
    )
    members_men = IntegerField(
        _l("Cuántos socios hombres tiene (opcional)"),
        validators=[Optional(), NumberRange(0, 100_000, _l("Escribe un número entre 0 y 100 000, o déjalo vacío."))],
    )
    story_es = TextAreaField(
        _l("Su historia (en español)"),
        validators=[
            DataRequired(_l("Cuenta la historia de la organización en español.")),
            Length(max=STORY_MAX, message=_l("La historia puede tener hasta %(max)d caracteres.")),
        ],
    )
    story_en = TextAreaField(
        _l("Su historia en inglés (opcional)"),
        validators=[Optional(), Length(max=STORY_MAX, message=_l("La historia puede tener hasta %(max)d caracteres."))],
    )

    def fill_place_choices(self) -> None:
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

    def set_place(self, district_code: str) -> None:
        self.region.data, self.province.data, self.district.data = district_code[:2], district_code[:4], district_code

    def validate_region(self, field):
        if not field.data:
            raise ValidationError(_l("Elige el departamento."))
        if ubigeo.region(field.data) is None:
            raise ValidationError(_l("Ese departamento no existe."))

    def validate_province(self, field):
        if not field.data:
            raise ValidationError(_l("Elige la provincia."))
        if ubigeo.province(field.data) is None or field.data[:2] != (self.region.data or ""):
            raise ValidationError(_l("Esa provincia no pertenece al departamento elegido."))

    def validate_district(self, field):
        if not field.data:
            raise ValidationError(_l("Elige el distrito."))
        if ubigeo.district(field.data) is None:
            raise ValidationError(_l("Ese distrito no existe."))
        if field.data[:2] != (self.region.data or ""):
            raise ValidationError(_l("Ese distrito no está en el departamento elegido."))
        if field.data[:4] != (self.province.data or ""):
            raise ValidationError(_l("Ese distrito no está en la provincia elegida."))

    def validate_ruc(self, field):
        if field.data:
            try:
                field.data = clean_ruc(field.data)
            except InvalidNumber as exc:
                raise ValidationError(RUC_ERRORS[exc.why]) from None

    def validate_dni(self, field):
        if field.data:
            try:
                field.data = clean_dni(field.data)
            except InvalidNumber as exc:
                raise ValidationError(DNI_ERRORS[exc.why]) from None


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Correo de la persona"),
        validators=[DataRequired(_l("Escribe un correo.")), Email(_l("Escribe un correo válido, como nombre@ejemplo.pe."))],
    )
