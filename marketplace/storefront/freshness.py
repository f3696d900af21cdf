"""Noticing that something a public page shows has changed, whoever changed it.

Any flush that touches a table public pages read, and any ORM UPDATE/DELETE on one (stock is
taken with a conditional UPDATE), marks the session; just before it commits, the storefront
version changes, in the same transaction. Cached pages made under an older version are
then never served again.
"""
from __future__ import annotations

import secrets
from itertools import chain

from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .models import StorefrontVersion

CHANGED = "storefront.changed"
# What public pages read. Anything else (users, orders, audit events) leaves them as they are.
PUBLIC_TABLES = frozenset({
    "product", "variant", "product_photo", "provenance", "maker_credit", "lot", "category",
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


def current_version(session: Session) -> int:
    return session.scalar(select(StorefrontVersion.version).where(StorefrontVersion.id == 1)) or 0


_registered = False


def listen() -> None:
    """Attach the listeners to every ORM session (once per process)."""
    global _registered
    if not _registered:
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _orm_execute)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_soft_rollback", _forget)
        _registered = True
