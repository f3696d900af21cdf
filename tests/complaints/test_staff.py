"""Staff answer a sheet once: the answer, who gave it and when are recorded, audited and emailed
to the consumer, and can never be changed. Nobody else reaches staff's pages."""
import pytest

from marketplace.audit import history
from marketplace.complaints import services
from marketplace.complaints.models import AnswerAlreadyGiven, Complaint, ComplaintStatus
from marketplace.extensions import db
from tests import factories

from .sheets import filed, sheet_link, text

ANSWER = "Le enviamos una chalina nueva por Olva Courier el lunes; no tiene que devolver la otra."


def reloaded(sheet: Complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, sheet.id)


def test_staff_answer_a_sheet_and_the_consumer_is_emailed(client, login_as, outbox):
    sheet = filed()
    staff = login_as("staff", name="Carmen Staff")
    page = text(client.get(f"/staff/complaints/{sheet.code}"))
    assert "Ana Quispe Mamani" in page and "Llegó con un hilo suelto." in page and "Enviar la respuesta" in page

    response = client.post(f"/staff/complaints/{sheet.code}/answer", data={"answer": ANSWER})

    assert response.status_code == 302
    sheet = reloaded(sheet)
    assert sheet.status == ComplaintStatus.ANSWERED and sheet.answer == ANSWER
    assert sheet.answered_by_id == staff.id and sheet.answered_at is not None and sheet.answered_on_time
    [event] = [e for e in history(sheet) if e.action == "complaint.answered"]
    assert event.actor_id == staff.id and event.details["answer"] == ANSWER and event.details["on_time"] is True
    email = outbox("ana.compradora@example.pe")[-1]
    assert email.kind == "complaint_answered" and sheet.code in email.subject and ANSWER in email.body
    page = text(client.get(f"/staff/complaints/{sheet.code}"))
    assert "Respondió Carmen Staff" in page and "Enviar la respuesta" not in page
    consumer_view = text(client.application.test_client().get(sheet_link(email.body)))
    assert ANSWER in consumer_view


def test_an_answer_cannot_be_changed_afterwards(client, login_as, outbox):
    sheet = filed()
    login_as("staff")
    client.post(f"/staff/complaints/{sheet.code}/answer", data={"answer": ANSWER})

    response = client.post(f"/staff/complaints/{sheet.code}/answer", data={"answer": "Otra respuesta"},
                           follow_redirects=True)

    assert "ya respondió esta hoja. La respuesta no se puede cambiar." in text(response)
    assert reloaded(sheet).answer == ANSWER
    assert len([e for e in outbox() if e.kind == "complaint_answered"]) == 1
    sheet = reloaded(sheet)
    with pytest.raises(AnswerAlreadyGiven):
        sheet.answer = "Cambiada a mano"
    db.session.rollback()


def test_the_service_refuses_a_second_answer_and_non_staff(app):
    sheet, staff = filed(), factories.user(is_staff=True)
    with pytest.raises(services.NotStaff):
        services.answer_complaint(sheet, ANSWER, by=factories.user())
    services.answer_complaint(sheet, ANSWER, by=staff)

    with pytest.raises(services.AlreadyAnswered):
        services.answer_complaint(reloaded(sheet), "Otra", by=staff)
    assert reloaded(sheet).answer == ANSWER


def test_an_empty_answer_says_what_to_write(client, login_as):
    sheet = filed()
    login_as("staff")

    response = client.post(f"/staff/complaints/{sheet.code}/answer", data={"answer": "   "})

    assert response.status_code == 422
    assert "Escribe la respuesta: qué hicimos o haremos, y por qué." in text(response)
    assert reloaded(sheet).status == ComplaintStatus.RECEIVED


def test_answered_sheets_have_their_own_list(client, login_as):
    waiting, answered = filed(consumer_name="Espera Respuesta"), filed(consumer_name="Ya Respondida")
    services.answer_complaint(answered, ANSWER, by=factories.user(is_staff=True))
    login_as("staff")

    to_answer = text(client.get("/staff/complaints/"))
    done = text(client.get("/staff/complaints/?answered=1"))

    assert "Espera Respuesta" in to_answer and "Ya Respondida" not in to_answer
    assert "Ya Respondida" in done and "Espera Respuesta" not in done and "Respondida el" in done
    assert waiting.code in to_answer


@pytest.mark.parametrize("role", ["buyer", "producer"])
def test_staff_pages_are_forbidden_to_everyone_else(client, login_as, role):
    sheet = filed()
    login_as(role)

    assert client.get("/staff/complaints/").status_code == 403
    assert client.get(f"/staff/complaints/{sheet.code}").status_code == 403
    assert client.post(f"/staff/complaints/{sheet.code}/answer", data={"answer": ANSWER}).status_code == 403
    assert client.get(f"/libro-de-reclamaciones/hojas/{sheet.code}").status_code == 404
    assert reloaded(sheet).status == ComplaintStatus.RECEIVED


def test_staff_pages_send_visitors_to_sign_in(client):
    sheet = filed()

    assert client.get("/staff/complaints/").status_code == 302
    response = client.post(f"/staff/complaints/{sheet.code}/answer", data={"answer": ANSWER})
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
    assert reloaded(sheet).status == ComplaintStatus.RECEIVED


def test_unknown_sheets_are_not_found(client, login_as):
    login_as("staff")

    assert client.get("/staff/complaints/2026-999999").status_code == 404
    assert client.get("/staff/complaints/no-es-un-numero").status_code == 404
    assert client.get("/libro-de-reclamaciones/hojas/2026-999999").status_code == 404


def test_the_staff_lists_make_the_same_number_of_queries_for_more_sheets(client, login_as):
    from sqlalchemy import event

    def count_queries(path: str) -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    staff = factories.user(is_staff=True)
    services.answer_complaint(filed(), ANSWER, by=staff)
    filed()
    login_as("staff")
    waiting, answered = count_queries("/staff/complaints/"), count_queries("/staff/complaints/?answered=1")
    for _ in range(4):
        services.answer_complaint(filed(), ANSWER, by=staff)
        filed()

    assert (count_queries("/staff/complaints/"), count_queries("/staff/complaints/?answered=1")) == (waiting, answered)
