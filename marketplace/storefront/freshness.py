"""Noticing that something a public page shows has changed, whoever changed it.

Any flush that touches a table public pages read, and any ORM UPDATE/DELETE on one, marks the
session; just before it commits, the storefront version changes, in the same transaction.
Cached pages made under an older version are then never served again.

A sale is the exception, because it is the most frequent change and pages show only a stock
band: the stock module announces what it moved (orders.stock.stock_moved), and only a product
that changed band is written to the band log, in the same transaction. A kept page is then
stale only if it shows one of the products logged since it was made (see cache.py).
"""
from __future__ import annotations

import secrets
from itertools import chain

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..orders.stock import STOCK_MOVEMENT, stock_moved
from .bands import band
from .models import StockBandChange, StorefrontVersion

CHANGED = "storefront.changed"
# Band changes kept in the log; a kept page older than all of them is simply made again.
BAND_LOG_SIZE = 5000
BAND_LOG_LOCK = 7_401_220  # a PostgreSQL advisory lock number of our own
# What public pages read. Anything else (users, orders, audit events) leaves them as they are.
PUBLIC_TABLES = frozenset({
    "product", "variant", "price_tier", "product_photo", "provenance", "maker_credit", "lot", "category",
    "heritage_element", "product_heritage_element", "organisation", "image", "collective_brand",
    "brand_membership", "brand_listing",
})


def _table_name(mapper) -> str | None:
    table = getattr(mapper, "local_table", None)
    return getattr(table, "name", None)


def _after_flush(session: Session, flush_context) -> None:
    for record in chain(session.new, session.dirty, session.deleted):
        mapper = getattr(record, "__mapper__", None)
        if _table_name(mapper) in PUBLIC_TABLES:
            session.info[CHANGED] = True
            return


def _orm_execute(state) -> None:
    if state.execution_options.get(STOCK_MOVEMENT):
        return  # announced by stock_moved; see _stock_moved
    if (state.is_update or state.is_delete or state.is_insert) and _table_name(state.bind_mapper) in PUBLIC_TABLES:
        state.session.info[CHANGED] = True


def _before_commit(session: Session) -> None:
    session.flush()
    if session.info.pop(CHANGED, False):
        bump(session)


def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(CHANGED, None)


def bump(session: Session) -> None:
    """Give the catalogue a new version, in the session's transaction (the row is made if missing).

    A random number rather than a count: a count would start again from 1 if the row were ever
    deleted and recreated, and pages kept under the old numbers would come back to life.
    """
    connection = session.connection()
    table = StorefrontVersion.__table__
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    version = secrets.randbits(31)
    statement = insert(table).values(id=1, version=version)
    connection.execute(statement.on_conflict_do_update(index_elements=[table.c.id], set_={"version": version}))


def _stock_moved(session: Session, movements: list[tuple[int, int, int]]) -> None:
    """Log, in the sale's transaction, each product whose stock band the movement changed."""
    changed = sorted({product_id for product_id, before, after in movements if band(before) != band(after)})
    if not changed:
        return
    if session.connection().dialect.name == "postgresql":
        # Band changes commit one at a time, in the order of their ids: a page that has seen
        # change n has then seen every change before it (SQLite writes one at a time anyway).
        session.execute(select(func.pg_advisory_xact_lock(BAND_LOG_LOCK)))
    ids = session.scalars(
        insert(StockBandChange).returning(StockBandChange.id), [{"product_id": p} for p in changed]
    ).all()
    if max(ids) // 100 != (min(ids) - 1) // 100:  # now and then: the log stays small
        session.execute(delete(StockBandChange).where(StockBandChange.id <= max(ids) - BAND_LOG_SIZE))


def version_column():
    """The catalogue's version as a column, to read it in the same query as what it versions."""
    return select(StorefrontVersion.version).where(StorefrontVersion.id == 1).scalar_subquery()


def current_version(session: Session) -> tuple[int, int]:
    """The catalogue's version and the last band change, in one query."""
    version = version_column()
    last_change = select(func.max(StockBandChange.id)).scalar_subquery()
    row = session.execute(select(version, last_change)).one()
    return row[0] or 0, row[1] or 0


def band_changes_since(session: Session, seen: int, last: int) -> set[int] | None:
    """The products whose band changed after change `seen`; None when the log no longer goes
    back that far (a page that old is made again whatever it shows)."""
    if last - seen >= BAND_LOG_SIZE:
        return None
    return set(session.scalars(select(StockBandChange.product_id).where(StockBandChange.id > seen)))


_registered = False


def listen() -> None:
    """Attach the listeners to every ORM session (once per process)."""
    global _registered
    if not _registered:
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _orm_execute)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_soft_rollback", _forget)
        stock_moved.connect(_stock_moved)
        _registered = True
