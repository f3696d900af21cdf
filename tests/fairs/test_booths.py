"""A producer asks for a booth at an upcoming fair; staff accept it with a number or decline it
with a reason; the producer is told; others' booths are not found."""
from datetime import date, timedelta

from marketplace.audit import AuditEvent
from marketplace.extensions import db
from marketplace.fairs.models import Booth, BoothStatus
from marketplace.producers.models import VerificationStatus
from tests import factories
from tests.orders.shop import text


def booths():
    db.session.expire_all()
    return list(db.session.scalars(db.select(Booth)))


def actions(booth):
    return list(db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.subject_type == "Booth", AuditEvent.subject_id == booth.id).order_by(AuditEvent.id)))


def test_a_producer_asks_to_join_an_upcoming_fair(client, login_as):
    fair = factories.fair(name="Peruvian Gift Show 2027")
    producer = login_as("producer")
    assert "Peruvian Gift Show 2027" in text(client.get("/producer/fairs/"))
    response = client.post(f"/producer/fairs/{fair.id}/join", data={"organisation": producer.organisation.id,
                                                                    "whatsapp": "987 654 321"})
    assert response.status_code == 302
    [booth] = booths()
    assert (booth.status, booth.organisation_id, booth.whatsapp) == (BoothStatus.REQUESTED, producer.organisation.id, "+51987654321")
    assert len(booth.code) == 6
    assert actions(booth) == ["booth.requested"]
    assert "solicitado" in text(client.get("/producer/fairs/"))


def test_joining_a_fair_that_has_started_or_ended_writes_nothing_and_says_why(client, login_as):
    past = factories.fair(name="Expoalimentaria 2025", starts_on=date.today() - timedelta(days=400))
    current = factories.fair(name="Feria de hoy", starts_on=date.today())
    producer = login_as("producer")
    for fair in (past, current):
        response = client.post(f"/producer/fairs/{fair.id}/join", data={"organisation": producer.organisation.id})
        assert response.status_code == 422
        assert "ya empezó o terminó" in text(response)
    assert booths() == []


def test_an_unverified_organisation_cannot_ask_yet(client, login_as):
    fair = factories.fair()
    producer = login_as("producer")
    producer.organisation.status = VerificationStatus.UNVERIFIED
    db.session.commit()
    response = client.post(f"/producer/fairs/{fair.id}/join", data={"organisation": producer.organisation.id})
    assert response.status_code == 422 and "todavía no está verificada" in text(response)
    assert booths() == []


def test_asking_twice_keeps_one_request(client, login_as):
    fair = factories.fair()
    producer = login_as("producer")
    for _ in range(2):
        client.post(f"/producer/fairs/{fair.id}/join", data={"organisation": producer.organisation.id})
    assert len(booths()) == 1


def test_a_producer_cannot_ask_for_someone_elses_organisation(client, login_as):
    fair = factories.fair()
    other = factories.organisation()
    login_as("producer")
    assert client.post(f"/producer/fairs/{fair.id}/join", data={"organisation": other.id}).status_code == 404
    assert booths() == []


def test_staff_accept_a_request_with_a_booth_number_and_the_producer_is_told(client, login_as, outbox):
    owner = factories.user(email="lucia@inti.pe")
    org = factories.organisation(owner=owner, name="Taller Inti Pallay")
    fair = factories.fair(name="Ruraq Maki 2027")
    booth = factories.booth(fair, org, status=BoothStatus.REQUESTED, number=None)
    login_as("staff")
    response = client.post(f"/staff/booths/{booth.id}/decision", data={"accept": "1", "number": "A-02", "reason": ""})
    assert response.status_code == 302
    [booth] = booths()
    assert (booth.status, booth.number) == (BoothStatus.ACCEPTED, "A-02") and booth.decided_at is not None
    assert actions(booth) == ["booth.accepted"]
    [email] = outbox("lucia@inti.pe")
    assert "Ruraq Maki 2027" in email.subject and "A-02" in email.body


def test_declining_needs_a_reason_and_then_tells_the_producer(client, login_as, outbox):
    owner = factories.user(email="teodora@qori.pe")
    booth = factories.booth(factories.fair(), factories.organisation(owner=owner), status=BoothStatus.REQUESTED)
    login_as("staff")
    response = client.post(f"/staff/booths/{booth.id}/decision", data={"decline": "1", "reason": ""}, follow_redirects=True)
    assert "Escribe el motivo" in text(response)
    assert booths()[0].status == BoothStatus.REQUESTED and outbox() == [] and actions(booth) == []
    client.post(f"/staff/booths/{booth.id}/decision", data={"decline": "1", "reason": "El pabellón de textiles está lleno."})
    [booth] = booths()
    assert (booth.status, booth.decision_reason) == (BoothStatus.DECLINED, "El pabellón de textiles está lleno.")
    [email] = outbox("teodora@qori.pe")
    assert "El pabellón de textiles está lleno." in email.body


def test_a_decided_request_is_not_decided_again(client, login_as):
    booth = factories.booth(status=BoothStatus.ACCEPTED)
    login_as("staff")
    response = client.post(f"/staff/booths/{booth.id}/decision", data={"decline": "1", "reason": "no"}, follow_redirects=True)
    assert "ya fue decidida" in text(response)
    assert booths()[0].status == BoothStatus.ACCEPTED


def test_staff_add_a_producer_to_a_fair_directly(client, login_as, outbox):
    owner = factories.user(email="basilia@warmi.pe")
    org = factories.organisation(owner=owner, name="Warmi Ampara")
    fair = factories.fair()
    login_as("staff")
    assert "Warmi Ampara" in text(client.get(f"/staff/fairs/{fair.id}"))
    response = client.post(f"/staff/fairs/{fair.id}/booths", data={"organisation": org.id, "number": "B-08", "whatsapp": ""})
    assert response.status_code == 302
    [booth] = booths()
    assert (booth.status, booth.number) == (BoothStatus.ACCEPTED, "B-08")
    assert len(outbox("basilia@warmi.pe")) == 1
    again = client.post(f"/staff/fairs/{fair.id}/booths", data={"organisation": org.id, "number": "B-09"})
    assert again.status_code == 422 and "ya tiene un stand" in text(again)
    assert len(booths()) == 1


def test_staff_cannot_add_an_unverified_producer(client, login_as):
    org = factories.organisation(status=VerificationStatus.UNVERIFIED)
    fair = factories.fair()
    login_as("staff")
    response = client.post(f"/staff/fairs/{fair.id}/booths", data={"organisation": org.id, "number": "B-1"})
    assert response.status_code == 422 and "Elige un productor verificado" in text(response)
    assert booths() == []


def test_another_producers_booth_and_its_card_are_not_found(client, login_as):
    booth = factories.booth()
    login_as("producer")
    for path in ("", "/card", "/sheet", "/card.png", "/card.pdf", "/sheet.png", "/sheet.pdf"):
        assert client.get(f"/producer/fairs/booths/{booth.id}{path}").status_code == 404, path
    assert client.get("/producer/fairs/booths/999999").status_code == 404


def test_a_booth_not_yet_accepted_has_no_card(client, login_as):
    producer = login_as("producer")
    booth = factories.booth(org=producer.organisation, status=BoothStatus.REQUESTED)
    assert client.get(f"/producer/fairs/booths/{booth.id}").status_code == 200
    assert client.get(f"/producer/fairs/booths/{booth.id}/card.png").status_code == 404
