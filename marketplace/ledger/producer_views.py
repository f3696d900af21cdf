"""A producer organisation's members: what they are owed, month by month on screen, and their own
ledger as CSV; nobody else's."""
from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required

from ..clock import lima_today
from ..producers import services as producers
from . import export, services, statement
from .forms import PeriodForm
from .views import period_refused

bp = Blueprint("producer_ledger", __name__, url_prefix="/producer/organisations")


@bp.get("/<int:organisation_id>/ledger.csv")
@login_required
def export_csv(organisation_id):
    """The organisation's entries of a period as CSV; 404 unless the person is one of its members."""
    organisation = producers.organisation_for_member(current_user, organisation_id)
    form = PeriodForm(request.args)
    if not form.validate():
        return period_refused(form, url_for("producers.organisation", organisation_id=organisation.id))
    period = form.period(lima_today())
    rows = services.entries_for_export(period.start, period.end, organisation.id)
    return export.download(rows, export.filename(period, organisation))


def _month_asked(today) -> statement.Month:
    """The month in ?mes=2026-11, or this month; 404 for anything else (a URL typed by hand)."""
    asked = request.args.get("mes")
    if not asked:
        return statement.month_of(today)
    match = re.fullmatch(r"(\d{4})-(\d{2})", asked)
    if not match or not 1 <= int(match.group(2)) <= 12:
        abort(404)
    return int(match.group(1)), int(match.group(2))


@bp.get("/<int:organisation_id>/owed")
@login_required
def owed(organisation_id):
    """What the organisation is owed: the last twelve months in a table, and one month's entries."""
    organisation = producers.organisation_for_member(current_user, organisation_id)
    today = lima_today()
    months = statement.statement(organisation.id, today)
    month = _month_asked(today)
    line = months.month(month)
    if line is None:
        abort(404)
    return render_template(
        "ledger/owed.html", organisation=organisation, statement=months, line=line,
        entries=statement.entries_in_month(organisation.id, month),
        advanced=statement.advanced_orders(organisation.id),
    )
