"""The listing state machine: every move in the table works for its mover and no one else;
every move not in the table is refused by move_listing() and changes nothing."""
from itertools import product as pairs

import pytest

from marketplace import audit
from marketplace.brands.errors import AlreadyDecided, NotYourMove, OwnListing, ReasonRequired
from marketplace.brands.listings import move_listing
from marketplace.brands.models import LISTING_TRANSITIONS, BrandListing, ListingState, Mover
from marketplace.extensions import db
from marketplace.status import IllegalTransition

from .. import factories

ALLOWED = [(current, target, mover) for current, moves in LISTING_TRANSITIONS.items() for target, mover in moves.items()]
FORBIDDEN = [(current, target) for current, target in pairs(ListingState, ListingState)
             if target not in LISTING_TRANSITIONS.get(current, {})]


def actor(world, mover: Mover):
    return {Mover.PRODUCER: world.producer, Mover.STEWARD: world.steward, Mover.STAFF: world.staff, Mover.SYSTEM: None}[mover]


def test_the_table_covers_the_issue_flow():
    assert LISTING_TRANSITIONS[ListingState.DRAFT][ListingState.SUBMITTED] == Mover.PRODUCER
    assert LISTING_TRANSITIONS[ListingState.SUBMITTED][ListingState.STEWARD_CHECKED] == Mover.STEWARD
    assert LISTING_TRANSITIONS[ListingState.STEWARD_CHECKED][ListingState.APPROVED] == Mover.STAFF
    assert len(ALLOWED) + len(FORBIDDEN) == len(ListingState) ** 2


@pytest.mark.parametrize(("current", "target", "mover"), ALLOWED, ids=[f"{c}->{t}" for c, t, _ in ALLOWED])
def test_every_allowed_move_works_for_its_mover_and_is_audited(world, current, target, mover):
    listing = factories.brand_listing(world.product, world.brand, current)
    by = actor(world, mover)
    move_listing(listing, target, by, reason="Falta el número de lote en la etiqueta.")
    db.session.commit()
    db.session.refresh(listing)
    assert listing.state == target
    [event] = audit.history(listing)
    assert event.action == f"brand_listing.{target.value}"
    assert event.details["previous"] == current.value and event.details["mover"] == mover.value
    assert event.actor_id == (by.id if by else None)


@pytest.mark.parametrize(("current", "target", "mover"), [m for m in ALLOWED if m[2] != Mover.SYSTEM],
                         ids=[f"{c}->{t}" for c, t, m in ALLOWED if m != Mover.SYSTEM])
def test_every_allowed_move_is_refused_to_the_other_roles(world, current, target, mover):
    listing = factories.brand_listing(world.product, world.brand, current)
    for other in {Mover.PRODUCER, Mover.STEWARD, Mover.STAFF} - {mover}:
        with pytest.raises(NotYourMove):
            move_listing(listing, target, actor(world, other), reason="motivo")
    db.session.rollback()
    assert db.session.get(BrandListing, listing.id).state == current
    assert audit.history(listing) == []


@pytest.mark.parametrize(("current", "target"), FORBIDDEN, ids=[f"{c}->{t}" for c, t in FORBIDDEN])
def test_every_forbidden_move_is_refused_by_the_transition_function(world, current, target):
    listing = factories.brand_listing(world.product, world.brand, current)
    for by in (world.producer, world.steward, world.staff, None):
        with pytest.raises(IllegalTransition):
            move_listing(listing, target, by, reason="motivo")
    db.session.rollback()
    assert db.session.get(BrandListing, listing.id).state == current
    assert audit.history(listing) == []


@pytest.mark.parametrize("target", [ListingState.SENT_BACK, ListingState.REJECTED])
def test_sending_back_and_rejecting_need_a_reason(world, target):
    current = ListingState.SUBMITTED if target == ListingState.SENT_BACK else ListingState.STEWARD_CHECKED
    listing = factories.brand_listing(world.product, world.brand, current)
    by = world.steward if target == ListingState.SENT_BACK else world.staff
    with pytest.raises(ReasonRequired):
        move_listing(listing, target, by, reason="   ")
    assert listing.state == current


def test_nobody_checks_or_approves_a_listing_of_their_own_organisation(world):
    factories.member(world.member_org, world.steward)
    factories.member(world.member_org, world.staff)
    submitted = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    with pytest.raises(OwnListing):
        move_listing(submitted, ListingState.STEWARD_CHECKED, world.steward)
    other = factories.complete_product(world.member_org)
    checked = factories.brand_listing(other, world.brand, ListingState.STEWARD_CHECKED)
    with pytest.raises(OwnListing):
        move_listing(checked, ListingState.APPROVED, world.staff)
    db.session.rollback()
    assert db.session.get(BrandListing, submitted.id).state == ListingState.SUBMITTED
    assert db.session.get(BrandListing, checked.id).state == ListingState.STEWARD_CHECKED


def test_a_steward_of_another_brand_cannot_check(world, other_world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.SUBMITTED)
    with pytest.raises(NotYourMove):
        move_listing(listing, ListingState.STEWARD_CHECKED, other_world.steward)


def test_a_move_expecting_a_state_that_changed_meanwhile_is_refused(world):
    listing = factories.brand_listing(world.product, world.brand, ListingState.STEWARD_CHECKED)
    colleague = factories.user(is_staff=True, name="Rosa Colega")
    move_listing(listing, ListingState.APPROVED, colleague, expected=ListingState.STEWARD_CHECKED)
    db.session.commit()
    with pytest.raises(AlreadyDecided) as caught:
        move_listing(listing, ListingState.REJECTED, world.staff, reason="No", expected=ListingState.STEWARD_CHECKED)
    assert caught.value.by.name == "Rosa Colega"
    db.session.rollback()
    assert db.session.get(BrandListing, listing.id).state == ListingState.APPROVED
