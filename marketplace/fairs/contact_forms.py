"""The contact form a producer fills at the booth, and the form that marks a step."""
from __future__ import annotations

from functools import lru_cache
from datetime import datetime, timezone

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms import SentOnce
from ..i18n import LANGUAGE_NAMES, public_locale
from .contacts import ContactDetails
from .models import ContactStage

STAGE_LABELS = {
    ContactStage.MET: _l("conocido en la feria"),
    ContactStage.SAMPLE_SENT: _l("muestra enviada"),
    ContactStage.QUOTED: _l("cotizado"),
    ContactStage.ORDERED: _l("hizo un pedido"),
    ContactStage.LOST: _l("perdido"),
}
# What the button that moves a contact to a stage says.
STEP_BUTTONS = {
    ContactStage.MET: _l("Reabrir"),
    ContactStage.SAMPLE_SENT: _l("Envié la muestra"),
    ContactStage.QUOTED: _l("Envié la cotización"),
    ContactStage.ORDERED: _l("Hizo un pedido"),
    ContactStage.LOST: _l("Se perdió"),
}


@lru_cache(maxsize=8)
def countries(locale: str) -> tuple[tuple[str, str], ...]:
    """Every country (ISO 3166 alpha-2) by its name in `locale`, Peru first. The template writes
    the options itself: 250 of them through WTForms' widget took most of the form's render."""
    names = Locale.parse(locale).territories
    by_name = sorted(((code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()),
                     key=lambda item: item[1])
    return tuple([item for item in by_name if item[0] == "PE"] + [item for item in by_name if item[0] != "PE"])


class ContactForm(SentOnce, FlaskForm):
    booth_id = HiddenField()
    consent_locale = HiddenField()
    recorded_at = HiddenField()  # when the phone saved it, set by the page's script
    name = StringField(_l("Nombre"), validators=[DataRequired(_l("Escribe el nombre de la persona.")), Length(max=120)])
    company = StringField(_l("Empresa (opcional)"), validators=[Optional(), Length(max=160)])
    country = SelectField(_l("País"), choices=[], validate_choice=False)
    email = EmailField(_l("Correo electrónico"), validators=[
        Optional(), Length(max=254),
        Email(_l("Revisa el correo: debe ser como nombre@empresa.com."), check_deliverability=False),
    ])
    whatsapp = TelField(_l("WhatsApp"), validators=[Optional(), Length(max=30)])
    locale = RadioField(_l("Escribirle en"), choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
                        default="es")
    products = SelectMultipleField(_l("Le interesaron"), coerce=int, choices=[], validate_choice=False)
    note = TextAreaField(_l("Nota (opcional)"), validators=[Optional(), Length(max=2000)])
    consent = BooleanField(_l("La persona acepta que le escribamos"))

    def prepare(self, products: list[tuple[int, str]]) -> ContactForm:
        self.country.choices = []
        self.products.choices = [SelectChoice(product_id, name) for product_id, name in products]
        if not self.consent_locale.data:
            # The person met reads it on the producer's phone: in a buyer's language (es, en) even
            # while the producer's pages are in Quechua.
            self.consent_locale.data = public_locale()
        return self

    def validate_country(self, field) -> None:
        if field.data and field.data not in dict(countries(str(get_locale()))):
            field.data = ""

    def recorded(self) -> datetime | None:
        try:
            value = datetime.fromisoformat((self.recorded_at.data or "").replace("Z", "+00:00"))
        except ValueError:
            return None
        return value.astimezone(timezone.utc) if value.tzinfo else None

    def details(self) -> ContactDetails:
        return ContactDetails(
            name=self.name.data, email=self.email.data, whatsapp=self.whatsapp.data, company=self.company.data,
            country=self.country.data or None, locale=self.locale.data or "es", note=self.note.data,
            product_ids=list(self.products.data or []), consent=bool(self.consent.data),
            consent_locale=self.consent_locale.data or "es", consented_at=self.recorded(),
            client_id=(self.client_id.data or "").strip()[:40] or None,
        )


class StepForm(FlaskForm):
    target = HiddenField()
    expected = HiddenField()
    reason = StringField(_l("Por qué se perdió"), validators=[Optional(), Length(max=500)])
