from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..forms import status_for
from ..status import IllegalTransition
from . import services
from .forms import InviteForm, OrganisationForm
from .models import MemberRole, OrganisationKind

bp = Blueprint("producers", __name__, url_prefix="/producer")

INVITATION_MESSAGES = {
    "expired": lambda: _("Esta invitación caducó. Pide a la organización que te invite otra vez."),
    "invalid": lambda: _("Este enlace de invitación no es válido."),
    "used": lambda: _("Esta invitación ya se usó."),
    "other_email": lambda: _("Esta invitación es para otro correo. Entra con la cuenta de ese correo."),
}


def _member_organisation(organisation_id: int, *, owner: bool = False):
    return services.organisation_for_member(current_user, organisation_id, owner=owner)


def _details(form: OrganisationForm) -> services.OrganisationDetails:
    return services.OrganisationDetails(
        name=form.name.data,
        kind=OrganisationKind(form.kind.data),
        district_code=form.district.data,
        story_es=form.story_es.data,
        story_en=form.story_en.data,
        ruc=form.ruc.data,
        dni=form.dni.data,
        rna_number=form.rna_number.data,
        women_led=form.women_led.data,
        members_women=form.members_women.data,
        members_men=form.members_men.data,
    )


def _refreshing_places(form: OrganisationForm) -> bool:
    """Without JavaScript, "show provinces/districts" re-renders the form without saving."""
    return "refresh_places" in request.form


@bp.get("/")
@login_required
def dashboard():
    return render_template("producers/dashboard.html", organisations=services.organisations_of(current_user))


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def new_organisation():
    form = OrganisationForm()
    form.fill_place_choices()
    if not _refreshing_places(form) and form.validate_on_submit():
        organisation = services.create_organisation(_details(form), by=current_user)
        flash(_("Creaste «%(name)s». El equipo del programa la revisará pronto; mientras tanto puedes preparar tus productos.",
                name=organisation.name), "success")
        return redirect(url_for("producers.organisation", organisation_id=organisation.id))
    return render_template("producers/organisation_form.html", form=form, organisation=None), status_for(form)


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id):
    organisation = _member_organisation(organisation_id)
    is_owner = any(m.user_id == current_user.id and m.role == MemberRole.OWNER for m in organisation.memberships)
    return render_template(
        "producers/organisation.html",
        organisation=organisation,
        members=services.members(organisation),
        invitations=services.pending_invitations(organisation) if is_owner else [],
        is_owner=is_owner,
        invite_form=InviteForm(),
    )


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organisation(organisation_id):
    organisation = _member_organisation(organisation_id, owner=True)
    form = OrganisationForm(obj=organisation)
    if request.method == "GET":
        form.kind.data = organisation.kind.value
        form.set_place(organisation.district_code)
    form.fill_place_choices()
    if not _refreshing_places(form) and form.validate_on_submit():
        services.update_organisation(organisation, _details(form), by=current_user)
        flash(_("Guardamos los cambios."), "success")
        return redirect(url_for("producers.organisation", organisation_id=organisation.id))
    return render_template("producers/organisation_form.html", form=form, organisation=organisation), status_for(form)


@bp.post("/organisations/<int:organisation_id>/invite")
@login_required
def invite(organisation_id):
    organisation = _member_organisation(organisation_id, owner=True)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite_member(organisation, form.email.data, by=current_user)
        except services.AlreadyMember:
            flash(_("%(email)s ya es integrante.", email=form.email.data), "error")
        else:
            flash(_("Enviamos la invitación a %(email)s.", email=form.email.data), "success")
        return redirect(url_for("producers.organisation", organisation_id=organisation.id))
    return render_template(
        "producers/organisation.html",
        organisation=organisation,
        members=services.members(organisation),
        invitations=services.pending_invitations(organisation),
        is_owner=True,
        invite_form=form,
    ), 422


@bp.post("/organisations/<int:organisation_id>/review")
@login_required
def ask_for_review(organisation_id):
    organisation = _member_organisation(organisation_id, owner=True)
    try:
        services.ask_for_review_again(organisation, by=current_user)
    except IllegalTransition:
        flash(_("Esta organización no está rechazada: no hace falta pedir otra revisión."), "info")
    else:
        flash(_("Pediste una nueva revisión. Te avisaremos por correo."), "success")
    return redirect(url_for("producers.organisation", organisation_id=organisation.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token):
    try:
        invitation = services.invitation_for_token(token)
    except services.InvalidInvitation as exc:
        flash(INVITATION_MESSAGES[exc.why](), "error")
        return redirect(url_for("web.home"))
    if request.method == "POST" and current_user.is_authenticated:
        try:
            organisation = services.accept_invitation(token, user=current_user)
        except services.InvalidInvitation as exc:
            flash(INVITATION_MESSAGES[exc.why](), "error")
            return redirect(url_for("web.home"))
        flash(_("Ya eres integrante de «%(name)s».", name=organisation.name), "success")
        return redirect(url_for("producers.organisation", organisation_id=organisation.id))
    return render_template("producers/invitation.html", invitation=invitation, token=token)
