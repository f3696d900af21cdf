"""The fake Stripe (tests/fakes/stripe.py) as pytest fixtures, and what tests use of it."""
from __future__ import annotations

import pytest

from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, post_webhook  # noqa: F401


@pytest.fixture(scope="session")
def fake_stripe():
    """The fake, listening on 127.0.0.1 for the whole test session."""
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def card_payments(app, fake_stripe):
    """The app with Stripe keys, talking to the fake; returns the fake."""
    fake_stripe.reset()
    app.config.update(
        STRIPE_SECRET_KEY=SECRET_KEY, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=fake_stripe.url, STRIPE_CHECKOUT_ORIGIN=fake_stripe.url,
    )
    return fake_stripe
