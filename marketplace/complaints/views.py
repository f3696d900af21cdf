"""The Libro de Reclamaciones: the public form, a consumer's sheets, and staff's list and answers."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.access import staff_required
from ..clock import lima_today
from ..extensions import limiter
from ..web.errors import render_error
from . import services
from .forms import (
    COMPLAINT_KIND_HINTS,
    COMPLAINT_KIND_LABELS,
    COMPLAINT_STATUS_LABELS,
    CONTRACTED_LABELS,
    DOCUMENT_LABELS,
    AnswerForm,
    ComplaintForm,
)

bp = Blueprint("complaints", __name__)


@bp.record_once
def _register_template_globals(state) -> None:
    # Globals: the footer of every page (cached public ones too) and the emails use them.
    state.app.jinja_env.globals.update(
        seller=services.seller,
        COMPLAINT_KIND_LABELS=COMPLAINT_KIND_LABELS,
        COMPLAINT_STATUS_LABELS=COMPLAINT_STATUS_LABELS,
        CONTRACTED_LABELS=CONTRACTED_LABELS,
        DOCUMENT_LABELS=DOCUMENT_LABELS,
        complaint_deadline=lambda complaint: services.deadline_of(complaint, lima_today()),
    )


def _form_page(form: ComplaintForm, status: int = 200):
    signed_in = current_user.is_authenticated
    return render_template(
        "complaints/form.html", form=form, kind_hints=COMPLAINT_KIND_HINTS,
        days=current_app.config["COMPLAINT_ANSWER_BUSINESS_DAYS"],
        order_references=services.order_references_of(current_user) if signed_in else [],
    ), status


def _complaint_limit() -> str:
    return current_app.config["COMPLAINT_RATE_LIMIT"]


@bp.route("/libro-de-reclamaciones", methods=["GET", "POST"])
@limiter.limit(_complaint_limit, methods=["POST"])
def form():
    form = ComplaintForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.consumer_name.data = form.consumer_name.data or current_user.name
        form.email.data = form.email.data or current_user.email
        form.phone.data = form.phone.data or current_user.phone
    if not form.validate_on_submit():
        return _form_page(form, 422 if form.is_submitted() else 200)
    try:
        complaint = services.file_complaint(form.to_draft(), user=current_user, locale=str(get_locale()))
    except services.OrderNotTheirs:
        form.order_reference.errors.append(_("No encontramos ese pedido entre los tuyos: revisa el número (como MC-7K3Q-9XW2) o déjalo en blanco y descríbelo."))
        return _form_page(form, 422)
    except services.GuardianRequired:
        form.guardian_name.errors.append(_("Si eres menor de edad, escribe el nombre de tu padre, madre o representante."))
        return _form_page(form, 422)
    flash(_("Registramos tu hoja de reclamación N.° %(code)s y te enviamos una copia a %(email)s.",
            code=complaint.code, email=complaint.email), "success")
    return redirect(url_for("complaints.sheet", code=complaint.code, t=services.access_token(complaint)))


@bp.errorhandler(429)
def too_many(error):
    """Too many sheets from one address: keep what was typed and say when to send it again."""
    if request.endpoint != "complaints.form":
        return render_error(error)
    form = ComplaintForm()
    flash(_("Recibimos muchas hojas desde tu conexión en poco tiempo. Espera unos minutos y vuelve a enviarla: guardamos lo que escribiste."), "error")
    return _form_page(form, 429)


@bp.get("/libro-de-reclamaciones/hojas/<code>")
def sheet(code):
    complaint = services.complaint_for_viewer(code, user=current_user, token=request.args.get("t"))
    return render_template("complaints/sheet.html", complaint=complaint)


@bp.get("/libro-de-reclamaciones/mis-hojas")
@login_required
def mine():
    return render_template("complaints/mine.html", complaints=services.complaints_of(current_user))


# Staff -----------------------------------------------------------------------------------------


def _staff_complaint(code: str):
    return services.complaint_by_code(code)


def _staff_page(complaint, form: AnswerForm | None = None, status: int = 200):
    form = form or AnswerForm(formdata=None)
    return render_template("complaints/staff_sheet.html", complaint=complaint, form=form), status


@bp.get("/staff/complaints/")
@staff_required
def staff_index():
    answered = request.args.get("answered") == "1"
    page = request.args.get("page", 1, type=int)
    listing = services.staff_list(answered=answered, page=page if 0 < page < 10_000 else 1)
    return render_template("complaints/staff_list.html", listing=listing, answered=answered)


@bp.get("/staff/complaints/<code>")
@staff_required
def staff_sheet(code):
    return _staff_page(_staff_complaint(code))


@bp.post("/staff/complaints/<code>/answer")
@staff_required
def answer(code):
    complaint = _staff_complaint(code)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _staff_page(complaint, form, 422)
    try:
        services.answer_complaint(complaint, form.answer.data, by=current_user)
    except services.AlreadyAnswered as error:
        by = error.complaint.answered_by
        flash(_("%(name)s ya respondió esta hoja. La respuesta no se puede cambiar.",
                name=by.name if by else _("Otra persona")), "error")
    except services.AnswerRequired:
        form.answer.errors.append(_("Escribe la respuesta: qué hicimos o haremos, y por qué."))
        return _staff_page(complaint, form, 422)
    else:
        flash(_("Respondiste la hoja %(code)s y se la enviamos a %(email)s.", code=complaint.code,
                email=complaint.email), "success")
    return redirect(url_for("complaints.staff_sheet", code=complaint.code))
