"""Quote requests and offers: each move of the state machine, who may make it, and bad input."""
from datetime import timedelta

import pytest

from marketplace.audit import AuditEvent
from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.wholesale import quotes
from marketplace.wholesale.quotes_models import Quote, QuoteRequest, QuoteStatus
from marketplace.wholesale.quotes_offers import CounterLine, InvalidOffer, OfferLine, counter, make_offer
from tests import factories
from tests.wholesale.quoting import ask, honey_producer, quoted, terms


def actions(quote_request):
    return [e.action for e in db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.subject_type == "QuoteRequest", AuditEvent.subject_id == quote_request.id).order_by(AuditEvent.id))]


def test_a_signed_in_buyer_asks_and_the_producer_is_told(app, outbox):
    owner, honey = honey_producer()
    buyer = factories.user()
    quote_request = ask(honey, 300, buyer=buyer)
    assert quote_request.status == QuoteStatus.REQUESTED and quote_request.is_confirmed
    assert quote_request.lines[0].quantity == 300
    assert [e.kind for e in outbox(owner.email)] == ["quote_requested"]
    assert actions(quote_request) == ["quote.requested"]


def test_a_guest_request_reaches_the_producer_only_after_the_signed_link(app, outbox, client):
    owner, honey = honey_producer()
    quote_request = ask(honey, 300)
    assert not quote_request.is_confirmed and outbox(owner.email) == []
    link = outbox("importer@example.com")[0].body.split("http://localhost")[1].split()[0]
    bad = link.replace("t=", "t=x")
    assert client.get(bad).status_code == 404
    assert client.get(link).status_code == 302
    db.session.expire_all()
    assert db.session.get(QuoteRequest, quote_request.id).is_confirmed
    assert client.get(link).status_code == 302  # a second click changes nothing
    assert len(outbox(owner.email)) == 1


def test_the_producer_quotes_the_buyer_counters_the_producer_answers_again(app):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    assert quote_request.status == QuoteStatus.QUOTED
    offer = quote_request.offer
    assert offer.total.amount == 300 * 2600 and offer.advance_percent == 30
    assert quote_request.expires_on == offer.valid_until
    counter(quote_request, [CounterLine(offer.lines[0].id, 400, 2400)], message="¿Y por 400?")
    db.session.expire_all()
    assert quote_request.status == QuoteStatus.COUNTERED
    assert quote_request.latest.by_seller is False and quote_request.offer.id == offer.id
    make_offer(quote_request, terms(quote_request, price=2500, quantity=400), by=owner)
    db.session.expire_all()
    assert quote_request.status == QuoteStatus.QUOTED and quote_request.offer.total.amount == 400 * 2500
    assert actions(quote_request) == ["quote.requested", "quote.quoted", "quote.countered", "quote.quoted"]


def test_either_side_declines(app):
    owner, honey = honey_producer()
    first = quoted(honey, owner)
    quotes.decline(first, by=None, as_buyer=True)
    assert db.session.get(QuoteRequest, first.id).status == QuoteStatus.DECLINED
    second = ask(honey, 300, buyer=factories.user())
    quotes.decline(second, by=owner, as_buyer=False, reason="Sin cosecha este mes")
    assert db.session.get(QuoteRequest, second.id).status == QuoteStatus.DECLINED
    with pytest.raises(quotes.NotAllowed):
        quotes.decline(second, by=owner, as_buyer=False)


def test_moves_outside_the_table_are_refused(app):
    owner, honey = honey_producer()
    quote_request = ask(honey, 300, buyer=factories.user())
    with pytest.raises(quotes.NotAllowed):  # nothing to counter yet
        counter(quote_request, [CounterLine(1, 300, 2000)])
    stranger = factories.user_with_role("producer")
    with pytest.raises(quotes.NotAllowed):
        make_offer(quote_request, terms(quote_request), by=stranger)
    assert db.session.scalar(db.select(db.func.count(Quote.id))) == 0


def test_a_producer_cannot_quote_another_producers_product(app):
    owner, honey = honey_producer()
    _other, foreign = honey_producer(name="Miel ajena")
    quote_request = ask(honey, 300, buyer=factories.user())
    with pytest.raises(InvalidOffer) as refused:
        make_offer(quote_request, terms(quote_request, variant=foreign), by=owner)
    assert refused.value.why == "other_producer"
    assert db.session.get(QuoteRequest, quote_request.id).status == QuoteStatus.REQUESTED
    assert db.session.scalar(db.select(db.func.count(Quote.id))) == 0


@pytest.mark.parametrize("change, why", [
    (dict(price=0), "price"), (dict(quantity=50), "below_minimum"), (dict(advance=60), "advance"),
    (dict(valid_days=-1), "valid_until"),
])
def test_bad_offers_are_refused_and_write_nothing(app, change, why):
    owner, honey = honey_producer()
    quote_request = ask(honey, 300, buyer=factories.user())
    with pytest.raises(InvalidOffer) as refused:
        make_offer(quote_request, terms(quote_request, **change), by=owner)
    assert refused.value.why == why
    assert db.session.scalar(db.select(db.func.count(Quote.id))) == 0


def test_a_counter_under_the_minimum_is_refused(app):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    with pytest.raises(InvalidOffer) as refused:
        counter(quote_request, [CounterLine(quote_request.offer.lines[0].id, 20, 2000)])
    assert refused.value.why == "below_minimum"
    assert db.session.get(QuoteRequest, quote_request.id).status == QuoteStatus.QUOTED


def test_a_request_under_the_variants_wholesale_minimum_is_refused(app):
    _owner, honey = honey_producer()
    if not hasattr(honey, "wholesale_minimum"):
        pytest.skip("variants have no wholesale minimum yet")
    honey.wholesale_minimum = 12
    db.session.commit()
    with pytest.raises(quotes.InvalidRequest) as refused:
        ask(honey, 5, buyer=factories.user())
    assert refused.value.why == "below_minimum"
    assert db.session.scalar(db.select(db.func.count(QuoteRequest.id))) == 0


def test_expiry_ends_offers_past_their_validity_and_unanswered_requests(app, runner, outbox):
    owner, honey = honey_producer()
    offered = quoted(honey, owner)
    unanswered = ask(honey, 300, buyer=factories.user())
    fresh = quoted(honey, owner)
    fresh.quotes[-1].valid_until = fresh.expires_on = lima_today() + timedelta(days=60)
    db.session.commit()
    assert quotes.expire_quotes(lima_today() + timedelta(days=16)) == [offered.reference]
    expired = quotes.expire_quotes(lima_today() + timedelta(days=31))
    assert expired == [unanswered.reference]
    db.session.expire_all()
    assert db.session.get(QuoteRequest, offered.id).status == QuoteStatus.EXPIRED
    assert db.session.get(QuoteRequest, fresh.id).status == QuoteStatus.QUOTED
    assert "quote.expired" in actions(offered)
    result = runner.invoke(args=["quotes", "expire"])
    assert result.exit_code == 0 and "expired 0" in result.output


def test_quotes_are_credited_to_the_fair_whose_booth_brought_the_buyer(app):
    from marketplace.orders.checkout import FairCredit

    _owner, honey = honey_producer()
    booth = factories.booth(org=honey.product.organisation)
    quote_request = ask(honey, 300, buyer=factories.user(), credit=FairCredit(booth.fair_id, booth.id))
    assert (quote_request.credited_fair_id, quote_request.credited_booth_id) == (booth.fair_id, booth.id)


def test_the_fair_funnel_counts_confirmed_quotes_credited_to_a_fair(app):
    from marketplace.figures import fairs
    from marketplace.figures.filters import Filters
    from marketplace.figures.periods import FigurePeriod, PeriodKind
    from marketplace.orders.checkout import FairCredit

    _owner, honey = honey_producer()
    booth = factories.booth(org=honey.product.organisation)
    credit = FairCredit(booth.fair_id, booth.id)
    ask(honey, 300, buyer=factories.user(), credit=credit)
    ask(honey, 300, credit=credit)  # a guest who never confirmed: not counted
    ask(honey, 300, buyer=factories.user())  # not from a fair
    month = FigurePeriod.containing(PeriodKind.MONTH, lima_today())
    assert fairs.wholesale_counts(month, Filters()).quotes == 1
    assert fairs.wholesale_counts(month, Filters(fair_id=booth.fair_id + 1)).quotes == 0
    assert fairs.funnel(month, Filters()).quotes == 1


def test_the_booth_report_counts_quote_requests_from_buyers_who_came_through_the_booth(app):
    from marketplace.fairs import report
    from marketplace.orders.checkout import FairCredit

    _owner, honey = honey_producer()
    booth = factories.booth(org=honey.product.organisation)
    ask(honey, 300, buyer=factories.user(), credit=FairCredit(booth.fair_id, booth.id))
    ask(honey, 300, credit=FairCredit(booth.fair_id, booth.id))  # never confirmed
    assert report.summary(report.Scope()).total.quotes == 1
    assert report.summary(report.Scope(fair_id=booth.fair_id)).total.quotes == 1
