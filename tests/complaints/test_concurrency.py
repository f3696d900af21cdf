"""Sheets filed at the same moment on PostgreSQL get distinct numbers with no gap."""
import threading

import pytest

from marketplace import create_app
from marketplace.complaints.models import Complaint
from marketplace.extensions import db
from tests import conftest

from .sheets import filed

pytestmark = pytest.mark.postgres


@pytest.fixture
def racing_app(app, database_url):
    """A second app on the same database, with a connection for every consumer."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    racing = create_app(conftest.test_config(database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10, "max_overflow": 0}))
    yield racing
    with racing.app_context():
        db.engine.dispose()


def file_all_at_once(racing_app, count: int) -> list[str]:
    barrier, outcomes, lock = threading.Barrier(count), [], threading.Lock()

    def run(i):
        with racing_app.app_context():
            barrier.wait()
            try:
                outcome = filed(email=f"consumer{i}@example.pe").code
            except Exception as exc:  # any error fails the test below
                outcome = f"error: {exc!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_sheets_filed_at_once_get_numbers_one_and_two(racing_app):
    outcomes = file_all_at_once(racing_app, 2)

    assert sorted(number[-6:] for number in outcomes) == ["000001", "000002"], outcomes


def test_ten_sheets_filed_at_once_are_numbered_one_to_ten(racing_app):
    outcomes = file_all_at_once(racing_app, 10)

    assert sorted(int(number[-6:]) for number in outcomes) == list(range(1, 11)), outcomes
    assert db.session.scalar(db.select(db.func.count(Complaint.id))) == 10
