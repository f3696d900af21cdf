"""The quote pages on a phone: ask, answer, read the proforma, accept; foreign quotes are 404."""
from datetime import timedelta

from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.wholesale.quotes import QUOTE_LINK
from marketplace.wholesale.quotes_models import QuoteRequest, QuoteStatus
from tests import factories
from tests.orders.shop import text
from tests.wholesale.quoting import honey_producer, quoted


def test_a_signed_in_buyer_asks_from_the_product_page_link(app, client, login_as):
    _owner, honey = honey_producer()
    organisation = honey.product.organisation
    buyer = login_as("buyer")
    page = client.get(f"/cotizar/{organisation.slug}?producto={honey.product.slug}")
    assert page.status_code == 200 and "Pedir cotización" in text(page)
    response = client.post(f"/cotizar/{organisation.slug}", data={
        "lines-0-variant_id": honey.id, "lines-0-quantity": "300", "name": buyer.name, "email": buyer.email,
        "country": "DE", "destination": "Hamburgo", "incoterm": "fob_callao", "currency": "USD",
    })
    assert response.status_code == 302
    found = db.session.scalar(db.select(QuoteRequest))
    assert found.buyer_id == buyer.id and found.currency == "USD" and found.lines[0].quantity == 300


def test_a_request_without_products_says_what_to_do_and_writes_nothing(app, client):
    _owner, honey = honey_producer()
    response = client.post(f"/cotizar/{honey.product.organisation.slug}", data={
        "name": "Ana", "email": "ana@example.pe", "country": "PE", "incoterm": "exw", "currency": "PEN"})
    assert response.status_code == 200 and "Elige al menos un producto" in text(response)
    assert db.session.scalar(db.select(db.func.count(QuoteRequest.id))) == 0


def test_the_producer_answers_and_the_buyer_reads_a_printable_proforma(app, client, login_as):
    owner, honey = honey_producer()
    buyer = factories.user()
    from tests.wholesale.quoting import ask
    quote_request = ask(honey, 300, buyer=buyer)
    client.post("/account/sign-in", data={"email": owner.email, "password": factories.PASSWORD})
    page = client.get(f"/producer/quotes/{quote_request.reference}")
    assert page.status_code == 200 and "300 × Miel de algarrobo" in text(page)
    response = client.post(f"/producer/quotes/{quote_request.reference}", data={
        "lines-0-request_line_id": quote_request.lines[0].id, "lines-0-variant_id": honey.id,
        "lines-0-quantity": "300", "lines-0-minimum_quantity": "100", "lines-0-unit_price": "26",
        "incoterm": "fob_callao", "valid_until": (lima_today() + timedelta(days=15)).isoformat(),
        "lead_time_days": "20", "advance_percent": "30", "payment_terms": "Transferencia",
    })
    assert response.status_code == 302, text(response)
    db.session.expire_all()
    assert db.session.get(QuoteRequest, quote_request.id).status == QuoteStatus.QUOTED
    client.post("/account/sign-out")
    token = QUOTE_LINK.token(quote_request.reference)
    page = text(client.get(f"/cotizaciones/{quote_request.reference}?t={token}"))
    assert "PF-" in page and "FOB Callao" in page and "S/ 7,800.00" in page and "CCI" in page


def test_the_buyer_accepts_through_the_page_and_lands_on_the_order(app, client):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    token = QUOTE_LINK.token(quote_request.reference)
    response = client.post(f"/cotizaciones/{quote_request.reference}/aceptar?t={token}", data={
        "name": "Naturkost", "address_line": "Almacén Callao 12", "city": "Hamburg", "payment_method": "transfer"})
    assert response.status_code == 302 and "/orders/MC-" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 1


def test_a_buyer_in_peru_picks_the_district_and_a_mistake_keeps_what_was_typed(app, client):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner, country="PE")
    token = QUOTE_LINK.token(quote_request.reference)
    url = f"/cotizaciones/{quote_request.reference}/aceptar?t={token}"
    typed = {"name": "Bodega Sol", "address_line": "Av. Arequipa 1234", "payment_method": "transfer"}
    page = client.get(f"/cotizaciones/{quote_request.reference}?t={token}").get_data(as_text=True)
    assert 'name="region"' in page and "Mostrar provincias y distritos" in page

    refused = client.post(url, data={**typed, "region": "15", "province": "1501", "district": ""})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Elige el departamento, la provincia y el distrito." in page and 'value="Av. Arequipa 1234"' in page
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0

    shown = client.post(url, data={**typed, "region": "15", "refresh_places": "1"})  # without JavaScript
    assert shown.status_code == 200 and '<option value="1501">' in shown.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0

    accepted = client.post(url, data={**typed, "region": "15", "province": "1501", "district": "150101"})
    assert accepted.status_code == 302
    order = db.session.scalar(db.select(Order))
    assert order.district_code == "150101" and order.address_line == "Av. Arequipa 1234"


def test_an_expired_offer_is_refused_on_the_page_with_a_message(app, client):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    quote_request.offer.valid_until = lima_today() - timedelta(days=1)
    db.session.commit()
    token = QUOTE_LINK.token(quote_request.reference)
    response = client.post(f"/cotizaciones/{quote_request.reference}/aceptar?t={token}", data={
        "name": "Naturkost", "address_line": "Almacén Callao 12", "city": "Hamburg", "payment_method": "transfer"},
        follow_redirects=True)
    assert "venció" in text(response)
    assert db.session.scalar(db.select(db.func.count(Order.id))) == 0


def test_other_people_get_404(app, client, login_as):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    assert client.get(f"/cotizaciones/{quote_request.reference}").status_code == 404
    login_as("producer")
    assert client.get(f"/producer/quotes/{quote_request.reference}").status_code == 404
    assert client.get(f"/cotizaciones/{quote_request.reference}").status_code == 404


def test_a_guest_asks_and_is_told_to_confirm_the_email(app, client, outbox):
    _owner, honey = honey_producer()
    response = client.post(f"/cotizar/{honey.product.organisation.slug}", data={
        "lines-0-variant_id": honey.id, "lines-0-quantity": "300", "name": "Klaus Weber", "company": "Naturkost",
        "email": "klaus@naturkost.example", "country": "DE", "incoterm": "cif", "currency": "USD"})
    assert response.status_code == 200 and "Confirma tu correo" in text(response)
    assert [e.kind for e in outbox("klaus@naturkost.example")] == ["quote_confirm_email"]
    assert db.session.scalar(db.select(QuoteRequest)).is_confirmed is False


def test_the_buyer_counters_through_the_page(app, client):
    owner, honey = honey_producer()
    quote_request = quoted(honey, owner)
    token = QUOTE_LINK.token(quote_request.reference)
    line = quote_request.offer.lines[0]
    response = client.post(f"/cotizaciones/{quote_request.reference}/contraoferta?t={token}", data={
        "lines-0-quote_line_id": line.id, "lines-0-quantity": "400", "lines-0-unit_price": "24.50",
        "message": "¿Por 400?"}, follow_redirects=True)
    assert "Enviamos tu contraoferta" in text(response)
    db.session.expire_all()
    found = db.session.get(QuoteRequest, quote_request.id)
    assert found.status == QuoteStatus.COUNTERED and found.latest.lines[0].unit_price_amount == 2450
