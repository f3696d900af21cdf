from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..accounts.access import admin_required, staff_required
from ..forms import status_for
from ..notifications import services as outbox
from ..producers.forms import VERIFICATION_LABELS
from ..producers.services import members
from . import services
from .forms import DecisionForm, StaffRoleForm

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
@staff_required
def verification_queue():
    return render_template("staff/queue.html", organisations=services.verification_queue())


def _review_page(organisation, form, status=200):
    return render_template(
        "staff/organisation.html",
        organisation=organisation,
        members=members(organisation),
        history=audit.history(organisation),
        form=form,
    ), status


@bp.get("/organisations/<int:organisation_id>")
@staff_required
def organisation(organisation_id):
    organisation = services.organisation_for_review(organisation_id) or abort(404)
    return _review_page(organisation, DecisionForm())


@bp.post("/organisations/<int:organisation_id>/<any(verify, reject):decision>")
@staff_required
def decide(organisation_id, decision):
    organisation = services.organisation_for_review(organisation_id) or abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _review_page(organisation, form, status_for(form) if status_for(form) != 200 else 400)
    try:
        services.decide_verification(organisation, verify=decision == "verify", by=current_user, reason=form.reason.data)
    except services.ReasonRequired:
        form.reason.errors.append(_("Escribe el motivo del rechazo: la organización lo recibirá por correo."))
        return _review_page(organisation, form, 422)
    except services.AlreadyDecided as exc:
        decider = services.last_decider(exc.organisation)
        flash(_("Ya lo decidió %(name)s: %(status)s. No cambiamos nada.",
                name=decider.name if decider else _("otra persona"),
                status=VERIFICATION_LABELS[exc.organisation.status]), "error")
        return redirect(url_for("staff.organisation", organisation_id=organisation.id))
    if decision == "verify":
        flash(_("Verificaste «%(name)s». Ya es pública.", name=organisation.name), "success")
    else:
        flash(_("Rechazaste «%(name)s». Le enviamos el motivo.", name=organisation.name), "success")
    return redirect(url_for("staff.verification_queue"))


@bp.route("/team", methods=["GET", "POST"])
@admin_required
def team():
    form = StaffRoleForm()
    if form.validate_on_submit():
        try:
            user = services.set_staff(form.email.data, True, by=current_user)
        except services.NoSuchUser:
            form.email.errors.append(_("No hay ninguna cuenta con ese correo. La persona debe registrarse primero."))
        else:
            flash(_("%(name)s ahora es del equipo del programa.", name=user.name), "success")
            return redirect(url_for("staff.team"))
    return render_template("staff/team.html", form=form, staff=services.staff_members(),
                           promoter_form=StaffRoleForm(prefix="promoter"), promoters=services.promoters()), status_for(form)


@bp.post("/team/promoters")
@admin_required
def add_promoter():
    form = StaffRoleForm(prefix="promoter")
    if form.validate_on_submit():
        try:
            user = services.set_promoter(form.email.data, True, by=current_user)
        except services.NoSuchUser:
            flash(_("No hay ninguna cuenta con ese correo. La persona debe registrarse primero."), "error")
        else:
            flash(_("%(name)s ahora es promotor del programa: puede publicar con ayuda.", name=user.name), "success")
    else:
        flash(_("Escribe el correo de la cuenta del promotor."), "error")
    return redirect(url_for("staff.team"))


@bp.post("/team/promoters/remove/<int:user_id>")
@admin_required
def remove_promoter(user_id):
    user = services.promoter(user_id) or abort(404)
    services.set_promoter(user.email, False, by=current_user)
    flash(_("%(name)s ya no es promotor del programa.", name=user.name), "success")
    return redirect(url_for("staff.team"))


@bp.post("/team/remove/<int:user_id>")
@admin_required
def remove_staff(user_id):
    user = services.staff_member(user_id) or abort(404)
    if user.is_admin:
        flash(_("No se puede quitar el rol a una persona administradora."), "error")
    else:
        services.set_staff(user.email, False, by=current_user)
        flash(_("%(name)s ya no es del equipo del programa.", name=user.name), "success")
    return redirect(url_for("staff.team"))



@bp.get("/emails/failed")
@staff_required
def failed_emails():
    return render_template("staff/failed_emails.html", emails=outbox.failed_emails(),
                           being_retried=outbox.emails_being_retried())


@bp.post("/emails/<int:email_id>/retry")
@staff_required
def retry_email(email_id):
    try:
        email = outbox.retry_failed_email(email_id, by=current_user)
    except outbox.NotFailed:
        flash(_("Ese correo ya no está entre los que fallaron: no lo enviamos otra vez."), "info")
    else:
        flash(_("Volvimos a enviar el correo a %(recipient)s.", recipient=email.recipient), "success")
    return redirect(url_for("staff.failed_emails"))
