"""A fake Stripe for the browser tests' server: the gunicorn process talks to it on 127.0.0.1."""
from __future__ import annotations

import pytest

from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe


@pytest.fixture(scope="session")
def browser_stripe():
    fake = FakeStripe().start()
    yield fake
    fake.stop()


def stripe_env(fake: FakeStripe) -> dict:
    """The settings that point the live server's card payments at the fake."""
    return {
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": fake.url,
        "STRIPE_CHECKOUT_ORIGIN": fake.url,
    }
