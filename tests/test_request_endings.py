"""How a request ends its transaction on PostgreSQL: one that only read commits, so the driver keeps
its prepared statements (and PostgreSQL does not plan every page's queries again); one that wrote
without committing is still rolled back."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.extensions import db

from . import conftest, factories

pytestmark = pytest.mark.postgres


@pytest.fixture
def served(app, database_url, is_postgres):
    """A second app, served as in production: each request in its own app context, ended by
    its teardown (the `app` fixture keeps one context open for the whole test)."""
    if not is_postgres:
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    own = create_app(conftest.test_config(database_url))

    @own.get("/_test/read/<int:user_id>")
    def read(user_id):
        db.session.scalar(select(User.name).where(User.id == user_id))
        return str(db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements")))

    @own.get("/_test/write-and-forget/<int:user_id>")
    def write_and_forget(user_id):
        db.session.execute(update(User).where(User.id == user_id).values(name="Nunca guardado"))
        return "ok"

    yield own.test_client()
    with own.app_context():
        db.engine.dispose()


def test_a_page_that_only_reads_keeps_its_statements_prepared(served):
    user = factories.user()
    prepared = [int(served.get(f"/_test/read/{user.id}").get_data(as_text=True)) for _ in range(8)]
    assert prepared[-1] >= 1, prepared  # psycopg prepares a query at its 6th run on a connection


def test_a_page_that_wrote_without_committing_is_rolled_back(served, db):
    user = factories.user(name="Rosa")
    assert served.get(f"/_test/write-and-forget/{user.id}").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Rosa"
