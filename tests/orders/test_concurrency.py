"""Real concurrent checkouts against PostgreSQL: stock is taken atomically and never goes below zero."""
import threading
from datetime import timedelta

import pytest

from marketplace import create_app
from marketplace.clock import utcnow
from marketplace.extensions import db
from marketplace.orders.checkout import CheckoutRequest, Delivery, OutOfStock, new_checkout_token, place_order
from marketplace.orders.models import Order, OrderEvent, OrderLine, PaymentMethod
from marketplace.payments.expiry import expire_unpaid_orders
from tests import conftest
from tests.orders.shop import LIMA_DISTRICT, stock_of

pytestmark = pytest.mark.postgres
BUYERS = 50


@pytest.fixture
def racing_app(app, database_url):
    """A second app on the same database, with a connection for every buyer."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    racing = create_app(conftest.test_config(database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": BUYERS, "max_overflow": 0}))
    yield racing
    with racing.app_context():
        db.engine.dispose()


def all_at_once(racing_app, count, work):
    """Run `work(i)` in `count` threads, each with its own app context and connection, released together."""
    barrier, outcomes, lock = threading.Barrier(count), [], threading.Lock()

    def run(i):
        with racing_app.app_context():
            barrier.wait()
            try:
                outcome = work(i)
            except OutOfStock:
                outcome = "out_of_stock"
            except Exception as exc:  # a deadlock or any other error fails the test below
                outcome = f"error: {exc!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def buy(items: dict, i: int) -> str:
    order = place_order(CheckoutRequest(
        items=items, payment_method=PaymentMethod.TRANSFER, token=new_checkout_token(),
        delivery=Delivery(email=f"buyer{i}@example.pe", name=f"Buyer {i}", address_line="Jr. Lampa 1",
                          district_code=LIMA_DISTRICT),
    ))
    return order.reference


def test_fifty_buyers_for_ten_units_buy_exactly_ten(racing_app, shop):
    textile_id = shop.textile(stock=10).id
    outcomes = all_at_once(racing_app, BUYERS, lambda i: buy({textile_id: 1}, i))
    errors = [o for o in outcomes if o.startswith("error")]
    assert errors == []
    assert len([o for o in outcomes if o.startswith("MC-")]) == 10
    assert outcomes.count("out_of_stock") == BUYERS - 10
    assert stock_of(textile_id) == 0
    assert db.session.scalar(db.select(db.func.sum(OrderLine.quantity))) == 10
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 10


def test_orders_sharing_variants_in_any_order_never_deadlock(racing_app, shop):
    textile_id, honey_id = shop.textile(stock=10).id, shop.honey(stock=10).id

    def work(i):
        # Half the buyers list the honey first: the stock module still locks in id order.
        items = {textile_id: 1, honey_id: 1} if i % 2 else {honey_id: 1, textile_id: 1}
        return buy(items, i)

    outcomes = all_at_once(racing_app, 30, work)
    assert [o for o in outcomes if o.startswith("error")] == []
    assert len([o for o in outcomes if o.startswith("MC-")]) == 10
    assert (stock_of(textile_id), stock_of(honey_id)) == (0, 0)


def test_two_expiry_runs_at_the_same_moment_release_the_stock_once(racing_app, shop):
    textile = shop.textile(stock=10)
    orders = [shop.place({textile: 2}) for _ in range(3)]
    assert stock_of(textile.id) == 4
    later = utcnow() + timedelta(days=3)
    outcomes = all_at_once(racing_app, 4, lambda i: len(expire_unpaid_orders(later).expired))
    assert [o for o in outcomes if isinstance(o, str)] == []
    assert sum(outcomes) == len(orders)
    assert stock_of(textile.id) == 10
    cancellations = db.session.scalar(
        db.select(db.func.count(OrderEvent.id)).where(OrderEvent.kind == "order_status", OrderEvent.to_status == "cancelled")
    )
    assert cancellations == len(orders)
