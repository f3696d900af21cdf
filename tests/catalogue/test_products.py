"""Producers start a product from "My products", fill it in as a draft, and publish it when
it is complete and their organisation is verified."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from marketplace import audit
from marketplace.catalogue import services
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.extensions import db as _db
from marketplace.money import Money
from marketplace.producers.models import VerificationStatus
from marketplace.status import IllegalTransition

from .. import factories


def details_form(**overrides) -> dict:
    data = {"name_es": "Camino de mesa pardo y crema", "name_en": "", "category": "", "price": "160",
            "stock": "3", "description_es": "Tejido en telar de cintura.", "description_en": "", "then": "list"}
    data.update(overrides)
    return data


# Starting and saving drafts ----------------------------------------------------------------------


def test_new_product_opens_a_draft_at_the_photos_step_sold_as_one_variant(client, producer):
    response = client.post("/producer/products/new", data={"organisation_id": producer.organisation.id})
    product = _db.session.scalar(_db.select(Product))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/producer/products/{product.id}/photos")
    assert product.status == ProductStatus.DRAFT
    assert [v.is_default for v in product.variants] == [True]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'capture="environment"' in page and 'accept="image/*"' in page and "multiple" in page


def test_a_draft_is_saved_at_the_details_step_and_comes_back_as_typed(client, producer, categories):
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/details",
                           data=details_form(category=str(categories.runners.id), price="160.50"))
    assert response.status_code == 302
    assert "/producer/products/" in response.headers["Location"]

    page = client.get(f"/producer/products/{product.id}/details").get_data(as_text=True)
    assert 'value="Camino de mesa pardo y crema"' in page
    assert 'value="160.50"' in page
    assert f'<option value="{categories.runners.id}" selected>' in page
    _db.session.refresh(product)
    assert product.default_variant.price == Money(16050, "PEN")
    assert product.default_variant.stock == 3
    assert product.slug == "camino-de-mesa-pardo-y-crema"


def test_next_goes_to_the_following_step(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/details", data=details_form(then="next"))
    assert response.headers["Location"].endswith(f"/producer/products/{product.id}/variants")


def test_my_products_lists_the_drafts_of_my_organisation_only(client, producer):
    factories.product(producer.organisation, name_es="Bolso pardo colorado")
    factories.product(factories.organisation(), name_es="Chullo de otra organización")
    page = client.get("/producer/products/").get_data(as_text=True)
    assert "Bolso pardo colorado" in page
    assert "Chullo de otra organización" not in page
    assert "borrador" in page


def test_each_thumbnail_on_my_products_is_named_after_its_product(client, producer):
    factories.complete_product(producer.organisation, name_es="Bolso pardo colorado")
    page = client.get("/producer/products/").get_data(as_text=True)
    assert 'alt="Bolso pardo colorado"' in page


def test_unverified_organisation_may_prepare_drafts(client, login_as):
    user = login_as("producer")
    user.organisation.status = VerificationStatus.UNVERIFIED
    _db.session.commit()
    page = client.get("/producer/products/").get_data(as_text=True)
    assert "todavía no está verificada" in page
    assert client.post("/producer/products/new", data={"organisation_id": user.organisation.id}).status_code == 302


def test_someone_without_an_organisation_is_told_to_register_one(client, login_as):
    login_as("buyer")
    page = client.get("/producer/products/").get_data(as_text=True)
    assert "primero registra tu organización" in page


def test_starting_a_product_for_another_organisation_is_404(client, producer):
    other = factories.organisation()
    assert client.post("/producer/products/new", data={"organisation_id": other.id}).status_code == 404
    assert _db.session.scalar(_db.select(Product)) is None


# Bad input on the details step ---------------------------------------------------------------------


def test_missing_spanish_name_is_refused_keeping_what_was_typed(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/details",
                           data=details_form(name_es="  ", name_en="Table runner", description_es="Hecho en Mórrope"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Escribe el nombre del producto en español." in page
    assert 'value="Table runner"' in page and "Hecho en Mórrope" in page and 'value="160"' in page


@pytest.mark.parametrize("typed, message", [
    ("0", "El precio tiene que ser mayor que cero"),
    ("-20", "El precio tiene que ser mayor que cero"),
    ("veinte", "Escribe el precio en soles con números"),
    ("12.345", "Usa como máximo dos decimales"),
])
def test_a_price_that_is_not_more_than_zero_soles_is_refused(client, producer, typed, message):
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/details", data=details_form(price=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert f'value="{typed}"' in page and 'value="Camino de mesa pardo y crema"' in page
    _db.session.refresh(product)
    assert product.name_es is None  # nothing was saved


def test_a_price_typed_with_a_comma_or_the_sol_sign_is_understood(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    client.post(f"/producer/products/{product.id}/details", data=details_form(price="S/ 22,50"))
    _db.session.refresh(product)
    assert product.default_variant.price_amount == 2250


def test_negative_stock_is_refused_on_the_details_step(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/details", data=details_form(stock="-2"))
    assert response.status_code == 422
    assert "El stock no puede ser negativo" in response.get_data(as_text=True)
    assert 'value="-2"' in response.get_data(as_text=True)


def test_an_unknown_category_is_refused(client, producer, categories):
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/details", data=details_form(category="999999"))
    assert response.status_code == 422
    assert "Esa categoría no existe: elige una de la lista." in response.get_data(as_text=True)


def test_english_messages_for_an_english_speaking_producer_still_say_what_to_do(client, login_as):
    user = login_as("producer", locale="en")
    product = services.start_product(user.organisation, by=user)
    response = client.post(f"/producer/products/{product.id}/details", data=details_form(name_es=""))
    assert response.status_code == 422
    assert 'lang="en"' in response.get_data(as_text=True)


def test_the_service_refuses_the_same_bad_input(db, categories):
    person = factories.user()
    product = services.start_product(factories.organisation(owner=person), by=person)
    with pytest.raises(services.MissingSpanishName):
        services.save_details(product, services.ProductDetails(name_es=" "), by=person)
    with pytest.raises(services.UnknownCategory):
        services.save_details(product, services.ProductDetails(name_es="Chal", category_id=999999), by=person)
    for price in (Money(0), Money(-100), Money(500, "USD")):
        with pytest.raises(services.InvalidPrice):
            services.save_details(product, services.ProductDetails(name_es="Chal", price=price), by=person)
    with pytest.raises(services.NegativeStock):
        services.save_details(product, services.ProductDetails(name_es="Chal", stock=-1), by=person)


def test_the_database_itself_refuses_negative_stock_and_zero_prices(db):
    product = factories.product()
    product.variants[0].stock = -1
    with pytest.raises(IntegrityError):
        _db.session.commit()
    _db.session.rollback()
    product = factories.product()
    product.variants[0].price_amount = 0
    with pytest.raises(IntegrityError):
        _db.session.commit()
    _db.session.rollback()


# Publishing ------------------------------------------------------------------------------------


def test_a_complete_product_of_a_verified_organisation_is_published(client, producer):
    product = factories.complete_product(producer.organisation)
    response = client.post(f"/producer/products/{product.id}/publish", data={})
    assert response.status_code == 302
    assert "Ya está a la venta" in client.get(response.headers["Location"]).get_data(as_text=True)
    _db.session.refresh(product)
    assert product.status == ProductStatus.PUBLISHED and product.published_at is not None
    assert [e.action for e in audit.history(product)][-1] == "product.published"
    assert audit.history(product)[-1].actor_id == producer.id


def test_an_incomplete_draft_is_not_published_and_the_producer_is_told_what_is_missing(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/publish", data={}, follow_redirects=True)
    page = response.get_data(as_text=True)
    for message in ("Sube al menos una foto.", "Escribe el nombre en español.", "Elige la categoría.",
                    "Escribe la descripción en español.", "Pon un precio mayor que cero"):
        assert message in page
    _db.session.refresh(product)
    assert product.status == ProductStatus.DRAFT


def test_missing_for_publication_names_each_gap(db, categories):
    product = factories.product(price=None, description_es=None)
    assert services.missing_for_publication(product) == ["photo", "category", "description_es", "price"]
    honey = factories.complete_product(in_category=categories.algarrobo)
    assert services.missing_for_publication(honey) == ["lot"]
    factories.lot(honey)
    _db.session.refresh(honey)
    assert services.missing_for_publication(honey) == []


def test_an_unverified_organisation_cannot_publish(client, producer):
    producer.organisation.status = VerificationStatus.UNVERIFIED
    _db.session.commit()
    product = factories.complete_product(producer.organisation)
    page = client.post(f"/producer/products/{product.id}/publish", data={}, follow_redirects=True).get_data(as_text=True)
    assert "cuando el equipo del programa verifique tu organización" in page
    _db.session.refresh(product)
    assert product.status == ProductStatus.DRAFT
    with pytest.raises(services.OrganisationNotVerified):
        services.publish(product, by=producer)


def test_unpublish_archive_and_restore(client, producer):
    product = factories.complete_product(producer.organisation, status=ProductStatus.PUBLISHED)
    client.post(f"/producer/products/{product.id}/unpublish", data={})
    _db.session.refresh(product)
    assert product.status == ProductStatus.DRAFT
    client.post(f"/producer/products/{product.id}/archive", data={})
    _db.session.refresh(product)
    assert product.status == ProductStatus.ARCHIVED
    assert "Chal" not in client.get("/producer/products/").get_data(as_text=True)  # archived: out of the list
    client.post(f"/producer/products/{product.id}/restore", data={})
    _db.session.refresh(product)
    assert product.status == ProductStatus.DRAFT
    assert [e.action for e in audit.history(product)][-3:] == ["product.draft", "product.archived", "product.draft"]


def test_an_archived_product_cannot_be_published_directly(client, producer):
    product = factories.complete_product(producer.organisation, status=ProductStatus.ARCHIVED)
    page = client.post(f"/producer/products/{product.id}/publish", data={}, follow_redirects=True).get_data(as_text=True)
    assert "el producto está en estado «archivado»" in page
    with pytest.raises(IllegalTransition):
        services.publish(product, by=producer)


def test_editing_a_published_product_cannot_leave_it_incomplete(client, producer):
    product = factories.complete_product(producer.organisation, status=ProductStatus.PUBLISHED,
                                         description_es="Tejido a mano.")
    response = client.post(f"/producer/products/{product.id}/details",
                           data=details_form(description_es="", name_en="Runner"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "quedaría incompleto" in page and "Escribe la descripción en español." in page
    assert 'value="Runner"' in page
    _db.session.refresh(product)
    assert product.description_es == "Tejido a mano." and product.name_en is None


def test_the_slug_follows_renames_until_first_published(db):
    person = factories.user()
    product = factories.complete_product(factories.organisation(owner=person))

    def rename(name):
        services.save_details(product, services.ProductDetails(
            name_es=name, price=Money(14000), category_id=product.category_id, description_es="Tejido."), by=person)

    rename("Chal lila")
    assert product.slug == "chal-lila"
    services.publish(product, by=person)
    rename("Chal lila y marrón")
    assert product.slug == "chal-lila"


def test_two_products_with_the_same_name_get_different_slugs(db):
    person = factories.user()
    organisation = factories.organisation(owner=person)
    first, second = (services.start_product(organisation, by=person) for _ in range(2))
    for product in (first, second):
        services.save_details(product, services.ProductDetails(name_es="Miel de algarrobo"), by=person)
    assert {first.slug, second.slug} == {"miel-de-algarrobo", "miel-de-algarrobo-2"}


def test_a_draft_never_published_can_be_deleted_a_published_one_only_archived(client, producer):
    draft_id = factories.product(producer.organisation).id
    client.post(f"/producer/products/{draft_id}/delete", data={})
    assert _db.session.scalar(_db.select(Product.id).where(Product.id == draft_id)) is None
    once = factories.complete_product(producer.organisation, status=ProductStatus.PUBLISHED)
    client.post(f"/producer/products/{once.id}/unpublish", data={})
    page = client.post(f"/producer/products/{once.id}/delete", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Archívalo en su lugar" in page
    assert _db.session.get(Product, once.id) is not None


# Access ----------------------------------------------------------------------------------------


def foreign_urls(product) -> list[tuple[str, str]]:
    p, v, photo, lot = product.id, product.variants[0].id, product.photos[0].id, product.lots[0].id
    return [
        ("GET", f"/producer/products/{p}"),
        ("GET", f"/producer/products/{p}/details"),
        ("POST", f"/producer/products/{p}/details"),
        ("GET", f"/producer/products/{p}/photos"),
        ("POST", f"/producer/products/{p}/photos"),
        ("POST", f"/producer/products/{p}/photos/{photo}/cover"),
        ("POST", f"/producer/products/{p}/photos/{photo}/remove"),
        ("GET", f"/producer/products/{p}/variants"),
        ("GET", f"/producer/products/{p}/variants/{v}"),
        ("POST", f"/producer/products/{p}/variants/{v}"),
        ("POST", f"/producer/products/{p}/variants/{v}/stock"),
        ("POST", f"/producer/products/{p}/variants/{v}/remove"),
        ("GET", f"/producer/products/{p}/provenance"),
        ("POST", f"/producer/products/{p}/provenance"),
        ("GET", f"/producer/products/{p}/lots"),
        ("POST", f"/producer/products/{p}/lots/{lot}"),
        ("POST", f"/producer/products/{p}/lots/{lot}/remove"),
        ("POST", f"/producer/products/{p}/publish"),
        ("POST", f"/producer/products/{p}/archive"),
        ("POST", f"/producer/products/{p}/delete"),
    ]


def test_a_member_of_another_organisation_gets_404_everywhere_and_changes_nothing(client, producer, stranger_product):
    before = (stranger_product.name_es, [v.stock for v in stranger_product.variants], len(stranger_product.photos),
              len(stranger_product.lots), stranger_product.status)
    for method, url in foreign_urls(stranger_product):
        data = {"name_es": "Mío", "stock": "0", "lot_code": "X", "harvest_date": "2024-01-01"}
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert response.status_code == 404, (method, url)
    _db.session.expire_all()
    product = _db.session.get(Product, stranger_product.id)
    assert (product.name_es, [v.stock for v in product.variants], len(product.photos), len(product.lots),
            product.status) == before


def test_records_of_another_product_cannot_be_reached_through_my_own(client, producer, stranger_product):
    mine = factories.product(producer.organisation)
    theirs = stranger_product
    assert client.post(f"/producer/products/{mine.id}/variants/{theirs.variants[0].id}/stock",
                       data={"stock": "0"}).status_code == 404
    assert client.post(f"/producer/products/{mine.id}/photos/{theirs.photos[0].id}/remove", data={}).status_code == 404
    assert client.get(f"/producer/products/{mine.id}/lots/{theirs.lots[0].id}").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, stranger_product):
    response = client.get(f"/producer/products/{stranger_product.id}")
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_a_second_member_of_the_organisation_can_edit_its_products(client, login_as):
    owner = factories.user()
    organisation = factories.organisation(owner=owner)
    product = factories.product(organisation, name_es="Bolso")
    member = login_as("buyer")
    factories.member(organisation, member)
    assert client.get(f"/producer/products/{product.id}/details").status_code == 200


def test_a_step_sent_by_listing_js_is_told_where_to_go_instead_of_being_redirected(client, producer):
    """listing.js keeps a step on the phone until the server has it; it reads the next page from
    JSON so that a cut connection can be told apart from a saved step."""
    product = services.start_product(producer.organisation, by=producer)
    response = client.post(f"/producer/products/{product.id}/details", headers={"X-Draft-Submit": "1"},
                           data={"name_es": "Chal", "price": "140", "stock": "2", "then": "next"})
    assert response.status_code == 200 and response.json == {"next": f"/producer/products/{product.id}/variants"}
    refused = client.post(f"/producer/products/{product.id}/details", headers={"X-Draft-Submit": "1"},
                          data={"name_es": "", "then": "next"})
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    page = client.get(f"/producer/products/{product.id}/details").get_data(as_text=True)
    assert f'data-draft="product-{product.id}-details"' in page and "js/listing.js" in page


def test_new_product_tapped_twice_opens_one_draft(client, producer):
    """A second tap on "Nuevo producto", or a reload after a timeout, sends the same form again."""
    page = client.get("/producer/products/").get_data(as_text=True)
    client_id = re.search(r'name="client_id" value="([^"]+)"', page).group(1)
    data = {"organisation_id": producer.organisation.id, "client_id": client_id}
    first, again = (client.post("/producer/products/new", data=data) for _ in range(2))
    drafts = list(_db.session.scalars(_db.select(Product).where(Product.organisation_id == producer.organisation.id)))
    assert len(drafts) == 1
    assert first.location == again.location == f"/producer/products/{drafts[0].id}/photos"
    assert client.post("/producer/products/new", data={"organisation_id": producer.organisation.id}).status_code == 302
    assert _db.session.scalar(_db.select(func.count(Product.id))) == 2  # a form without an id still opens one


def test_new_product_sent_again_after_its_draft_was_deleted_leads_to_the_list(client, producer):
    data = {"organisation_id": producer.organisation.id, "client_id": "new-product-form"}
    client.post("/producer/products/new", data=data)
    services.delete_draft(_db.session.scalar(_db.select(Product)), by=producer)
    again = client.post("/producer/products/new", data=data)
    assert again.status_code == 302 and again.location == f"/producer/products/?organisation={producer.organisation.id}"
    assert _db.session.scalar(_db.select(func.count(Product.id))) == 0
