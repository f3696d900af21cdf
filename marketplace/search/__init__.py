"""Product search: plain terms from what a buyer typed, an index per database, kept in sync.

`terms.parse` makes safe terms, `matching(terms)` gives the (product_id, rank) selectable that
listings join, `sync` keeps the index current, `flask search reindex` rebuilds it.
"""
from __future__ import annotations

from flask import Flask

from ..extensions import db
from .backends import INDEX_TABLE, RANK_CANDIDATES, is_index_table, outside_index, planned  # noqa: F401
from .terms import clean_query, excerpt, highlight, parse  # noqa: F401


def index():
    """The search index of the app's database."""
    from .backends import index_for

    return index_for(db.engine.dialect.name)


def matching(terms: list[str], *, ranked: bool = True):
    """A selectable of (product_id, rank) for visible products matching every term, lower rank
    first; of product_id alone with ranked=False (cheaper: nothing is scored)."""
    return index().matches(terms, ranked=ranked)


def init_app(app: Flask) -> None:
    from .commands import search_cli
    from .sync import listen

    listen()
    app.cli.add_command(search_cli)
