"""A booth's QR (/f/<code>) counts one scan per visit on the booth's Lima day, keeps nothing about
the visitor, and opens the producer's page in the visitor's language."""
import threading
from datetime import date, datetime, timezone

import pytest

from marketplace import create_app
from marketplace.extensions import db
from marketplace.fairs import attribution, booths
from marketplace.fairs.models import BoothScanDay, BoothStatus, FairVisit
from tests import conftest, factories
from tests.orders.shop import text

SCANNERS = 12


def scans():
    db.session.expire_all()
    return {(row.booth_id, row.day): row.scans for row in db.session.scalars(db.select(BoothScanDay))}


def test_a_scan_is_counted_and_opens_the_producers_page_with_a_signed_first_party_cookie(client):
    booth = factories.booth(code="K7Q3XW")
    response = client.get("/f/K7Q3XW")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/productores/{booth.organisation.slug}"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{attribution.VISIT_COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=7862400" in cookie  # 90 days and the day the window's last Lima day may end on
    client.get("/f/k7q3xw")  # typed in lower case from the card
    assert list(scans().values()) == [2]
    assert db.session.scalar(db.select(db.func.count()).select_from(FairVisit)) == 0  # a guest: nothing stored


def test_the_producers_page_opens_in_the_visitors_language(client, login_as):
    booth = factories.booth()
    english_phone = {"Accept-Language": "en-GB,en;q=0.9"}
    assert client.get(f"/f/{booth.code}", headers=english_phone).headers["Location"].endswith("?lang=en")
    assert "?lang" not in client.get(f"/f/{booth.code}", headers={"Accept-Language": "es-PE"}).headers["Location"]
    client.set_cookie("lang", "es")  # chose Spanish with the switcher: that wins over the phone
    assert "?lang" not in client.get(f"/f/{booth.code}", headers=english_phone).headers["Location"]


def test_scans_are_counted_per_lima_day(app):
    booth = factories.booth()
    late_evening_in_lima = datetime(2026, 9, 24, 3, 30, tzinfo=timezone.utc)  # 23 Sep, 22:30 in Lima
    morning = datetime(2026, 9, 24, 14, 0, tzinfo=timezone.utc)
    for moment in (late_evening_in_lima, late_evening_in_lima, morning):
        attribution.record_scan(booth, None, moment)
    assert scans() == {(booth.id, date(2026, 9, 23)): 2, (booth.id, date(2026, 9, 24)): 1}


def test_an_unknown_or_not_accepted_booth_code_says_so_and_counts_nothing(client):
    declined = factories.booth(status=BoothStatus.DECLINED)
    for code in ("NOEXISTE", declined.code):
        response = client.get(f"/f/{code}")
        assert response.status_code == 404
        assert "No encontramos ese código de stand" in text(response)
        assert attribution.VISIT_COOKIE not in response.headers.get("Set-Cookie", "")
    assert scans() == {}


@pytest.fixture
def racing_app(app, database_url):
    """A second app on the same database with a connection for every scanner."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    racing = create_app(conftest.test_config(database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": SCANNERS, "max_overflow": 0}))
    yield racing
    with racing.app_context():
        db.engine.dispose()


@pytest.mark.postgres
def test_simultaneous_scans_are_all_counted(racing_app):
    booth_id, day, per_scanner = factories.booth().id, date(2026, 9, 23), 5
    barrier, errors = threading.Barrier(SCANNERS), []

    def scan_repeatedly():
        with racing_app.app_context():
            try:
                barrier.wait()
                for _ in range(per_scanner):
                    booths.count_scan(booth_id, day)
                    db.session.commit()
            except Exception as error:  # reported below, so a failure in a thread fails the test
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scan_repeatedly) for _ in range(SCANNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert scans() == {(booth_id, day): SCANNERS * per_scanner}
