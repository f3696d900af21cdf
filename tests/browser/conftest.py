"""Browser harness: the app in a real gunicorn process on a free 127.0.0.1 port, driven by
Debian's Chromium through Playwright. Every later capability's browser tests use these fixtures.

Outside CI the tests skip when /usr/bin/chromium is missing; in CI (CI=true) that is an error.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import SELLER, TEST_SECRET_KEY
from .. import factories
from .stripe_fixtures import browser_stripe, stripe_env  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
PHONE = dict(
    viewport={"width": 360, "height": 740},
    device_scale_factor=2,
    is_mobile=True,
    has_touch=True,
    user_agent=(
        "Mozilla/5.0 (Linux; Android 11; moto e(7)) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
    locale="es-PE",
)
DESKTOP = dict(viewport={"width": 1280, "height": 800}, locale="es-PE")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # polling for the port, not waiting on the app's behaviour
    raise RuntimeError("the server did not start in time")


@dataclass
class LiveServer:
    url: str
    database_url: str


@pytest.fixture(scope="session")
def live_server(database_url, tmp_path_factory, browser_stripe):
    """gunicorn serving the app on the test database, for the whole browser session."""
    port = _free_port()
    media_root = tmp_path_factory.mktemp("media")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET_KEY,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SECURE_COOKIES": "0",
        "MEDIA_ROOT": str(media_root),
        "SIGNIN_RATE_LIMIT": "1000 per minute",
        "RESET_RATE_LIMIT": "1000 per minute",
        **SELLER,
        **stripe_env(browser_stripe),  # card payments go to a local fake of Stripe
    }
    env.pop("MAIL_SERVER", None)
    env.pop("FLASK_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "4", "--worker-class", "gthread", "--log-level", "warning",
         # Given its key, the app skips the checks that keep a real deployment off 127.0.0.1.
         f"marketplace:create_app({{'SECRET_KEY': {TEST_SECRET_KEY!r}}})"],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_serving(port, process)
        yield LiveServer(url=f"http://127.0.0.1:{port}", database_url=database_url)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def _page(chromium, live_server, options):
    """A page in a fresh browser context; fails the test if the page threw a JavaScript error."""
    context = chromium.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def phone(chromium, live_server, app):
    """A page on a 360×740 touch phone with a mobile user agent."""
    with _page(chromium, live_server, PHONE) as page:
        yield page


@pytest.fixture
def desktop(chromium, live_server, app):
    with _page(chromium, live_server, DESKTOP) as page:
        yield page


def sign_in(page, user) -> None:
    """Sign a page in through the real form as `user` (made by the factories)."""
    page.goto("/account/sign-in")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()


def confirm_transfer(page, reference: str, amount: str, bank_reference: str) -> None:
    """Staff, signed in on `page`, find the order in their list and confirm its bank transfer."""
    from playwright.sync_api import expect

    page.goto("/staff/orders/")
    page.click(f"text={reference}")
    page.fill("input[name=amount]", amount)
    page.fill("input[name=bank_reference]", bank_reference)
    page.click("text=Confirmar el pago")
    expect(page.locator(".order-status")).to_have_text("pagado")


@pytest.fixture
def browser_login(app):
    """Sign a page in through the real form as a new user of a role; returns the user."""

    def sign_in_with_role(page, role: str = "producer", **kwargs):
        user = factories.user_with_role(role, **kwargs)
        sign_in(page, user)
        return user

    return sign_in_with_role
