"""Editing a brand-relevant part of an approved listing (name, category, provenance, lot, photos)
suspends the seal and puts it back in the queue; other edits (price, stock, description) do not.
Edits are made through the catalogue's own routes and services."""
import io
from datetime import date

import pytest
from PIL import Image as PILImage

from marketplace import audit
from marketplace.brands import services
from marketplace.brands.models import BrandListing, ListingState
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import ProductStatus
from marketplace.extensions import db
from marketplace.money import Money

from .. import factories
from .conftest import sign_in


@pytest.fixture
def approved(world):
    world.product.status = ProductStatus.PUBLISHED
    world.product.published_at = world.product.created_at
    db.session.commit()
    return factories.brand_listing(world.product, world.brand, ListingState.APPROVED)


def details(product, **changes) -> catalogue.ProductDetails:
    values = dict(name_es=product.name_es, name_en=product.name_en, category_id=product.category_id,
                  description_es=product.description_es, description_en=product.description_en,
                  price=product.default_variant.price, stock=product.default_variant.stock)
    values.update(changes)
    return catalogue.ProductDetails(**values)


def state_of(listing) -> ListingState:
    db.session.expire_all()
    return db.session.get(BrandListing, listing.id).state


def test_renaming_through_the_catalogue_form_warns_first_then_suspends_the_seal(client, world, approved, outbox):
    sign_in(client, world.producer)
    product = world.product
    form = client.get(f"/producer/products/{product.id}/details").get_data(as_text=True)
    assert "Cambiar el nombre o la categoría devuelve tu sello «Miel del Algarrobal» a revisión." in form
    assert 'data-review-fields="name_es category"' in form
    typed = {
        "name_es": "Miel de algarrobo 500 g — cosecha nueva", "name_en": product.name_en,
        "category": str(product.category_id), "price": "22", "stock": "5", "description_es": product.description_es,
        "then": "next",
    }
    asked = client.post(f"/producer/products/{product.id}/details", data=typed)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Esto devuelve tu sello «Miel del Algarrobal» a revisión." in page
    assert "Todavía no guardamos nada" in page and "cosecha nueva" in page and 'formaction="?confirm_review=1"' in page
    assert state_of(approved) == ListingState.APPROVED
    db.session.expire_all()
    assert db.session.get(type(product), product.id).name_es == "Miel de algarrobo 500 g"

    response = client.post(f"/producer/products/{product.id}/details?confirm_review=1", data=typed)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.endswith(f"/producer/products/{product.id}/variants")
    assert state_of(approved) == ListingState.SUBMITTED
    after = client.get(response.location).get_data(as_text=True)
    assert "Tu sello «Miel del Algarrobal» volvió a revisión" in after
    assert services.seals_for_product(product) == []
    event = audit.history(approved)[-1]
    assert event.action == "brand_listing.submitted" and event.reason == "edited after approval"
    assert event.details["edited"] == ["name"] and event.actor_id == world.producer.id
    assert "cambió después de su revisión" in outbox(world.steward.email)[-1].body
    assert outbox(world.producer.email)[-1].kind == "brand_listing_suspended"
    page = client.get(f"/producer/brands/listings/{approved.id}").get_data(as_text=True)
    assert "el producto cambió después de la aprobación" in page


def test_provenance_form_asks_before_sending_the_seal_back(client, world, approved):
    sign_in(client, world.producer)
    url = f"/producer/products/{world.product.id}/provenance"
    typed = {"community": "Salas", "makers-0-name": "", "then": "list"}
    asked = client.post(url, data=typed)
    assert asked.status_code == 200 and "Esto devuelve tu sello" in asked.get_data(as_text=True)
    assert state_of(approved) == ListingState.APPROVED
    assert client.post(f"{url}?confirm_review=1", data=typed).status_code == 302
    assert state_of(approved) == ListingState.SUBMITTED


def test_an_edit_that_touches_no_reviewed_part_is_not_asked_about(client, world, approved):
    sign_in(client, world.producer)
    product = world.product
    response = client.post(f"/producer/products/{product.id}/details", data={
        "name_es": product.name_es, "name_en": product.name_en, "category": str(product.category_id),
        "price": "25", "stock": "5", "description_es": "Frasco de vidrio.", "then": "list"})
    assert response.status_code == 302 and state_of(approved) == ListingState.APPROVED


def test_changing_the_category_suspends_the_seal(world, approved):
    catalogue.save_details(world.product, details(world.product, category_id=factories.category().id), by=world.producer)
    assert state_of(approved) == ListingState.SUBMITTED
    assert audit.history(approved)[-1].details["edited"] == ["category"]


def test_price_stock_and_description_do_not_touch_the_seal(world, approved, outbox):
    catalogue.save_details(world.product, details(world.product, price=Money(2500, "PEN"), stock=9,
                                                  description_es="Frasco de vidrio."), by=world.producer)
    catalogue.set_stock(world.product.default_variant, 3, by=world.producer)
    assert state_of(approved) == ListingState.APPROVED
    assert services.seals_for_product(world.product) == [world.brand]
    assert audit.history(approved) == [] and outbox(world.steward.email) == []


def test_adding_or_removing_a_photo_suspends_the_seal(app, world, approved, tmp_path):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), (200, 150, 30)).save(buffer, "JPEG")
    catalogue.add_photo(world.product, buffer.getvalue(), by=world.producer)
    assert state_of(approved) == ListingState.SUBMITTED
    assert audit.history(approved)[-1].details["edited"] == ["photos"]


def test_reordering_photos_keeps_the_seal(world, approved):
    factories.product_photo(world.product)
    db.session.refresh(approved)
    approved.state = ListingState.APPROVED
    db.session.commit()
    photo = world.product.photos[1]
    catalogue.make_cover(photo, by=world.producer)
    assert state_of(approved) == ListingState.APPROVED


def test_a_new_lot_on_sale_suspends_the_seal(world, approved):
    catalogue.add_lot(world.product, catalogue.LotDetails(lot_code="MDA-SAL-2025-C1-001", harvest_date=date(2025, 3, 1)),
                      by=world.producer)
    assert state_of(approved) == ListingState.SUBMITTED
    assert audit.history(approved)[-1].details["edited"] == ["lot"]


def test_changed_provenance_suspends_the_seal_but_saving_it_unchanged_does_not(world, approved):
    notes = catalogue.ProvenanceDetails(community="Salas", district_code="140310",
                                        makers=[catalogue.MakerDetails(name="Juan Capuñay", consent=True)])
    catalogue.save_provenance(world.product, notes, by=world.producer)
    assert state_of(approved) == ListingState.SUBMITTED
    approved = db.session.get(BrandListing, approved.id)
    approved.state = ListingState.APPROVED
    db.session.commit()
    product = db.session.get(type(world.product), world.product.id)
    catalogue.save_provenance(product, notes, by=world.producer)
    assert state_of(approved) == ListingState.APPROVED


def test_an_edit_after_the_stewards_check_sends_it_back_to_the_steward(world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    catalogue.save_details(world.product, details(world.product, name_es="Otro nombre"), by=world.producer)
    assert state_of(listing) == ListingState.SUBMITTED
    assert audit.history(listing)[-1].reason == "edited after the steward's check"


def test_listings_under_review_or_drafts_are_left_alone(world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    catalogue.save_details(world.product, details(world.product, name_es="Otro nombre"), by=world.producer)
    assert state_of(listing) == ListingState.SUBMITTED and audit.history(listing) == []
