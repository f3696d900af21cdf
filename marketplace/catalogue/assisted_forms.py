"""The form staff fill in to list a product for a producer without a smartphone."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..accounts.phones import InvalidPhone, normalise
from ..extensions import db
from ..forms import SentOnce
from ..producers.models import Organisation, VerificationStatus
from .fields import Between, CountField, DayField, PriceField, at_most
from .forms import DESCRIPTION_MAX, NOT_NEGATIVE, DetailsForm


class AssistedListingForm(SentOnce, FlaskForm):
    organisation = SelectField(_l("Organización del productor"), validate_choice=False, choices=[])
    phone = StringField(
        _l("Celular del productor (WhatsApp o SMS)"),
        validators=[DataRequired(_l("Escribe el celular al que mandaremos el enlace para confirmar."))],
    )
    name_es = DetailsForm.name_es
    category = SelectField(_l("Categoría"), validate_choice=False, choices=[],
                           validators=[DataRequired(_l("Elige la categoría."))])
    price = PriceField(_l("Precio en soles"), validators=[DataRequired(_l("Escribe el precio en soles, por ejemplo 45."))])
    stock = CountField(_l("Stock: cuántos tiene listos para vender"), validators=[Between(0, message=NOT_NEGATIVE)])
    description_es = TextAreaField(
        _l("Descripción (en español)"),
        validators=[DataRequired(_l("Escribe la descripción: qué es, cómo se hizo, medidas.")), at_most(DESCRIPTION_MAX)],
    )
    photos = MultipleFileField(_l("Fotos"))
    lot_code = StringField(_l("Código del lote (miel)"), validators=[Optional(), at_most(40)])
    harvest_date = DayField(_l("Fecha de cosecha del lote (miel)"), validators=[Optional()])

    validate_category = DetailsForm.validate_category

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        verified = db.session.scalars(db.select(Organisation).where(
            Organisation.status == VerificationStatus.VERIFIED).order_by(Organisation.name))
        self.organisation.choices = [("", "—")] + [(str(o.id), o.name) for o in verified]

    def validate_organisation(self, field):
        if field.data not in {value for value, _label in self.organisation.choices if value}:
            raise ValidationError(_l("Elige una organización verificada de la lista."))

    def validate_phone(self, field):
        try:
            normalise(field.data or "")
        except InvalidPhone:
            raise ValidationError(_l("Ese número no parece un celular: escribe 9 cifras que empiecen con 9, "
                                     "o el número con su código de país.")) from None

    @property
    def uploads(self) -> list:
        return [upload for upload in (self.photos.data or []) if upload and upload.filename]
