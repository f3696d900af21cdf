"""The producer's listing forms, one per step, and the labels the catalogue's pages show."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp, ValidationError

from ..extensions import db
from ..forms import SentOnce
from .fields import Between, CountField, DayField, DecimalNumberField, PlaceForm, PriceField, at_most
from .models import TECHNIQUE_LABELS, Category, HeritageElement, ProductStatus, Technique
from .provenance import MAX_HOURS

DESCRIPTION_MAX = 5000
NOT_NEGATIVE = _l("El stock no puede ser negativo: escribe 0 si no te queda ninguno.")

STATUS_LABELS = {
    ProductStatus.DRAFT: _l("borrador"),
    ProductStatus.PUBLISHED: _l("publicado"),
    ProductStatus.ARCHIVED: _l("archivado"),
}

# What a listing lacks before it can be public (codes from products.MISSING), said as what to do.
MISSING_LABELS = {
    "photo": _l("Sube al menos una foto."),
    "name_es": _l("Escribe el nombre en español."),
    "category": _l("Elige la categoría."),
    "description_es": _l("Escribe la descripción en español."),
    "price": _l("Pon un precio mayor que cero (a cada variante, si tiene varias)."),
    "variant_option": _l("Escribe qué distingue a cada variante: color, talla o peso."),
    "lot": _l("Registra el lote que vendes ahora y márcalo como lote actual."),
}


def selectable_categories() -> list[tuple[Category, list[Category]]]:
    """Top-level categories with the sub-categories a product can be filed under; a top-level
    category without sub-categories is itself selectable (its list holds only itself)."""
    from .staff_lists import category_tree

    return [(root, list(root.children) or [root]) for root in category_tree()]


class DetailsForm(FlaskForm):
    name_es = StringField(
        _l("Nombre del producto (en español)"),
        validators=[DataRequired(_l("Escribe el nombre del producto en español.")), at_most(140)],
    )
    name_en = StringField(_l("Nombre en inglés (opcional)"), validators=[Optional(), at_most(140)])
    category = SelectField(_l("Categoría"), validate_choice=False, choices=[])
    price = PriceField(_l("Precio en soles"))
    stock = CountField(
        _l("Stock: cuántos tienes listos para vender"),
        validators=[Between(0, message=NOT_NEGATIVE)],
    )
    description_es = TextAreaField(
        _l("Descripción (en español)"),
        validators=[Optional(), at_most(DESCRIPTION_MAX)],
    )
    description_en = TextAreaField(
        _l("Descripción en inglés (opcional)"),
        validators=[Optional(), at_most(DESCRIPTION_MAX)],
    )

    def validate_category(self, field):
        if not field.data:
            return
        valid = {str(c.id) for _, leaves in selectable_categories() for c in leaves}
        if field.data not in valid:
            raise ValidationError(_l("Esa categoría no existe: elige una de la lista."))

    @property
    def category_id(self) -> int | None:
        return int(self.category.data) if self.category.data else None


class VariantForm(FlaskForm):
    # Only when the product was sold as it is until now: the name of the variant it already has.
    first_option_es = StringField(_l("Qué distingue a la que ya tienes (en español)"), validators=[at_most(60)])
    first_option_en = StringField(_l("La que ya tienes, en inglés (opcional)"), validators=[Optional(), at_most(60)])
    option_es = StringField(_l("Qué la distingue (en español)"), validators=[at_most(60)])
    option_en = StringField(_l("En inglés (opcional)"), validators=[Optional(), at_most(60)])
    sku = StringField(
        _l("Código (SKU, opcional)"),
        validators=[
            Optional(),
            at_most(40),
            Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Usa solo letras sin tilde, números, puntos y guiones, sin espacios.")),
        ],
    )
    price = PriceField(_l("Precio en soles"))
    stock = CountField(
        _l("Stock"),
        default=0,
        validators=[Between(0, message=NOT_NEGATIVE)],
    )
    option_required = False
    first_required = False

    def validate_first_option_es(self, field):
        if self.first_required and not (field.data or "").strip():
            raise ValidationError(_l("Escribe qué distingue a la variante que ya tienes, por ejemplo «pardo» o «500 g»: "
                                     "así el comprador elige entre las dos."))

    def validate_option_es(self, field):
        if self.option_required and not (field.data or "").strip():
            raise ValidationError(_l("Escribe qué distingue a esta variante, por ejemplo «pardo», «talla M» o «500 g»."))


class NewVariantForm(SentOnce, VariantForm):
    """Adding a variant: sent twice (a lost answer, a second tap), it adds one."""


class StockForm(FlaskForm):
    stock = CountField(
        _l("Stock"),
        validators=[InputRequired(_l("Escribe cuántos tienes; 0 si no te queda ninguno.")), Between(0, message=NOT_NEGATIVE)],
    )


class MakerForm(Form):
    name = StringField(_l("Nombre"), validators=[Optional(), at_most(120)])
    consent = BooleanField(_l("Aceptó que su nombre aparezca en la tienda"))


class ProvenanceForm(FlaskForm):
    community = StringField(_l("Comunidad"), validators=[Optional(), at_most(120)])
    place = FormField(PlaceForm, label=_l("Distrito donde se hizo"))
    technique = SelectField(
        _l("Técnica"),
        validate_choice=False,
        choices=[SelectChoice("", "—")] + [SelectChoice(t.value, label) for t, label in TECHNIQUE_LABELS.items()],
    )
    technique_other = StringField(_l("Si es otra técnica, ¿cuál?"), validators=[at_most(80)])
    fibre = StringField(_l("Fibra"), validators=[Optional(), at_most(120)])
    dyes = StringField(_l("Tintes naturales"), validators=[Optional(), at_most(200)])
    iconography = StringField(_l("Iconografía: diseños o motivos"), validators=[Optional(), at_most(200)])
    iconography_meaning_es = TextAreaField(_l("Qué significan (en español)"), validators=[Optional(), at_most(DESCRIPTION_MAX)])
    iconography_meaning_en = TextAreaField(
        _l("Qué significan, en inglés (opcional)"), validators=[Optional(), at_most(DESCRIPTION_MAX)]
    )
    hours_of_work = CountField(
        _l("Horas de trabajo"),
        validators=[Between(1, MAX_HOURS, message=_l("Escribe las horas de trabajo como un número entre 1 y 10000."))],
    )
    heritage = SelectMultipleField(_l("Patrimonio que cita"), validate_choice=False, choices=[])
    makers = FieldList(FormField(MakerForm), label=_l("Quiénes lo hicieron"))

    def validate_technique(self, field):
        if field.data and field.data not in {t.value for t in Technique}:
            raise ValidationError(_l("Elige la técnica de la lista, u «Otra técnica» y escríbela."))

    def validate_technique_other(self, field):
        if self.technique.data == Technique.OTHER.value and not (field.data or "").strip():
            raise ValidationError(_l("Escribe el nombre de la técnica."))

    def validate_heritage(self, field):
        ids = [value for value in field.data or [] if value]
        if not all(value.isdigit() for value in ids):
            raise ValidationError(_l("Ese elemento de patrimonio no está en la lista del programa: elige uno de la lista."))
        known = set(db.session.scalars(db.select(HeritageElement.id).where(HeritageElement.id.in_([int(v) for v in ids]))))
        if len(known) != len(set(ids)):
            raise ValidationError(_l("Ese elemento de patrimonio no está en la lista del programa: elige uno de la lista."))

    @property
    def heritage_ids(self) -> list[int]:
        return [int(value) for value in self.heritage.data or [] if value]


class LotForm(FlaskForm):
    lot_code = StringField(
        _l("Código del lote"),
        validators=[DataRequired(_l("Escribe el código del lote, como figura en la etiqueta.")), at_most(40)],
    )
    campaign = StringField(_l("Campaña de cosecha"), validators=[Optional(), at_most(40)])
    harvest_date = DayField(
        _l("Fecha de cosecha"),
        validators=[InputRequired(_l("Escribe la fecha de cosecha del lote, por ejemplo 15/03/2024."))],
    )
    floral_source = StringField(_l("Fuente floral"), validators=[Optional(), at_most(120)])
    place = FormField(PlaceForm, label=_l("Distrito del apiario"))
    moisture_percent = DecimalNumberField(_l("Humedad (%)"))
    net_weight_g = CountField(
        _l("Peso neto (gramos)"),
        validators=[Between(1, message=_l("Escribe el peso neto en gramos, por ejemplo 500."))],
    )
    best_before = DayField(_l("Consumir preferentemente antes de"), validators=[Optional()])
    sanitary_registration = StringField(_l("N° de Registro Sanitario (DIGESA)"), validators=[Optional(), at_most(60)])
    is_current = BooleanField(_l("Es el lote que vendo ahora"), default=True)

    def validate_moisture_percent(self, field):
        if field.number is not None and not 0 < field.number < 100:
            raise ValidationError(_l("La humedad es un porcentaje entre 0 y 100, por ejemplo 18.2."))

    def validate_best_before(self, field):
        if field.data and self.harvest_date.data and field.data <= self.harvest_date.data:
            raise ValidationError(_l("Esta fecha tiene que ser posterior a la de cosecha."))


class NewLotForm(SentOnce, LotForm):
    """Recording a lot: sent twice (a lost answer, a second tap), it records one."""
