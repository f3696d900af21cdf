"""One way for a use case to own its transaction, and how a request ends the one it used."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

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


CONNECTED = "marketplace.connected"


def _note_connection(session, transaction, connection) -> None:
    """after_begin: the connection a session's transaction uses, known without asking the pool
    (which would connect again: a request whose database was unreachable must not retry here)."""
    session.info[CONNECTED] = (transaction, connection)


def _commit_if_only_read(exc) -> None:
    """teardown: on PostgreSQL, a request whose transaction only read ends it with COMMIT rather
    than ROLLBACK. The two are the same to the database, but psycopg forgets every prepared
    statement at a ROLLBACK (it cannot know what was undone), so PostgreSQL planned every query
    of every page again: 1 to 4 ms for a listing's or a product page's queries."""
    session = db.session()
    if exc is not None or not session.in_transaction() or not session.get_transaction().is_active:
        return  # failed, or nothing began: Flask-SQLAlchemy's close rolls back as ever
    transaction, connection = session.info.get(CONNECTED, (None, None))
    if transaction is not session.get_transaction():
        return  # this transaction never reached the database
    if session.new or session.dirty or session.deleted:
        return
    if connection.dialect.name == "postgresql" and not connection.info.get(WROTE):
        try:
            session.commit()
        except SQLAlchemyError:  # the connection was lost after the page was made: nothing to keep
            pass  # Flask-SQLAlchemy's close, next, rolls back and returns the connection


def register_request_endings(app: Flask) -> None:
    """Call after the database is set up: teardown functions run last-registered first, so this
    one ends the transaction before Flask-SQLAlchemy closes the session."""
    if not event.contains(Engine, "before_cursor_execute", _note_writes):
        event.listen(Engine, "before_cursor_execute", _note_writes)
        event.listen(Engine, "commit", _forget_writes)
        event.listen(Engine, "rollback", _forget_writes)
        event.listen(Session, "after_begin", _note_connection)
    app.teardown_appcontext(_commit_if_only_read)
