"""Two acceptances of one quote at the same moment, on PostgreSQL: one order, the other gets it back."""
import pytest

from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.wholesale.quotes_accept import AlreadyAccepted, accept
from marketplace.wholesale.quotes_models import QuoteRequest, QuoteStatus
from tests.orders.shop import stock_of
from tests.orders.test_concurrency import all_at_once, racing_app  # noqa: F401
from tests.wholesale.quoting import delivery, honey_producer, quoted

pytestmark = pytest.mark.postgres


def test_a_quote_accepted_twice_at_once_gives_one_order(racing_app, app):  # noqa: F811
    owner, honey = honey_producer(stock=1000)
    quote_request_id, honey_id = quoted(honey, owner, quantity=300).id, honey.id
    db.session.remove()

    def accept_it(i):
        try:
            return accept(db.session.get(QuoteRequest, quote_request_id), delivery()).reference
        except AlreadyAccepted as already:
            return f"again {already.order.reference}"

    outcomes = all_at_once(racing_app, 8, accept_it)
    assert [o for o in outcomes if o.startswith("error")] == []
    made = [o for o in outcomes if o.startswith("MC-")]
    assert len(made) == 1 and outcomes.count(f"again {made[0]}") == 7
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 1
    assert db.session.get(QuoteRequest, quote_request_id).status == QuoteStatus.ACCEPTED
    assert stock_of(honey_id) == 700
