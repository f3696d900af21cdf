"""Accepting an offer: one wholesale order at exactly the quoted prices, or a clear refusal."""
from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.ledger.models import LedgerEntry
from marketplace.orders.models import Order, OrderKind, OrderStatus
from marketplace.payments.manual import confirm_transfer
from marketplace.wholesale.quotes_accept import AlreadyAccepted, OfferExpired, StockGone, accept
from marketplace.wholesale.quotes_models import QuoteRequest, QuoteStatus
from tests import factories
from tests.orders.shop import stock_of
from tests.wholesale.quoting import delivery, honey_producer, quoted


def test_accepting_makes_one_wholesale_order_at_the_quoted_prices(app):
    owner, honey = honey_producer(stock=500, price=3500)
    quote_request = quoted(honey, owner, quantity=300, price=2600)
    order = accept(quote_request, delivery())
    assert order.kind == OrderKind.WHOLESALE and order.status == OrderStatus.AWAITING_PAYMENT
    assert [(l.quantity, l.unit_price_amount) for l in order.lines] == [(300, 2600)]
    assert order.total_amount == 300 * 2600 and order.shipping_amount == 0
    assert stock_of(honey.id) == 200
    db.session.expire_all()
    found = db.session.get(QuoteRequest, quote_request.id)
    assert found.status == QuoteStatus.ACCEPTED and found.order_id == order.id
    assert found.order_exchange_rate is None


def test_a_second_acceptance_gets_the_same_order(app):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    order = accept(quote_request, delivery())
    with pytest.raises(AlreadyAccepted) as again:
        accept(quote_request, delivery())
    assert again.value.order.id == order.id
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 1


def test_an_offer_past_its_validity_cannot_be_accepted_and_nothing_is_written(app):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    quote_request.offer.valid_until = lima_today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(OfferExpired):
        accept(quote_request, delivery())
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0
    assert db.session.get(QuoteRequest, quote_request.id).status == QuoteStatus.QUOTED
    assert stock_of(honey.id) == 500


def test_an_offer_beyond_the_stock_left_is_refused(app):
    owner, honey = honey_producer(stock=500)
    quote_request = quoted(honey, owner, quantity=300)
    honey.stock = 100
    db.session.commit()
    with pytest.raises(StockGone):
        accept(quote_request, delivery())
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0


def test_a_usd_quote_keeps_dollars_and_the_order_in_soles_records_the_rate(app):
    app.config["USD_PEN_EXCHANGE_RATE"] = "3.7500"
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner, quantity=300, price=700, currency="USD")  # US$ 7.00 a jar
    assert quote_request.offer.total.currency == "USD" and quote_request.offer.total.amount == 210000
    order = accept(quote_request, delivery(country="DE"))
    assert order.currency == "PEN" and order.lines[0].unit_price_amount == 2625
    db.session.expire_all()
    found = db.session.get(QuoteRequest, quote_request.id)
    assert found.order_exchange_rate == Decimal("3.7500")
    assert found.offer.lines[0].unit_price_amount == 700  # the quote keeps its dollars
    placed = [e for e in order.events if e.kind == "placed"][0]
    assert placed.details["exchange_rate"] == "3.7500" and placed.details["quoted_currency"] == "USD"


def test_paid_by_transfer_the_producer_earns_its_share_in_the_ledger(app):
    owner, honey = honey_producer()
    order = accept(quoted(honey, owner, quantity=300, price=2600), delivery())
    confirm_transfer(order, amount=order.total, bank_reference="OP-9", by=factories.user(is_staff=True))
    entry = db.session.scalar(db.select(LedgerEntry).where(LedgerEntry.order_id == order.id))
    assert entry.organisation_id == owner.organisation.id and entry.gross_amount == 780000
