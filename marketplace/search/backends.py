"""The product search index on each database, behind one interface.

SQLite (the embedded default): an FTS5 table, `product_search`, whose rowid is the product id,
tokenised with `unicode61 remove_diacritics 2` so "algodon" finds "Algodón".
PostgreSQL: a table `product_search` with a tsvector built from `unaccent` text under the
`simple` configuration (no stemming: the same behaviour as FTS5), weighted A (names),
B (facts: category, producer, place, brand, technique, materials) and C (descriptions),
with a GIN index that takes writes at once (no pending list for every search to read).

Both answer `matches(terms)`: a selectable of (product_id, rank) where a lower rank is a better
match, to be joined into a listing query; with ranked=False, of product_id alone (every match,
nothing scored). Terms come from `terms.parse`, so they hold only letters and digits, and every
one is matched as a word prefix ("algod" finds "algodón"). Only visible products are indexed;
the listing queries check visibility again all the same.

Scoring costs about a microsecond per match, and a word like "algodón" can match a quarter of a
large catalogue; so only the RANK_CANDIDATES newest matches are scored and ranked. Lists
ordered by date or price use every match; a results page counts matches only up to a limit
(storefront.listing.MAX_SEARCH_RESULTS), so counting stops early too.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, column, func, literal, literal_column, select, table, text
from sqlalchemy.sql import Select

INDEX_TABLE = "product_search"
RANK_CANDIDATES = 2000
# FTS5 keeps an index in shadow tables named after the virtual table.
_FTS5_SHADOW_TABLES = {f"{INDEX_TABLE}_{suffix}" for suffix in ("data", "idx", "content", "docsize", "config")}


def planned(number: int):
    """A LIMIT written into the statement: PostgreSQL then plans for it. psycopg prepares a
    statement run five times, and PostgreSQL soon plans a prepared one for any parameter value;
    not knowing how many rows are wanted, it may walk the whole index for a few."""
    return literal(number, literal_execute=True)


def is_index_table(name: str | None) -> bool:
    """True for the search index's own tables, which the models do not declare."""
    return name == INDEX_TABLE or name in _FTS5_SHADOW_TABLES


def outside_index(name, type_, parent_names) -> bool:
    """Alembic `include_name` hook: compare every schema object except the search index's."""
    table = name if type_ == "table" else parent_names.get("table_name")
    return not is_index_table(table)


@dataclass(frozen=True)
class Document:
    """What the index knows of one product, in three fields of falling weight."""

    product_id: int
    name: str
    facts: str
    body: str


class SqliteIndex:
    # The table (made by migration 0004_search): rowid = product id; columns name, facts, body;
    # tokenize 'unicode61 remove_diacritics 2'; prefix indexes for 2 and 3 letters. A trigger
    # deletes a product's row with the product, as PostgreSQL's foreign key does.
    # bm25 weights per column: a word in the name counts most.
    _WEIGHTS = (10.0, 4.0, 1.0)
    _table = table(INDEX_TABLE, column("rowid"))

    def matches(self, terms: list[str], *, ranked: bool = True) -> Select:
        expression = " ".join(f'"{term}"*' for term in terms)
        fts = literal_column(INDEX_TABLE)
        rowid = self._table.c.rowid
        matching = select(rowid.label("product_id")).where(fts.op("MATCH")(bindparam("search_expression", expression)))
        if not ranked:
            return matching
        # FTS5 walks the matches newest first and stops at the limit: only those are scored.
        return (
            matching.add_columns(func.bm25(fts, *self._WEIGHTS).label("rank"))
            .order_by(rowid.desc())
            .limit(RANK_CANDIDATES)
        )

    def write(self, connection: Connection, documents: list[Document]) -> None:
        self.remove(connection, [d.product_id for d in documents])
        if documents:
            connection.execute(
                text(f"INSERT INTO {INDEX_TABLE} (rowid, name, facts, body) VALUES (:id, :name, :facts, :body)"),
                [{"id": d.product_id, "name": d.name, "facts": d.facts, "body": d.body} for d in documents],
            )

    def remove(self, connection: Connection, product_ids) -> None:
        ids = sorted(set(product_ids))
        for start in range(0, len(ids), 500):
            connection.execute(
                text(f"DELETE FROM {INDEX_TABLE} WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True)),
                {"ids": ids[start:start + 500]},
            )

    def clear(self, connection: Connection) -> None:
        connection.execute(text(f"DELETE FROM {INDEX_TABLE}"))

    def optimize(self, connection: Connection) -> None:
        """Merge the index's segments after a bulk load: fewer segments, faster queries."""
        connection.execute(text(f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}) VALUES ('optimize')"))


class PostgresIndex:
    _table = table(INDEX_TABLE, column("product_id"), column("document"))

    def matches(self, terms: list[str], *, ranked: bool = True) -> Select:
        expression = " & ".join(f"{term}:*" for term in terms)
        # Written into the statement (safely quoted) rather than sent as a parameter: how many
        # rows match decides the plan, and a plan made once for any words ranks them all. The
        # same goes for the number of candidates (see `planned`).
        # search_unaccent is unaccent declared immutable (migration 0007_search_reading), so the
        # query is made once, when the statement is planned, not again for every row it is tried on.
        words = bindparam("search_expression", expression, literal_execute=True)
        query = func.to_tsquery(literal_column("'simple'"), func.search_unaccent(words))
        document = self._table.c.document
        matching = select(self._table.c.product_id.label("product_id")).where(document.op("@@")(query))
        if not ranked:
            return matching
        # The newest matches, then only those scored. PostgreSQL finds them by the cheaper way for
        # how many products the words match (its statistics know each word): walking the primary
        # key from the newest product, stopping at the last candidate, when they match many;
        # through the GIN index, then sorting, when they match few.
        newest = (
            select(self._table.c.product_id, document)
            .where(document.op("@@")(query))
            .order_by(self._table.c.product_id.desc())
            .limit(planned(RANK_CANDIDATES))
            .subquery("newest")
        )
        return select(newest.c.product_id, (-func.ts_rank(newest.c.document, query)).label("rank"))

    def write(self, connection: Connection, documents: list[Document]) -> None:
        if not documents:
            return
        connection.execute(
            text(
                f"INSERT INTO {INDEX_TABLE} (product_id, document) VALUES (:id, "
                "setweight(to_tsvector('simple', unaccent(:name)), 'A') || "
                "setweight(to_tsvector('simple', unaccent(:facts)), 'B') || "
                "setweight(to_tsvector('simple', unaccent(:body)), 'C')) "
                "ON CONFLICT (product_id) DO UPDATE SET document = excluded.document"
            ),
            [{"id": d.product_id, "name": d.name, "facts": d.facts, "body": d.body} for d in documents],
        )

    def remove(self, connection: Connection, product_ids) -> None:
        ids = sorted(set(product_ids))
        if ids:
            connection.execute(
                text(f"DELETE FROM {INDEX_TABLE} WHERE product_id = ANY(:ids)"), {"ids": ids}
            )

    def clear(self, connection: Connection) -> None:
        connection.execute(text(f"TRUNCATE {INDEX_TABLE}"))

    def optimize(self, connection: Connection) -> None:
        connection.execute(text(f"ANALYZE {INDEX_TABLE}"))


def index_for(dialect_name: str):
    """The index implementation for a database dialect ("sqlite" or "postgresql")."""
    if dialect_name == "postgresql":
        return PostgresIndex()
    if dialect_name == "sqlite":
        return SqliteIndex()
    raise RuntimeError(f"product search does not support the {dialect_name} database")
