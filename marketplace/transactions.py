"""One way for a use case to own its transaction, and how a request ends the one it used."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db


@contextmanager
def committing() -> Iterator[None]:
    """Commit what the block did; if the block or the commit raised, roll it all back (releasing
    any row lock) and raise again. Whatever a signal's receivers wrote inside the block shares
    its fate."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


# Ending a request -------------------------------------------------------------------------------

WROTE = "marketplace.may_have_written"
# A statement that only reads: a SELECT, or a WITH query with no data-modifying part. Anything
# else (and SELECT ... FOR UPDATE, to be safe) counts as a write.
_MODIFIES = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


def _note_writes(conn, cursor, statement, parameters, context, executemany) -> None:
    head = statement.lstrip()[:6].upper()
    if not head.startswith(("SELECT", "WITH")) or _MODIFIES.search(statement):
        conn.info[WROTE] = True


def _forget_writes(conn) -> None:
    conn.info.pop(WROTE, None)


def _commit_if_only_read(exc) -> None:
    """teardown: on PostgreSQL, a request whose transaction only read ends it with COMMIT rather
    than ROLLBACK. The two are the same to the database, but psycopg forgets every prepared
    statement at a ROLLBACK (it cannot know what was undone), so PostgreSQL planned every query
    of every page again: 1 to 4 ms for a listing's or a product page's queries."""
    session = db.session()
    if exc is not None or not session.in_transaction() or not session.get_transaction().is_active:
        return  # failed, or nothing began: Flask-SQLAlchemy's close rolls back as ever
    if session.new or session.dirty or session.deleted:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql" and not connection.info.get(WROTE):
        session.commit()


def register_request_endings(app: Flask) -> None:
    """Call after the database is set up: teardown functions run last-registered first, so this
    one ends the transaction before Flask-SQLAlchemy closes the session."""
    if not event.contains(Engine, "before_cursor_execute", _note_writes):
        event.listen(Engine, "before_cursor_execute", _note_writes)
        event.listen(Engine, "commit", _forget_writes)
        event.listen(Engine, "rollback", _forget_writes)
    app.teardown_appcontext(_commit_if_only_read)
