"""One way for a use case to own its transaction."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
