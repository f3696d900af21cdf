"""A producer organisation's members: their own ledger as CSV, and nobody else's."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_login import current_user, login_required

from ..clock import lima_today
from ..producers import services as producers
from . import export, services
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
