"""search on PostgreSQL: the words made into a query once per statement, not once per row; a GIN
index that takes each write at once, so no search reads a list of pending entries

Revision ID: 0007_search_reading
Revises: 0006_orders
Create Date: 2026-11-23 15:00:00.000000

`unaccent` is only STABLE, so `to_tsquery('simple', unaccent('telar:*'))` was computed again for
every row a plan filtered or scored. `search_unaccent` is the same function declared IMMUTABLE:
PostgreSQL computes the query when it plans the statement. No index depends on it, so a change
to the unaccent rules can make nothing stale (documents are written with `unaccent` itself).

With `fastupdate` on, GIN keeps new entries in a pending list (up to 4 MB) that every search reads
whole until VACUUM merges it. Products change far less often than buyers search.
SQLite (FTS5) needs neither.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_search_reading'
down_revision = '0006_orders'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION search_unaccent(text) RETURNS text"
        " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT unaccent($1) $$"
    )
    op.execute("ALTER INDEX ix_product_search_document SET (fastupdate = off)")
    op.execute("SELECT gin_clean_pending_list('ix_product_search_document')")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_product_search_document RESET (fastupdate)")
    op.execute("DROP FUNCTION search_unaccent(text)")
