"""The migrations build exactly the schema the models declare."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from marketplace.extensions import db


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models changed without a migration: run `flask db migrate`"
