"""Staff: the programme's figures, their CSV files, the printable report, indicator targets, and
every recorded event as a sentence."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from .. import spreadsheets
from ..accounts.access import staff_required
from ..clock import lima_today, utcnow
from ..forms import status_for
from . import events, history, report, sale_lines, services, tables
from .beneficiaries import people
from .sales import sort_in_memory as sale_lines_sorted_in_memory
from .forms import EventFilterForm, FiguresForm, TargetForm
from .indicators import INDICATORS, shown_decimal
from .periods import PeriodKind

bp = Blueprint("figures", __name__, url_prefix="/staff/figures")


def _register(state) -> None:
    sale_lines.connect()  # sale_line follows orders as they are paid and refunded
    # Globals, so the order and brand histories elsewhere read the same sentences.
    state.app.jinja_env.globals.update(read_audit=history.read_audit, read_order_events=history.read_order_events)
    state.app.jinja_env.filters["people"] = people


bp.record_once(_register)


def _asked() -> FiguresForm:
    return FiguresForm(request.args)


def _query_args(**changes) -> dict:
    args = {k: v for k, v in request.args.items() if v}
    args.update({k: v for k, v in changes.items()})
    return {k: v for k, v in args.items() if v}


def _neighbour_args(period) -> dict:
    """The query string of a period next to this one, with the same filters."""
    if period.kind == PeriodKind.CUSTOM:
        return _query_args(desde=period.start.isoformat(), hasta=period.end.isoformat(), dia=None)
    return _query_args(dia=period.start.isoformat(), desde=None, hasta=None)


@bp.get("/")
@staff_required
def index():
    form = _asked()
    if not form.validate():
        return render_template("figures/index.html", form=form, report=None), 422
    period = form.period(lima_today())
    built = report.build(period, form.filters(), str(get_locale()))
    return render_template("figures/index.html", form=form, report=built, query=_query_args(),
                           previous_args=_neighbour_args(period.previous()), next_args=_neighbour_args(period.next()))


@bp.get("/informe")
@staff_required
def printable():
    """The whole page as a report for the programme's committee: print it or save it as PDF."""
    form = _asked()
    if not form.validate():
        return redirect(url_for("figures.index", **request.args))
    period = form.period(lima_today())
    built = report.build(period, form.filters(), str(get_locale()))
    return render_template("figures/report.html", form=form, report=built, now_lima=utcnow())


@bp.get("/<slug>.csv")
@staff_required
def table_csv(slug):
    """One table of the page as CSV, for the same period and filters."""
    if slug != "indicadores" and slug not in tables.BUILDERS:
        abort(404)
    form = _asked()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("figures.index", **request.args))
    period, filters = form.period(lima_today()), form.filters()
    sale_lines_sorted_in_memory()
    if slug == "indicadores":
        table = tables.indicator_table(tables.indicator_rows(period, filters))
    else:
        table = tables.BUILDERS[slug](period, filters, str(get_locale()))
    chunks = spreadsheets.csv_chunks(table.header(), table.rows, table.csv_line)
    return spreadsheets.download(chunks, f"cifras-{slug}-{period.label}.csv")


def _targets_page(form: TargetForm, year: int):
    saved = services.targets_for_year(year)
    rows = [(indicator, saved.get(indicator.code)) for indicator in INDICATORS]
    return render_template("figures/targets.html", form=form, year=year, rows=rows,
                           shown=shown_decimal), status_for(form)


def indicator_choices() -> list[SelectChoice]:
    return [SelectChoice(i.code, i.label) for i in INDICATORS]


@bp.get("/metas")
@staff_required
def targets():
    year = request.args.get("anio", type=int) or lima_today().year
    if not 2000 <= year <= 2100:
        abort(404)
    form = TargetForm(formdata=None, year=year)
    form.indicator.choices = indicator_choices()
    return _targets_page(form, year)


@bp.post("/metas")
@staff_required
def save_target():
    form = TargetForm()
    form.indicator.choices = indicator_choices()
    typed = form.year.data
    year = typed if isinstance(typed, int) and 2000 <= typed <= 2100 else lima_today().year
    if not form.validate_on_submit():
        return _targets_page(form, year)
    services.save_target(form.indicator.data, form.year.data, baseline=form.baseline.decimal,
                         target=form.target.decimal, by=current_user)
    flash(_("Guardamos la línea de base y la meta."), "success")
    return redirect(url_for("figures.targets", anio=form.year.data))


@bp.get("/historial")
@staff_required
def event_log():
    """Every recorded event, newest first, as sentences, with filters and paging."""
    form = EventFilterForm(request.args, kinds=events.kinds(), subject_types=events.subject_types())
    if not form.validate():
        return render_template("figures/events.html", form=form, page=None, readable=[]), 422
    query = events.EventQuery(
        who=form.quien.data or None, kind=form.tipo.data or None, subject_type=form.registro.data or None,
        subject_id=form.numero.data, period=form.period(), before_id=request.args.get("antes", type=int))
    found = events.page(query)
    older = _query_args(antes=str(found.older_than)) if found.older_than else None
    return render_template("figures/events.html", form=form, page=found, readable=history.read_audit(found.events),
                           older_args=older, newest_args=_query_args(antes=None) if query.before_id else None)
