from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Motivo (obligatorio para rechazar)"), validators=[Optional(), Length(max=2000)])


class StaffRoleForm(FlaskForm):
    email = EmailField(
        _l("Correo de la cuenta"),
        validators=[DataRequired(_l("Escribe un correo.")), Email(_l("Escribe un correo válido, como nombre@ejemplo.pe."))],
    )
