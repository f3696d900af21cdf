"""A visit through a booth's QR credits what the visitor orders within 90 days to that fair and
booth, on this device (signed cookie) or, for a signed-in buyer, on any device (the account)."""
import ast
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from marketplace.clock import utcnow
from marketplace.extensions import db
from marketplace.fairs import attribution
from marketplace.fairs.attribution import Visit, current_credit, visit_cookie_value
from marketplace.fairs.models import FairVisit
from marketplace.orders.checkout import FairCredit
from marketplace.orders.models import Order
from tests import factories


def credited(order_or_reference) -> tuple:
    db.session.expire_all()
    order = db.session.scalar(db.select(Order).order_by(Order.id.desc()))
    return order.credited_fair_id, order.credited_booth_id


@pytest.mark.parametrize(("days", "credits"), [(89, True), (90, True), (91, False)])
def test_the_window_is_ninety_days_from_the_visit(app, days, credits):
    booth = factories.booth()
    visited = utcnow() - timedelta(days=400)
    cookie = visit_cookie_value(Visit(booth.id, visited))
    expected = FairCredit(fair_id=booth.fair_id, booth_id=booth.id) if credits else None
    assert current_credit(cookie, None, visited + timedelta(days=days)) == expected


def test_the_window_counts_peruvian_calendar_days(app):
    booth = factories.booth()
    late_evening = datetime(2026, 9, 24, 4, 0, tzinfo=timezone.utc)  # 23 Sep, 23:00 in Lima
    cookie = visit_cookie_value(Visit(booth.id, late_evening))
    last_minute = datetime(2026, 12, 23, 4, 59, tzinfo=timezone.utc)  # 22 Dec, 23:59 in Lima: day 90
    assert current_credit(cookie, None, last_minute) is not None
    assert current_credit(cookie, None, last_minute + timedelta(minutes=1)) is None
    assert current_credit(cookie, None, late_evening - timedelta(minutes=1)) is None  # before the visit


def test_an_altered_or_foreign_cookie_credits_nothing(app):
    booth = factories.booth()
    cookie = visit_cookie_value(Visit(booth.id, utcnow()))
    payload, signature = cookie.rsplit(".", 1)
    assert current_credit(payload + "." + signature[::-1], None, utcnow()) is None
    assert current_credit("not-a-cookie", None, utcnow()) is None
    assert current_credit(None, None, utcnow()) is None


def test_the_latest_visit_wins(app):
    first, second = factories.booth(), factories.booth()
    buyer = factories.user()
    now = utcnow()
    attribution.remember_on_account(buyer, Visit(first.id, now - timedelta(days=10)))
    db.session.commit()
    newer_cookie = visit_cookie_value(Visit(second.id, now - timedelta(days=2)))
    assert current_credit(newer_cookie, buyer, now).booth_id == second.id
    older_cookie = visit_cookie_value(Visit(second.id, now - timedelta(days=20)))
    assert current_credit(older_cookie, buyer, now).booth_id == first.id


def test_an_order_placed_after_scanning_is_credited_to_the_fair_and_booth(client, shop):
    honey = shop.honey()
    booth = factories.booth(org=honey.product.organisation)
    client.get(f"/f/{booth.code}")
    shop.add(honey)
    assert shop.checkout().status_code == 302
    assert credited(None) == (booth.fair_id, booth.id)


@pytest.mark.parametrize(("days", "credits"), [(89, True), (91, False)])
def test_the_checkout_credits_only_within_the_window(client, shop, days, credits):
    honey = shop.honey()
    booth = factories.booth(org=honey.product.organisation)
    client.set_cookie(attribution.VISIT_COOKIE, visit_cookie_value(Visit(booth.id, utcnow() - timedelta(days=days))))
    shop.add(honey)
    shop.checkout()
    assert credited(None) == ((booth.fair_id, booth.id) if credits else (None, None))


def test_an_order_without_a_visit_is_not_credited(client, shop):
    factories.booth()
    shop.add(shop.honey())
    shop.checkout()
    assert credited(None) == (None, None)


def test_a_signed_in_buyer_is_credited_on_another_device(app, client, shop, login_as):
    honey = shop.honey()
    booth = factories.booth(org=honey.product.organisation)
    buyer = login_as("buyer")
    client.get(f"/f/{booth.code}")  # the phone at the fair
    assert db.session.get(FairVisit, buyer.id).booth_id == booth.id
    laptop = app.test_client()
    laptop.post("/account/sign-in", data={"email": buyer.email, "password": factories.PASSWORD})
    shop.add(honey, client=laptop)
    shop.checkout(client=laptop)
    assert credited(None) == (booth.fair_id, booth.id)


def test_a_visit_made_before_signing_in_is_kept_on_the_account(client):
    booth = factories.booth()
    buyer = factories.user()
    client.get(f"/f/{booth.code}")
    client.post("/account/sign-in", data={"email": buyer.email, "password": factories.PASSWORD})
    db.session.expire_all()
    assert db.session.get(FairVisit, buyer.id).booth_id == booth.id


def test_orders_never_import_the_fairs_feature():
    orders = Path(__file__).resolve().parents[2] / "marketplace" / "orders"
    for path in orders.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "fairs" not in (node.module or ""), path.name
            elif isinstance(node, ast.Import):
                assert not any("fairs" in alias.name for alias in node.names), path.name
