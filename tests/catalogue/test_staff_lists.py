"""Programme staff keep the category tree and the heritage elements provenance may cite."""
from __future__ import annotations

import pytest

from marketplace import audit
from marketplace.catalogue import services
from marketplace.catalogue.models import Category, HeritageElement
from marketplace.extensions import db as _db

from .. import factories


def category_form(**overrides) -> dict:
    data = {"name_es": "Chales y mantas", "name_en": "Shawls and blankets", "description_es": "", "description_en": "",
            "parent": "", "position": "3"}
    data.update(overrides)
    return data


def heritage_form(**overrides) -> dict:
    data = {"name_es": "Pallay de Chinchero", "name_en": "Chinchero pallay",
            "description_es": "Diseños tejidos que nombran el paisaje y la vida de Chinchero.", "description_en": "",
            "source": "Centro de Textiles Tradicionales del Cusco"}
    data.update(overrides)
    return data


def test_staff_add_a_category_under_a_top_level_one(client, login_as):
    staff = login_as("staff")
    textiles = factories.category(name_es="Textiles")
    response = client.post("/staff/catalogue/categories/new", data=category_form(parent=str(textiles.id)))
    assert response.status_code == 302
    shawls = _db.session.scalar(_db.select(Category).where(Category.name_es == "Chales y mantas"))
    assert (shawls.slug, shawls.parent_id, shawls.name_en, shawls.position) == (
        "chales-y-mantas", textiles.id, "Shawls and blankets", 3)
    assert audit.history(shawls)[0].actor_id == staff.id
    page = client.get("/staff/catalogue/categories").get_data(as_text=True)
    assert "Textiles" in page and "Chales y mantas" in page


def test_a_category_needs_its_spanish_name(client, login_as):
    login_as("staff")
    response = client.post("/staff/catalogue/categories/new", data=category_form(name_es="", name_en="Hats"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Escribe el nombre de la categoría en español." in page and 'value="Hats"' in page


def test_the_tree_stays_two_levels_deep(client, login_as):
    login_as("staff")
    honey = factories.category(name_es="Miel")
    algarrobo = factories.category(parent=honey, name_es="Miel de algarrobo")
    response = client.post("/staff/catalogue/categories/new", data=category_form(parent=str(algarrobo.id)))
    assert response.status_code == 422
    assert "Elige una categoría principal" in response.get_data(as_text=True)
    response = client.post(f"/staff/catalogue/categories/{honey.id}", data=category_form(name_es="Miel", parent=str(honey.id)))
    assert response.status_code == 422


def test_sub_categories_inherit_the_lot_rule(db):
    honey = factories.category(name_es="Miel", sold_by_lot=True)
    kits = factories.category(parent=honey, name_es="Kits de muestra")
    textiles = factories.category(name_es="Textiles")
    assert kits.needs_lot and not textiles.needs_lot


def test_staff_edit_a_category_and_its_slug_stays(client, login_as):
    login_as("staff")
    category = factories.category(name_es="Bolsos", slug="bolsos")
    client.post(f"/staff/catalogue/categories/{category.id}",
                data=category_form(name_es="Bolsos y monederos", name_en="Bags and purses"))
    _db.session.refresh(category)
    assert (category.name_es, category.slug) == ("Bolsos y monederos", "bolsos")


def test_a_category_in_use_is_not_deleted(client, login_as):
    login_as("staff")
    used = factories.category(name_es="Tapices")
    factories.product(category=used)
    parent = factories.category(name_es="Algodón nativo")
    factories.category(parent=parent, name_es="Hilo")
    unused = factories.category(name_es="Retablos")
    for category in (used, parent):
        page = client.post(f"/staff/catalogue/categories/{category.id}/delete", data={},
                           follow_redirects=True).get_data(as_text=True)
        assert "No se puede borrar" in page
    client.post(f"/staff/catalogue/categories/{unused.id}/delete", data={})
    names = set(_db.session.scalars(_db.select(Category.name_es)))
    assert {"Tapices", "Algodón nativo", "Hilo"} <= names and "Retablos" not in names


def test_staff_add_and_edit_a_heritage_element(client, login_as):
    login_as("staff")
    response = client.post("/staff/catalogue/heritage/new", data=heritage_form())
    assert response.status_code == 302
    element = _db.session.scalar(_db.select(HeritageElement))
    assert (element.slug, element.source) == ("pallay-de-chinchero", "Centro de Textiles Tradicionales del Cusco")
    client.post(f"/staff/catalogue/heritage/{element.id}", data=heritage_form(source="CTTC, 2015"))
    _db.session.refresh(element)
    assert element.source == "CTTC, 2015"
    assert "Pallay de Chinchero" in client.get("/staff/catalogue/heritage").get_data(as_text=True)


@pytest.mark.parametrize("field, message", [
    ("name_es", "Escribe el nombre del elemento en español."),
    ("description_es", "Escribe una descripción breve en español."),
    ("source", "Escribe la fuente"),
])
def test_a_heritage_element_needs_name_description_and_source(client, login_as, field, message):
    login_as("staff")
    response = client.post("/staff/catalogue/heritage/new", data=heritage_form(**{field: ""}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'value="Chinchero pallay"' in page


def test_a_cited_heritage_element_is_not_deleted(client, login_as):
    login_as("staff")
    cited = factories.heritage_element(name_es="Arte textil de Taquile")
    product = factories.product()
    product.heritage_elements.append(cited)
    _db.session.commit()
    page = client.post(f"/staff/catalogue/heritage/{cited.id}/delete", data={}, follow_redirects=True).get_data(as_text=True)
    assert "lo cita 1 producto." in page
    spare = factories.heritage_element()
    client.post(f"/staff/catalogue/heritage/{spare.id}/delete", data={})
    assert set(_db.session.scalars(_db.select(HeritageElement.id))) == {cited.id}


def test_the_refusal_counts_the_citing_products_in_singular_and_plural(client, login_as):
    login_as("staff")
    cited = factories.heritage_element(name_es="Arte textil de Taquile")
    products = [factories.product(), factories.product()]

    def refusal(lang: str = "es") -> str:
        path = f"/staff/catalogue/heritage/{cited.id}/delete?lang={lang}"
        return client.post(path, data={}, follow_redirects=True).get_data(as_text=True)

    products[0].heritage_elements.append(cited)
    _db.session.commit()
    assert "«Arte textil de Taquile»: lo cita 1 producto." in refusal()
    assert "cannot be deleted: 1 product still cites it." in refusal("en")

    products[1].heritage_elements.append(cited)
    _db.session.commit()
    assert "«Arte textil de Taquile»: lo citan 2 productos." in refusal()
    assert "cannot be deleted: 2 products still cite it." in refusal("en")


def test_producers_cannot_manage_the_lists(client, login_as):
    login_as("producer")
    category, element = factories.category(), factories.heritage_element()
    for url in ("/staff/catalogue/categories", "/staff/catalogue/heritage", f"/staff/catalogue/categories/{category.id}"):
        assert client.get(url).status_code == 403
    for url in ("/staff/catalogue/categories/new", "/staff/catalogue/heritage/new",
                f"/staff/catalogue/heritage/{element.id}", f"/staff/catalogue/heritage/{element.id}/delete",
                f"/staff/catalogue/categories/{category.id}/delete"):
        assert client.post(url, data=heritage_form()).status_code == 403
    _db.session.expire_all()
    assert _db.session.get(HeritageElement, element.id).name_es != "Pallay de Chinchero"


def test_the_service_refuses_a_nameless_category(db):
    staff = factories.user(is_staff=True)
    with pytest.raises(services.MissingSpanishName):
        services.create_category(services.CategoryDetails(name_es=" "), by=staff)
    with pytest.raises(services.InvalidParent):
        services.create_category(services.CategoryDetails(name_es="Huérfana", parent_id=424242), by=staff)
