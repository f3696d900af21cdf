"""Staff verify or reject organisations; admins manage who is staff."""
from marketplace import audit
from marketplace.extensions import db
from marketplace.producers.models import VerificationStatus

from .. import factories


def waiting(name="Asociación Away Sumaq", owner_email="marcelina@example.pe", locale="es"):
    owner = factories.user(email=owner_email, locale=locale)
    return factories.organisation(owner=owner, name=name, status=VerificationStatus.UNVERIFIED, district_code="081302")


def test_the_queue_lists_waiting_organisations_oldest_first(client, login_as):
    first = waiting("Primera")
    second = waiting("Segunda", owner_email="b@example.pe")
    factories.organisation(name="Ya verificada")
    login_as("staff")
    page = client.get("/staff/").get_data(as_text=True)
    assert page.index("Primera") < page.index("Segunda")
    assert "Ya verificada" not in page
    assert first.id != second.id


def test_the_staff_home_links_every_list_the_team_keeps(client, login_as):
    login_as("staff")
    page = client.get("/staff/").get_data(as_text=True)
    for path in ("/staff/catalogue/categories", "/staff/catalogue/heritage", "/staff/brands/", "/staff/brands/listings",
                 "/staff/emails/failed"):
        assert f'href="{path}' in page
        assert client.get(path).status_code == 200


def test_staff_verify_an_organisation_and_the_owner_is_told(client, login_as, outbox):
    organisation = waiting()
    staff = login_as("staff")
    response = client.post(f"/staff/organisations/{organisation.id}/verify", data={"reason": ""})
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.status == VerificationStatus.VERIFIED and organisation.decided_at
    [event] = [e for e in audit.history(organisation) if e.action == "organisation.verified"]
    assert event.actor_id == staff.id and event.occurred_at.tzinfo is not None
    [email] = outbox("marcelina@example.pe")
    assert "ya está verificada" in email.subject
    assert "Asociación Away Sumaq" in client.get("/").get_data(as_text=True)


def test_rejecting_needs_a_reason_which_is_recorded_and_emailed(client, login_as, outbox):
    organisation = waiting(locale="en")
    login_as("staff")
    missing = client.post(f"/staff/organisations/{organisation.id}/reject", data={"reason": "  "})
    assert missing.status_code == 422
    assert "Escribe el motivo del rechazo" in missing.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.status == VerificationStatus.UNVERIFIED

    client.post(f"/staff/organisations/{organisation.id}/reject", data={"reason": "El RUC no corresponde a la asociación."})
    db.session.refresh(organisation)
    assert organisation.status == VerificationStatus.REJECTED
    assert audit.history(organisation)[-1].reason == "El RUC no corresponde a la asociación."
    [email] = outbox("marcelina@example.pe")
    assert email.locale == "en" and "El RUC no corresponde" in email.body


def test_a_second_decision_from_another_tab_changes_nothing(client, login_as, outbox):
    organisation = waiting()
    other_staff = factories.user(is_staff=True, name="Sofía Ramos")
    from marketplace.staff.services import decide_verification

    decide_verification(organisation, verify=True, by=other_staff)
    login_as("staff")
    page = client.post(f"/staff/organisations/{organisation.id}/reject", data={"reason": "Duplicada"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Ya lo decidió Sofía Ramos" in page
    db.session.refresh(organisation)
    assert organisation.status == VerificationStatus.VERIFIED
    assert len(outbox("marcelina@example.pe")) == 1


def test_the_review_page_shows_the_history(client, login_as):
    organisation = waiting()
    login_as("staff")
    client.post(f"/staff/organisations/{organisation.id}/reject", data={"reason": "Falta la historia en detalle"})
    page = client.get(f"/staff/organisations/{organisation.id}").get_data(as_text=True)
    assert "organisation.rejected" in page and "Falta la historia en detalle" in page


def test_producers_and_visitors_cannot_use_staff_pages(client, login_as):
    organisation = waiting()
    assert client.get("/staff/").status_code == 302  # to sign in
    login_as("producer")
    assert client.get("/staff/").status_code == 403
    assert client.post(f"/staff/organisations/{organisation.id}/verify", data={}).status_code == 403
    db.session.refresh(organisation)
    assert organisation.status == VerificationStatus.UNVERIFIED


def test_an_unknown_organisation_is_404_for_staff(client, login_as):
    login_as("staff")
    assert client.get("/staff/organisations/999999").status_code == 404


def test_admins_grant_and_remove_staff(client, login_as):
    person = factories.user(email="nuevo@example.pe", name="Nuevo Integrante")
    login_as("admin")
    client.post("/staff/team", data={"email": "nuevo@example.pe"})
    db.session.refresh(person)
    assert person.is_staff
    client.post(f"/staff/team/remove/{person.id}", data={})
    db.session.refresh(person)
    assert not person.is_staff
    unknown = client.post("/staff/team", data={"email": "nadie@example.pe"})
    assert unknown.status_code == 422 and "No hay ninguna cuenta" in unknown.get_data(as_text=True)


def test_staff_who_are_not_admins_cannot_manage_the_team(client, login_as):
    login_as("staff")
    assert client.get("/staff/team").status_code == 403
