"""How fast buyers' pages are on a 2-core server: home, a category listing, a product page, a search.

Makes its own shop in its own database (a temporary SQLite file, or --database-url for an
empty PostgreSQL database): 10 000 published products of 500 verified organisations, each with
four photos (Image rows whose variants point at a few small real files), one to three variants,
provenance notes and, for honey, a lot; then builds the search index with the real indexer.

It serves the app with gunicorn on 127.0.0.1 and drives each endpoint in turn with 8 clients
for 20 s (keep-alive HTTP/1.1 where the server keeps connections, Accept-Encoding as a browser
sends it). Each client walks its own rotation of URLs (500 products, every category, fourteen
searches), so no single hot URL flatters the figures. It prints requests/s and p50/p99 latency
for three kinds of visitor, one table each:

- "cache on": anonymous visitors, served from the kept-page cache (marketplace/storefront/cache.py);
- "cache off": anonymous visitors with the cache turned off, every page rendered from the database;
- "signed in": a signed-in buyer (session cookie), whose pages are always rendered for them.

In the last two, pages are rendered for each request, with the pieces every visitor shares kept
rendered per worker as in production (product cards, a product's seals: storefront/fragments.py).

--modes picks some of them (e.g. --modes off,signed-in); --existing reuses a database an earlier
run filled (its shop and its buyer), instead of making the data again.

The load driver runs on the same 2 cores as the server (separate processes, plain threads with
http.client): its CPU time is taken from the server's, so the figures are on the safe side.

--search-only builds the data set without photos and queries the search backend directly
(no HTTP): the top 24 matches by rank and how many match, the two questions a results page asks;
counted as the page counts them, up to MAX_SEARCH_RESULTS + 1 (1 001: past 1 000 the page says
"more than 1,000"). Its words match from 0.3 % to 90 % of the products (every textile names its
technique).

Run: .venv/bin/python bench/catalogue.py [--products 10000] [--clients 8] [--database-url URL] [--existing]
     .venv/bin/python bench/catalogue.py --search-only --products 100000
Targets on 2 cores: p99 <= 50 ms for listing and product pages, <= 80 ms for search (HTTP);
search backend p99 <= 50 ms over 100 000 products.
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta, timezone, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-key-not-for-production"
HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept": "text/html", "User-Agent": "bench/catalogue"}
DISTRICTS = ["140306", "140312", "140310", "140307", "140308", "140303", "140201", "140203", "080405",
             "081302", "080605", "210103", "210105", "210106", "050101", "050108", "051011"]
ITEMS = [("Camino de mesa", "Table runner"), ("Chal", "Shawl"), ("Bolso", "Bag"), ("Cojín", "Cushion cover"),
         ("Chullo", "Knitted hat"), ("Chumpi", "Woven belt"), ("Lliclla", "Carrying cloth"), ("Poncho", "Poncho"),
         ("Tapiz", "Tapestry"), ("Bufanda", "Scarf"), ("Manta", "Blanket"), ("Ovillo hilado a mano", "Hand-spun yarn")]
FIBRES = [("de algodón nativo", "native cotton"), ("de alpaca", "alpaca"), ("de lana de oveja", "sheep wool")]
COLOURS = [("pardo", "brown"), ("crema", "cream"), ("lila", "lilac"), ("verde", "green"), ("marrón oscuro", "dark brown"),
           ("colorado", "reddish"), ("vedoso", "vedoso")]
HONEYS = [("Miel de algarrobo", "Algarrobo honey"), ("Miel multifloral del bosque seco", "Dry-forest wildflower honey"),
          ("Miel de zapote", "Zapote honey")]
PHRASES = ["Tejido en telar de cintura por mujeres de la comunidad.", "Hilado y cardado a mano, sin tintes.",
           "Teñido con cochinilla, chilca y q'olle.", "Diseños de pallay que cuentan el calendario agrícola.",
           "Cada pieza es única y lleva el nombre de quien la hizo.", "Cosechada en el bosque seco de Lambayeque.",
           "Woven by hand on a backstrap loom.", "Natural colours of native cotton, undyed."]
MODES = ("on", "off", "signed-in")
MODE_TITLES = {"on": "anonymous, kept-page cache on", "off": "anonymous, kept-page cache off",
               "signed-in": "signed-in buyer (never cached)"}
BUYER_EMAIL, BUYER_PASSWORD = "bench-buyer@example.com", "bench-buyer-password-2026"
SEARCHES = ["algodon", "miel de algarrobo", "chal alpaca", "honey", "telar de cintura", "chullo", "tapiz lila",
            "bolso algodón nativo pardo", "cochinilla", "morrope", "table runner", "blanket", "crema", "pallay"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--photos", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--driver-processes", type=int, default=2)
    parser.add_argument("--modes", default=",".join(MODES),
                        help=f"which visitors to measure, of {', '.join(MODES)}")
    parser.add_argument("--existing", action="store_true",
                        help="the database already holds the shop of an earlier run: do not make it again")
    parser.add_argument("--search-only", action="store_true", help="query the search backend directly")
    parser.add_argument("--queries", type=int, default=2000, help="search-only: how many searches")
    return parser.parse_args()


# The data set ---------------------------------------------------------------------------------


def make_files(media_root: Path) -> list[dict]:
    """One photo's variants as real files (400/800/1600 px, WebP and JPEG), shared by every Image."""
    from PIL import Image, ImageDraw

    from marketplace.media.processing import make_variants

    picture = Image.new("RGB", (1600, 1600), (163, 64, 31))
    ImageDraw.Draw(picture).ellipse((200, 200, 1400, 1400), fill=(240, 220, 180))
    variants = []
    for variant in make_variants(picture).variants:
        path = media_root / variant.key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(variant.data)
        variants.append({"width": variant.width, "format": variant.format, "key": variant.key, "bytes": len(variant.data)})
    return variants


def _insert(connection, table, rows):
    from sqlalchemy import insert

    for start in range(0, len(rows), 5000):
        connection.execute(insert(table), rows[start:start + 5000])


def make_shop(db, args, media_root: Path) -> None:
    """Everything through SQL inserts (fast), then the index through the real indexer."""
    from werkzeug.security import generate_password_hash

    from marketplace.catalogue.models import ProductStatus, Technique
    from marketplace.producers.models import OrganisationKind, VerificationStatus

    rng = random.Random(2026)
    tables = db.metadata.tables
    now = datetime.now(timezone.utc)
    files = [] if args.search_only else make_files(media_root)
    with db.engine.begin() as connection:
        _insert(connection, tables["user"], [
            dict(email=BUYER_EMAIL, name="Bench Buyer", locale="es", password_hash=generate_password_hash(BUYER_PASSWORD),
                 is_staff=False, is_admin=False, created_at=now, password_changed_at=now)])
        _insert(connection, tables["organisation"], [
            dict(id=o, slug=f"organizacion-{o}", name=f"Asociación de artesanas {o}", kind=OrganisationKind.ASSOCIATION,
                 district_code=(d := rng.choice(DISTRICTS)), region_code=d[:2], women_led=o % 3 != 0,
                 story_es=" ".join(rng.sample(PHRASES, 3)), status=VerificationStatus.VERIFIED, created_at=now, submitted_at=now)
            for o in range(1, args.organisations + 1)])
        categories = [dict(id=1, slug="textiles", name_es="Textiles", name_en="Textiles", position=1, sold_by_lot=False),
                      dict(id=2, slug="miel", name_es="Miel", name_en="Honey", position=2, sold_by_lot=True)]
        categories += [dict(id=10 + i, parent_id=1, slug=f"textiles-{i}", name_es=es, name_en=en, position=i, sold_by_lot=False)
                       for i, (es, en) in enumerate(ITEMS)]
        categories += [dict(id=30 + i, parent_id=2, slug=f"miel-{i}", name_es=es, name_en=en, position=i, sold_by_lot=False)
                       for i, (es, en) in enumerate(HONEYS)]
        _insert(connection, tables["category"], categories)
        products, variants, photos, images, provenances, lots = [], [], [], [], [], []
        for p in range(1, args.products + 1):
            org = rng.randrange(1, args.organisations + 1)
            if p % 5 == 0:
                h = rng.randrange(len(HONEYS))
                name_es, name_en, category = f"{HONEYS[h][0]}, {rng.choice([250, 500, 1000])} g", HONEYS[h][1], 30 + h
                lots.append(dict(product_id=p, lot_code=f"MDA-{p}", harvest_date=date(2024, 3, 1), floral_source="Algarrobo",
                                 apiary_district_code="140310", is_current=True, created_at=now))
            else:
                i, f, c = rng.randrange(len(ITEMS)), rng.randrange(len(FIBRES)), rng.randrange(len(COLOURS))
                name_es = f"{ITEMS[i][0]} {FIBRES[f][0]} {COLOURS[c][0]}"
                name_en, category = f"{COLOURS[c][1].capitalize()} {FIBRES[f][1]} {ITEMS[i][1].lower()}", 10 + i
                provenances.append(dict(product_id=p, community="Arbolsol", district_code=rng.choice(DISTRICTS),
                                        technique=Technique.BACKSTRAP, fibre=FIBRES[f][0][3:], hours_of_work=rng.randrange(4, 60)))
            published = now - timedelta(minutes=p)
            products.append(dict(id=p, organisation_id=org, category_id=category, slug=f"producto-{p}", name_es=name_es,
                                 name_en=name_en, description_es=" ".join(rng.sample(PHRASES, 4)), status=ProductStatus.PUBLISHED,
                                 published_at=published, created_at=published, updated_at=published))
            for v in range(rng.choice([1, 1, 2, 3])):
                variants.append(dict(product_id=p, sku=f"MC{p}-{v}", option_es=f"Opción {v}" if v else None, currency="PEN",
                                     price_amount=rng.randrange(1400, 52000, 100), stock=rng.choice([0, 1, 3, 10]),
                                     position=v, is_default=v == 0))
            for n in range(args.photos if files else 0):
                image_id = (p - 1) * args.photos + n + 1
                images.append(dict(id=image_id, organisation_id=org, width=1600, height=1600, placeholder_color="#a3401f",
                                   digest=f"{image_id:016x}", variants=files, created_at=now))
                photos.append(dict(product_id=p, image_id=image_id, position=n))
        for name, rows in (("image", images), ("product", products), ("variant", variants), ("product_photo", photos),
                           ("provenance", provenances), ("lot", lots)):
            _insert(connection, tables[name], rows)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            for name in ("organisation", "category", "product", "image"):
                connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                connection.exec_driver_sql(f"ANALYZE {name}")


def prepare(args, workdir: Path) -> str:
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.extensions import db
    from marketplace.search.sync import reindex_all

    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite'}"
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url, "MEDIA_ROOT": str(workdir / "media")})
    with app.app_context():
        if args.existing:
            db.engine.dispose()
            return url
        upgrade()
        started = time.perf_counter()
        make_shop(db, args, workdir / "media")
        made = time.perf_counter()
        count = reindex_all(db.session)
        print(f"data: {args.products} products, {args.organisations} organisations in {made - started:.0f} s; "
              f"search index of {count} products in {time.perf_counter() - made:.0f} s ({db.engine.dialect.name})")
        db.engine.dispose()
    return url


# Search backend only ----------------------------------------------------------------------------


def bench_search_backend(args, url: str) -> None:
    from sqlalchemy import func, select

    from marketplace import create_app, search
    from marketplace.extensions import db
    from marketplace.storefront.listing import MAX_SEARCH_RESULTS

    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        timings = {query: [] for query in SEARCHES}
        for query in itertools.islice(itertools.cycle(SEARCHES), args.queries):
            started = time.perf_counter()
            terms = search.parse(query)
            matches = search.matching(terms).subquery()
            top = db.session.execute(select(matches.c.product_id).order_by(matches.c.rank).limit(24)).all()
            found = search.matching(terms, ranked=False).limit(search.planned(MAX_SEARCH_RESULTS + 1)).subquery()
            total = db.session.scalar(select(func.count()).select_from(found))
            timings[query].append(time.perf_counter() - started)
            assert len(top) == min(24, total)
        every = sorted(t for ts in timings.values() for t in ts)
        print(f"search backend, {args.products} products, {len(every)} searches one after another:")
        print(f"  {len(every) / sum(every):8.0f} searches/s   p50 {_ms(every, 50):6.1f} ms   p99 {_ms(every, 99):6.1f} ms")
        for query, ts in timings.items():
            print(f"  {query!r:32} p50 {_ms(sorted(ts), 50):6.1f} ms   p99 {_ms(sorted(ts), 99):6.1f} ms")


# HTTP load --------------------------------------------------------------------------------------


def _ms(sorted_seconds: list[float], percentile: float) -> float:
    if not sorted_seconds:
        return float("nan")
    index = min(len(sorted_seconds) - 1, max(0, round(percentile / 100 * len(sorted_seconds)) - 1))
    return sorted_seconds[index] * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(args, url: str, workdir: Path, *, cache: bool) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    from marketplace.config import DEMO_SELLER

    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "SECURE_COOKIES": "0",
           "MEDIA_ROOT": str(workdir / "media"), "SIGNIN_RATE_LIMIT": "1000 per minute", **DEMO_SELLER,
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    if not cache:
        env["STOREFRONT_CACHE_SIZE"] = "0"
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
               "--worker-class", args.worker_class, "--log-level", "warning",
               "--error-logfile", "-",  # no access log: it would cost the server time
               # Given its key, the app skips the checks that keep a real deployment off 127.0.0.1.
               f"marketplace:create_app({{'SECRET_KEY': {SECRET!r}}})"]
    if args.worker_class == "gthread":
        command += ["--threads", "4", "--keep-alive", "5"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server, port
        except OSError:
            time.sleep(0.1)  # waiting for gunicorn to bind
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=60)  # a loaded machine takes its time
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def sign_in(port: int) -> str:
    """Sign the bench's buyer in through the real form; the Cookie header its pages are asked with."""
    import re
    import urllib.parse
    import urllib.request
    from http.cookiejar import CookieJar

    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/account/sign-in").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    form = {"csrf_token": token.group(1) or token.group(2), "email": BUYER_EMAIL, "password": BUYER_PASSWORD}
    opener.open(f"{base}/account/sign-in", data=urllib.parse.urlencode(form).encode()).read()
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    if "session=" not in cookies:
        raise RuntimeError("the bench's buyer could not sign in")
    return cookies


def _client(port: int, urls: list[str], headers: dict, stop_at: float, out: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    for url in itertools.cycle(urls):
        if time.perf_counter() >= stop_at:
            break
        started = time.perf_counter()
        try:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
        latencies.append(time.perf_counter() - started)
    connection.close()
    out.append((latencies, errors))


def _driver(port: int, url_sets: list[list[str]], headers: dict, seconds: float, queue) -> None:
    stop_at = time.perf_counter() + seconds
    out: list = []
    threads = [threading.Thread(target=_client, args=(port, urls, headers, stop_at, out)) for urls in url_sets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(out)


def load(port: int, urls: list[str], clients: int, seconds: float, processes: int,
         headers: dict = HEADERS) -> tuple[list[float], int]:
    """`clients` keep-alive clients split over `processes` driver processes, each on its own URL rotation."""
    rotations = [urls[i % len(urls):] + urls[:i % len(urls)] for i in range(clients)]
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_driver, args=(port, rotations[p::processes], headers, seconds, queue))
               for p in range(processes)]
    for worker in workers:
        worker.start()
    results = [item for _ in workers for item in queue.get()]
    for worker in workers:
        worker.join()
    return sorted(t for latencies, _ in results for t in latencies), sum(errors for _, errors in results)


def endpoints(args, url: str) -> dict[str, list[str]]:
    from urllib.parse import quote

    rng = random.Random(7)
    categories = [f"/categorias/textiles-{i}" for i in range(len(ITEMS))] + [f"/categorias/miel-{i}" for i in range(len(HONEYS))]
    return {
        "home /": ["/"],
        "category listing": categories,
        "product page": [f"/productos/producto-{rng.randrange(1, args.products + 1)}" for _ in range(500)],
        "search": [f"/buscar?q={quote(q)}" for q in SEARCHES],
    }


def measure(args, port: int, pages: dict[str, list[str]], headers: dict, title: str) -> None:
    for urls in pages.values():  # warm up: templates compiled, every URL rendered once or more
        load(port, urls, args.clients, max(2.0, len(urls) / 50), 1, headers)
    print(f"{title}:")
    print(f"  {'endpoint':18} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, urls in pages.items():
        latencies, errors = load(port, urls, args.clients, args.seconds, args.driver_processes, headers)
        print(f"  {name:18} {len(latencies) / args.seconds:8.0f} {_ms(latencies, 50):8.1f} {_ms(latencies, 99):8.1f} {errors:7d}",
              flush=True)


def bench_http(args, url: str, workdir: Path) -> None:
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        raise SystemExit(f"unknown --modes {', '.join(sorted(unknown))}; choose from {', '.join(MODES)}")
    pages = endpoints(args, url)
    print(f"{args.clients} clients × {args.seconds:.0f} s per endpoint; gunicorn {args.workers} {args.worker_class} "
          f"workers; driver {args.driver_processes} processes; {os.cpu_count()} cores")
    for cache in (True, False):
        wanted = [mode for mode in modes if (mode != "off") == cache]
        if not wanted:
            continue
        server, port = serve(args, url, workdir, cache=cache)
        try:
            for mode in wanted:
                headers = HEADERS if mode != "signed-in" else {**HEADERS, "Cookie": sign_in(port)}
                measure(args, port, pages, headers, MODE_TITLES[mode])
        finally:
            stop(server)


def main() -> None:
    args = parse_args()
    if args.database_url and args.database_url.startswith("postgresql://"):
        args.database_url = "postgresql+psycopg://" + args.database_url[len("postgresql://"):]
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as tmp:
        workdir = Path(tmp)
        url = prepare(args, workdir)
        if args.search_only:
            bench_search_backend(args, url)
        else:
            bench_http(args, url, workdir)


if __name__ == "__main__":
    main()
