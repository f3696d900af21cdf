"""Orders tell the features above them what happened through signals, sent once, inside the
transaction of the change: a receiver that fails undoes the change."""
from contextlib import contextmanager

import pytest

from marketplace.extensions import db
from marketplace.ledger.models import LedgerEntry
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.signals import order_cancelled, order_paid, order_placed, order_refunded
from marketplace.payments.expiry import cancel_unpaid_order
from marketplace.payments.manual import confirm_transfer
from marketplace.payments.models import PaymentStatus
from marketplace.payments.refunds import refund_order
from tests import factories


@contextmanager
def received(signal):
    """(reference, status) of each order the signal was sent with while the block ran."""
    seen = []

    def receiver(order):
        seen.append((order.reference, order.status))

    with signal.connected_to(receiver):
        yield seen


def test_placing_an_order_tells_once(shop):
    with received(order_placed) as seen:
        order = shop.place({shop.textile(): 1})
    assert seen == [(order.reference, OrderStatus.AWAITING_PAYMENT)]


def test_paying_tells_once_with_the_order_paid(shop):
    with received(order_paid) as seen, received(order_placed) as placed:
        order = shop.paid({shop.textile(): 1, shop.honey(): 2})
    assert seen == [(order.reference, OrderStatus.PAID)]
    assert len(placed) == 1


def test_cancelling_and_refunding_tell_once(shop):
    staff = factories.user(is_staff=True)
    unpaid = shop.place({shop.textile(): 1})
    paid = shop.paid({shop.honey(): 1})
    with received(order_cancelled) as cancelled, received(order_refunded) as refunded:
        cancel_unpaid_order(unpaid, by=None)
        refund_order(paid, by=staff, reason="Llegó roto", bank_reference="OP-77")
    assert cancelled == [(unpaid.reference, OrderStatus.CANCELLED)]
    assert refunded == [(paid.reference, OrderStatus.REFUNDED)]


class ListenerBroke(Exception):
    pass


def test_a_listener_that_fails_undoes_the_payment(shop):
    order = shop.place({shop.textile(): 1})

    def broken(order):
        raise ListenerBroke(order.reference)

    with order_paid.connected_to(broken), pytest.raises(ListenerBroke):
        confirm_transfer(order, amount=order.total, bank_reference="OP-1", by=factories.user(is_staff=True))
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.payment.status == PaymentStatus.PENDING
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id))) == 0
    # The payment can still be confirmed once the listener works again.
    confirm_transfer(order, amount=order.total, bank_reference="OP-1", by=factories.user(is_staff=True))
    assert db.session.get(Order, order.id).status == OrderStatus.PAID
