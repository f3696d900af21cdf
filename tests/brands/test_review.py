"""Stewards give the first check, staff approve or reject, one at a time or in bulk."""
from datetime import timedelta

from marketplace import audit
from marketplace.brands import services
from marketplace.brands.models import BrandListing, ListingState
from marketplace.clock import utcnow
from marketplace.extensions import db

from .. import factories
from .conftest import sign_in


def test_the_steward_sees_the_queue_and_checks_a_listing(client, world, outbox):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    sign_in(client, world.steward)
    page = client.get(f"/steward/brands/{world.brand.slug}").get_data(as_text=True)
    assert "Miel de algarrobo 500 g" in page
    review = client.get(f"/steward/brands/{world.brand.slug}/listings/{listing.id}").get_data(as_text=True)
    assert "Solo miel de apiarios del bosque seco" in review  # the usage rules beside the listing
    assert "Acta N° 1-2020" in review  # the producer's authorisation
    response = client.post(f"/steward/brands/{world.brand.slug}/listings/{listing.id}/check",
                           data={"expected": "submitted", "reason": ""})
    assert response.status_code == 302
    db.session.refresh(listing)
    assert listing.state == ListingState.STEWARD_CHECKED and listing.checked_by_id == world.steward.id
    assert "revisó" in outbox(world.producer.email)[-1].subject


def test_the_steward_sends_back_with_a_reason_only(client, world, outbox):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    sign_in(client, world.steward)
    url = f"/steward/brands/{world.brand.slug}/listings/{listing.id}/send-back"
    missing = client.post(url, data={"expected": "submitted", "reason": " "})
    assert missing.status_code == 422 and "Escribe qué debe corregir" in missing.get_data(as_text=True)
    db.session.refresh(listing)
    assert listing.state == ListingState.SUBMITTED
    client.post(url, data={"expected": "submitted", "reason": "La etiqueta no muestra el lote."})
    db.session.refresh(listing)
    assert listing.state == ListingState.SENT_BACK and listing.reason == "La etiqueta no muestra el lote."
    [email] = outbox(world.producer.email)
    assert "La etiqueta no muestra el lote." in email.body


def test_a_steward_of_another_brand_gets_404_and_nothing_changes(client, world, other_world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    sign_in(client, other_world.steward)
    assert client.get(f"/steward/brands/{world.brand.slug}").status_code == 404
    assert client.get(f"/steward/brands/{world.brand.slug}/listings/{listing.id}").status_code == 404
    assert client.post(f"/steward/brands/{world.brand.slug}/listings/{listing.id}/check",
                       data={"expected": "submitted"}).status_code == 404
    # Nor through their own brand's address.
    assert client.get(f"/steward/brands/{other_world.brand.slug}/listings/{listing.id}").status_code == 404
    assert client.post(f"/steward/brands/{world.brand.slug}/authorisations/{world.membership.id}/suspend",
                       data={"reason": "x", "expected": "active"}).status_code == 404
    db.session.refresh(listing)
    assert listing.state == ListingState.SUBMITTED
    assert audit.history(listing) == []


def test_staff_approve_and_the_producer_and_steward_are_told_in_their_language(client, world, outbox):
    world.producer.locale = "en"
    db.session.commit()
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    sign_in(client, world.staff)
    response = client.post(f"/staff/brands/listings/{listing.id}/approve", data={"expected": "steward_checked"})
    assert response.status_code == 302
    db.session.refresh(listing)
    assert listing.state == ListingState.APPROVED and listing.decided_by_id == world.staff.id
    [to_producer] = outbox(world.producer.email)
    assert to_producer.locale == "en" and to_producer.kind == "brand_listing_approved"
    assert outbox(world.steward.email)[-1].kind == "brand_listing_decided"
    assert services.seals_for_product(world.product) == [world.brand]


def test_a_rejection_needs_a_reason(client, world, outbox):
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    sign_in(client, world.staff)
    missing = client.post(f"/staff/brands/listings/{listing.id}/reject", data={"expected": "steward_checked", "reason": ""})
    assert missing.status_code == 422
    assert "Escribe el motivo del rechazo" in missing.get_data(as_text=True)
    db.session.refresh(listing)
    assert listing.state == ListingState.STEWARD_CHECKED and outbox(world.producer.email) == []
    client.post(f"/staff/brands/listings/{listing.id}/reject",
                data={"expected": "steward_checked", "reason": "La miel es de otra región."})
    db.session.refresh(listing)
    assert listing.state == ListingState.REJECTED
    assert "La miel es de otra región." in outbox(world.producer.email)[-1].body


def test_a_decision_from_another_tab_says_who_decided_and_overwrites_nothing(client, world, outbox):
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    colleague = factories.user(is_staff=True, name="Rosa Colega")
    services.decide_listing(listing, by=colleague, approve=True)
    sign_in(client, world.staff)
    page = client.post(f"/staff/brands/listings/{listing.id}/reject",
                       data={"expected": "steward_checked", "reason": "Duplicado"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Ya lo decidió Rosa Colega" in page
    db.session.refresh(listing)
    assert listing.state == ListingState.APPROVED and listing.decided_by_id == colleague.id
    assert len(outbox(world.producer.email)) == 1


def test_a_steward_check_from_another_tab_is_not_overwritten(client, world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    second = factories.user(name="Elena Damián")
    factories.steward(world.brand, second)
    services.steward_check(listing, by=second, meets_rules=False, reason="Falta foto de la etiqueta")
    sign_in(client, world.steward)
    page = client.post(f"/steward/brands/{world.brand.slug}/listings/{listing.id}/check",
                       data={"expected": "submitted"}, follow_redirects=True).get_data(as_text=True)
    assert "Ya lo decidió Elena Damián" in page
    db.session.refresh(listing)
    assert listing.state == ListingState.SENT_BACK


def test_staff_cannot_decide_on_their_own_organisations_listing(client, world):
    factories.member(world.member_org, world.staff)
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    sign_in(client, world.staff)
    page = client.post(f"/staff/brands/listings/{listing.id}/approve", data={"expected": "steward_checked"},
                       follow_redirects=True).get_data(as_text=True)
    assert "de tu propia organización" in page
    db.session.refresh(listing)
    assert listing.state == ListingState.STEWARD_CHECKED


def test_the_queue_is_oldest_first_and_filters_by_brand_and_region(client, world, other_world):
    now = utcnow()
    old = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED,
                                  submitted_at=now - timedelta(days=3))
    new_product = factories.complete_product(world.member_org, name_es="Miel multifloral 250 g")
    new = factories.brand_listing(new_product, world.brand, ListingState.STEWARD_CHECKED, submitted_at=now)
    cusco = factories.organisation(name="Tejedoras de Chinchero", district_code="081302")
    factories.authorisation(other_world.brand, cusco)
    textile = factories.complete_product(cusco, name_es="Lliclla de Chinchero")
    factories.brand_listing(textile, other_world.brand, ListingState.STEWARD_CHECKED, submitted_at=now - timedelta(days=1))
    factories.brand_listing(factories.complete_product(world.member_org, name_es="Miel aún en la marca"),
                            world.brand, ListingState.SUBMITTED)
    sign_in(client, world.staff)
    page = client.get("/staff/brands/listings").get_data(as_text=True)
    assert page.index("Miel de algarrobo 500 g") < page.index("Lliclla de Chinchero") < page.index("Miel multifloral 250 g")
    assert "Miel aún en la marca" not in page
    by_brand = client.get(f"/staff/brands/listings?brand={other_world.brand.id}").get_data(as_text=True)
    assert "Lliclla de Chinchero" in by_brand and "Miel de algarrobo" not in by_brand
    by_region = client.get("/staff/brands/listings?region=08").get_data(as_text=True)
    assert "Lliclla de Chinchero" in by_region and "Miel multifloral" not in by_region
    waiting_steward = client.get("/staff/brands/listings?state=submitted").get_data(as_text=True)
    assert "Miel aún en la marca" in waiting_steward
    assert old.id != new.id


def test_the_queue_page_makes_the_same_number_of_queries_for_more_listings(client, world):
    from sqlalchemy import event

    sign_in(client, world.staff)

    def count_queries():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/staff/brands/listings").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    one = count_queries()
    for n in range(4):
        product = factories.complete_product(world.member_org, name_es=f"Miel {n}")
        factories.brand_listing(product, world.brand, ListingState.STEWARD_CHECKED)
    assert count_queries() == one


def test_bulk_approval_decides_each_and_reports_what_someone_else_decided(client, world, outbox):
    products = [world.product] + [factories.complete_product(world.member_org, name_es=f"Miel {n}") for n in range(2)]
    listings = [factories.brand_listing(p, world.brand, ListingState.STEWARD_CHECKED) for p in products]
    colleague = factories.user(is_staff=True, name="Rosa Colega")
    services.decide_listing(listings[2], by=colleague, approve=False, reason="Fotos borrosas")
    sign_in(client, world.staff)
    page = client.post("/staff/brands/listings/approve", data={"listing": [str(l.id) for l in listings], "reason": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Decidiste 2 productos" in page and "ya lo decidió Rosa Colega" in page
    db.session.expire_all()
    states = [db.session.get(BrandListing, l.id).state for l in listings]
    assert states == [ListingState.APPROVED, ListingState.APPROVED, ListingState.REJECTED]


def test_bulk_rejection_needs_the_shared_reason(client, world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    sign_in(client, world.staff)
    page = client.post("/staff/brands/listings/reject", data={"listing": [str(listing.id)], "reason": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Escribe el motivo del rechazo" in page
    db.session.refresh(listing)
    assert listing.state == ListingState.STEWARD_CHECKED
    client.post("/staff/brands/listings/reject", data={"listing": [str(listing.id)], "reason": "No cumple el reglamento"})
    db.session.refresh(listing)
    assert listing.state == ListingState.REJECTED and listing.reason == "No cumple el reglamento"


def test_the_staff_listing_page_shows_the_whole_review_history(client, world):
    listing = services.claim_brand(world.product, world.brand, by=world.producer)
    services.submit_listing(listing, by=world.producer)
    services.steward_check(listing, by=world.steward, meets_rules=False, reason="Falta la foto de la etiqueta")
    services.submit_listing(listing, by=world.producer)
    services.steward_check(listing, by=world.steward, meets_rules=True)
    sign_in(client, world.staff)
    page = client.get(f"/staff/brands/listings/{listing.id}").get_data(as_text=True)
    for action in ("brand_listing.claimed", "brand_listing.submitted", "brand_listing.sent_back", "brand_listing.steward_checked"):
        assert f'data-action="{action}"' in page
    # Each event reads as a sentence: who (by e-mail, with their role), what, and why.
    assert f"{world.steward.email} (responsable de marca) pidió cambios en el uso de la marca" in page
    assert f"{world.producer.email} (productor) envió a revisión" in page
    assert "Falta la foto de la etiqueta" in page
    assert "Aprobar" in page  # it waits for staff


def test_producers_and_stewards_cannot_use_staff_pages(client, world):
    sign_in(client, world.steward)
    assert client.get("/staff/brands/").status_code == 403
    assert client.get("/staff/brands/listings").status_code == 403
    assert client.get(f"/staff/brands/{world.brand.id}").status_code == 403
