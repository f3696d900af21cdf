"""Forms for the lists staff keep: categories and heritage elements."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from .fields import Between, CountField, at_most

TEXT_MAX = 5000


class CategoryForm(FlaskForm):
    name_es = StringField(
        _l("Nombre (en español)"),
        validators=[DataRequired(_l("Escribe el nombre de la categoría en español.")), at_most(120)],
    )
    name_en = StringField(_l("Nombre en inglés (opcional)"), validators=[Optional(), at_most(120)])
    description_es = TextAreaField(_l("Descripción (en español, opcional)"), validators=[Optional(), at_most(TEXT_MAX)])
    description_en = TextAreaField(_l("Descripción en inglés (opcional)"), validators=[Optional(), at_most(TEXT_MAX)])
    parent = SelectField(_l("Dentro de"), validate_choice=False, choices=[])
    position = CountField(
        _l("Orden"),
        default=0,
        validators=[Between(0, 1000, message=_l("Escribe un número entre 0 y 1000."))],
    )
    sold_by_lot = BooleanField(_l("Se vende por lote (alimentos como la miel): pedir el lote antes de publicar"))

    @property
    def parent_id(self) -> int | None:
        return int(self.parent.data) if (self.parent.data or "").isdigit() else None


class HeritageForm(FlaskForm):
    name_es = StringField(
        _l("Nombre (en español)"),
        validators=[DataRequired(_l("Escribe el nombre del elemento en español.")), at_most(160)],
    )
    name_en = StringField(_l("Nombre en inglés (opcional)"), validators=[Optional(), at_most(160)])
    description_es = TextAreaField(
        _l("Descripción (en español)"),
        validators=[DataRequired(_l("Escribe una descripción breve en español.")), at_most(TEXT_MAX)],
    )
    description_en = TextAreaField(_l("Descripción en inglés (opcional)"), validators=[Optional(), at_most(TEXT_MAX)])
    source = StringField(
        _l("Fuente"),
        validators=[
            DataRequired(_l("Escribe la fuente: quién lo declaró o registró, y cuándo (por ejemplo «UNESCO, 2008»).")),
            at_most(300),
        ],
    )
