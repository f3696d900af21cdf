"""Staff: fair editions, the booths at each (requests to decide), and the report for all fairs."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..accounts.access import staff_required
from ..extensions import db
from ..status import IllegalTransition
from ..forms import status_for
from . import booths, editions, report, report_export
from .blueprint import bp, found_or_404
from .errors import AlreadyAtFair, AlreadyDecided, DatesReversed, OrganisationNotVerified, ReasonRequired, SlugTaken
from .forms import BOOTH_STATUS_LABELS, AddBoothForm, DecisionForm, FairForm
from .models import Booth, BoothStatus, FairKind


@bp.get("/staff/fairs/")
@staff_required
def staff_fairs():
    return render_template("fairs/staff_fairs.html", fairs=editions.all_fairs())


def _details(form: FairForm) -> editions.FairDetails:
    return editions.FairDetails(
        name=form.name.data, slug=form.slug.data, city=form.city.data, venue=form.venue.data,
        starts_on=form.starts_on.data, ends_on=form.ends_on.data, kind=FairKind(form.kind.data),
        description_es=form.description_es.data, description_en=form.description_en.data,
    )


def _save_fair(form: FairForm, fair=None):
    """Create or update from a valid form; a domain error becomes a message on its field."""
    try:
        if fair is None:
            return editions.create_fair(_details(form), by=current_user)
        return editions.update_fair(fair, _details(form), by=current_user)
    except DatesReversed:
        form.ends_on.errors.append(_("La feria no puede terminar antes de empezar: revisa las fechas."))
    except SlugTaken as error:
        form.slug.errors.append(_("Ya hay una feria con la dirección «%(slug)s». Escribe otra, por ejemplo con el año.", slug=error.args[0]))
    return None


@bp.route("/staff/fairs/new", methods=["GET", "POST"])
@staff_required
def new_fair():
    form = FairForm()
    if form.validate_on_submit():
        fair = _save_fair(form)
        if fair is not None:
            flash(_("Creamos la feria «%(name)s».", name=fair.name), "success")
            return redirect(url_for("fairs.staff_fair", fair_id=fair.id))
    return render_template("fairs/staff_fair_form.html", form=form, fair=None), status_for(form)


@bp.route("/staff/fairs/<int:fair_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_fair(fair_id: int):
    fair = found_or_404(editions.fair_by_id, fair_id)
    form = FairForm(obj=fair) if request.method == "GET" else FairForm()
    if request.method == "GET":
        form.kind.data = fair.kind.value
    if form.validate_on_submit():
        if _save_fair(form, fair) is not None:
            flash(_("Guardamos los cambios de «%(name)s».", name=fair.name), "success")
            return redirect(url_for("fairs.staff_fair", fair_id=fair.id))
        db.session.rollback()
    return render_template("fairs/staff_fair_form.html", form=form, fair=fair), status_for(form)


def _add_booth_form() -> AddBoothForm:
    form = AddBoothForm()
    form.organisation.choices = [SelectChoice(0, "—")] + [SelectChoice(o.id, o.name) for o in editions.verified_organisations()]
    return form


def _fair_page(fair, add_form: AddBoothForm, status: int = 200):
    return render_template("fairs/staff_fair.html", fair=fair, booths=editions.booths_for_staff(fair),
                           add_form=add_form, decision_form=DecisionForm()), status


@bp.get("/staff/fairs/<int:fair_id>")
@staff_required
def staff_fair(fair_id: int):
    return _fair_page(found_or_404(editions.fair_by_id, fair_id), _add_booth_form())


@bp.post("/staff/fairs/<int:fair_id>/booths")
@staff_required
def add_booth(fair_id: int):
    fair = found_or_404(editions.fair_by_id, fair_id)
    form = _add_booth_form()
    if not form.validate_on_submit():
        return _fair_page(fair, form, 422)
    organisation = next(o for o in editions.verified_organisations() if o.id == form.organisation.data)
    try:
        booth = booths.add_booth(fair, organisation, by=current_user, number=form.number.data, whatsapp=form.whatsapp.e164)
    except AlreadyAtFair:
        form.organisation.errors.append(_("«%(name)s» ya tiene un stand en esta feria.", name=organisation.name))
        return _fair_page(fair, form, 422)
    except OrganisationNotVerified:
        form.organisation.errors.append(_("Elige un productor verificado de la lista."))
        return _fair_page(fair, form, 422)
    flash(_("«%(name)s» está en la feria con el código %(code)s.", name=organisation.name, code=booth.code), "success")
    return redirect(url_for("fairs.staff_fair", fair_id=fair.id))


@bp.post("/staff/booths/<int:booth_id>/decision")
@staff_required
def decide(booth_id: int):
    booth = db.session.get(Booth, booth_id) or abort(404)
    form = DecisionForm()
    accept = "accept" in request.form
    if not form.validate_on_submit():
        flash(_("Revisa el motivo: puede tener hasta 2000 caracteres."), "error")
        return redirect(url_for("fairs.staff_fair", fair_id=booth.fair_id))
    try:
        booths.decide_booth(booth, accept=accept, by=current_user, number=form.number.data, reason=form.reason.data)
    except ReasonRequired:
        flash(_("Escribe el motivo para no aceptar el stand: se lo enviamos al productor."), "error")
    except (AlreadyDecided, IllegalTransition):
        flash(_("Esta solicitud ya fue decidida: ahora está «%(state)s». No cambiamos nada.",
                state=_status_label(booth)), "error")
    else:
        flash(_("Aceptamos el stand de «%(name)s».", name=booth.organisation.name) if accept
              else _("No aceptamos el stand de «%(name)s»; le avisamos el motivo.", name=booth.organisation.name),
              "success")
    return redirect(url_for("fairs.staff_fair", fair_id=booth.fair_id))


def _status_label(booth: Booth) -> str:
    db.session.refresh(booth)
    return str(BOOTH_STATUS_LABELS[BoothStatus(booth.status)])


def _chosen_fair():
    fair_id = request.args.get("fair", type=int)
    if "fair" in request.args and fair_id is None:
        abort(404)
    return found_or_404(editions.fair_by_id, fair_id) if fair_id else None


@bp.get("/staff/fairs/report")
@staff_required
def staff_report():
    fair = _chosen_fair()
    summary = report.summary(report.Scope(fair_id=fair.id if fair else None), booths=fair is not None)
    return render_template("fairs/report.html", fair=fair, fairs=editions.all_fairs(),
                           summary=summary, booths=summary.booths,
                           csv_url=url_for("fairs.staff_report_csv", fair=fair.id if fair else None), staff=True)


@bp.get("/staff/fairs/report.csv")
@staff_required
def staff_report_csv():
    fair = _chosen_fair()
    rows = report.by_booth(report.Scope(fair_id=fair.id if fair else None))
    return report_export.download(rows, report_export.filename(fair.slug if fair else None))
