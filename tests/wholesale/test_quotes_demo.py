"""The demo quotes: an open offer and an accepted export order split between two members of the
honey brand, paid, with an advance; loading twice changes nothing."""
from marketplace import demo
from marketplace.extensions import db
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.orders.models import OrderKind
from marketplace.wholesale.quotes_models import QuoteRequest, QuoteStatus


def test_demo_has_an_open_quote_and_an_accepted_split_export_order(app):
    demo.load()
    requests = list(db.session.scalars(db.select(QuoteRequest).order_by(QuoteRequest.id)))
    assert [r.status for r in requests] == [QuoteStatus.QUOTED, QuoteStatus.ACCEPTED]
    open_quote, split = requests
    assert open_quote.currency == "USD" and open_quote.offer.exchange_rate is not None
    assert split.offer.is_split and split.order.kind == OrderKind.WHOLESALE and split.order.is_paid
    assert len(split.order.fulfilments) == 2
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id)).where(LedgerEntry.kind == EntryKind.ADVANCE)) == 1
    before = db.session.scalar(db.select(db.func.count(QuoteRequest.id)))
    demo.load()
    assert db.session.scalar(db.select(db.func.count(QuoteRequest.id))) == before
