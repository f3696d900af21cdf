"""How many orders a second checkout sustains on a 2-core machine, and what each one costs.

Makes its own shop in its own database (a temporary SQLite file, or --database-url for an empty
PostgreSQL database): 20 verified producers with 10 published products each, plenty of stock.
Then, each for --seconds:

1. service, spread: --clients threads (own app context and connection each) call place_order for
   a 3-line order from two producers, picked at random: the cost of pricing, taking stock with
   conditional UPDATEs, writing the order, its parcels, lines, payment, event and email;
2. service, hot item: every client buys the same variant, so every order queues on one row lock
   (the worst case: a fair's star product);
3. HTTP, transfer: gunicorn (--workers, 4 threads each) on 127.0.0.1, --clients buyers each doing
   the whole visit a phone does: a page for the CSRF token, two "add to cart", the checkout form,
   the checkout POST (6 requests per order);
4. HTTP, card: the same, paying by card through the local fake of Stripe (tests/fakes/stripe.py): the
   checkout POST creates a Checkout Session, the fake's Pay step, then the return page that asks
   "Stripe" and marks the order paid (8 requests and 3 Stripe calls per order).

5. service, quote to order: --clients importers each ask a producer for a quote (signed in), the
   producer's member answers with prices, the importer accepts: three transactions (request,
   offer, row-locked acceptance that writes the wholesale order) per order.

It prints orders/s with p50 and p99 latency per order. The load driver shares the 2 cores with the
server, so HTTP figures are on the safe side.

Run: .venv/bin/python bench/checkout.py [--seconds 15] [--clients 8] [--workers 2] [--database-url URL]
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-key-not-for-production"
LIMA = "150122"


def build_shop(database_url: str) -> list[int]:
    """Migrate an empty database and fill it; returns the variant ids for sale."""
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.catalogue.models import Product, ProductStatus, Variant
    from marketplace.clock import utcnow
    from marketplace.extensions import db
    from marketplace.producers.models import Organisation, OrganisationKind, VerificationStatus

    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        for o in range(20):
            organisation = Organisation(slug=f"productor-{o}", name=f"Productor {o}", kind=OrganisationKind.ASSOCIATION,
                                        story_es="Tejemos y cosechamos.", status=VerificationStatus.VERIFIED)
            organisation.set_district("140306")
            db.session.add(organisation)
            for p in range(10):
                product = Product(organisation=organisation, slug=f"producto-{o}-{p}", name_es=f"Chalina {o}-{p}",
                                  status=ProductStatus.PUBLISHED, published_at=utcnow())
                product.variants.append(Variant(sku=f"SKU-{o}-{p}", price_amount=random.randrange(1500, 30000),
                                                stock=1_000_000, is_default=True))
                db.session.add(product)
        db.session.commit()
        ids = list(db.session.scalars(db.select(Variant.id).order_by(Variant.id)))
        db.engine.dispose()
    return ids


def report(name: str, latencies: list[float], seconds: float, errors: int) -> None:
    if not latencies:
        print(f"{name:<28} no orders ({errors} errors)")
        return
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{name:<28} {len(latencies) / seconds:7.1f} orders/s   p50 {statistics.median(ordered) * 1000:6.1f} ms"
          f"   p99 {p99 * 1000:6.1f} ms   ({len(latencies)} orders, {errors} errors)")


def run_clients(clients: int, seconds: float, one_order) -> tuple[list[float], int]:
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(i):
        n = 0
        while time.monotonic() < deadline:
            start = time.monotonic()
            try:
                one_order(i, n)
            except Exception as exc:  # counted and shown once: a benchmark should not stop at one failure
                with lock:
                    errors[0] += 1
                    if errors[0] == 1:
                        print(f"  first error: {exc!r}")
                continue
            finally:
                n += 1
            with lock:
                latencies.append(time.monotonic() - start)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def bench_service(database_url: str, variants: list[int], clients: int, seconds: float, hot: bool) -> None:
    from marketplace import create_app
    from marketplace.extensions import db
    from marketplace.orders.checkout import CheckoutRequest, Delivery, new_checkout_token, place_order
    from marketplace.orders.models import PaymentMethod

    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": clients + 2}})
    logging.getLogger().setLevel(logging.WARNING)  # each order's email is logged at INFO without SMTP
    rng = random.Random(7)

    def one_order(i, n):
        items = {variants[0]: 1} if hot else {v: rng.randrange(1, 3) for v in rng.sample(variants, 3)}
        with app.app_context():
            try:
                place_order(CheckoutRequest(
                    items=items, payment_method=PaymentMethod.TRANSFER, token=new_checkout_token(),
                    delivery=Delivery(email=f"b{i}-{n}@example.pe", name="Bench", address_line="Av. Larco 1",
                                      district_code=LIMA),
                ))
            finally:
                db.session.remove()

    latencies, errors = run_clients(clients, seconds, one_order)
    report("service, hot item" if hot else "service, 3 lines", latencies, seconds, errors)
    with app.app_context():
        db.engine.dispose()


def bench_quotes(database_url: str, variants: list[int], clients: int, seconds: float) -> None:
    """Quote to order through the services: request, offer, acceptance."""
    from datetime import timedelta

    from marketplace import create_app
    from marketplace.accounts.models import User
    from marketplace.catalogue.models import Variant
    from marketplace.clock import lima_today
    from marketplace.extensions import db
    from marketplace.orders.checkout import Delivery
    from marketplace.producers.models import Membership, MemberRole
    from marketplace.wholesale import quotes
    from marketplace.wholesale.quotes_accept import accept
    from marketplace.wholesale.quotes_offers import OfferLine, OfferTerms, make_offer

    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": clients + 2}})
    logging.getLogger().setLevel(logging.WARNING)
    with app.app_context():
        sellers = {}
        for variant in db.session.scalars(db.select(Variant).where(Variant.id.in_(variants))):
            organisation_id = variant.product.organisation_id
            if organisation_id not in sellers:
                seller = User(email=f"seller{organisation_id}@example.pe", name="Productor", password_hash="!")
                db.session.add(Membership(user=seller, organisation_id=organisation_id, role=MemberRole.OWNER))
                sellers[organisation_id] = seller
        buyers = [User(email=f"importer{i}@example.com", name=f"Importer {i}", password_hash="!") for i in range(clients)]
        db.session.add_all(buyers)
        db.session.commit()
        seller_ids = {org: user.id for org, user in sellers.items()}
        buyer_ids = [user.id for user in buyers]
    rng = random.Random(13)

    def one_order(i, n):
        with app.app_context():
            try:
                variant = db.session.get(Variant, rng.choice(variants))
                buyer = db.session.get(User, buyer_ids[i])
                asked = quotes.request_quote(quotes.QuoteAsk(
                    organisation=variant.product.organisation, lines=[quotes.AskedLine(variant.id, 300)],
                    email=buyer.email, name=buyer.name, country="DE", incoterm="fob_callao", currency="USD", buyer=buyer))
                seller = db.session.get(User, seller_ids[variant.product.organisation_id])
                make_offer(asked, OfferTerms(incoterm="fob_callao", valid_until=lima_today() + timedelta(days=15),
                                             advance_percent=30, lines=[OfferLine(asked.lines[0].id, variant.id, 300, 650, 100)]),
                           by=seller)
                accept(asked, Delivery(email=buyer.email, name=buyer.name, address_line="Hafenstraße 1", country="DE",
                                       city="Hamburg"), by=buyer)
            finally:
                db.session.remove()

    latencies, errors = run_clients(clients, seconds, one_order)
    report("service, quote to order", latencies, seconds, errors)
    with app.app_context():
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database_url: str, workers: int, stripe_env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    from marketplace.config import DEMO_SELLER

    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SECRET, "SECURE_COOKIES": "0",
           "SIGNIN_RATE_LIMIT": "100000 per minute", **DEMO_SELLER, **stripe_env}
    env.pop("MAIL_SERVER", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "4",
         "--worker-class", "gthread", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # without SMTP every email is logged
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)  # waiting for the port to open
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def http_order(base: str, variants: list[int], rng: random.Random, method: str) -> None:
    import requests

    with requests.Session() as browser:
        token = re.search(r'name="csrf-token" content="([^"]+)"', browser.get(f"{base}/cart").text).group(1)
        for variant in rng.sample(variants, 2):
            browser.post(f"{base}/cart/add", data={"variant_id": variant, "quantity": 1, "csrf_token": token},
                         allow_redirects=False).raise_for_status()
        form = browser.get(f"{base}/checkout").text
        checkout_token = re.search(r'name="checkout_token" type="hidden" value="([^"]+)"', form).group(1)
        placed = browser.post(f"{base}/checkout", allow_redirects=False, data={
            "csrf_token": token, "checkout_token": checkout_token, "email": "bench@example.pe", "name": "Bench",
            "destination": "peru", "region": LIMA[:2], "province": LIMA[:4], "district": LIMA,
            "address_line": "Av. Larco 1", "payment_method": method})
        if placed.status_code not in (302, 303):
            raise RuntimeError(f"checkout answered {placed.status_code}")
        if method == "card":
            paid = browser.post(placed.headers["Location"] + "/pay", allow_redirects=False)  # the fake's Pay button
            back = browser.get(paid.headers["Location"], allow_redirects=False)  # the return page asks "Stripe"
            if back.status_code != 302:
                raise RuntimeError(f"return page answered {back.status_code}")


def bench_http(database_url: str, variants: list[int], clients: int, workers: int, seconds: float) -> None:
    from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake's line per request
    fake = FakeStripe().start()
    stripe_env = {"STRIPE_SECRET_KEY": SECRET_KEY, "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
                  "STRIPE_API_BASE": fake.url, "STRIPE_CHECKOUT_ORIGIN": fake.url}
    process, base = serve(database_url, workers, stripe_env)
    try:
        for method in ("transfer", "card"):
            rng = random.Random(11)
            latencies, errors = run_clients(clients, seconds, lambda i, n: http_order(base, variants, rng, method))
            report(f"HTTP, {method}", latencies, seconds, errors)
    finally:
        process.terminate()
        process.wait(timeout=10)
        fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a temporary SQLite file)")
    parser.add_argument("--only-quotes", action="store_true", help="run only the quote-to-order figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        started = time.monotonic()
        variants = build_shop(url)
        print(f"database: {url.split('@')[-1]}; {len(variants)} variants made in {time.monotonic() - started:.1f} s; "
              f"{args.clients} clients, {args.seconds:.0f} s each, {os.cpu_count()} cores")
        if args.only_quotes:
            bench_quotes(url, variants, args.clients, args.seconds)
            return
        bench_service(url, variants, args.clients, args.seconds, hot=False)
        bench_service(url, variants, args.clients, args.seconds, hot=True)
        bench_quotes(url, variants, args.clients, args.seconds)
        bench_http(url, variants, args.clients, args.workers, args.seconds)


if __name__ == "__main__":
    main()
