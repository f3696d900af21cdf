"""search: the product search index (FTS5 on SQLite; tsvector, unaccent and GIN on PostgreSQL),
and the storefront version that cached public pages are checked against

Revision ID: 0004_search
Revises: 0003_catalogue
Create Date: 2026-11-24 11:00:00.000000

The index is not a model: marketplace/search/backends.py reads and writes it, and the
models-vs-migrations comparison leaves it out by name (search.is_index_table).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004_search'
down_revision = '0003_catalogue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('storefront_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storefront_version'))
    )
    op.execute("INSERT INTO storefront_version (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute(
            "CREATE TABLE product_search ("
            " product_id INTEGER NOT NULL,"
            " document TSVECTOR NOT NULL,"
            " CONSTRAINT pk_product_search PRIMARY KEY (product_id),"
            " CONSTRAINT fk_product_search_product_id_product FOREIGN KEY (product_id)"
            " REFERENCES product (id) ON DELETE CASCADE)"
        )
        op.execute("CREATE INDEX ix_product_search_document ON product_search USING gin (document)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE product_search USING fts5("
            "name, facts, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        # What PostgreSQL's foreign key does: a deleted product (also through a cascade from its
        # organisation) leaves the index with it, so a reused rowid never finds an old text.
        op.execute(
            "CREATE TRIGGER product_search_product_deleted AFTER DELETE ON product "
            "BEGIN DELETE FROM product_search WHERE rowid = old.id; END"
        )
    # Products published before the index existed are indexed by `flask search reindex`;
    # a new database has none.


def downgrade():
    op.execute("DROP TABLE product_search")
    op.drop_table('storefront_version')
