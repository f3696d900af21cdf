"""A buyer asks for a sample ("muestra sin valor comercial") at the producer's sample price and pays
its shipping; one per buyer and product; marked on the packing slip; no commission; credited to a fair."""
from datetime import timedelta

import pytest

from marketplace.extensions import db
from marketplace.ledger.models import EntryKind, LedgerEntry
from marketplace.orders.checkout import Delivery
from marketplace.orders.models import Order, OrderKind, OrderStatus, PaymentMethod
from marketplace.payments.manual import confirm_transfer
from marketplace.wholesale import samples
from tests import factories
from tests.orders.shop import ADDRESS, LIMA_DISTRICT, stock_of, text

BUYER = "importadora@example.com"


def offering(shop, sample_price=500, **kwargs):
    """Honey whose producer sends samples at `sample_price` céntimos (0: free)."""
    return factories.wholesale_terms(shop.honey(price=3500, stock=kwargs.pop("stock", 20), **kwargs),
                                     sample_price_amount=sample_price)


def ask(client, variant, **overrides):
    page = client.get(f"/muestras/{variant.id}")
    assert page.status_code == 200
    data = {**ADDRESS, "email": BUYER, **overrides}
    return client.post(f"/muestras/{variant.id}", data={k: v for k, v in data.items() if v is not None})


def place(variant, email=BUYER) -> Order:
    return samples.request_sample(samples.SampleRequest(
        variant_id=variant.id, payment_method=PaymentMethod.TRANSFER,
        delivery=Delivery(email=email, name="Importadora", address_line="Av. Arequipa 1234", district_code=LIMA_DISTRICT),
    ))


def the_order() -> Order:
    return db.session.scalars(db.select(Order)).one()


def test_a_buyer_asks_for_a_sample_and_pays_only_the_token_price_and_shipping(client, shop, outbox):
    variant = offering(shop, sample_price=500)
    page = text(client.get(f"/muestras/{variant.id}"))
    assert "Muestra sin valor comercial" in page and "S/ 5.00" in page and "S/ 15.00" in page and "S/ 20.00" in page
    response = ask(client, variant)
    assert response.status_code == 302
    order = the_order()
    assert order.kind == OrderKind.SAMPLE and order.is_sample
    assert (order.subtotal_amount, order.shipping_amount, order.total_amount) == (500, 1500, 2000)
    assert [(line.quantity, line.unit_price_amount) for line in order.lines] == [(1, 500)]
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.email == BUYER
    assert stock_of(variant.id) == 19
    assert response.headers["Location"].startswith(f"/orders/{order.reference}")
    assert "Muestra sin valor comercial" in text(client.get(response.headers["Location"]))
    assert outbox(BUYER)


def test_a_free_sample_costs_only_its_shipping(client, shop):
    variant = offering(shop, sample_price=0)
    assert "gratis" in text(client.get(f"/muestras/{variant.id}"))
    ask(client, variant)
    order = the_order()
    assert (order.subtotal_amount, order.total_amount) == (0, 1500)
    assert order.lines[0].unit_price_amount == 0


def test_shipping_abroad_is_the_abroad_rate(client, shop):
    variant = offering(shop)
    response = ask(client, variant, destination="abroad", country="DE", city="Hamburg", region=None,
                   province=None, district=None)
    assert response.status_code == 302
    assert the_order().shipping_amount == 9000


def test_one_sample_per_buyer_and_product_while_open_then_for_the_limit(app, shop):
    variant = offering(shop)
    first = place(variant)
    with pytest.raises(samples.SampleLimitReached) as open_one:
        place(variant, email=BUYER.upper())  # the same buyer, however typed
    assert open_one.value.earlier.id == first.id and open_one.value.next_on is None
    place(variant, email="otra.tienda@example.com")  # another buyer may
    other_variant = factories.variant(variant.product, sample_price_amount=0, stock=5)
    with pytest.raises(samples.SampleLimitReached):
        place(other_variant)  # the limit is per product, whatever the variant

    first.status, first.placed_at = OrderStatus.COMPLETED, first.placed_at - timedelta(days=179)
    db.session.commit()
    with pytest.raises(samples.SampleLimitReached) as recent:
        place(variant)
    assert recent.value.next_on is not None
    first.placed_at -= timedelta(days=2)
    db.session.commit()
    assert place(variant).is_sample


def test_a_cancelled_sample_does_not_count(app, shop):
    variant = offering(shop)
    first = place(variant)
    first.status = OrderStatus.CANCELLED
    db.session.commit()
    assert place(variant).id != first.id


def test_the_limit_is_a_setting(app, shop):
    app.config["SAMPLE_LIMIT_DAYS"] = 30
    variant = offering(shop)
    first = place(variant)
    first.status, first.placed_at = OrderStatus.COMPLETED, first.placed_at - timedelta(days=31)
    db.session.commit()
    assert place(variant).is_sample


def test_the_page_says_why_a_second_sample_is_refused_and_writes_nothing(client, shop):
    variant = offering(shop)
    ask(client, variant)
    response = ask(client, variant)
    assert response.status_code == 422
    assert "Ya tienes una muestra de este producto en curso" in text(response)
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 1
    assert stock_of(variant.id) == 19


@pytest.mark.parametrize("setup", ["no_samples", "draft", "sold_out"])
def test_a_variant_without_samples_is_not_found(client, shop, setup):
    if setup == "no_samples":
        variant = shop.honey()
    elif setup == "draft":
        variant = factories.wholesale_terms(factories.product(price=1000, stock=5).variants[0], sample_price_amount=0)
    else:
        variant = offering(shop, stock=0)
    assert client.get(f"/muestras/{variant.id}").status_code == 404
    assert client.post(f"/muestras/{variant.id}", data={**ADDRESS, "email": BUYER}).status_code == 404


def test_the_product_page_offers_a_sample_and_the_sample_page_a_quote(client, shop):
    variant = offering(shop)
    page = text(client.get(f"/productos/{variant.product.slug}"))
    assert f"/muestras/{variant.id}" in page
    sample_page = text(client.get(f"/muestras/{variant.id}"))
    assert 'id="ask-for-a-quote"' in sample_page
    assert f"/cotizar/{variant.product.organisation.slug}?producto={variant.product.slug}" in sample_page


def test_a_paid_sample_is_marked_on_the_packing_slip_and_earns_no_commission(client, shop, login_as):
    variant = offering(shop, sample_price=500)
    order = place(variant)
    confirm_transfer(order, amount=order.total, bank_reference="OP-000321", by=factories.user(is_staff=True))
    entry = db.session.scalars(db.select(LedgerEntry)).one()
    assert (entry.kind, entry.gross_amount, entry.commission_amount, entry.net_amount) == (EntryKind.SAMPLE, 2000, 0, 2000)

    producer = login_as("producer")
    factories.member(variant.product.organisation, producer)
    fulfilment = db.session.get(Order, order.id).fulfilments[0]
    assert "Muestra sin valor comercial" in text(client.get("/producer/fulfilments/"))
    slip = text(client.get(f"/producer/fulfilments/{fulfilment.id}"))
    assert "MUESTRA SIN VALOR COMERCIAL" in slip


def test_a_sample_asked_for_after_scanning_a_booth_is_credited_to_the_fair(client, shop):
    variant = offering(shop)
    booth = factories.booth(org=variant.product.organisation)
    client.get(f"/f/{booth.code}")
    ask(client, variant)
    order = the_order()
    assert (order.credited_fair_id, order.credited_booth_id) == (booth.fair_id, booth.id)


def test_the_producer_sets_the_sample_price_with_the_wholesale_terms(client, login_as):
    producer = login_as("producer")
    product = factories.product(producer.organisation, price=3500)
    variant = product.variants[0]
    url = f"/producer/products/{product.id}/variants/{variant.id}/wholesale"
    client.post(url, data={"unit": "jar", "offers_samples": "y", "sample_price": "2.50"})
    db.session.expire_all()
    assert db.session.get(type(variant), variant.id).sample_price_amount == 250
    client.post(url, data={"unit": "jar", "offers_samples": "y", "sample_price": ""})
    db.session.expire_all()
    assert db.session.get(type(variant), variant.id).sample_price_amount == 0
    client.post(url, data={"unit": "jar"})
    db.session.expire_all()
    assert not db.session.get(type(variant), variant.id).offers_samples


def test_the_figures_count_paid_samples_as_samples_not_as_sales(client, shop):
    from marketplace.clock import lima_today
    from marketplace.figures import fairs, indicators, sales
    from marketplace.figures.filters import Filters
    from marketplace.figures.periods import FigurePeriod, PeriodKind

    variant = offering(shop, sample_price=500)
    booth = factories.booth(org=variant.product.organisation)
    client.get(f"/f/{booth.code}")
    ask(client, variant)
    unpaid = place(offering(shop), email="otra.tienda@example.com")  # asked for, never paid: not sent
    order = db.session.scalars(db.select(Order).where(Order.id != unpaid.id)).one()
    confirm_transfer(order, amount=order.total, bank_reference="OP-000999", by=factories.user(is_staff=True))
    period = FigurePeriod.containing(PeriodKind.MONTH, lima_today())
    assert fairs.samples_sent(period, Filters()) == 1
    assert fairs.funnel(period, Filters()).samples == 1  # credited to the booth's fair
    assert fairs.funnel(period, Filters(fair_id=booth.fair_id + 1000)).samples == 0
    assert sales.summary(period, Filters()).orders == 0
    assert indicators.measure(period, Filters())["samples"] == 1
