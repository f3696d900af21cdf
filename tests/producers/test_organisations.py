"""A producer registers an organisation, edits it and invites members."""
import re

from marketplace import audit
from marketplace.extensions import db
from marketplace.producers.models import Membership, MemberRole, Organisation, OrganisationKind, VerificationStatus

from .. import factories

VALID = {
    "name": "Tejedoras de Mórrope",
    "kind": "association",
    "region": "14",
    "province": "1403",
    "district": "140306",
    "ruc": "20601234565",
    "dni": "41234567",
    "rna_number": "RNA-LAM-0042",
    "women_led": "y",
    "story_es": "Hilamos algodón nativo pardo y crema en telar de cintura.",
    "story_en": "",
}


def count_organisations() -> int:
    return db.session.scalar(db.select(db.func.count(Organisation.id)))


def test_a_producer_creates_an_unverified_organisation_and_owns_it(client, login_as):
    user = login_as("buyer")
    response = client.post("/producer/organisations/new", data=VALID)
    assert response.status_code == 302
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.name == VALID["name"]))
    assert organisation.status == VerificationStatus.UNVERIFIED
    assert organisation.kind == OrganisationKind.ASSOCIATION
    assert (organisation.district_code, organisation.region_code) == ("140306", "14")
    assert organisation.district.name == "Mórrope"
    assert organisation.women_led and organisation.ruc == "20601234565" and organisation.dni == "41234567"
    assert organisation.slug == "tejedoras-de-morrope"
    [membership] = organisation.memberships
    assert membership.user_id == user.id and membership.role == MemberRole.OWNER
    assert [e.action for e in audit.history(organisation)] == ["organisation.created"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "sin verificar" in page and "nada de ella es público" in page


def test_a_mistyped_ruc_is_refused_and_the_form_keeps_what_was_typed(client, login_as):
    login_as("buyer")
    response = client.post("/producer/organisations/new", data={**VALID, "ruc": "20601234566"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ese RUC no es válido" in page
    assert 'value="20601234566"' in page
    assert "Hilamos algodón nativo pardo" in page
    assert count_organisations() == 0


def test_ruc_prefix_length_and_dni_are_checked(client, login_as):
    login_as("buyer")
    assert "empieza por 10, 15, 17 o 20" in client.post("/producer/organisations/new", data={**VALID, "ruc": "30601234565"}).get_data(as_text=True)
    assert "11 dígitos" in client.post("/producer/organisations/new", data={**VALID, "ruc": "2060123456"}).get_data(as_text=True)
    assert "Ese DNI no es válido" in client.post("/producer/organisations/new", data={**VALID, "dni": "412345678"}).get_data(as_text=True)
    assert count_organisations() == 0


def test_a_district_outside_the_chosen_region_is_refused(client, login_as):
    login_as("buyer")
    # Chinchero (Cusco) with Lambayeque chosen as the region.
    response = client.post("/producer/organisations/new", data={**VALID, "district": "081302"})
    assert response.status_code == 422
    assert "no está en el departamento elegido" in response.get_data(as_text=True)
    unknown = client.post("/producer/organisations/new", data={**VALID, "district": "149999"})
    assert "Ese distrito no existe" in unknown.get_data(as_text=True)
    assert count_organisations() == 0


def test_an_overlong_story_or_a_missing_spanish_story_is_refused(client, login_as):
    login_as("buyer")
    long_story = client.post("/producer/organisations/new", data={**VALID, "story_es": "a" * 5001})
    assert "hasta 5000 caracteres" in long_story.get_data(as_text=True)
    missing = client.post("/producer/organisations/new", data={**VALID, "story_es": "", "story_en": "Only English"})
    assert "en español" in missing.get_data(as_text=True)
    assert "Only English" in missing.get_data(as_text=True)
    assert count_organisations() == 0


def test_choosing_a_region_without_javascript_shows_its_provinces_and_saves_nothing(client, login_as):
    login_as("buyer")
    response = client.post("/producer/organisations/new", data={**VALID, "province": "", "district": "", "refresh_places": "1"})
    page = response.get_data(as_text=True)
    assert '<option value="1401">Chiclayo</option>' in page
    assert 'value="Tejedoras de Mórrope"' in page
    assert count_organisations() == 0


def test_place_lookups_for_the_pickers(client):
    provinces = client.get("/places/provinces?region=21").get_json()
    assert {"code": "2101", "name": "Puno"} in provinces
    districts = client.get("/places/districts?province=2101").get_json()
    assert {"code": "210103", "name": "Amantani"} in districts or any(d["code"] == "210103" for d in districts)


def test_the_owner_edits_the_organisation(client, login_as):
    user = login_as("producer")
    organisation = user.organisation
    form = client.get(f"/producer/organisations/{organisation.id}/edit").get_data(as_text=True)
    assert 'value="140306" selected' in form or '<option selected value="140306">' in form
    response = client.post(f"/producer/organisations/{organisation.id}/edit",
                           data={**VALID, "name": "Nuevo nombre", "story_en": "We weave native cotton."})
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.name == "Nuevo nombre" and organisation.story_en == "We weave native cotton."


def test_the_owner_records_how_many_women_and_men_are_members(client, login_as):
    user = login_as("producer")
    organisation = user.organisation
    url = f"/producer/organisations/{organisation.id}/edit"
    client.post(url, data={**VALID, "members_women": "23", "members_men": "4"})
    db.session.refresh(organisation)
    assert (organisation.members_women, organisation.members_men) == (23, 4)
    assert "23 mujeres, 4 hombres" in client.get(f"/producer/organisations/{organisation.id}").get_data(as_text=True)

    refused = client.post(url, data={**VALID, "members_women": "-3", "members_men": "muchos"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Escribe un número entre 0 y 100" in page and 'value="-3"' in page
    assert "Not a valid" not in page
    db.session.refresh(organisation)
    assert (organisation.members_women, organisation.members_men) == (23, 4)

    client.post(url, data={**VALID, "members_women": "", "members_men": ""})  # not recorded: counted by members
    db.session.refresh(organisation)
    assert (organisation.members_women, organisation.members_men) == (None, None)


def test_a_producer_cannot_open_another_organisations_pages(client, login_as):
    login_as("producer")
    other = factories.organisation(owner=factories.user())
    assert client.get(f"/producer/organisations/{other.id}").status_code == 404
    assert client.get(f"/producer/organisations/{other.id}/edit").status_code == 404
    assert client.post(f"/producer/organisations/{other.id}/edit", data=VALID).status_code == 404
    assert client.post(f"/producer/organisations/{other.id}/invite", data={"email": "x@example.pe"}).status_code == 404
    db.session.refresh(other)
    assert other.name != VALID["name"]


def test_a_plain_member_can_see_but_not_edit(client, login_as):
    user = login_as("buyer")
    organisation = factories.organisation(owner=factories.user())
    factories.member(organisation, user)
    assert client.get(f"/producer/organisations/{organisation.id}").status_code == 200
    assert client.get(f"/producer/organisations/{organisation.id}/edit").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/producer/organisations/new")
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_the_owner_invites_a_member_who_joins_after_signing_up(app, client, login_as, outbox):
    owner = login_as("producer")
    organisation = owner.organisation
    response = client.post(f"/producer/organisations/{organisation.id}/invite", data={"email": "Maria@Example.pe"})
    assert response.status_code == 302
    [email] = outbox("maria@example.pe")
    assert organisation.name in email.subject
    link = re.search(r"http://localhost(/producer/invitations/\S+)", email.body).group(1)

    invited = app.test_client()
    landing = invited.get(link).get_data(as_text=True)
    assert "maria@example.pe" in landing
    invited.post("/account/sign-up", data={"name": "María", "email": "maria@example.pe", "password": "tejemos juntas 2026",
                                           "next": link})
    confirmation = re.search(r"http://localhost(/account/sign-up/\S+)", outbox("maria@example.pe")[-1].body).group(1)
    assert invited.post(confirmation, data={}).headers["Location"] == link  # back to the invitation
    joined = invited.post(link, data={})
    assert joined.status_code == 302
    membership = db.session.scalar(db.select(Membership).where(Membership.organisation_id == organisation.id, Membership.role == MemberRole.MEMBER))
    assert membership.user.email == "maria@example.pe"
    used = invited.get(link, follow_redirects=True).get_data(as_text=True)
    assert "ya se usó" in used


def test_an_invitation_for_another_email_cannot_be_accepted(app, client, login_as, outbox):
    owner = login_as("producer")
    client.post(f"/producer/organisations/{owner.organisation.id}/invite", data={"email": "maria@example.pe"})
    link = re.search(r"http://localhost(/producer/invitations/\S+)", outbox("maria@example.pe")[0].body).group(1)
    stranger = app.test_client()
    stranger.post("/account/sign-up", data={"name": "Otra", "email": "otra@example.pe", "password": "tejemos juntas 2026"})
    confirmation = re.search(r"http://localhost(/account/sign-up/\S+)", outbox("otra@example.pe")[-1].body).group(1)
    stranger.post(confirmation, data={})
    page = stranger.post(link, data={}, follow_redirects=True).get_data(as_text=True)
    assert "para otro correo" in page
    assert len(owner.organisation.memberships) == 1


def test_inviting_an_existing_member_says_so(client, login_as, outbox):
    owner = login_as("producer")
    page = client.post(f"/producer/organisations/{owner.organisation.id}/invite", data={"email": owner.email}, follow_redirects=True)
    assert "ya es integrante" in page.get_data(as_text=True)
    assert outbox() == []


def test_a_rejected_organisation_asks_for_review_again(client, login_as):
    owner = login_as("producer")
    organisation = owner.organisation
    organisation.status = VerificationStatus.REJECTED
    organisation.status_reason = "Falta el RUC"
    db.session.commit()
    page = client.get(f"/producer/organisations/{organisation.id}").get_data(as_text=True)
    assert "Falta el RUC" in page
    client.post(f"/producer/organisations/{organisation.id}/review", data={})
    db.session.refresh(organisation)
    assert organisation.status == VerificationStatus.UNVERIFIED
    assert audit.history(organisation)[-1].action == "organisation.unverified"
