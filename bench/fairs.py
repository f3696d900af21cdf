"""How fast the fair report renders: 10 fairs × 200 booths × 50 contacts.

Makes its own data in its own database (a temporary SQLite file, or --database-url for an empty
PostgreSQL database): --fairs fairs, each with --booths accepted booths of distinct verified
organisations (in four regions, half women-led, a third holding a collective brand's seal), three
days of QR scans per booth, --contacts contacts per booth at every pipeline stage, and a paid or
unpaid order credited to one booth in four. Rows are written with bulk INSERTs; the figures are
computed by the app's own report.

Then it renders each page through the app in this process (the whole request: signing in, SQL,
templates; no network), --requests times after a warm-up, and prints p50 and p99:

- staff report, all fairs (totals by fair, region, brand, women-led);
- staff report, one fair (the same for that fair and its 200 booths, one row each);
- a producer's report (their booths) and the staff CSV of every booth.

Run: .venv/bin/python bench/fairs.py [--fairs 10] [--booths 200] [--contacts 50] [--database-url URL]
Target: p99 < 50 ms for the report pages.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-key-not-for-production"
PASSWORD = "bench-password-2026"
DISTRICTS = ["140306", "081302", "210103", "050101"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--fairs", type=int, default=10)
    parser.add_argument("--booths", type=int, default=200)
    parser.add_argument("--contacts", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    return parser.parse_args()


def _insert(db, table, rows, chunk=5000):
    for start in range(0, len(rows), chunk):
        db.session.execute(table.insert(), rows[start:start + chunk])


def build(app, args) -> dict:
    """Migrate and fill the database; returns the ids the pages need."""
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from marketplace.accounts.models import User
    from marketplace.brands.models import BrandListing, BrandMembership, CollectiveBrand, ListingState
    from marketplace.catalogue.models import Product, ProductStatus
    from marketplace.clock import utcnow
    from marketplace.extensions import db
    from marketplace.fairs.models import Booth, BoothScanDay, BoothStatus, Contact, Fair, FairKind
    from marketplace.orders.models import Order, OrderStatus, PaymentMethod
    from marketplace.producers.models import Membership, MemberRole, Organisation, OrganisationKind, VerificationStatus

    rng, now = random.Random(7), utcnow()
    upgrade()
    password = generate_password_hash(PASSWORD, method="scrypt")
    staff = User(email="staff@bench.pe", name="Staff", password_hash=password, is_staff=True)
    producer = User(email="producer@bench.pe", name="Producer", password_hash=password)
    db.session.add_all([staff, producer])
    organisations = args.fairs * args.booths
    _insert(db, Organisation.__table__, [dict(
        slug=f"org-{n}", name=f"Organización {n}", kind=OrganisationKind.ASSOCIATION.value,
        district_code=DISTRICTS[n % 4], region_code=DISTRICTS[n % 4][:2], women_led=n % 2 == 0,
        story_es="Tejemos.", status=VerificationStatus.VERIFIED.value, created_at=now, submitted_at=now,
    ) for n in range(organisations)])
    org_ids = list(db.session.scalars(db.select(Organisation.id).order_by(Organisation.id)))
    db.session.flush()
    db.session.add(Membership(user_id=producer.id, organisation_id=org_ids[0], role=MemberRole.OWNER))
    brand = CollectiveBrand(slug="miel-bench", name="Miel del Algarrobal", owner_id=org_ids[0], region_code="14",
                            registration_number="C-1", nice_classes="30", granted_on=date(2020, 1, 1),
                            expires_on=date(2099, 1, 1), description_es="Miel.", products_covered_es="Miel.",
                            usage_rules_es="Solo miel.")
    db.session.add(brand)
    db.session.flush()
    sealed = org_ids[::3]
    _insert(db, BrandMembership.__table__, [dict(brand_id=brand.id, organisation_id=o, status="active",
                                                 authorised_from=date(2020, 1, 1), created_at=now) for o in sealed])
    _insert(db, Product.__table__, [dict(organisation_id=o, slug=f"p-{o}", name_es="Miel", description_es="Miel.",
                                         status=ProductStatus.PUBLISHED.value, created_at=now, updated_at=now)
                                    for o in sealed])
    products = db.session.execute(db.select(Product.id, Product.organisation_id)).all()
    _insert(db, BrandListing.__table__, [dict(product_id=p, brand_id=brand.id, state=ListingState.APPROVED.value,
                                              created_at=now) for p, _o in products])
    _insert(db, Fair.__table__, [dict(slug=f"feria-{f}", name=f"Feria {f}", city="Lima", kind=FairKind.B2B.value,
                                      starts_on=date(2026, 1, 10) + timedelta(days=30 * f),
                                      ends_on=date(2026, 1, 12) + timedelta(days=30 * f), created_at=now)
                                 for f in range(args.fairs)])
    fairs = db.session.execute(db.select(Fair.id, Fair.starts_on).order_by(Fair.id)).all()
    _insert(db, Booth.__table__, [dict(
        fair_id=fair_id, organisation_id=org_ids[f * args.booths + b], code=f"B{f:02d}{b:04d}", number=f"{b + 1}",
        status=BoothStatus.ACCEPTED.value, requested_at=now) for f, (fair_id, _s) in enumerate(fairs)
        for b in range(args.booths)])
    booths = db.session.execute(db.select(Booth.id, Booth.fair_id, Booth.organisation_id).order_by(Booth.id)).all()
    starts = dict(fairs)
    _insert(db, BoothScanDay.__table__, [dict(booth_id=b, day=starts[f] + timedelta(days=d), scans=rng.randint(5, 80))
                                         for b, f, _o in booths for d in range(3)])
    stages = ["met", "met", "sample_sent", "quoted", "ordered", "lost"]
    contacts = []
    for b, f, o in booths:
        for c in range(args.contacts):
            stage = stages[c % len(stages)]
            contacts.append(dict(
                booth_id=b, fair_id=f, organisation_id=o, name=f"Comprador {c}", email=f"c{b}-{c}@example.com",
                locale="es", consent_text="Acepto.", consented_at=now, stage=stage, met_at=now, created_at=now,
                updated_at=now, sample_sent_at=now if stage in ("sample_sent", "quoted", "ordered") else None,
                quoted_at=now if stage in ("quoted", "ordered") else None, ordered_at=now if stage == "ordered" else None,
            ))
    _insert(db, Contact.__table__, contacts)
    _insert(db, Order.__table__, [dict(
        reference=f"MC-{n:08d}", checkout_token=f"bench-{n}", email="b@example.com", name="B", locale="es",
        country="PE", address_line="Av. 1", status=(OrderStatus.PAID if n % 3 else OrderStatus.AWAITING_PAYMENT).value,
        payment_method=PaymentMethod.TRANSFER.value, currency="PEN", subtotal_amount=rng.randint(2000, 30000),
        shipping_amount=1000, total_amount=0, placed_at=now, payment_due_at=now,
        credited_fair_id=f, credited_booth_id=b) for n, (b, f, _o) in enumerate(booths[::4])])
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))  # what autovacuum (PostgreSQL) or a maintenance run (SQLite) keeps
    db.session.commit()
    return {"fair_id": fairs[len(fairs) // 2][0], "contacts": len(contacts), "booths": len(booths)}


def measure(client, url: str, requests: int) -> tuple[float, float]:
    for _ in range(10):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def main() -> None:
    args = parse_args()
    from marketplace import create_app

    handle = None
    url = args.database_url
    if url is None:
        handle = tempfile.NamedTemporaryFile(suffix=".sqlite", delete=False)
        url = f"sqlite:///{handle.name}"
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url, "SESSION_COOKIE_SECURE": False,
                      "REMEMBER_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    try:
        with app.app_context():
            started = time.perf_counter()
            ids = build(app, args)
            print(f"{args.fairs} fairs × {args.booths} booths × {args.contacts} contacts "
                  f"({ids['booths']} booths, {ids['contacts']} contacts) on {url.split(':')[0]}, "
                  f"built in {time.perf_counter() - started:.0f} s; {args.requests} requests per page")
        staff, producer = app.test_client(), app.test_client()
        for client, email in ((staff, "staff@bench.pe"), (producer, "producer@bench.pe")):
            assert client.post("/account/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302
        pages = [
            ("staff report, all fairs", staff, "/staff/fairs/report"),
            ("staff report, one fair", staff, f"/staff/fairs/report?fair={ids['fair_id']}"),
            ("producer report", producer, "/producer/fairs/report"),
            ("staff CSV, every booth", staff, "/staff/fairs/report.csv"),
        ]
        for name, client, path in pages:
            p50, p99 = measure(client, path, args.requests)
            print(f"{name:<28} p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")
    finally:
        if handle is not None:
            os.unlink(handle.name)


if __name__ == "__main__":
    main()
