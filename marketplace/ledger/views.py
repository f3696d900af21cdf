"""Staff: what each producer earned, the commission, what is owed, payouts, and the ledger as CSV."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import staff_required
from ..clock import lima_today
from ..extensions import db
from ..forms import status_for
from ..money import Money
from ..producers.models import Organisation
from . import export, services
from .forms import PayoutForm, PeriodForm
from .labels import LEDGER_KIND_LABELS

bp = Blueprint("ledger", __name__, url_prefix="/staff/ledger")


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals["LEDGER_KIND_LABELS"] = LEDGER_KIND_LABELS


PAYOUT_ERRORS = {
    "not_positive": lambda: _("El monto debe ser mayor que cero."),
    "more_than_owed": lambda: _("Es más de lo que se le debe. Revisa el monto."),
    "currency": lambda: _("Los pagos se registran en soles."),
}


def _organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _page(organisation, form):
    return render_template(
        "ledger/producer.html", organisation=organisation, balance=services.balance_of(organisation),
        entries=services.entries_of(organisation), form=form,
    ), status_for(form)


def period_refused(form: PeriodForm, back: str):
    """Say what is wrong with the dates asked for, on the page the download was asked from."""
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
    return redirect(back)


@bp.get("/")
@staff_required
def index():
    balances = services.balances()
    return render_template("ledger/index.html", balances=balances, percent=services.commission_percent())


@bp.get("/export.csv")
@staff_required
def export_csv():
    """Every producer's entries of a period as CSV; `organisation` narrows it to one producer."""
    organisation = None
    if request.args.get("organisation"):
        organisation = _organisation(request.args.get("organisation", type=int) or abort(404))
    form = PeriodForm(request.args)
    if not form.validate():
        back = url_for("ledger.producer", organisation_id=organisation.id) if organisation else url_for("ledger.index")
        return period_refused(form, back)
    period = form.period(lima_today())
    rows = services.entries_for_export(period.start, period.end, organisation.id if organisation else None)
    return export.download(rows, export.filename(period, organisation))


@bp.get("/<int:organisation_id>")
@staff_required
def producer(organisation_id):
    return _page(_organisation(organisation_id), PayoutForm(formdata=None))


@bp.post("/<int:organisation_id>/payouts")
@staff_required
def record_payout(organisation_id):
    organisation = _organisation(organisation_id)
    form = PayoutForm()
    if not form.validate_on_submit():
        return _page(organisation, form)
    try:
        amount = Money.parse(form.amount.data)
    except ValueError:
        form.amount.errors.append(_("Escribe el monto con números, como 450.00."))
        return _page(organisation, form)
    try:
        services.record_payout(organisation, amount=amount, paid_on=form.paid_on.data,
                               bank_reference=form.bank_reference.data, note=form.note.data, by=current_user)
    except services.InvalidPayout as exc:
        form.amount.errors.append(PAYOUT_ERRORS[exc.why]())
        return _page(organisation, form)
    flash(_("Pago registrado."), "success")
    return redirect(url_for("ledger.producer", organisation_id=organisation.id))
