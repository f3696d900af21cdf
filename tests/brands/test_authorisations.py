"""Stewards authorise member organisations, suspend or end them; the seal follows at once."""
from datetime import timedelta

import pytest

from marketplace import audit
from marketplace.brands import services
from marketplace.brands.models import BrandMembership, BrandMembershipStatus, ListingState
from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.producers.models import OrganisationKind

from .. import factories
from .conftest import sign_in


def approved_listings(world, count=2):
    products = [world.product] + [factories.complete_product(world.member_org, name_es=f"Miel {n}", status="published")
                                  for n in range(count - 1)]
    return [factories.brand_listing(p, world.brand, ListingState.APPROVED) for p in products]


def test_the_steward_authorises_an_organisation_and_its_owners_are_told(client, world, outbox):
    owner = factories.user(email="elena@example.pe", locale="en")
    apicola = factories.organisation(owner=owner, name="Apícola Cerro La Vieja", district_code="140307")
    sign_in(client, world.steward)
    response = client.post(f"/steward/brands/{world.brand.slug}/authorisations", data={
        "organisation": apicola.id, "resolution": "Acta de asamblea N° 7-2024", "authorised_from": "2024-03-01",
        "authorised_until": "",
    })
    assert response.status_code == 302
    membership = services.authorisation_of(world.brand.id, apicola.id)
    assert membership.status == BrandMembershipStatus.ACTIVE
    assert membership.authorised_by_resolution == "Acta de asamblea N° 7-2024"
    assert str(membership.authorised_from) == "2024-03-01" and membership.authorised_until is None
    [email] = outbox("elena@example.pe")
    assert email.locale == "en" and email.kind == "brand_authorisation_granted"
    assert audit.history(membership)[0].action == "brand_membership.authorised"


def test_an_authorisation_needs_the_act_number_and_dates_in_order(client, world):
    other = factories.organisation(name="Otra")
    sign_in(client, world.steward)
    url = f"/steward/brands/{world.brand.slug}/authorisations"
    no_act = client.post(url, data={"organisation": other.id, "resolution": ""})
    assert no_act.status_code == 422 and "Escribe el número del acta" in no_act.get_data(as_text=True)
    backwards = client.post(url, data={"organisation": other.id, "resolution": "Acta 1",
                                       "authorised_from": "2024-05-01", "authorised_until": "2024-01-01"})
    assert backwards.status_code == 422 and "no puede ser anterior" in backwards.get_data(as_text=True)
    assert services.authorisation_of(world.brand.id, other.id) is None


def test_suspending_removes_the_seal_from_every_listing_of_the_member_at_once(client, world, outbox):
    listings = approved_listings(world)
    ids = [l.product_id for l in listings]
    assert all(services.seals_for_products(ids)[pid] == [world.brand] for pid in ids)
    sign_in(client, world.steward)
    response = client.post(f"/steward/brands/{world.brand.slug}/authorisations/{world.membership.id}/suspend",
                           data={"reason": "No pagó la cuota de la asociación.", "expected": "active"})
    assert response.status_code == 302
    assert services.seals_for_products(ids) == {pid: [] for pid in ids}
    assert services.approved_product_ids_for_brand(world.brand) == set()
    assert all(db.session.get(type(l), l.id).state == ListingState.APPROVED for l in listings)  # review kept
    assert "No pagó la cuota" in outbox(world.producer.email)[-1].body
    client.post(f"/steward/brands/{world.brand.slug}/authorisations/{world.membership.id}/reinstate",
                data={"reason": "", "expected": "suspended"})
    assert services.approved_product_ids_for_brand(world.brand) == set(ids)


def test_an_authorisation_that_expires_removes_the_seal_without_any_job(world):
    listings = approved_listings(world)
    today = lima_today()
    world.membership.authorised_until = today
    db.session.commit()
    ids = {l.product_id for l in listings}
    assert services.approved_product_ids_for_brand(world.brand, today=today) == ids
    assert services.approved_product_ids_for_brand(world.brand, today=today + timedelta(days=1)) == set()
    assert services.seals_for_products(ids, today=today + timedelta(days=1)) == {pid: [] for pid in ids}
    assert not listings[0].shows_seal_on(today + timedelta(days=1)) and listings[0].shows_seal_on(today)


@pytest.mark.parametrize("action", ["suspend", "end"])
def test_suspending_or_ending_needs_a_reason(client, world, action):
    sign_in(client, world.steward)
    response = client.post(f"/steward/brands/{world.brand.slug}/authorisations/{world.membership.id}/{action}",
                           data={"reason": "", "expected": "active"})
    assert response.status_code == 422 and "Escribe el motivo" in response.get_data(as_text=True)
    db.session.refresh(world.membership)
    assert world.membership.status == BrandMembershipStatus.ACTIVE


def test_ending_then_authorising_again_with_a_new_act(world):
    services.change_authorisation(world.membership, BrandMembershipStatus.ENDED, by=world.steward, reason="Dejó la asociación")
    with pytest.raises(services.NotAuthorised):
        services.claim_brand(factories.complete_product(world.member_org), world.brand, by=world.producer)
    details = services.AuthorisationDetails(lima_today(), None, "Acta 9-2025")
    again = services.authorise(world.brand, world.member_org.id, details, by=world.steward)
    assert again.id == world.membership.id and again.status == BrandMembershipStatus.ACTIVE
    with pytest.raises(services.AlreadyAuthorised):
        services.authorise(world.brand, world.member_org.id, details, by=world.steward)
    assert [e.action for e in audit.history(again)] == ["brand_membership.ended", "brand_membership.authorised"]


def test_a_suspension_from_another_tab_is_not_overwritten(client, world):
    second = factories.user(name="Elena Damián")
    factories.steward(world.brand, second)
    services.change_authorisation(world.membership, BrandMembershipStatus.ENDED, by=second, reason="Dejó la asociación")
    sign_in(client, world.steward)
    page = client.post(f"/steward/brands/{world.brand.slug}/authorisations/{world.membership.id}/suspend",
                       data={"reason": "Otra cosa", "expected": "active"}, follow_redirects=True).get_data(as_text=True)
    assert "Ya lo decidió Elena Damián" in page
    db.session.refresh(world.membership)
    assert world.membership.status == BrandMembershipStatus.ENDED and world.membership.status_reason == "Dejó la asociación"


def test_only_stewards_of_the_brand_and_staff_manage_authorisations(world, other_world):
    other = factories.organisation()
    details = services.AuthorisationDetails(lima_today(), None, "Acta 1")
    with pytest.raises(services.NotYourMove):
        services.authorise(world.brand, other.id, details, by=other_world.steward)
    with pytest.raises(services.NotYourMove):
        services.change_authorisation(world.membership, BrandMembershipStatus.SUSPENDED, by=world.producer, reason="x")
    assert db.session.scalar(db.select(db.func.count(BrandMembership.id)).where(BrandMembership.organisation_id == other.id)) == 0
    services.authorise(world.brand, other.id, details, by=world.staff)


def test_staff_can_open_a_brands_steward_page_but_other_producers_cannot(client, world, login_as):
    login_as("producer")
    assert client.get(f"/steward/brands/{world.brand.slug}").status_code == 404
    assert client.get("/steward/brands/").status_code == 200


def test_the_steward_edits_the_dates_of_an_authorisation(client, world):
    sign_in(client, world.steward)
    url = f"/steward/brands/{world.brand.slug}/authorisations/{world.membership.id}"
    assert "Acta N° 1-2020" in client.get(url).get_data(as_text=True)
    client.post(url, data={"resolution": "Acta N° 2-2025", "authorised_from": "2020-01-01", "authorised_until": "2030-12-31"})
    db.session.refresh(world.membership)
    assert str(world.membership.authorised_until) == "2030-12-31"
    assert world.membership.authorised_by_resolution == "Acta N° 2-2025"


def test_organisation_kind_does_not_matter_for_members(world):
    assert world.member_org.kind == OrganisationKind.INDIVIDUAL
    assert services.current_authorisation(world.brand.id, world.member_org.id) is not None
