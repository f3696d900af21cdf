"""A producer's contacts met at fairs: the form used at the booth, and the follow-up list.

The form works as a plain POST; the page's script (static/js/contacts.js) sends it with fetch
and asks for JSON, keeps what was typed if sending fails, and queues it on the phone while there
is no connection. Both ways go through the same view and the same service.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..status import IllegalTransition
from . import contact_pipeline as pipeline
from . import contacts as services
from .contact_forms import STAGE_LABELS, STEP_BUTTONS, ContactForm, StepForm, countries
from .models import ContactStage

bp = Blueprint("contacts", __name__, url_prefix="/producer/contacts")


@bp.record_once
def _listen(state) -> None:
    pipeline.connect_signals()


@bp.app_context_processor
def contact_labels():
    return {"CONTACT_STAGE_LABELS": STAGE_LABELS, "CONTACT_STEP_BUTTONS": STEP_BUTTONS}


# field the message belongs to (None: the whole form), and the message
REFUSALS = {
    services.MissingName: ("name", lambda: _("Escribe el nombre de la persona.")),
    services.NoWayToReach: ("email", lambda: _("Escribe un correo o un número de WhatsApp: sin ninguno no podrás volver a escribirle.")),
    services.InvalidWhatsApp: ("whatsapp", lambda: _("Revisa el WhatsApp: escribe el número con su código de país, como +49 1512 3456789; un celular peruano tiene 9 dígitos y empieza con 9.")),
    services.ConsentMissing: ("consent", lambda: _("Sin el permiso de la persona no podemos guardar sus datos (Ley 29733). Léele el texto y marca la casilla si acepta.")),
    services.UnknownProducts: ("products", lambda: _("Algunos productos marcados ya no están en tu catálogo: vuelve a elegirlos.")),
    services.NotFound: (None, lambda: _("No encontramos ese stand entre los de tu organización: elige uno de la lista.")),
    services.BoothNotTakingContacts: (None, lambda: _("Ese stand ya no recibe contactos: su feria terminó hace más de dos semanas o el stand no fue aceptado.")),
}
SAVED = {
    "created": lambda name: _("Guardamos el contacto de %(name)s.", name=name),
    "merged": lambda name: _("%(name)s ya estaba entre tus contactos de esta feria: completamos sus datos.", name=name),
    "already_saved": lambda name: _("El contacto de %(name)s ya estaba guardado.", name=name),
}


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _booths_and_chosen():
    booths = services.booths_taking_contacts(current_user)
    wanted = request.values.get("booth", type=int) or request.form.get("booth_id", type=int)
    chosen = next((b for b in booths if b.id == wanted), None)
    if chosen is None and wanted and current_user.is_staff:
        try:
            chosen = services.booth_for_logging(current_user, wanted)
        except (services.ContactError, services.NotFound):
            chosen = None
    return booths, chosen or (booths[0] if booths and not wanted else None)


def _render_form(form, booths, booth, status=200, problem=None):
    form.prepare(services.catalogue_for(booth) if booth else [])
    form.booth_id.data = booth.id if booth else form.booth_id.data
    consent = services.consent_text(booth.organisation.name, form.consent_locale.data) if booth else None
    return render_template("fairs/contacts/new.html", form=form, booths=booths, booth=booth, consent=consent,
                           countries=countries(str(get_locale())), problem=problem), status


@bp.get("/new")
@login_required
def new():
    booths, booth = _booths_and_chosen()
    if booth is None:
        return render_template("fairs/contacts/no_booth.html"), 404 if request.args.get("booth") else 200
    return _render_form(ContactForm(formdata=None), booths, booth)


def _refused(form, booths, booth, error):
    field, message = REFUSALS[type(error)]
    text = message()
    if field is not None:
        getattr(form, field).errors = [*getattr(form, field).errors, text]
    if _wants_json():
        return jsonify(result="refused", message=text, errors={f.name: f.errors for f in form if f.errors}), 422
    return _render_form(form, booths, booth, 422, problem=None if field else text)


@bp.post("/new")
@login_required
def create():
    form = ContactForm()
    booths, _chosen = _booths_and_chosen()
    form.prepare([])
    try:
        booth = services.booth_for_logging(current_user, request.form.get("booth_id", type=int))
    except (services.ContactError, services.NotFound) as error:
        return _refused(form, booths, None, error)
    if not form.validate():
        if _wants_json():
            return jsonify(result="refused", message=_("Revisa los campos marcados: no guardamos nada todavía."),
                           errors={f.name: f.errors for f in form if f.errors}), 422
        return _render_form(form, booths, booth, 422)
    try:
        logged = services.log_contact(booth, form.details(), by=current_user)
    except (services.ContactError, services.NotFound) as error:
        return _refused(form, booths, booth, error)
    message = SAVED[logged.outcome](logged.contact.name)
    if _wants_json():
        return jsonify(result=logged.outcome, message=message, contact_id=logged.contact.id), 201
    flash(message, "success")
    return redirect(url_for("contacts.new", booth=booth.id))


@bp.get("/")
@login_required
def follow_up():
    fair_id = request.args.get("fair", type=int)
    stage = request.args.get("stage") or None
    results = pipeline.follow_up_page(current_user, fair_id=fair_id, stage=stage,
                                      page=request.args.get("page", 1, type=int))
    return render_template(
        "fairs/contacts/list.html", results=results, fairs=pipeline.fairs_with_contacts(current_user),
        fair_id=fair_id, stage=stage, stages=list(ContactStage), next_stages=pipeline.next_stages,
        whatsapp_link=lambda contact: pipeline.whatsapp_link(contact, current_user.name),
        can_log=bool(services.booths_taking_contacts(current_user)),
    )


@bp.post("/<int:contact_id>/step")
@login_required
def step(contact_id):
    contact = pipeline.contact_for_member(current_user, contact_id)
    form = StepForm()
    back = redirect(request.form.get("back") if (request.form.get("back") or "").startswith("/producer/contacts")
                    else url_for("contacts.follow_up"))
    if not form.validate() or form.target.data not in set(ContactStage):
        flash(_("No pudimos marcar ese paso: vuelve a intentarlo."), "error")
        return back
    expected = ContactStage(form.expected.data) if form.expected.data in set(ContactStage) else None
    try:
        pipeline.mark_step(contact, ContactStage(form.target.data), by=current_user, reason=form.reason.data,
                           expected=expected)
    except pipeline.ReasonRequired:
        flash(_("Escribe por qué se perdió el contacto de %(name)s: ayuda a preparar la próxima feria.", name=contact.name), "error")
    except (pipeline.AlreadyMoved, IllegalTransition):
        flash(_("El contacto de %(name)s ya cambió de paso (está en «%(stage)s»): revisa la lista.",
                name=contact.name, stage=STAGE_LABELS[contact.stage]), "error")
    else:
        flash(_("%(name)s: %(stage)s.", name=contact.name, stage=STAGE_LABELS[contact.stage]), "success")
    return back
