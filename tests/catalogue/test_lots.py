"""Honey is sold by lot: code, campaign and harvest date, floral source, apiary district,
moisture, net weight, best-before, sanitary registration. A product shows the lot on sale."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from marketplace.catalogue import services
from marketplace.catalogue.models import Lot, Product, ProductStatus
from marketplace.extensions import db as _db

from .. import factories

SALAS = {"place-region": "14", "place-province": "1403", "place-district": "140310"}


def lot_form(**overrides) -> dict:
    data = {"lot_code": "MDA-SAL-2024-C1-007", "campaign": "2024, primera floración", "harvest_date": "2024-03-15",
            "floral_source": "algarrobo", **SALAS, "moisture_percent": "18,2", "net_weight_g": "500",
            "best_before": "2026-03-15", "sanitary_registration": "RS-ILUSTRATIVO-0001", "is_current": "y",
            "then": "list"}
    data.update(overrides)
    return data


def lots_of(product) -> list[Lot]:
    _db.session.expire_all()
    return list(_db.session.scalars(_db.select(Lot).where(Lot.product_id == product.id).order_by(Lot.id)))


@pytest.fixture
def honey(producer, categories):
    return factories.complete_product(producer.organisation, in_category=categories.algarrobo,
                                      name_es="Miel de algarrobo, frasco de 500 g")


def test_a_honey_lot_is_recorded_and_shown_as_the_lot_on_sale(client, honey):
    response = client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form())
    assert response.status_code == 302
    [lot] = lots_of(honey)
    assert (lot.lot_code, lot.harvest_date, lot.moisture_percent, lot.net_weight_g, lot.apiary_district_code,
            lot.best_before, lot.is_current) == ("MDA-SAL-2024-C1-007", date(2024, 3, 15), Decimal("18.2"), 500,
                                                 "140310", date(2026, 3, 15), True)
    page = client.get(f"/producer/products/{honey.id}").get_data(as_text=True)
    assert "Lote a la venta: MDA-SAL-2024-C1-007" in page and "Salas" in page and "18.2 %" in page
    assert "RS-ILUSTRATIVO-0001" in page
    assert "Lote MDA-SAL-2024-C1-007" in client.get("/producer/products/").get_data(as_text=True)


def test_a_honey_product_has_a_lot_step_a_textile_does_not(client, producer, honey, categories):
    assert f"/producer/products/{honey.id}/lots" in client.get(f"/producer/products/{honey.id}").get_data(as_text=True)
    shawl = factories.product(producer.organisation, category=categories.runners)
    assert f"/producer/products/{shawl.id}/lots" not in client.get(f"/producer/products/{shawl.id}").get_data(as_text=True)


def test_a_lot_without_a_harvest_date_is_refused_keeping_what_was_typed(client, honey):
    response = client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form(harvest_date=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Escribe la fecha de cosecha del lote, por ejemplo 15/03/2024." in page
    assert 'value="MDA-SAL-2024-C1-007"' in page and 'value="18,2"' in page and 'value="algarrobo"' in page
    assert lots_of(honey) == []


def test_the_service_refuses_a_lot_without_a_date(db):
    person = factories.user()
    product = factories.product(factories.organisation(owner=person))
    with pytest.raises(services.MissingHarvestDate):
        services.add_lot(product, services.LotDetails(lot_code="L-1", harvest_date=None), by=person)
    with pytest.raises(services.MissingLotCode):
        services.add_lot(product, services.LotDetails(lot_code=" ", harvest_date=date(2024, 3, 1)), by=person)
    assert lots_of(product) == []


@pytest.mark.parametrize("overrides, message", [
    ({"harvest_date": "15 de marzo"}, "Escribe la fecha como día/mes/año, por ejemplo 15/03/2024."),
    ({"best_before": "2024-01-01"}, "Esta fecha tiene que ser posterior a la de cosecha."),
    ({"moisture_percent": "120"}, "La humedad es un porcentaje entre 0 y 100"),
    ({"moisture_percent": "húmeda"}, "Escribe un número, por ejemplo 18.2."),
    ({"net_weight_g": "0"}, "Escribe el peso neto en gramos, por ejemplo 500."),
    ({"lot_code": ""}, "Escribe el código del lote, como figura en la etiqueta."),
    ({"place-district": "140101"}, "Ese distrito no está en la provincia elegida"),
])
def test_bad_lot_input_says_what_to_do(client, honey, overrides, message):
    response = client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_date_typed_as_day_month_year_is_understood(client, honey):
    client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form(harvest_date="02/08/2024", best_before=""))
    assert lots_of(honey)[0].harvest_date == date(2024, 8, 2)


def test_the_same_lot_code_twice_on_a_product_is_refused(client, honey):
    client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form())
    response = client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form())
    assert response.status_code == 422
    assert "Este producto ya tiene un lote con ese código" in response.get_data(as_text=True)


def test_a_new_current_lot_replaces_the_previous_one_on_the_product(client, honey):
    client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form())
    client.post(f"/producer/products/{honey.id}/lots/new",
                data=lot_form(lot_code="MDA-SAL-2024-C2-001", harvest_date="2024-09-20", best_before=""))
    first, second = lots_of(honey)
    assert (first.is_current, second.is_current) == (False, True)
    client.post(f"/producer/products/{honey.id}/lots/{first.id}/current", data={})
    first, second = lots_of(honey)
    assert (first.is_current, second.is_current) == (True, False)
    _db.session.expire_all()
    assert _db.session.get(Product, honey.id).current_lot.lot_code == "MDA-SAL-2024-C1-007"


def test_a_lot_not_marked_current_does_not_replace_the_one_on_sale(client, honey):
    client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form())
    data = lot_form(lot_code="MDA-SAL-2023-C2-010", harvest_date="2023-10-01", best_before="")
    del data["is_current"]
    client.post(f"/producer/products/{honey.id}/lots/new", data=data)
    assert [lot.is_current for lot in lots_of(honey)] == [True, False]


def test_editing_a_lot(client, honey):
    lot = factories.lot(honey, lot_code="MDA-MOT-2024-C2-003")
    page = client.get(f"/producer/products/{honey.id}/lots/{lot.id}").get_data(as_text=True)
    assert 'value="MDA-MOT-2024-C2-003"' in page and 'value="2024-03-15"' in page
    client.post(f"/producer/products/{honey.id}/lots/{lot.id}", data=lot_form(lot_code="MDA-MOT-2024-C2-003",
                                                                            floral_source="multifloral"))
    assert lots_of(honey)[0].floral_source == "multifloral"


def test_honey_is_published_only_with_a_current_lot(client, honey):
    page = client.post(f"/producer/products/{honey.id}/publish", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Registra el lote que vendes ahora y márcalo como lote actual." in page
    client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form())
    client.post(f"/producer/products/{honey.id}/publish", data={})
    _db.session.expire_all()
    assert _db.session.get(Product, honey.id).status == ProductStatus.PUBLISHED


def test_the_lot_on_sale_of_a_published_honey_cannot_be_removed(client, honey):
    lot = factories.lot(honey)
    honey.status = ProductStatus.PUBLISHED
    _db.session.commit()
    page = client.post(f"/producer/products/{honey.id}/lots/{lot.id}/remove", data={},
                       follow_redirects=True).get_data(as_text=True)
    assert "quedaría incompleto" in page
    assert len(lots_of(honey)) == 1


def test_a_lot_of_a_draft_can_be_removed(client, honey):
    lot = factories.lot(honey)
    client.post(f"/producer/products/{honey.id}/lots/{lot.id}/remove", data={})
    assert lots_of(honey) == []


def test_moving_a_published_textile_into_honey_needs_a_lot_first(client, producer, categories):
    product = factories.complete_product(producer.organisation, in_category=categories.runners,
                                         status=ProductStatus.PUBLISHED)
    response = client.post(f"/producer/products/{product.id}/details", data={
        "name_es": product.name_es, "category": str(categories.algarrobo.id), "price": "45", "stock": "1",
        "description_es": "Miel.", "then": "list"})
    assert response.status_code == 422
    assert "Registra el lote que vendes ahora" in response.get_data(as_text=True)
    _db.session.expire_all()
    assert _db.session.get(Product, product.id).category_id == categories.runners.id


# A form sent twice -------------------------------------------------------------------------------


def client_id_in(page: str) -> str:
    found = re.search(r'id="client_id" name="client_id" type="hidden" value="([^"]+)"', page)
    assert found, "the form carries no client_id"
    return found.group(1)


def test_a_new_lot_sent_twice_is_recorded_once_and_both_answers_go_to_the_next_step(client, honey):
    """The answer was lost and the lot's form went again: not refused as a lot code already
    used, and not recorded twice."""
    form = client.get(f"/producer/products/{honey.id}/lots/new").get_data(as_text=True)
    data = lot_form(client_id=client_id_in(form), then="next")
    first = client.post(f"/producer/products/{honey.id}/lots/new", data=data)
    again = client.post(f"/producer/products/{honey.id}/lots/new", data=data)
    assert first.status_code == again.status_code == 302
    assert first.location == again.location == f"/producer/products/{honey.id}"
    assert [lot.lot_code for lot in lots_of(honey)] == ["MDA-SAL-2024-C1-007"]


def test_a_new_lot_resent_by_listing_js_is_recorded_once_and_told_the_same_next_page(client, honey):
    data = lot_form(client_id="7d0c1f9e-4b1a-4f52-8f0e-2a6b9c3d4e5f")
    answers = [client.post(f"/producer/products/{honey.id}/lots/new", data=data, headers={"X-Draft-Submit": "1"})
               for _ in range(2)]
    assert [(a.status_code, a.json) for a in answers] == [(200, {"next": f"/producer/products/{honey.id}/lots"})] * 2
    assert len(lots_of(honey)) == 1


def test_a_lot_refused_then_corrected_is_recorded_once(client, honey):
    refused = client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form(harvest_date="", client_id="lot-form-1"))
    assert refused.status_code == 422 and client_id_in(refused.get_data(as_text=True)) == "lot-form-1"
    for _ in range(2):
        assert client.post(f"/producer/products/{honey.id}/lots/new", data=lot_form(client_id="lot-form-1")).status_code == 302
    assert len(lots_of(honey)) == 1


def test_another_organisations_lot_form_id_records_its_own_lot(app, client, honey, categories):
    data = lot_form(client_id="shared-id")
    client.post(f"/producer/products/{honey.id}/lots/new", data=data)
    other = factories.user_with_role("producer")
    phone = app.test_client()
    phone.post("/account/sign-in", data={"email": other.email, "password": factories.PASSWORD})
    theirs = factories.complete_product(other.organisation, in_category=categories.algarrobo)
    assert phone.post(f"/producer/products/{theirs.id}/lots/new", data=data).status_code == 302
    assert [len(lots_of(honey)), len(lots_of(theirs))] == [1, 1]
    assert phone.post(f"/producer/products/{honey.id}/lots/new", data=data).status_code == 404
