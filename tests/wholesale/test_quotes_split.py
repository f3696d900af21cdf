"""One export order from several members: a brand's steward splits a request among authorised
members' stock; the buyer sees one quote and one order, each member its own parcel and ledger share."""
import pytest

from marketplace.brands.models import ListingState
from marketplace.catalogue.models import ProductStatus
from marketplace.extensions import db
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.orders.models import Order
from marketplace.payments.manual import confirm_transfer
from marketplace.wholesale.quotes import QUOTE_LINK, inbox
from marketplace.wholesale.quotes_accept import accept
from marketplace.wholesale.quotes_models import Quote, QuoteStatus
from marketplace.wholesale.quotes_offers import InvalidOffer, OfferLine, make_offer
from tests import factories
from tests.orders.shop import text
from tests.wholesale.quoting import ask, delivery, terms


def member_honey(brand, name: str, stock: int):
    organisation = factories.organisation(name=name)
    factories.authorisation(brand, organisation)
    product = factories.product(organisation, name_es=f"Miel de algarrobo — {name}", price=3500, stock=stock,
                                status=ProductStatus.PUBLISHED)
    factories.brand_listing(product, brand, ListingState.APPROVED)
    return product.variants[0]


@pytest.fixture
def consortium(app):
    brand = factories.brand(name="Miel del Algarrobal")
    steward = factories.steward(brand).user
    motupe = member_honey(brand, "Apícola Cerro La Vieja", 200)
    salas = member_honey(brand, "Apicultores de Salas", 150)
    return brand, steward, motupe, salas


def split(quote_request, shares):
    asked = quote_request.lines[0]
    return terms(quote_request, lines=[OfferLine(asked.id, variant.id, quantity, price, 50)
                                       for variant, quantity, price in shares])


def test_a_steward_splits_the_request_and_the_buyer_gets_one_order_with_a_parcel_per_member(consortium):
    brand, steward, motupe, salas = consortium
    quote_request = ask(motupe, 300, buyer=factories.user())
    assert quote_request.brand_id == brand.id
    make_offer(quote_request, split(quote_request, [(motupe, 200, 2600), (salas, 100, 2700)]), by=steward)
    db.session.expire_all()
    assert quote_request.status == QuoteStatus.QUOTED and quote_request.offer.is_split
    order = accept(quote_request, delivery())
    assert len(order.fulfilments) == 2
    assert sorted((f.organisation_id, f.subtotal_amount) for f in order.fulfilments) == sorted([
        (motupe.product.organisation_id, 200 * 2600), (salas.product.organisation_id, 100 * 2700)])
    confirm_transfer(order, amount=order.total, bank_reference="OP-77", by=factories.user(is_staff=True))
    shares = db.session.scalars(db.select(LedgerEntry).where(LedgerEntry.order_id == order.id,
                                                             LedgerEntry.kind == EntryKind.SALE))
    assert sorted((e.organisation_id, e.gross_amount) for e in shares) == sorted([
        (motupe.product.organisation_id, 520000), (salas.product.organisation_id, 270000)])


def test_a_split_beyond_a_members_stock_is_refused_and_writes_nothing(consortium):
    _brand, steward, motupe, salas = consortium
    quote_request = ask(motupe, 400, buyer=factories.user())
    with pytest.raises(InvalidOffer) as refused:
        make_offer(quote_request, split(quote_request, [(motupe, 200, 2600), (salas, 200, 2700)]), by=steward)
    assert refused.value.why == "beyond_stock" and refused.value.available == 150
    assert db.session.scalar(db.select(db.func.count(Quote.id))) == 0


def test_a_steward_cannot_split_into_a_product_without_the_brands_seal(consortium):
    _brand, steward, motupe, _salas = consortium
    outsider = factories.product(factories.organisation(), name_es="Miel sin sello", price=3000, stock=500,
                                 status=ProductStatus.PUBLISHED).variants[0]
    quote_request = ask(motupe, 300, buyer=factories.user())
    with pytest.raises(InvalidOffer) as refused:
        make_offer(quote_request, split(quote_request, [(motupe, 100, 2600), (outsider, 200, 2000)]), by=steward)
    assert refused.value.why == "not_member"


def test_the_buyer_sees_each_shares_seal_and_provenance_on_the_proforma(consortium, client):
    brand, steward, motupe, salas = consortium
    quote_request = ask(motupe, 300, buyer=factories.user())
    make_offer(quote_request, split(quote_request, [(motupe, 200, 2600), (salas, 100, 2700)]), by=steward)
    page = text(client.get(f"/cotizaciones/{quote_request.reference}?t={QUOTE_LINK.token(quote_request.reference)}"))
    assert page.count("Sello Miel del Algarrobal") == 2
    assert "Apicultores de Salas" in page and f"/productos/{salas.product.slug}" in page


def test_the_steward_answers_from_the_phone_page(consortium, client):
    _brand, steward, motupe, salas = consortium
    quote_request = ask(motupe, 300, buyer=factories.user())
    client.post("/account/sign-in", data={"email": steward.email, "password": factories.PASSWORD})
    page = client.get(f"/producer/quotes/{quote_request.reference}")
    assert page.status_code == 200 and "Apicultores de Salas" in text(page)
    assert [q.id for q in inbox(steward)] == [quote_request.id]
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0
