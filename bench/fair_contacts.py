"""How fast the contact form at a fair booth renders, with a year of fairs behind it.

Makes its own data in its own database (a temporary SQLite file, or --database-url for an empty
PostgreSQL database): 10 fairs × 200 booths × 50 contacts (100 000 contacts, each with two
products it was interested in), 200 verified organisations with 12 products each, one producer
member per organisation. The last fair is on today, so its booths take contacts.

It signs a producer in and renders, in the app's own process through Flask's test client (the
whole request: session, login, queries, template), the contact form of the producer's current
booth, and the producer's follow-up list. Each page is rendered --requests times after a warm-up;
it prints p50/p95/p99 in milliseconds, of the wall-clock time and of the CPU time the rendering
thread used (on a machine shared with other work, the wall clock also counts the time spent
waiting for a core; the load average is printed with the figures). The producer changes every request, so no single booth's
rows stay hot.

Run: .venv/bin/python bench/fair_contacts.py [--requests 500] [--database-url URL]
Target on 2 cores: the contact form renders in under 50 ms p99.
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-key-not-for-production"
PASSWORD_HASH_OF = "feria-bench-2026"
FAIRS, BOOTHS_PER_FAIR, CONTACTS_PER_BOOTH, PRODUCTS_PER_ORGANISATION = 10, 200, 50, 12


def _rows(app) -> list[int]:
    """Create the data set; return the ids of the producers (one per organisation)."""
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from marketplace.accounts.models import User
    from marketplace.catalogue.models import Product, ProductStatus
    from marketplace.clock import lima_today, utcnow
    from marketplace.extensions import db
    from marketplace.fairs.models import Booth, BoothStatus, Contact, ContactInterest, Fair, FairKind
    from marketplace.producers.models import Membership, MemberRole, Organisation, OrganisationKind, VerificationStatus

    now, today = utcnow(), lima_today()
    password = generate_password_hash(PASSWORD_HASH_OF, method="scrypt")
    with app.app_context():
        run = db.session.execute
        run(insert(User), [dict(id=o + 1, email=f"productor{o}@bench.example", name=f"Productora {o}", locale="es",
                                password_hash=password, password_changed_at=now, created_at=now)
                           for o in range(BOOTHS_PER_FAIR)])
        run(insert(Organisation), [dict(id=o + 1, slug=f"org-{o}", name=f"Asociación de productoras {o}",
                                        kind=OrganisationKind.ASSOCIATION, district_code="140306", region_code="14",
                                        story_es="Tejemos y cosechamos.", status=VerificationStatus.VERIFIED,
                                        created_at=now, submitted_at=now) for o in range(BOOTHS_PER_FAIR)])
        run(insert(Membership), [dict(user_id=o + 1, organisation_id=o + 1, role=MemberRole.OWNER, created_at=now)
                                 for o in range(BOOTHS_PER_FAIR)])
        run(insert(Product), [dict(id=o * PRODUCTS_PER_ORGANISATION + p + 1, organisation_id=o + 1,
                                   slug=f"producto-{o}-{p}", name_es=f"Miel de algarrobo {o}-{p}",
                                   status=ProductStatus.PUBLISHED, published_at=now, created_at=now, updated_at=now)
                              for o in range(BOOTHS_PER_FAIR) for p in range(PRODUCTS_PER_ORGANISATION)])
        for f in range(FAIRS):
            starts = today - timedelta(days=36 * (FAIRS - 1 - f) + 1)
            run(insert(Fair), [dict(id=f + 1, slug=f"feria-{f}", name=f"Feria {f}", city="Lima", starts_on=starts,
                                    ends_on=starts + timedelta(days=2), kind=FairKind.B2B, created_at=now)])
            run(insert(Booth), [dict(id=f * BOOTHS_PER_FAIR + o + 1, fair_id=f + 1, organisation_id=o + 1,
                                     code=f"C{f:02d}{o:04d}", number=f"B-{o}", status=BoothStatus.ACCEPTED,
                                     requested_at=now) for o in range(BOOTHS_PER_FAIR)])
            contacts, interests = [], []
            for o in range(BOOTHS_PER_FAIR):
                booth_id = f * BOOTHS_PER_FAIR + o + 1
                for c in range(CONTACTS_PER_BOOTH):
                    contact_id = (booth_id - 1) * CONTACTS_PER_BOOTH + c + 1
                    contacts.append(dict(
                        id=contact_id, booth_id=booth_id, fair_id=f + 1, organisation_id=o + 1,
                        name=f"Compradora {contact_id}", email=f"c{contact_id}@buyer.example", locale="en",
                        consent_text="Acepto…", consented_at=now, met_at=now - timedelta(minutes=contact_id),
                        stage="met", created_at=now, updated_at=now))
                    interests += [dict(contact_id=contact_id, product_id=o * PRODUCTS_PER_ORGANISATION + p + 1)
                                  for p in (c % PRODUCTS_PER_ORGANISATION, (c + 1) % PRODUCTS_PER_ORGANISATION)]
            run(insert(Contact), contacts)
            run(insert(ContactInterest), interests)
            db.session.commit()
            print(f"  fair {f + 1}/{FAIRS}: {len(contacts)} contacts", flush=True)
        if db.engine.dialect.name == "postgresql":
            for table in ("user", "organisation", "product", "fair", "booth", "fair_contact", "fair_contact_interest"):
                db.session.execute(db.text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                           f"(SELECT max(id) FROM \"{table}\"))"))
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
    return list(range(1, BOOTHS_PER_FAIR + 1))


def _signed_in_clients(app, producer_ids: list[int], how_many: int):
    """Test clients signed in through the real form, spread over the producers."""
    clients = []
    for n in range(how_many):
        client = app.test_client()
        user_id = producer_ids[(n * 37) % len(producer_ids)]
        page = client.get("/account/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/account/sign-in", data={"email": f"productor{user_id - 1}@bench.example",
                                                          "password": PASSWORD_HASH_OF, "csrf_token": token})
        assert response.status_code == 302, "sign-in failed"
        clients.append(client)
    return clients


def _measure(name: str, clients, url: str, requests: int) -> float:
    for client in clients[:5]:
        assert client.get(url).status_code == 200, url  # warm-up: templates compiled, pools open
    wall, cpu = [], []
    for n in range(requests):
        client = clients[n % len(clients)]
        start, start_cpu = time.perf_counter(), time.thread_time()
        response = client.get(url)
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
        assert response.status_code == 200 and b"Ley 29733" in response.data or "contacts/new" not in url
    for label, timings in (("wall", wall), ("cpu", cpu)):
        timings.sort()
        p = lambda q: timings[min(len(timings) - 1, int(len(timings) * q))] * 1000  # noqa: E731
        print(f"{name:<42} {label:<4} p50 {statistics.median(timings) * 1000:6.1f} ms   p95 {p(0.95):6.1f} ms   "
              f"p99 {p(0.99):6.1f} ms   ({requests} renders)")
    return sorted(wall)[min(len(wall) - 1, int(len(wall) * 0.99))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a temporary SQLite file)")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from marketplace import create_app

    logging.basicConfig(level=logging.WARNING)
    database_url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-contacts-')}/bench.sqlite"
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database_url,
                      "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False})
    print(f"database: {database_url.split('@')[-1]}  ({os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f})")
    with app.app_context():
        upgrade()
    started = time.perf_counter()
    producers = _rows(app)
    print(f"data: {FAIRS} fairs × {BOOTHS_PER_FAIR} booths × {CONTACTS_PER_BOOTH} contacts "
          f"in {time.perf_counter() - started:.0f} s")
    clients = _signed_in_clients(app, producers, 40)
    form_p99 = _measure("contact form (GET /producer/contacts/new)", clients, "/producer/contacts/new", args.requests)
    _measure("follow-up list (GET /producer/contacts/)", clients, "/producer/contacts/", args.requests)
    print(f"load average {os.getloadavg()[0]:.1f}; contact form p99 {form_p99:.1f} ms: {'within' if form_p99 < 50 else 'OVER'} the 50 ms target")


if __name__ == "__main__":
    main()
