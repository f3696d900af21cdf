from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from .phones import InvalidPhone, normalise


class PhoneField(StringField):
    """A phone typed any way a person types it, kept in E.164 form."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.e164 = None

    def pre_validate(self, form):
        if self.data and self.data.strip():
            try:
                self.e164 = normalise(self.data)
            except InvalidPhone:
                raise ValidationError(
                    _l("Escribe un celular peruano (+51 9xx xxx xxx) o un número internacional con su código de país.")
                ) from None


class SignUpForm(FlaskForm):
    name = StringField(_l("Nombre y apellidos"), validators=[DataRequired(_l("Escribe tu nombre.")), Length(max=120)])
    email = EmailField(
        _l("Correo electrónico"),
        validators=[DataRequired(_l("Escribe tu correo.")), Email(_l("Escribe un correo válido, como nombre@ejemplo.pe.")), Length(max=254)],
    )
    phone = PhoneField(_l("Celular (opcional)"), validators=[Optional(), Length(max=25)])
    password = PasswordField(_l("Contraseña"), validators=[DataRequired(_l("Elige una contraseña."))])


class SignInForm(FlaskForm):
    email = EmailField(_l("Correo electrónico"), validators=[DataRequired(_l("Escribe tu correo."))])
    password = PasswordField(_l("Contraseña"), validators=[DataRequired(_l("Escribe tu contraseña."))])
    remember = BooleanField(_l("Mantener la sesión abierta en este equipo"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Correo electrónico"),
        validators=[DataRequired(_l("Escribe tu correo.")), Email(_l("Escribe un correo válido, como nombre@ejemplo.pe."))],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("Nueva contraseña"), validators=[DataRequired(_l("Elige una contraseña."))])
    confirm = PasswordField(
        _l("Repite la nueva contraseña"),
        validators=[DataRequired(_l("Repite la contraseña.")), EqualTo("password", _l("Las dos contraseñas no coinciden."))],
    )


class ChangePasswordForm(ResetPasswordForm):
    current = PasswordField(_l("Contraseña actual"), validators=[DataRequired(_l("Escribe tu contraseña actual."))])


class ProfileForm(FlaskForm):
    name = StringField(_l("Nombre y apellidos"), validators=[DataRequired(_l("Escribe tu nombre.")), Length(max=120)])
    phone = PhoneField(_l("Celular (opcional)"), validators=[Optional(), Length(max=25)])
