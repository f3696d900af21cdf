"""The migrations build exactly the schema the models declare."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from marketplace.extensions import db
from marketplace.search import outside_index


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        # The product search index is written by hand per database (FTS5 or tsvector), not modelled.
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": outside_index})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models changed without a migration: run `flask db migrate`"
