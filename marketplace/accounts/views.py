from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from ..extensions import limiter
from ..forms import status_for
from ..i18n import select_locale
from . import access  # noqa: F401  (registers the user loader)
from . import services, sessions, throttle
from .forms import ChangePasswordForm, ForgotPasswordForm, ProfileForm, ResetPasswordForm, SignInForm, SignUpForm
from .navigation import local_path, requested_next, safe_next

bp = Blueprint("accounts", __name__, url_prefix="/account")

WEAK_PASSWORD_MESSAGES = {
    "short": lambda: _("La contraseña debe tener al menos 10 caracteres."),
    "common": lambda: _("Esa contraseña es muy común y fácil de adivinar. Elige otra."),
    "email": lambda: _("La contraseña no puede ser tu correo."),
}
RESET_LINK_MESSAGES = {
    "expired": lambda: _("El enlace para cambiar la contraseña ha caducado. Pide uno nuevo."),
    "invalid": lambda: _("Este enlace ya se usó o no es válido. Pide uno nuevo."),
}


def _sign_in(user, *, remember: bool = False) -> None:
    """Sign this browser in through a new session record (ended by signing out)."""
    login_user(sessions.start_session(user, remember=remember), remember=remember)


def _remember_device(response, cookie: str | None, user):
    """Mark this browser as one the account signs in from (it stays usable while paused)."""
    config = current_app.config
    response.set_cookie(throttle.KNOWN_DEVICE_COOKIE, throttle.remember_device(cookie, user),
                        max_age=365 * 24 * 3600, secure=config["SESSION_COOKIE_SECURE"], httponly=True,
                        samesite="Lax", path=url_for("accounts.sign_in"))
    return response


def _posted_email() -> str:
    """Rate-limit key: the address a form was posted for, however it was typed."""
    return "email:" + (request.form.get("email") or "").strip().lower()


def _signup_limit():
    return current_app.config["SIGNUP_RATE_LIMIT"]


def _signup_email_limit():
    return current_app.config["SIGNUP_EMAIL_RATE_LIMIT"]


def _reset_email_limit():
    return current_app.config["RESET_EMAIL_RATE_LIMIT"]


def _signin_limit():
    return current_app.config["SIGNIN_RATE_LIMIT"]


def _reset_limit():
    return current_app.config["RESET_RATE_LIMIT"]


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
@limiter.limit(_signup_email_limit, key_func=_posted_email, methods=["POST"])
def sign_up():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            services.sign_up(email=form.email.data, password=form.password.data, name=form.name.data,
                             phone=form.phone.e164, locale=select_locale(), next_path=requested_next())
        except services.WeakPassword as exc:
            form.password.errors.append(WEAK_PASSWORD_MESSAGES[exc.why]())
        else:
            # The same answer whether the address is new or taken: the email says which.
            flash(_("Te enviamos un correo a %(email)s. Abre el enlace que trae para terminar de crear tu cuenta.",
                    email=form.email.data.strip().lower()), "info")
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/sign_up.html", form=form), status_for(form)


@bp.route("/sign-up/<token>", methods=["GET", "POST"])
def confirm_sign_up(token):
    """The link emailed to a new address: a button (a mail scanner's visit makes nothing)."""
    try:
        pending = services.pending_sign_up(token)
        if request.method == "POST":
            if not FlaskForm().validate_on_submit():
                abort(400)
            user, heading = services.confirm_sign_up(token)
            logout_user()
            _sign_in(user)
            flash(_("¡Bienvenida, bienvenido! Tu cuenta está lista."), "success")
            return redirect(local_path(heading) or url_for("producers.dashboard"))
    except services.InvalidSignUpLink:
        flash(_("Este enlace ya se usó o no es válido. Si ya creaste tu cuenta, entra con tu correo."), "error")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/confirm_sign_up.html", pending=pending, form=FlaskForm())


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next())
    form = SignInForm()
    if form.validate_on_submit():
        device = request.cookies.get(throttle.KNOWN_DEVICE_COOKIE)
        user = services.authenticate(form.email.data, form.password.data,
                                     known_accounts=throttle.known_accounts(device))
        if user is not None:
            _sign_in(user, remember=form.remember.data)
            return _remember_device(redirect(safe_next("producers.dashboard")), device, user)
        form.password.errors.append(_("El correo o la contraseña no son correctos."))
    return render_template("accounts/sign_in.html", form=form), status_for(form)


@bp.post("/sign-out")
@login_required
def sign_out():
    sessions.end_session(current_user)
    logout_user()
    flash(_("Cerraste tu sesión."), "info")
    return redirect(url_for("web.home"))


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    sessions.sign_out_everywhere(current_user)
    logout_user()
    flash(_("Cerraste tu sesión en todos tus equipos. Vuelve a entrar con tu contraseña."), "info")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_email_limit, key_func=_posted_email, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("Si hay una cuenta con ese correo, te enviamos un enlace para cambiar la contraseña."), "info")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/forgot_password.html", form=form), status_for(form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token):
    try:
        services.user_for_reset_token(token)
    except services.InvalidResetLink as exc:
        flash(RESET_LINK_MESSAGES[exc.why](), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except services.WeakPassword as exc:
            form.password.errors.append(WEAK_PASSWORD_MESSAGES[exc.why]())
        except services.InvalidResetLink as exc:
            flash(RESET_LINK_MESSAGES[exc.why](), "error")
            return redirect(url_for("accounts.forgot_password"))
        else:
            logout_user()
            _sign_in(user)
            flash(_("Tu contraseña se cambió. Cerramos tu sesión en todos tus otros equipos."), "success")
            return redirect(url_for("producers.dashboard"))
    return render_template("accounts/reset_password.html", form=form), status_for(form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_reset_limit, methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current.data, form.password.data)
        except services.WrongPassword:
            form.current.errors.append(_("Esa no es tu contraseña actual."))
        except services.WeakPassword as exc:
            form.password.errors.append(WEAK_PASSWORD_MESSAGES[exc.why]())
        else:
            logout_user()
            _sign_in(user)
            flash(_("Tu contraseña se cambió. Cerramos tu sesión en todos tus otros equipos."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), status_for(form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.phone.data = current_user.display_phone
    if form.validate_on_submit():
        services.update_profile(current_user, name=form.name.data, phone=form.phone.e164)
        flash(_("Guardamos tus datos."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form), status_for(form)
