"""Real concurrent sample requests against PostgreSQL: one buyer asking twice at once gets one sample."""
import pytest

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderKind
from marketplace.wholesale import samples
from tests import factories
from tests.orders.test_concurrency import all_at_once, racing_app  # noqa: F401
from tests.wholesale.test_samples import place

pytestmark = pytest.mark.postgres


def test_the_same_buyer_asking_for_two_samples_at_once_gets_one(racing_app, shop):  # noqa: F811
    variant = factories.wholesale_terms(shop.honey(stock=20), sample_price_amount=0)
    other = factories.variant(variant.product, sample_price_amount=0, stock=5)
    ids = [variant.id, other.id] * 4

    def ask(i):
        try:
            return place(db.session.get(type(variant), ids[i])).reference
        except samples.SampleLimitReached:
            return "limited"

    outcomes = all_at_once(racing_app, len(ids), ask)
    assert [o for o in outcomes if o.startswith("error")] == []
    assert outcomes.count("limited") == len(ids) - 1
    assert db.session.scalar(db.select(db.func.count(Order.id)).where(Order.kind == OrderKind.SAMPLE)) == 1
