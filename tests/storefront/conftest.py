"""Storefront tests: count the SQL a page sends; read a page's HTML."""
from __future__ import annotations

import re
from contextlib import contextmanager
from html import unescape

import pytest
from sqlalchemy import event


@pytest.fixture
def count_queries(db):
    """`with count_queries() as statements:` lists every SQL statement sent inside the block."""

    @contextmanager
    def counting():
        statements: list[str] = []

        def record(connection, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting


def text_of(html: str) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def product_links(html: str) -> list[str]:
    """Slugs of the product cards on a listing page, in order."""
    return re.findall(r'class="product-link" href="/productos/([^"?]+)', html)
