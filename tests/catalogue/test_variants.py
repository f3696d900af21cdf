"""Variants: colours, sizes or weights with their own SKU, price and stock. A product without
variants is one default variant; stock changes from "My products" in one tap."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from marketplace.catalogue import services
from marketplace.catalogue.models import ProductStatus, Variant
from marketplace.extensions import db as _db
from marketplace.money import Money

from .. import factories


def variants_of(product) -> list[Variant]:
    _db.session.expire_all()
    return list(_db.session.scalars(
        _db.select(Variant).where(Variant.product_id == product.id).order_by(Variant.position, Variant.id)))


def variant_form(**overrides) -> dict:
    data = {"option_es": "500 g", "option_en": "500 g", "sku": "", "price": "22", "stock": "10"}
    data.update(overrides)
    return data


def test_a_product_sold_as_it_is_keeps_its_price_and_stock_in_its_one_default_variant(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    client.post(f"/producer/products/{product.id}/details",
                data={"name_es": "Chal", "price": "140", "stock": "2", "then": "list"})
    [variant] = variants_of(product)
    assert variant.is_default and variant.price == Money(14000) and variant.stock == 2
    assert variant.sku == f"MC{product.id}-1"


def test_adding_variants_gives_each_its_own_sku_price_and_stock(client, producer):
    product = factories.product(producer.organisation, price=2200, stock=4)
    response = client.post(f"/producer/products/{product.id}/variants/new",
                           data=variant_form(first_option_es="500 g", option_es="1 kg", sku="MIEL-1KG", price="38", stock="6"))
    assert response.status_code == 302
    default, kilo = variants_of(product)
    assert (kilo.option_es, kilo.sku, kilo.price_amount, kilo.stock) == ("1 kg", "MIEL-1KG", 3800, 6)
    assert (default.option_es, default.price_amount, default.stock) == ("500 g", 2200, 4)
    assert default.is_default and not kilo.is_default
    page = client.get(f"/producer/products/{product.id}/variants").get_data(as_text=True)
    assert "1 kg" in page and "MIEL-1KG" in page and "S/\xa038.00" in page
    details = client.get(f"/producer/products/{product.id}/details").get_data(as_text=True)
    assert "el precio y el stock van en cada una" in details and 'name="price"' not in details


def test_the_second_variant_names_the_first_in_the_same_form(client, producer):
    """Price and stock typed on "Datos" are the first variant; adding another asks what sets
    the first one apart too, so publishing never stops at a nameless variant."""
    product = factories.complete_product(producer.organisation, price=4500, stock=12)
    form = client.get(f"/producer/products/{product.id}/variants/new").get_data(as_text=True)
    assert 'name="first_option_es"' in form and "S/\xa045.00" in form and "12 en stock" in form
    response = client.post(f"/producer/products/{product.id}/variants/new",
                           data=variant_form(option_es="crema", price="48", stock="3"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Escribe qué distingue a la variante que ya tienes" in page and 'value="crema"' in page
    assert len(variants_of(product)) == 1 and variants_of(product)[0].option_es is None

    client.post(f"/producer/products/{product.id}/variants/new",
                data=variant_form(first_option_es="pardo", option_es="crema", price="48", stock="3"))
    assert [(v.option_es, v.price_amount, v.stock) for v in variants_of(product)] == [("pardo", 4500, 12), ("crema", 4800, 3)]
    assert services.missing_for_publication(product) == []
    third = client.get(f"/producer/products/{product.id}/variants/new").get_data(as_text=True)
    assert 'name="first_option_es"' not in third  # both have names now


def test_a_variant_among_several_keeps_its_name(db):
    product = factories.product(price=2200)
    producer = factories.user()
    services.add_variant(product, services.VariantDetails(option_es="1 kg", price=Money(3800), stock=1), by=producer,
                         first_option_es="500 g")
    with pytest.raises(services.UnnamedVariant):
        services.update_variant(product.variants[0], services.VariantDetails(option_es="", price=Money(2200)), by=producer)


def test_a_new_variant_must_say_what_sets_it_apart(client, producer):
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/variants/new", data=variant_form(option_es="", price="30"))
    assert response.status_code == 422
    assert "Escribe qué distingue a esta variante" in response.get_data(as_text=True)
    assert 'value="30"' in response.get_data(as_text=True)


@pytest.mark.parametrize("field, typed, message", [
    ("price", "0", "El precio tiene que ser mayor que cero"),
    ("price", "-3", "El precio tiene que ser mayor que cero"),
    ("stock", "-1", "El stock no puede ser negativo"),
    ("stock", "tres", "Escribe un número entero"),
    ("sku", "MIEL 1KG", "sin espacios"),
])
def test_bad_variant_input_is_refused_keeping_what_was_typed(client, producer, field, typed, message):
    product = factories.product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/variants/new",
                           data=variant_form(option_es="lila", **{field: typed}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert f'value="{typed}"' in page and 'value="lila"' in page
    assert len(variants_of(product)) == 1


def test_a_sku_used_by_another_variant_of_the_product_is_refused(client, producer):
    product = factories.product(producer.organisation)
    taken = product.variants[0].sku
    response = client.post(f"/producer/products/{product.id}/variants/new", data=variant_form(sku=taken, first_option_es="250 g"))
    assert response.status_code == 422
    assert "Otra variante de este producto ya usa ese código" in response.get_data(as_text=True)


def test_two_organisations_may_use_the_same_sku(db):
    person = factories.user()
    mine = factories.product(factories.organisation(owner=person))
    theirs = factories.product()
    services.add_variant(theirs, services.VariantDetails(option_es="pardo", sku="CAM-01", price=Money(100)), by=person,
                         first_option_es="crema")
    services.add_variant(mine, services.VariantDetails(option_es="pardo", sku="CAM-01", price=Money(100)), by=person,
                         first_option_es="crema")
    assert {v.sku for v in mine.variants} >= {"CAM-01"}


def test_editing_a_variant(client, producer):
    product = factories.product(producer.organisation)
    variant = factories.variant(product, option_es="pardo", price_amount=8500, stock=1)
    page = client.get(f"/producer/products/{product.id}/variants/{variant.id}").get_data(as_text=True)
    assert 'value="pardo"' in page and 'value="85"' in page
    client.post(f"/producer/products/{product.id}/variants/{variant.id}",
                data=variant_form(option_es="pardo colorado", price="90.50", stock="3", sku=variant.sku))
    edited = variants_of(product)[1]
    assert (edited.option_es, edited.price_amount, edited.stock) == ("pardo colorado", 9050, 3)


def test_removing_a_variant_keeps_at_least_one_and_a_default(client, producer):
    product = factories.product(producer.organisation)
    default = product.variants[0]
    extra = factories.variant(product)
    client.post(f"/producer/products/{product.id}/variants/{default.id}/remove", data={})
    [left] = variants_of(product)
    assert left.id == extra.id and left.is_default and left.position == 0
    page = client.post(f"/producer/products/{product.id}/variants/{left.id}/remove", data={},
                       follow_redirects=True).get_data(as_text=True)
    assert "El producto necesita al menos una variante" in page
    assert len(variants_of(product)) == 1


def test_publishing_with_several_variants_needs_a_name_and_a_price_for_each(db):
    person = factories.user()
    product = factories.complete_product(factories.organisation(owner=person))
    factories.variant(product, option_es="crema", price_amount=None)
    _db.session.refresh(product)
    assert services.missing_for_publication(product) == ["price", "variant_option"]
    with pytest.raises(services.ListingNotReady) as refused:
        services.publish(product, by=person)
    assert refused.value.missing == ["price", "variant_option"]


# The one-tap stock change in "My products" -----------------------------------------------------


def test_stock_is_changed_from_the_list_in_one_tap(client, producer):
    product = factories.product(producer.organisation, name_es="Miel de algarrobo 500 g", stock=12)
    variant = product.variants[0]
    page = client.get("/producer/products/").get_data(as_text=True)
    assert f'action="/producer/products/{product.id}/variants/{variant.id}/stock"' in page
    response = client.post(f"/producer/products/{product.id}/variants/{variant.id}/stock", data={"stock": "7"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#product-{product.id}")
    assert variants_of(product)[0].stock == 7
    assert "Stock de «Miel de algarrobo 500 g»: 7." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_stock_change_writes_who_changed_it(client, producer):
    from marketplace import audit

    product = factories.product(producer.organisation, stock=3)
    variant = product.variants[0]
    client.post(f"/producer/products/{product.id}/variants/{variant.id}/stock", data={"stock": "0"})
    [event_] = audit.history(variant)
    assert (event_.action, event_.actor_id, event_.details) == ("variant.stock_changed", producer.id,
                                                                {"previous": 3, "stock": 0})


@pytest.mark.parametrize("typed, message", [
    ("-4", "El stock no puede ser negativo: escribe 0 si no te queda ninguno."),
    ("", "Escribe cuántos tienes; 0 si no te queda ninguno."),
    ("2.5", "Escribe un número entero"),
])
def test_a_bad_stock_number_in_the_list_is_refused_and_shown_in_its_row(client, producer, typed, message):
    product = factories.product(producer.organisation, stock=5)
    other = factories.product(producer.organisation, stock=9)
    variant = product.variants[0]
    response = client.post(f"/producer/products/{product.id}/variants/{variant.id}/stock", data={"stock": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert re.search(rf'id="stock-{variant.id}"[^>]*value="{re.escape(typed)}"', page)
    assert 'value="9"' in page  # the other rows show their stock as it is
    assert variants_of(product)[0].stock == 5 and variants_of(other)[0].stock == 9


def test_the_service_never_sets_negative_stock(db):
    person = factories.user()
    variant = factories.product(factories.organisation(owner=person), stock=2).variants[0]
    with pytest.raises(services.NegativeStock):
        services.set_stock(variant, -1, by=person)
    assert variant.stock == 2


def test_my_products_runs_the_same_number_of_queries_for_one_product_or_many(client, producer, categories, app):
    def queries_for_list() -> int:
        count = 0

        def count_query(*args):
            nonlocal count
            count += 1

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", count_query)
        try:
            assert client.get("/producer/products/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count_query)
        return count

    first = factories.complete_product(producer.organisation, in_category=categories.bags)
    factories.variant(first)
    one = queries_for_list()
    for _ in range(6):
        product = factories.complete_product(producer.organisation, in_category=categories.algarrobo)
        factories.variant(product)
        factories.product_photo(product)
        factories.lot(product)
    assert queries_for_list() == one


def test_the_list_is_paged(client, producer):
    for i in range(31):
        factories.product(producer.organisation, name_es=f"Producto número {i:02d}")
    first = client.get("/producer/products/").get_data(as_text=True)
    assert first.count('class="card my-product"') == 30 and "Página 1 de 2" in first
    second = client.get(f"/producer/products/?organisation={producer.organisation.id}&page=2").get_data(as_text=True)
    assert second.count('class="card my-product"') == 1


def test_the_list_filters_by_status(client, producer):
    factories.product(producer.organisation, name_es="Borrador de chal")
    factories.complete_product(producer.organisation, name_es="Chumpi publicado", status=ProductStatus.PUBLISHED)
    factories.product(producer.organisation, name_es="Poncho archivado", status=ProductStatus.ARCHIVED)
    published = client.get("/producer/products/?status=published").get_data(as_text=True)
    assert "Chumpi publicado" in published and "Borrador de chal" not in published
    archived = client.get("/producer/products/?status=archived").get_data(as_text=True)
    assert "Poncho archivado" in archived and "Chumpi publicado" not in archived


# A form sent twice -------------------------------------------------------------------------------


def client_id_in(page: str) -> str:
    found = re.search(r'id="client_id" name="client_id" type="hidden" value="([^"]+)"', page)
    assert found, "the form carries no client_id"
    return found.group(1)


def sold_by_weight(organisation, first="500 g"):
    """A product whose one variant has a name already, so a new one asks only for its own."""
    product = factories.product(organisation, price=2200)
    product.variants[0].option_es = first
    _db.session.commit()
    return product


def other_producer_client(app):
    """A second phone: a producer of another organisation, signed in."""
    other = factories.user_with_role("producer")
    phone = app.test_client()
    assert phone.post("/account/sign-in", data={"email": other.email, "password": factories.PASSWORD}).status_code == 302
    return other, phone


def test_a_new_variant_sent_twice_is_added_once_and_both_answers_lead_to_the_variants(client, producer):
    """The answer to the first sending was lost: the phone (or a second tap) sends it again."""
    product = sold_by_weight(producer.organisation)
    form = client.get(f"/producer/products/{product.id}/variants/new").get_data(as_text=True)
    data = variant_form(option_es="1 kg", sku="MIEL-1KG", price="38", client_id=client_id_in(form))
    first = client.post(f"/producer/products/{product.id}/variants/new", data=data)
    again = client.post(f"/producer/products/{product.id}/variants/new", data=data)
    assert first.status_code == again.status_code == 302
    assert first.location == again.location == f"/producer/products/{product.id}/variants"
    assert [v.option_es for v in variants_of(product)] == ["500 g", "1 kg"]
    assert "Guardamos la variante." in client.get(again.location).get_data(as_text=True)


def test_a_new_variant_resent_by_listing_js_is_added_once_and_told_the_same_next_page(client, producer):
    product = sold_by_weight(producer.organisation)
    data = variant_form(option_es="1 kg", price="38", client_id="5b1e7c3e-2d7a-4c4e-9d55-0f6f0d1a2b3c")
    answers = [client.post(f"/producer/products/{product.id}/variants/new", data=data, headers={"X-Draft-Submit": "1"})
               for _ in range(2)]
    assert [(a.status_code, a.json) for a in answers] == [(200, {"next": f"/producer/products/{product.id}/variants"})] * 2
    assert len(variants_of(product)) == 2


def test_a_first_variant_named_by_the_first_sending_is_not_asked_for_again(client, producer):
    """The second variant names the first; sent again, the form is answered as saved, not refused
    because the first one has a name now."""
    product = factories.complete_product(producer.organisation, price=4500, stock=12)
    data = variant_form(first_option_es="pardo", option_es="crema", price="48", stock="3", client_id="form-1")
    answers = [client.post(f"/producer/products/{product.id}/variants/new", data=data) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert [(v.option_es, v.stock) for v in variants_of(product)] == [("pardo", 12), ("crema", 3)]


def test_a_variant_refused_then_corrected_is_added_once(client, producer):
    product = sold_by_weight(producer.organisation)
    form = client.get(f"/producer/products/{product.id}/variants/new").get_data(as_text=True)
    client_id = client_id_in(form)
    refused = client.post(f"/producer/products/{product.id}/variants/new",
                          data=variant_form(option_es="1 kg", price="0", client_id=client_id))
    assert refused.status_code == 422 and client_id_in(refused.get_data(as_text=True)) == client_id
    corrected = variant_form(option_es="1 kg", price="38", client_id=client_id)
    assert [client.post(f"/producer/products/{product.id}/variants/new", data=corrected).status_code
            for _ in range(2)] == [302, 302]
    assert [(v.option_es, v.price_amount) for v in variants_of(product)] == [("500 g", 2200), ("1 kg", 3800)]


def test_another_organisations_form_id_reveals_nothing_and_adds_its_own_variant(app, client, producer):
    mine = sold_by_weight(producer.organisation)
    data = variant_form(option_es="1 kg", price="38", client_id="shared-id")
    assert client.post(f"/producer/products/{mine.id}/variants/new", data=data).status_code == 302
    other, phone = other_producer_client(app)
    theirs = sold_by_weight(other.organisation, "250 g")
    answer = phone.post(f"/producer/products/{theirs.id}/variants/new", data=data, headers={"X-Draft-Submit": "1"})
    assert answer.json == {"next": f"/producer/products/{theirs.id}/variants"}
    assert [v.option_es for v in variants_of(theirs)] == ["250 g", "1 kg"]
    assert [v.option_es for v in variants_of(mine)] == ["500 g", "1 kg"]
    assert phone.post(f"/producer/products/{mine.id}/variants/new", data=data).status_code == 404


def test_a_variant_form_from_before_client_ids_still_adds_a_variant(client, producer):
    product = sold_by_weight(producer.organisation)
    assert client.post(f"/producer/products/{product.id}/variants/new",
                       data=variant_form(option_es="1 kg", price="38")).status_code == 302
    assert len(variants_of(product)) == 2


@pytest.mark.postgres
def test_eight_sendings_of_the_same_variant_form_at_once_add_one_variant(app, producer, is_postgres):
    if not is_postgres:
        pytest.skip("needs PostgreSQL: concurrent writers")
    import threading

    from marketplace.accounts.models import User
    from marketplace.catalogue.models import Product

    product = sold_by_weight(producer.organisation)
    product_id, producer_id = product.id, producer.id
    _db.session.remove()
    barrier = threading.Barrier(8, timeout=10)
    added, errors = [], []

    def send():
        with app.app_context():
            try:
                here, by = _db.session.get(Product, product_id), _db.session.get(User, producer_id)
                _db.session.commit()  # no transaction left open while waiting
                barrier.wait()
                variant = services.add_variant(here, services.VariantDetails(option_es="1 kg", price=Money(3800), stock=2),
                                               by=by, client_id="one-filled-form")
                added.append(variant.id)
            except Exception as error:  # reported below, so a failure cannot hang the test
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(added) == 8 and len(set(added)) == 1
    assert [v.option_es for v in variants_of(product)] == ["500 g", "1 kg"]
