"""Assisted listing: staff list a product for a producer without a smartphone; the producer
confirms it through a one-time link; nothing is on sale before that."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from urllib.parse import unquote

import pytest

from marketplace import audit
from marketplace.catalogue import assisted, services
from marketplace.catalogue.models import AssistedListing, Product, ProductStatus
from marketplace.clock import utcnow
from marketplace.extensions import db as _db

from .. import factories
from .conftest import jpeg


@pytest.fixture
def staff(login_as):
    return login_as("staff", name="Sofía Promotora Quispe")


@pytest.fixture
def weaver(db):
    owner = factories.user(name="Teodora Cárdenas", phone="+51987654321")
    return factories.organisation(owner=owner, name="Tejedoras de Sarhua")


def form(organisation, category, **overrides) -> dict:
    data = {"organisation": str(organisation.id), "phone": "987 654 321", "name_es": "Tapiz de Sarhua",
            "category": str(category.id), "price": "120", "stock": "2",
            "description_es": "Tapiz tejido en telar de pedal con lana de oveja.",
            "photos": [(io.BytesIO(jpeg()), "tapiz.jpg")]}
    data.update(overrides)
    return data


def link_of(client, listing: AssistedListing) -> str:
    page = client.get(f"/staff/asistido/{listing.id}").get_data(as_text=True)
    return re.search(r"(/confirmar/[A-Za-z0-9._\-]+)", unquote(page)).group(1)


def listed(client, weaver, categories) -> AssistedListing:
    response = client.post("/staff/asistido/nuevo", data=form(weaver, categories.runners),
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    return _db.session.scalar(_db.select(AssistedListing))


def test_staff_list_a_draft_for_a_producer_and_get_a_whatsapp_and_an_sms_message(client, staff, weaver, categories):
    listing = listed(client, weaver, categories)
    product = listing.product
    assert product.status == ProductStatus.DRAFT
    assert product.organisation_id == weaver.id and len(product.photos) == 1
    assert listing.phone == "+51987654321" and listing.helper_name == "Sofía Promotora Quispe"

    page = client.get(f"/staff/asistido/{listing.id}").get_data(as_text=True)
    assert 'href="https://wa.me/51987654321?text=' in page
    assert 'href="sms:+51987654321?body=' in page
    assert "Tapiz de Sarhua" in page and "S/\xa0120.00" in unquote(page)
    assert "esperando la confirmación del productor" in page
    assert [e.action for e in audit.history(product)][-1] == "assisted_listing.created"


def test_nothing_is_on_sale_until_the_producer_confirms(client, staff, weaver, categories):
    listing = listed(client, weaver, categories)
    with pytest.raises(services.CatalogueError):
        services.publish(listing.product, by=staff)
    assert client.get(f"/productos/{listing.product.slug}").status_code == 404


def test_the_producer_confirms_through_the_link_once(client, app, staff, weaver, categories):
    listing = listed(client, weaver, categories)
    link = link_of(client, listing)
    client.post("/account/sign-out")

    page = client.get(link)
    assert page.status_code == 200 and "¿Publicamos tu producto?" in page.get_data(as_text=True)
    _db.session.refresh(listing.product)
    assert listing.product.status == ProductStatus.DRAFT  # opening the link (or its preview) changes nothing

    done = client.post(link, data={"answer": "si"})
    assert done.status_code == 200 and "ya está a la venta" in done.get_data(as_text=True)
    _db.session.refresh(listing)
    assert listing.product.status == ProductStatus.PUBLISHED and listing.confirmed_at is not None
    shop_page = client.get(f"/productos/{listing.product.slug}").get_data(as_text=True)
    assert "Publicado con ayuda de Sofía Promotora Quispe" in shop_page
    actions = [e.action for e in audit.history(listing.product)]
    assert actions[-2:] == ["assisted_listing.confirmed_by_link", "product.published"]

    again = client.post(link, data={"answer": "si"})
    assert again.status_code == 410 and "ya no sirve" in again.get_data(as_text=True)


def test_the_producer_can_say_no(client, staff, weaver, categories):
    listing = listed(client, weaver, categories)
    link = link_of(client, listing)
    response = client.post(link, data={"answer": "no"})
    assert "no se publica" in response.get_data(as_text=True)
    _db.session.refresh(listing)
    assert listing.declined_at is not None and listing.product.status == ProductStatus.DRAFT
    assert client.post(link, data={"answer": "si"}).status_code == 410


def test_a_link_expires_and_a_new_one_replaces_the_old(client, staff, weaver, categories):
    listing = listed(client, weaver, categories)
    old = link_of(client, listing)
    listing.link_expires_at = utcnow() - timedelta(minutes=1)  # a week went by
    _db.session.commit()
    expired = client.get(old)
    assert expired.status_code == 410 and "venció" in expired.get_data(as_text=True)
    assert "el enlace venció" in client.get(f"/staff/asistido/{listing.id}").get_data(as_text=True)
    renewed = client.post(f"/staff/asistido/{listing.id}/enlace", data={})
    assert renewed.status_code == 302, renewed.get_data(as_text=True)[:3000]
    new = link_of(client, listing)
    assert new != old
    assert client.get(old).status_code == 410
    assert client.post(new, data={"answer": "si"}).status_code == 200
    assert "assisted_listing.link_renewed" in [e.action for e in audit.history(listing.product)]


def test_a_forged_link_opens_nothing(client, staff, weaver, categories):
    listing = listed(client, weaver, categories)
    link = link_of(client, listing)
    assert client.get(link[:-3] + "abc").status_code == 410
    assert client.get("/confirmar/not-a-token").status_code == 410


def test_the_producer_signed_in_may_publish_it_themselves(client, staff, weaver, categories):
    listing = listed(client, weaver, categories)
    owner = weaver.memberships[0].user
    services.publish(listing.product, by=owner)
    _db.session.refresh(listing)
    assert listing.confirmed_at is not None and listing.link_nonce is None


def test_the_form_sent_twice_lists_once_and_both_answers_show_that_listing(client, staff, weaver, categories):
    """A second click on "Guardar" while the photos upload, or a reload after a timeout."""
    page = client.get("/staff/asistido/nuevo").get_data(as_text=True)
    client_id = re.search(r'id="client_id" name="client_id" type="hidden" value="([^"]+)"', page).group(1)
    first, again = (client.post("/staff/asistido/nuevo", content_type="multipart/form-data",
                                data=form(weaver, categories.runners, client_id=client_id)) for _ in range(2))
    [listing] = _db.session.scalars(_db.select(AssistedListing))
    assert first.status_code == again.status_code == 302
    assert first.location == again.location == f"/staff/asistido/{listing.id}"
    assert _db.session.scalar(_db.select(_db.func.count(Product.id))) == 1


def test_a_refused_photo_leaves_no_draft_and_keeps_what_was_typed(client, staff, weaver, categories):
    response = client.post("/staff/asistido/nuevo", content_type="multipart/form-data",
                           data=form(weaver, categories.runners, photos=[(io.BytesIO(b"not an image"), "x.jpg")]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "No pudimos usar esa foto" in page and 'value="Tapiz de Sarhua"' in page
    assert _db.session.scalar(_db.select(_db.func.count()).select_from(Product)) == 0
    assert _db.session.scalar(_db.select(_db.func.count()).select_from(AssistedListing)) == 0


def test_bad_input_gets_clear_messages(client, staff, weaver, categories):
    response = client.post("/staff/asistido/nuevo", content_type="multipart/form-data",
                           data=form(weaver, categories.algarrobo, phone="12", photos=[]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "no parece un celular" in page and "Sube al menos una foto" in page
    assert _db.session.scalar(_db.select(_db.func.count()).select_from(Product)) == 0


def test_honey_needs_its_lot(client, staff, weaver, categories):
    response = client.post("/staff/asistido/nuevo", content_type="multipart/form-data",
                           data=form(weaver, categories.algarrobo))
    assert response.status_code == 422 and "se vende por lote" in response.get_data(as_text=True)
    response = client.post("/staff/asistido/nuevo", content_type="multipart/form-data",
                           data=form(weaver, categories.algarrobo, lot_code="MDA-2026-01", harvest_date="15/03/2026"))
    assert response.status_code == 302
    listing = _db.session.scalar(_db.select(AssistedListing))
    assert listing.product.current_lot.lot_code == "MDA-2026-01"


def test_only_staff_list_for_others(client, login_as, weaver):
    login_as("producer")
    assert client.get("/staff/asistido/nuevo").status_code == 403
    assert client.get("/staff/asistido/").status_code == 403


def test_a_promoter_lists_with_help_but_sees_nothing_else_staff_do(client, login_as, weaver, categories):
    login_as("promoter", name="Lucía Promotora Mamani")
    assert "Publicar con ayuda" in client.get("/").get_data(as_text=True)
    listing = listed(client, weaver, categories)
    assert listing.helper_name == "Lucía Promotora Mamani"
    assert client.get(f"/staff/asistido/{listing.id}").status_code == 200
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/figures/").status_code == 403


def test_admins_make_and_unmake_promoters(client, login_as):
    login_as("admin")
    person = factories.user(name="Lucía Promotora Mamani", email="lucia@example.pe")
    response = client.post("/staff/team/promoters", data={"promoter-email": "lucia@example.pe"})
    assert response.status_code == 302
    _db.session.refresh(person)
    assert person.is_promoter and not person.is_staff
    assert "Lucía Promotora Mamani" in client.get("/staff/team").get_data(as_text=True)
    client.post(f"/staff/team/promoters/remove/{person.id}", data={})
    _db.session.refresh(person)
    assert not person.is_promoter
    assert [e.action for e in audit.history(person)] == ["user.promoter_granted", "user.promoter_removed"]
