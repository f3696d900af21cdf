"""How long the programme figures take to render for staff, at 1 000 organisations, 100 000 orders
and 1 000 000 audit events on PostgreSQL.

Builds its data in an empty PostgreSQL database (default: a scratch database `bench_figures`,
created if missing; its schema is dropped and migrated first) with INSERT … SELECT over
generate_series, so the whole set takes well under a minute: 1 000 organisations in 17 districts
of four regions, 10 000 published products in a small category tree, three collective brands with
2 000 approved claims, 100 000 orders over two years (and their sold lines in sale_line) (one to three lines from up to three
producers; 8 % cancelled, 4 % refunded, 3 % awaiting payment, 10 % abroad, 5 % credited to a
fair), 30 000 buyers' e-mail addresses, five fairs with 200 booths, their daily scans and 5 000
contacts, and 1 000 000 audit events spread over every action code and two years.

It then renders pages in-process through Flask's test client, signed in as staff (the same code
path as a request served by gunicorn, without the network), each URL once to warm up and then
--runs times, and prints the median and the slowest time of each.

Run: .venv/bin/python bench/figures.py [--database-url URL] [--runs 7] [--keep]
Target: the figures page under 300 ms at this size.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_figures"
PASSWORD = "bench-figures-2026"
DISTRICTS = ["140306", "140312", "140310", "140307", "140308", "140303", "140201", "140203", "080405",
             "081302", "080605", "210103", "210105", "210106", "050101", "050108", "051011"]
PAGES = [
    ("figures: this month", "/staff/figures/"),
    ("figures: a year", "/staff/figures/?periodo=year&dia=2026-06-01"),
    ("figures: a quarter, Cusco, women-led", "/staff/figures/?periodo=quarter&dia=2026-05-01&region=08&mujeres=si"),
    ("figures: a year, one brand", "/staff/figures/?periodo=year&dia=2026-06-01&marca=1"),
    ("figures: a year, a category and its children", "/staff/figures/?periodo=year&dia=2026-06-01&categoria=1"),
    ("figures: two years, one province", "/staff/figures/?periodo=custom&desde=2025-01-01&hasta=2026-12-31&region=14&provincia=1403"),
    ("figures: a year, one fair", "/staff/figures/?periodo=year&dia=2026-06-01&feria=2"),
    ("CSV: producers who sold in a year", "/staff/figures/ventas-por-productor.csv?periodo=year&dia=2026-06-01"),
    ("history: newest events", "/staff/figures/historial"),
    ("history: one person", "/staff/figures/historial?quien=persona7%40"),
    ("history: one kind in a month", "/staff/figures/historial?tipo=brand_listing&desde=2026-03-01&hasta=2026-03-31"),
    ("history: one record", "/staff/figures/historial?registro=Organisation&numero=17"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="reuse the data already built")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    return parser.parse_args()


def ensure_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def migrate(app, url: str) -> None:
    from flask_migrate import upgrade

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    with app.app_context():
        upgrade()


def build(connection, orders: int, events: int) -> None:
    """The data set, table by table, each in one INSERT … SELECT."""
    from werkzeug.security import generate_password_hash

    run = lambda sql, **params: connection.execute(text(sql), params)  # noqa: E731
    run("""INSERT INTO "user" (email, password_hash, name, locale, is_staff, is_admin, created_at, password_changed_at)
           SELECT 'persona' || n || '@example.pe', :hash, 'Persona ' || n, 'es', n <= 20, n = 1, now(), now()
           FROM generate_series(1, 3000) n""", hash=generate_password_hash(PASSWORD, method="scrypt"))
    run("""INSERT INTO organisation (slug, name, kind, district_code, region_code, women_led, story_es, status,
                                     created_at, submitted_at, members_women, members_men)
           SELECT 'organizacion-' || n, 'Organización ' || n, 'association', d, substr(d, 1, 2), n % 5 < 3,
                  'Tejemos.', CASE WHEN n % 20 = 0 THEN 'unverified' ELSE 'verified' END, now(), now(),
                  CASE WHEN n % 3 = 0 THEN n % 15 END, CASE WHEN n % 3 = 0 THEN n % 7 END
           FROM generate_series(1, 1000) n, LATERAL (SELECT (CAST(:districts AS text[]))[1 + n % :count] AS d) place""",
        districts=DISTRICTS, count=len(DISTRICTS))
    run("""INSERT INTO membership (user_id, organisation_id, role, created_at)
           SELECT 20 + n, 1 + n % 1000, 'member', now() FROM generate_series(1, 2500) n""")
    run("""INSERT INTO category (slug, name_es, position, sold_by_lot)
           SELECT 'raiz-' || n, 'Categoría ' || n, n, false FROM generate_series(1, 6) n""")
    run("""INSERT INTO category (parent_id, slug, name_es, position, sold_by_lot)
           SELECT 1 + n % 6, 'sub-' || n, 'Subcategoría ' || n, n, false FROM generate_series(1, 12) n""")
    run("""INSERT INTO product (organisation_id, category_id, slug, name_es, status, published_at, created_at, updated_at)
           SELECT 1 + n % 1000, 1 + n % 18, 'producto-' || n, 'Producto ' || n, 'published',
                  timestamptz '2024-06-01' + n * interval '1 hour', now(), now()
           FROM generate_series(1, 10000) n""")
    run("""INSERT INTO collective_brand (slug, name, owner_id, region_code, description_es, created_at)
           SELECT 'marca-' || n, 'Marca ' || n, n, '14', 'Marca colectiva.', now() FROM generate_series(1, 3) n""")
    run("""INSERT INTO brand_listing (product_id, brand_id, state, created_at, submitted_at, decided_at)
           SELECT n * 5, 1 + n % 3, 'approved', now(), timestamptz '2025-01-01' + n * interval '7 hours',
                  timestamptz '2025-01-04' + n * interval '7 hours'
           FROM generate_series(1, 2000) n""")
    run("""INSERT INTO fair (slug, name, city, starts_on, ends_on, kind, created_at)
           SELECT 'feria-' || n, 'Feria ' || n, 'Lima', date '2025-03-01' + n * 120, date '2025-03-03' + n * 120, 'b2b', now()
           FROM generate_series(1, 5) n""")
    run("""INSERT INTO booth (fair_id, organisation_id, code, status, requested_at)
           SELECT 1 + n % 5, 1 + (n * 7) % 1000, 'B' || n, 'accepted', now() FROM generate_series(1, 200) n""")
    run("""INSERT INTO booth_scan_day (booth_id, day, scans)
           SELECT b, f.starts_on + d, 5 + (b * d) % 40 FROM generate_series(1, 200) b
           JOIN booth ON booth.id = b JOIN fair f ON f.id = booth.fair_id, generate_series(0, 9) d""")
    run("""INSERT INTO fair_contact (booth_id, fair_id, organisation_id, name, locale, consent_text, consented_at, stage,
                                     met_at, created_at, updated_at)
           SELECT booth.id, booth.fair_id, booth.organisation_id, 'Contacto ' || n, 'es', 'Acepto.', now(),
                  (ARRAY['met', 'sample_sent', 'quoted', 'ordered', 'lost'])[1 + n % 5],
                  f.starts_on + (n % 3) * interval '1 day' + interval '15 hours', now(), now()
           FROM generate_series(1, 5000) n JOIN booth ON booth.id = 1 + n % 200 JOIN fair f ON f.id = booth.fair_id""")
    build_orders(run, orders)
    from marketplace.figures.sale_lines import lines_of_sold_orders

    connection.execute(lines_of_sold_orders())  # what paying each order would have written
    build_events(run, events)
    connection.execute(text("ANALYZE"))


def build_orders(run, orders: int) -> None:
    """Orders over two years with one to three lines, each line from its own producer."""
    run("""INSERT INTO customer_order (reference, checkout_token, email, name, locale, country, address_line, status,
                                       payment_method, currency, subtotal_amount, shipping_amount, total_amount,
                                       placed_at, payment_due_at, paid_at, credited_fair_id)
           SELECT 'MC-' || n, 'token-' || n, 'comprador' || (n * 7919) % 30000 || '@example.pe', 'Comprador', 'es',
                  CASE WHEN n % 10 = 0 THEN 'US' ELSE 'PE' END, 'Av. 1',
                  CASE WHEN n % 25 = 0 THEN 'refunded' WHEN n % 12 = 0 THEN 'cancelled'
                       WHEN n % 33 = 0 THEN 'awaiting_payment' WHEN n % 2 = 0 THEN 'completed' ELSE 'paid' END,
                  'transfer', 'PEN', 0, 1000, 0, at, at + interval '2 days',
                  CASE WHEN n % 12 = 0 OR n % 33 = 0 THEN NULL ELSE at + interval '3 hours' END,
                  CASE WHEN n % 20 = 0 THEN 1 + n % 5 END
           FROM generate_series(1, :orders) n,
                LATERAL (SELECT timestamptz '2025-01-01 05:00+00' + (n * (730.0 / :orders)) * interval '1 day' AS at) t""",
        orders=orders)
    run("""INSERT INTO fulfilment (order_id, organisation_id, organisation_name, status, subtotal_amount, shipping_amount)
           SELECT o.id, 1 + (o.id * 13 + k * 101) % 1000, 'Organización', 'to_pack', 0, 0
           FROM customer_order o, generate_series(0, o.id % 3) k""")
    run("""INSERT INTO order_line (order_id, fulfilment_id, product_id, organisation_id, product_name, sku,
                                   unit_price_amount, quantity)
           SELECT f.order_id, f.id, p.id, f.organisation_id, p.name_es, 'SKU-' || p.id, 2000 + (p.id % 40) * 500,
                  1 + f.id % 3
           FROM fulfilment f JOIN LATERAL (
               SELECT id, name_es FROM product WHERE organisation_id = f.organisation_id ORDER BY id LIMIT 1) p ON true""")
    run("""UPDATE customer_order o SET subtotal_amount = s.total, total_amount = s.total + o.shipping_amount
           FROM (SELECT order_id, sum(unit_price_amount * quantity) AS total FROM order_line GROUP BY order_id) s
           WHERE s.order_id = o.id""")


def build_events(run, events: int) -> None:
    from marketplace.figures.sentences import SENTENCES

    actions = sorted(SENTENCES)
    run("""INSERT INTO audit_event (occurred_at, actor_id, action, subject_type, subject_id, details)
           SELECT timestamptz '2025-01-01' + n * (730.0 / :events) * interval '1 day', 1 + n % 3000,
                  (CAST(:actions AS text[]))[1 + n % :count],
                  (ARRAY['Organisation', 'Product', 'BrandListing', 'Order'])[1 + (n / 7) % 4], 1 + n % 1000, '{}'
           FROM generate_series(1, :events) n""", events=events, actions=actions, count=len(actions))


def measure(app, runs: int) -> None:

    client = app.test_client()
    response = client.post("/account/sign-in", data={"email": "persona2@example.pe", "password": PASSWORD})
    assert response.status_code == 302, "signing in as staff failed"
    print(f"{'page':48} {'median':>8} {'slowest':>8}")
    for name, url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url).get_data()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:48} {statistics.median(times):7.0f}ms {max(times):7.0f}ms")


def main() -> None:
    args = parse_args()
    from marketplace import create_app

    ensure_database(args.database_url)
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": args.database_url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False, "SERVER_NAME": None})
    if not args.keep:
        migrate(app, args.database_url)
        started = time.perf_counter()
        engine = create_engine(args.database_url)
        with app.app_context(), engine.begin() as connection:
            build(connection, args.orders, args.events)
        engine.dispose()
        print(f"data built in {time.perf_counter() - started:.0f} s")
    with app.app_context():
        from marketplace.extensions import db

        counts = db.session.execute(text("""SELECT (SELECT count(*) FROM organisation), (SELECT count(*) FROM customer_order),
                                                   (SELECT count(*) FROM order_line), (SELECT count(*) FROM audit_event)""")).one()
        print("organisations {:,} · orders {:,} · order lines {:,} · audit events {:,}".format(*counts))
    measure(app, args.runs)


if __name__ == "__main__":
    main()
