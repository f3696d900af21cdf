"""Sheets are numbered correlatively per year in Lima: unique, and without gaps."""
from datetime import datetime, timezone

import pytest

from marketplace.complaints import services
from marketplace.complaints.models import Complaint
from marketplace.extensions import db

from .sheets import filed


def at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(services, "utcnow", lambda: moment)


def codes() -> list[str]:
    db.session.expire_all()
    return [c.code for c in db.session.scalars(db.select(Complaint).order_by(Complaint.id))]


def test_numbers_follow_each_other_within_a_year(app, monkeypatch):
    at(monkeypatch, datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc))

    for _ in range(3):
        filed()

    assert codes() == ["2026-000001", "2026-000002", "2026-000003"]


def test_the_year_is_limas_and_each_year_starts_again_at_one(app, monkeypatch):
    at(monkeypatch, datetime(2026, 12, 31, 20, 0, tzinfo=timezone.utc))
    filed()
    # 23:30 on 31 December in Lima is already 1 January in UTC: still a sheet of that year.
    at(monkeypatch, datetime(2027, 1, 1, 4, 30, tzinfo=timezone.utc))
    filed()
    at(monkeypatch, datetime(2027, 1, 1, 5, 30, tzinfo=timezone.utc))
    filed()
    filed()

    assert codes() == ["2026-000001", "2026-000002", "2027-000001", "2027-000002"]


def test_a_sheet_that_fails_to_file_leaves_no_gap(app, monkeypatch):
    at(monkeypatch, datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc))
    filed()

    def broken_mail(*args, **kwargs):
        raise RuntimeError("the email could not be written")

    with monkeypatch.context() as patch:
        patch.setattr(services, "send_email", broken_mail)
        with pytest.raises(RuntimeError):
            filed()
    filed()

    assert codes() == ["2026-000001", "2026-000002"]


def test_a_number_cannot_be_given_twice(app):
    first = filed()
    duplicate = Complaint(**{column.key: getattr(first, column.key)
                             for column in Complaint.__table__.columns if column.key != "id"})
    db.session.add(duplicate)

    with pytest.raises(Exception, match="(?i)unique"):
        db.session.commit()
    db.session.rollback()
