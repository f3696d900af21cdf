"""The figures' one change: staff set the baseline and target of an indicator for a year."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from .. import audit
from ..extensions import db
from .indicators import BY_CODE, to_stored
from .models import IndicatorTarget


class UnknownIndicator(Exception):
    pass


def save_target(code: str, year: int, *, baseline: Decimal | None, target: Decimal | None, by) -> IndicatorTarget:
    """Set (or clear, with None) the baseline and target of indicator `code` for `year`, as typed
    in the indicator's shown unit; writes an AuditEvent and commits. Raises UnknownIndicator."""
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise UnknownIndicator(code)
    record = db.session.scalar(select(IndicatorTarget).where(IndicatorTarget.indicator == code,
                                                             IndicatorTarget.year == year))
    if record is None:
        record = IndicatorTarget(indicator=code, year=year)
        db.session.add(record)
    record.baseline = to_stored(indicator.unit, baseline) if baseline is not None else None
    record.target = to_stored(indicator.unit, target) if target is not None else None
    record.updated_by_id = by.id
    audit.record("indicator_target.saved", record, actor=by, indicator=code, year=year,
                 baseline=record.baseline, target=record.target)
    db.session.commit()
    return record


def targets_for_year(year: int) -> dict[str, IndicatorTarget]:
    return {t.indicator: t for t in db.session.scalars(select(IndicatorTarget).where(IndicatorTarget.year == year))}
