"""Correlative numbers per year for claim sheets: unique and without gaps, also under concurrency.

A number is taken by incrementing the year's counter row in the filing transaction. The UPDATE
locks the row until that transaction ends: a second filing waits, then reads the incremented
value; a filing that rolls back takes its increment with it, so no number is skipped.
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from .models import ComplaintCounter


def take_number(year: int) -> int:
    """The next sheet number of `year`, in the caller's transaction (which must commit or roll back)."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.session.execute(
        insert(ComplaintCounter).values(year=year, last_number=0).on_conflict_do_nothing(index_elements=["year"])
    )
    return db.session.execute(
        update(ComplaintCounter)
        .where(ComplaintCounter.year == year)
        .values(last_number=ComplaintCounter.last_number + 1)
        .returning(ComplaintCounter.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()
