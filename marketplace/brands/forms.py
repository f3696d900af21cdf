"""Forms for the brand registry (staff), authorisations and checks (stewards), claims (producers)."""
from __future__ import annotations


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import ubigeo
from ..catalogue.fields import DayField
from ..ids import database_id
from .models import BrandMembershipStatus, ListingState

TEXT_MAX = 10_000

LISTING_STATE_LABELS = {
    ListingState.DRAFT: _l("borrador"),
    ListingState.SUBMITTED: _l("en revisión de la marca"),
    ListingState.STEWARD_CHECKED: _l("revisado por la marca, espera al programa"),
    ListingState.APPROVED: _l("aprobado"),
    ListingState.SENT_BACK: _l("devuelto para corregir"),
    ListingState.REJECTED: _l("rechazado"),
    ListingState.WITHDRAWN: _l("retirado"),
}

AUTHORISATION_LABELS = {
    BrandMembershipStatus.ACTIVE: _l("autorizada"),
    BrandMembershipStatus.SUSPENDED: _l("suspendida"),
    BrandMembershipStatus.ENDED: _l("terminada"),
}

# What the marketplace itself writes as a reason, shown in the reader's language.
SYSTEM_REASONS = {
    "edited after approval": _l("el producto cambió después de la aprobación"),
    "edited after the steward's check": _l("el producto cambió después de la revisión de la marca"),
}

MISSING_FOR_REVIEW_LABELS = {
    "name_es": _l("el nombre en español"),
    "photo": _l("al menos una foto"),
    "lot": _l("el lote a la venta"),
}

DOCUMENT_ERRORS = {
    "not_pdf": _l("El reglamento tiene que ser un archivo PDF. Guárdalo como PDF y súbelo otra vez."),
    "unreadable": _l("No pudimos abrir ese PDF: puede estar dañado o protegido con contraseña. Sube una copia sin contraseña."),
    "too_large": _l("El PDF pesa demasiado. Sube uno de hasta %(mb)s MB."),
}


def parse_nice_classes(text: str | None) -> list[int]:
    """ "30" or "22, 24, 25" → [22, 24, 25]. Raises ValueError outside the 45 Nice classes."""
    parts = (text or "").replace(",", " ").replace(";", " ").split()
    classes = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= 45:
            raise ValueError(part)
        classes.append(int(part))
    return sorted(set(classes))


class BrandForm(FlaskForm):
    name = StringField(_l("Nombre de la marca"), validators=[DataRequired(_l("Escribe el nombre de la marca.")), Length(max=120)])
    owner = SelectField(_l("Titular (asociación o consorcio)"), coerce=database_id, validate_choice=False,
                        validators=[DataRequired(_l("Elige la asociación o el consorcio titular."))])
    region = SelectField(_l("Región"), validators=[DataRequired(_l("Elige la región de la marca."))])
    registration_number = StringField(_l("N° de registro o certificado INDECOPI"), validators=[Optional(), Length(max=60)])
    nice_classes = StringField(_l("Clases de Niza"), validators=[Optional(), Length(max=60)])
    granted_on = DayField(_l("Fecha de concesión"), validators=[Optional()])
    expires_on = DayField(_l("Vence el (si lo dejas vacío: diez años después de la concesión)"), validators=[Optional()])
    products_covered_es = TextAreaField(_l("Productos que protege (en español)"),
                                        validators=[DataRequired(_l("Escribe qué productos protege la marca.")), Length(max=TEXT_MAX)])
    products_covered_en = TextAreaField(_l("Productos que protege (en inglés, opcional)"), validators=[Optional(), Length(max=TEXT_MAX)])
    usage_rules_es = TextAreaField(_l("Reglas de uso (en español)"),
                                   validators=[DataRequired(_l("Resume las reglas de uso del reglamento.")), Length(max=TEXT_MAX)])
    usage_rules_en = TextAreaField(_l("Reglas de uso (en inglés, opcional)"), validators=[Optional(), Length(max=TEXT_MAX)])
    description_es = TextAreaField(_l("Historia de la marca (en español)"),
                                   validators=[DataRequired(_l("Cuenta la historia de la marca en español.")), Length(max=TEXT_MAX)])
    description_en = TextAreaField(_l("Historia de la marca (en inglés, opcional)"), validators=[Optional(), Length(max=TEXT_MAX)])
    rules_document = FileField(_l("Reglamento de uso (PDF)"))
    seal_image = FileField(_l("Logo o sello (imagen)"))

    def fill_choices(self, owners) -> None:
        self.owner.choices = [(0, "—")] + [(o.id, o.name) for o in owners]
        self.region.choices = [("", "—")] + [(p.code, p.name) for p in ubigeo.regions()]

    def validate_nice_classes(self, field):
        try:
            parse_nice_classes(field.data)
        except ValueError:
            raise ValidationError(_l("Escribe las clases de Niza como números del 1 al 45 separados por comas, por ejemplo 24, 25.")) from None

    def validate_expires_on(self, field):
        if field.data and self.granted_on.data and field.data <= self.granted_on.data:
            raise ValidationError(_l("El vencimiento tiene que ser posterior a la concesión."))


class StewardForm(FlaskForm):
    user = SelectField(_l("Integrante del titular"), coerce=database_id, validate_choice=False,
                       validators=[DataRequired(_l("Elige a la persona."))])


class AuthorisationForm(FlaskForm):
    organisation = SelectField(_l("Organización"), coerce=database_id, validate_choice=False,
                               validators=[DataRequired(_l("Elige la organización que autorizas."))])
    authorised_from = DayField(_l("Autorizada desde"), validators=[Optional()])
    authorised_until = DayField(_l("Hasta (opcional)"), validators=[Optional()])
    resolution = StringField(_l("N° de acta o resolución del titular"),
                             validators=[DataRequired(_l("Escribe el número del acta o la resolución que autoriza.")), Length(max=120)])

    def validate_authorised_until(self, field):
        if field.data and self.authorised_from.data and field.data < self.authorised_from.data:
            raise ValidationError(_l("La fecha final no puede ser anterior a la inicial."))


class AuthorisationDatesForm(AuthorisationForm):
    organisation = None  # the organisation does not change


class ReasonForm(FlaskForm):
    """A decision: the reason (required to send back, reject, suspend or end) and the state the
    person saw, so a decision taken meanwhile in another tab is not overwritten."""

    reason = TextAreaField(_l("Motivo"), validators=[Optional(), Length(max=2000)])
    expected = HiddenField()


class ClaimForm(FlaskForm):
    product = SelectField(_l("Producto"), coerce=database_id, validate_choice=False,
                          validators=[DataRequired(_l("Elige el producto."))])
    brand = SelectField(_l("Marca colectiva"), coerce=database_id, validate_choice=False,
                        validators=[DataRequired(_l("Elige la marca."))])


class BulkDecisionForm(FlaskForm):
    reason = TextAreaField(_l("Motivo (obligatorio para rechazar; el mismo para todos)"),
                           validators=[Optional(), Length(max=2000)])
