"""Producers claim a brand on a product, send it for review, withdraw and resubmit."""
import pytest

from marketplace import audit
from marketplace.brands import services
from marketplace.brands.models import BrandListing, BrandMembershipStatus, ListingState
from marketplace.extensions import db

from .. import factories
from .conftest import sign_in


def listings():
    return list(db.session.scalars(db.select(BrandListing)))


def test_an_authorised_member_claims_and_submits_in_one_tap_and_the_steward_is_told(client, world, outbox):
    sign_in(client, world.producer)
    page = client.get("/producer/brands/").get_data(as_text=True)
    assert "Miel del Algarrobal" in page and "Miel de algarrobo 500 g" in page
    response = client.post("/producer/brands/claims", data={"product": world.product.id, "brand": world.brand.id})
    [listing] = listings()
    assert response.status_code == 302 and response.location.endswith(f"/producer/brands/listings/{listing.id}")
    assert listing.state == ListingState.SUBMITTED and listing.submitted_at is not None
    assert listing.claimed_by_id == world.producer.id
    assert [e.action for e in audit.history(listing)] == ["brand_listing.claimed", "brand_listing.submitted"]
    [email] = outbox(world.steward.email)
    assert "espera tu revisión" in email.subject and "Miel de algarrobo 500 g" in email.subject
    page = client.get(f"/producer/brands/listings/{listing.id}").get_data(as_text=True)
    assert "puedes vender el producto sin el sello" in page


def test_the_last_listing_step_offers_the_authorised_brands_and_requests_the_seal_in_one_tap(client, world, outbox):
    sign_in(client, world.producer)
    review = f"/producer/products/{world.product.id}"
    page = client.get(review).get_data(as_text=True)
    assert "Pedir el sello «Miel del Algarrobal»" in page
    response = client.post("/producer/brands/claims",
                           data={"product": world.product.id, "brand": world.brand.id, "back": "review"})
    assert response.status_code == 302 and response.location.endswith(review)
    [listing] = listings()
    assert listing.state == ListingState.SUBMITTED and outbox(world.steward.email)
    page = client.get(review).get_data(as_text=True)
    assert "ya está en revisión" in page and "Pedir el sello «Miel del Algarrobal»" not in page
    assert f"/producer/brands/listings/{listing.id}" in page
    again = client.post("/producer/brands/claims", data={"product": world.product.id, "brand": world.brand.id})
    assert again.status_code == 302 and len(listings()) == 1


def test_a_seal_is_requested_only_for_a_product_that_could_be_published(client, world):
    draft = factories.product(world.member_org, name_es="Miel sin foto ni descripción", description_es=None)
    sign_in(client, world.producer)
    response = client.post("/producer/brands/claims", data={"product": draft.id, "brand": world.brand.id, "back": "review"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Solo se puede pedir el sello para un producto listo para publicarse" in page
    assert "Sube al menos una foto." in page
    assert listings() == []
    with pytest.raises(services.ProductNotPublishable) as caught:
        services.claim_brand(draft, world.brand, by=world.producer)
    assert "photo" in caught.value.missing


def test_a_claim_by_a_non_member_is_404_and_changes_nothing(client, world, login_as):
    login_as("producer")  # a producer of some other organisation
    response = client.post("/producer/brands/claims", data={"product": world.product.id, "brand": world.brand.id})
    assert response.status_code == 404
    assert listings() == []


def test_an_organisation_that_is_not_authorised_cannot_claim(client, world, login_as):
    outsider = login_as("producer")
    product = factories.complete_product(outsider.organisation)
    response = client.post("/producer/brands/claims", data={"product": product.id, "brand": world.brand.id})
    assert response.status_code == 422
    assert "no está autorizada hoy" in response.get_data(as_text=True)
    assert listings() == []
    with pytest.raises(services.NotAuthorised):
        services.claim_brand(product, world.brand, by=outsider)


@pytest.mark.parametrize("change", ["suspended", "ended", "expired", "not_started"])
def test_only_a_current_authorisation_lets_a_member_claim(world, change):
    from datetime import date, timedelta

    from marketplace.clock import lima_today

    membership = world.membership
    if change == "suspended":
        membership.status = BrandMembershipStatus.SUSPENDED
    elif change == "ended":
        membership.status = BrandMembershipStatus.ENDED
    elif change == "expired":
        membership.authorised_until = lima_today() - timedelta(days=1)
    else:
        membership.authorised_from = lima_today() + timedelta(days=1)
    db.session.commit()
    with pytest.raises(services.NotAuthorised):
        services.claim_brand(world.product, world.brand, by=world.producer)
    assert date.today() and listings() == []


def test_a_product_claims_a_brand_once(world):
    first = services.claim_brand(world.product, world.brand, by=world.producer)
    with pytest.raises(services.AlreadyClaimed) as caught:
        services.claim_brand(world.product, world.brand, by=world.producer)
    assert caught.value.listing.id == first.id


def test_a_listing_whose_product_lost_its_photos_cannot_be_sent_again(client, world):
    bare = factories.product(world.member_org, name_es="Miel sin foto")
    listing = factories.brand_listing(bare, world.brand, ListingState.WITHDRAWN)
    sign_in(client, world.producer)
    page = client.post(f"/producer/brands/listings/{listing.id}/submit", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Antes de enviarlo, agrega: al menos una foto" in page
    db.session.refresh(listing)
    assert listing.state == ListingState.WITHDRAWN


def test_honey_needs_its_lot_on_sale_before_its_seal_is_requested(world):
    honey = factories.complete_product(world.member_org, in_category=factories.honey_category())
    with pytest.raises(services.ProductNotPublishable) as caught:
        services.request_seal(honey, world.brand, by=world.producer)
    assert caught.value.missing == ["lot"] and listings() == []
    factories.lot(honey)
    listing = services.request_seal(honey, world.brand, by=world.producer)
    assert listing.state == ListingState.SUBMITTED


def test_the_producer_withdraws_and_resubmits(client, world, outbox):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    sign_in(client, world.producer)
    client.post(f"/producer/brands/listings/{listing.id}/withdraw", data={})
    db.session.refresh(listing)
    assert listing.state == ListingState.WITHDRAWN
    assert "retiró" in outbox(world.steward.email)[-1].subject
    client.post(f"/producer/brands/listings/{listing.id}/submit", data={})
    db.session.refresh(listing)
    assert listing.state == ListingState.SUBMITTED


def test_another_organisations_listing_is_404(client, world, login_as):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    login_as("producer")
    assert client.get(f"/producer/brands/listings/{listing.id}").status_code == 404
    assert client.post(f"/producer/brands/listings/{listing.id}/withdraw", data={}).status_code == 404
    db.session.refresh(listing)
    assert listing.state == ListingState.SUBMITTED


def test_a_producer_cannot_approve_from_their_pages(client, world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    sign_in(client, world.producer)
    assert client.post(f"/staff/brands/listings/{listing.id}/approve", data={}).status_code == 403
    assert client.post(f"/steward/brands/{world.brand.slug}/listings/{listing.id}/check", data={}).status_code == 404
    db.session.refresh(listing)
    assert listing.state == ListingState.STEWARD_CHECKED


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    assert client.get("/producer/brands/").status_code == 302
    assert client.get("/steward/brands/").status_code == 302
    assert client.get("/staff/brands/").status_code == 302
