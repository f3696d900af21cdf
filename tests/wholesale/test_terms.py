"""A producer sets wholesale terms on a variant from their phone; buyers read them on the product page."""
import pytest

from marketplace.audit import AuditEvent
from marketplace.catalogue.models import ProductStatus, SaleUnit, Variant
from marketplace.extensions import db
from marketplace.money import Money
from marketplace.wholesale import terms
from tests import factories
from tests.orders.shop import text


def terms_url(variant) -> str:
    return f"/producer/products/{variant.product_id}/variants/{variant.id}/wholesale"


def honey_for_sale(org=None, **kwargs) -> Variant:
    product = factories.product(org, name_es="Miel de algarrobo", price=3500, stock=500,
                                status=ProductStatus.PUBLISHED, **kwargs)
    return product.variants[0]


def form(**overrides) -> dict:
    data = {"unit": "jar", "minimum": "12", "lead_time_days": "7",
            "tiers-0-min_quantity": "12", "tiers-0-price": "30",
            "tiers-1-min_quantity": "100", "tiers-1-price": "26,00"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_producer_sets_tiers_minimum_unit_and_lead_time(client, login_as):
    producer = login_as("producer")
    variant = honey_for_sale(producer.organisation)
    page = client.get(terms_url(variant))
    assert page.status_code == 200 and "Precios por cantidad" in text(page)

    response = client.post(terms_url(variant), data=form())
    assert response.status_code == 302
    db.session.expire_all()
    variant = db.session.get(Variant, variant.id)
    assert variant.unit == SaleUnit.JAR and variant.wholesale_minimum == 12 and variant.lead_time_days == 7
    assert [(t.min_quantity, t.price_amount) for t in variant.tiers] == [(12, 3000), (100, 2600)]
    assert not variant.offers_samples
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "variant.wholesale_terms_saved")).one()
    assert event.actor_id == producer.id and event.details["tiers"] == [[12, 3000], [100, 2600]]


def test_tiers_typed_out_of_order_are_kept_in_order(client, login_as):
    producer = login_as("producer")
    variant = honey_for_sale(producer.organisation)
    client.post(terms_url(variant), data=form(**{"tiers-0-min_quantity": "100", "tiers-0-price": "26",
                                               "tiers-1-min_quantity": "12", "tiers-1-price": "30"}))
    db.session.expire_all()
    assert [t.min_quantity for t in db.session.get(Variant, variant.id).tiers] == [12, 100]


@pytest.mark.parametrize("overrides, message", [
    ({"tiers-1-min_quantity": "12"}, "Dos escalas empiezan en la misma cantidad"),
    ({"tiers-1-price": "31"}, "tiene que costar menos por unidad"),
    ({"tiers-0-price": "35"}, "tiene que costar menos por unidad"),  # no cheaper than retail
    ({"minimum": "20"}, "Las escalas empiezan en el mínimo por mayor"),
    ({"tiers-0-min_quantity": "1"}, "Cada escala empieza en 2 unidades o más"),
    ({"tiers-1-price": ""}, "Escribe la cantidad y el precio de la escala"),
    ({"minimum": "0"}, "El mínimo por mayor va de 1"),
    ({"lead_time_days": "-3"}, "El plazo va de 0"),
    ({"tiers-0-price": "treinta"}, "Escribe el precio en soles con números"),
])
def test_terms_that_do_not_hang_together_are_refused_with_a_message(client, login_as, overrides, message):
    producer = login_as("producer")
    variant = honey_for_sale(producer.organisation)
    response = client.post(terms_url(variant), data=form(**overrides))
    assert response.status_code == 422
    assert message in text(response)
    db.session.expire_all()
    variant = db.session.get(Variant, variant.id)
    assert variant.tiers == [] and variant.wholesale_minimum is None and variant.unit == SaleUnit.PIECE


def test_saving_again_replaces_the_tiers_and_empty_rows_remove_them(client, login_as):
    producer = login_as("producer")
    variant = honey_for_sale(producer.organisation)
    client.post(terms_url(variant), data=form())
    client.post(terms_url(variant), data=form(**{"tiers-0-min_quantity": "100", "tiers-0-price": "28",
                                               "tiers-1-min_quantity": "", "tiers-1-price": ""}))
    db.session.expire_all()
    assert [(t.min_quantity, t.price_amount) for t in db.session.get(Variant, variant.id).tiers] == [(100, 2800)]
    client.post(terms_url(variant), data=form(**{"tiers-0-min_quantity": "", "tiers-0-price": "", "minimum": "",
                                               "tiers-1-min_quantity": "", "tiers-1-price": ""}))
    db.session.expire_all()
    variant = db.session.get(Variant, variant.id)
    assert variant.tiers == [] and not variant.has_wholesale_terms


def test_another_organisations_variant_is_not_found(client, login_as):
    login_as("producer")
    variant = honey_for_sale()
    assert client.get(terms_url(variant)).status_code == 404
    assert client.post(terms_url(variant), data=form()).status_code == 404


def test_tiers_need_a_retail_price_first(app):
    variant = factories.product(price=None).variants[0]
    with pytest.raises(terms.InvalidTerms) as error:
        terms.check_terms(variant, terms.WholesaleTerms(tiers=[terms.Tier(12, Money(3000))]))
    assert error.value.problem == "no_retail_price"


def test_the_product_page_shows_a_small_price_table_in_the_unit(client):
    variant = factories.wholesale_terms(honey_for_sale(), {12: 3000, 100: 2600}, unit=SaleUnit.JAR,
                                        wholesale_minimum=12, lead_time_days=10)
    page = text(client.get(f"/productos/{variant.product.slug}"))
    assert "Precios por mayor" in page
    assert "1 a 11 frascos" in page and "12 a 99 frascos" in page and "100 frascos o más" in page
    assert "S/ 35.00" in page and "S/ 30.00" in page and "S/ 26.00" in page
    assert "Pedido mínimo por mayor: 12 frascos." in page and "Listo en 10 días." in page


def test_the_product_page_speaks_english_units(client):
    variant = factories.wholesale_terms(honey_for_sale(), {12: 3000}, unit=SaleUnit.JAR, wholesale_minimum=1)
    page = text(client.get(f"/productos/{variant.product.slug}?lang=en"))
    assert "12 jars or more" in page and "1 to 11 jars" in page


def test_a_product_without_terms_shows_no_table(client):
    variant = honey_for_sale()
    assert "Precios por mayor" not in text(client.get(f"/productos/{variant.product.slug}"))
