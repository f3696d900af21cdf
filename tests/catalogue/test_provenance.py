"""Structured provenance: community and district, makers credited with their consent, technique,
fibre and dyes, iconography and its meaning, hours of work, heritage elements staff keep."""
from __future__ import annotations

import pytest

from marketplace.catalogue import services
from marketplace.catalogue.models import MakerCredit, Product, Technique
from marketplace.extensions import db as _db

from .. import factories

MORROPE = {"place-region": "14", "place-province": "1403", "place-district": "140306"}


def provenance_form(**overrides) -> dict:
    data = {
        "community": "Caserío Arbolsol", **MORROPE,
        "technique": "backstrap", "technique_other": "", "fibre": "algodón nativo pardo y crema",
        "dyes": "sin teñir, colores naturales", "iconography": "Naylamp",
        "iconography_meaning_es": "El fundador mítico de Lambayeque.", "iconography_meaning_en": "",
        "hours_of_work": "28",
        "makers-0-name": "Rosa Santisteban Llontop", "makers-0-consent": "y",
        "makers-1-name": "Petronila Effio", "then": "list",
    }
    data.update(overrides)
    return data


def fresh(product) -> Product:
    _db.session.expire_all()
    return _db.session.get(Product, product.id)


def test_a_textile_gets_its_provenance_makers_and_heritage(client, producer, categories):
    taquile = factories.heritage_element(name_es="Arte textil de Taquile")
    product = factories.product(producer.organisation, category=categories.runners)
    response = client.post(f"/producer/products/{product.id}/provenance",
                           data=provenance_form(heritage=str(taquile.id)))
    assert response.status_code == 302
    product = fresh(product)
    provenance = product.provenance
    assert (provenance.community, provenance.district_code, provenance.technique, provenance.hours_of_work) == (
        "Caserío Arbolsol", "140306", Technique.BACKSTRAP, 28)
    assert provenance.district.name == "Morrope" or provenance.district.name == "Mórrope"
    assert [(m.name, m.consent) for m in product.makers] == [("Rosa Santisteban Llontop", True), ("Petronila Effio", False)]
    assert [e.name_es for e in product.heritage_elements] == ["Arte textil de Taquile"]
    page = client.get(f"/producer/products/{product.id}").get_data(as_text=True)
    assert "Telar de cintura" in page and "Naylamp" in page and "El fundador mítico de Lambayeque." in page
    assert "Arte textil de Taquile" in page and "28 horas" in page


def test_only_makers_who_consented_are_credited_to_buyers(db):
    product = factories.product()
    product.makers.extend([MakerCredit(name="Lucía Quispe", consent=True, position=0),
                           MakerCredit(name="Su sobrina", consent=False, position=1)])
    _db.session.commit()
    assert [m.name for m in product.credited_makers] == ["Lucía Quispe"]


def test_the_form_comes_back_with_what_was_saved_and_room_for_one_more_maker(client, producer, categories):
    product = factories.product(producer.organisation, category=categories.runners)
    client.post(f"/producer/products/{product.id}/provenance", data=provenance_form())
    page = client.get(f"/producer/products/{product.id}/provenance").get_data(as_text=True)
    assert 'value="Rosa Santisteban Llontop"' in page and 'value="Petronila Effio"' in page
    assert 'name="makers-2-name"' in page
    assert '<option selected value="140306">' in page
    assert '<option selected value="backstrap">' in page


def test_a_maker_is_removed_by_clearing_the_name(client, producer):
    product = factories.product(producer.organisation)
    client.post(f"/producer/products/{product.id}/provenance", data=provenance_form())
    client.post(f"/producer/products/{product.id}/provenance", data=provenance_form(**{"makers-0-name": ""}))
    assert [m.name for m in fresh(product).makers] == ["Petronila Effio"]


def test_saving_and_adding_another_person_stays_on_the_page(client, producer):
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/provenance", data=provenance_form(then="stay"))
    assert response.headers["Location"].endswith(f"/producer/products/{product.id}/provenance")


def test_the_district_starts_as_the_organisations(client, producer):
    product = factories.product(producer.organisation)
    page = client.get(f"/producer/products/{product.id}/provenance").get_data(as_text=True)
    assert f'<option selected value="{producer.organisation.district_code}">' in page


def test_a_heritage_element_that_does_not_exist_is_refused_keeping_what_was_typed(client, producer):
    factories.heritage_element(name_es="Pallay de Chinchero")
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/provenance",
                           data=provenance_form(heritage="987654", community="Chinchero"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ese elemento de patrimonio no está en la lista del programa: elige uno de la lista." in page
    assert 'value="Chinchero"' in page and 'value="Rosa Santisteban Llontop"' in page and "Pallay de Chinchero" in page
    assert fresh(product).provenance is None


def test_a_district_outside_the_chosen_province_is_refused(client, producer):
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/provenance",
                           data=provenance_form(**{"place-district": "080405"}))
    assert response.status_code == 422
    assert "Ese distrito no está en la provincia elegida" in response.get_data(as_text=True)


def test_a_region_without_a_district_asks_for_the_district(client, producer):
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/provenance",
                           data=provenance_form(**{"place-district": ""}))
    assert response.status_code == 422
    assert "Elige también el distrito" in response.get_data(as_text=True)


def test_choosing_a_region_without_javascript_shows_its_provinces_without_saving(client, producer):
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/provenance",
                           data=provenance_form(**{"place-region": "08", "place-province": "", "place-district": "",
                                                   "refresh_places": "1"}))
    assert response.status_code == 200
    assert ">Urubamba</option>" in response.get_data(as_text=True)
    assert fresh(product).provenance is None


@pytest.mark.parametrize("overrides, message", [
    ({"technique": "other", "technique_other": ""}, "Escribe el nombre de la técnica."),
    ({"technique": "laser"}, "Elige la técnica de la lista"),
    ({"hours_of_work": "-5"}, "Escribe las horas de trabajo como un número entre 1 y 10000."),
    ({"hours_of_work": "muchas"}, "Escribe un número entero"),
])
def test_bad_provenance_input_says_what_to_do(client, producer, overrides, message):
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/provenance", data=provenance_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_another_technique_is_named(client, producer):
    product = factories.product(producer.organisation)
    client.post(f"/producer/products/{product.id}/provenance",
                data=provenance_form(technique="other", technique_other="Telar de faja"))
    provenance = fresh(product).provenance
    assert (provenance.technique, provenance.technique_other) == (Technique.OTHER, "Telar de faja")
    assert provenance.technique_label == "Telar de faja"
    assert "Telar de faja" in client.get(f"/producer/products/{product.id}").get_data(as_text=True)


def test_one_rule_says_what_the_technique_is_called(app):
    from marketplace.catalogue.models import Provenance

    with app.test_request_context():
        assert Provenance(technique=Technique.BACKSTRAP).technique_label == "Telar de cintura"
        assert Provenance(technique=Technique.OTHER).technique_label == "Otra técnica"
    assert Provenance(technique=Technique.OTHER, technique_other="Telar de faja").technique_label == "Telar de faja"
    assert Provenance(technique=None, technique_other="sin técnica").technique_label is None


def test_the_service_refuses_unknown_districts_heritage_and_hours(db):
    person = factories.user()
    product = factories.product(factories.organisation(owner=person))
    with pytest.raises(services.UnknownDistrict):
        services.save_provenance(product, services.ProvenanceDetails(district_code="999999"), by=person)
    with pytest.raises(services.UnknownHeritageElement):
        services.save_provenance(product, services.ProvenanceDetails(heritage_element_ids=[424242]), by=person)
    with pytest.raises(services.InvalidAmount):
        services.save_provenance(product, services.ProvenanceDetails(hours_of_work=0), by=person)
    assert product.provenance is None


def test_honey_asks_for_the_place_and_people_not_for_a_loom(client, producer, categories):
    product = factories.product(producer.organisation, category=categories.algarrobo)
    page = client.get(f"/producer/products/{product.id}/provenance").get_data(as_text=True)
    assert 'name="community"' in page and 'name="makers-0-name"' in page
    assert 'name="technique"' not in page
