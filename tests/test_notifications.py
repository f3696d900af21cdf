"""Emails: kept in the outbox always, sent by SMTP when MAIL_SERVER is set, by a job after the commit;
an attempt that fails is tried again later, and the last failure waits for staff."""
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from marketplace.extensions import db
from marketplace.audit import AuditEvent
from marketplace.clock import utcnow
from marketplace.notifications import services
from marketplace.notifications.models import DeliveryStatus, OutboxEmail
from marketplace.notifications.services import send_email

from . import factories


class Collect(Sink):
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    handler = Collect()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, handler
    controller.stop()


def test_without_smtp_the_email_is_kept_in_the_outbox_and_logged(app, caplog):
    user = factories.user(email="rosa@example.pe", name="Rosa")
    with caplog.at_level("INFO", logger="marketplace.notifications.services"):
        send_email(user.email, "password_reset", locale="es", user=user, link="http://x/y", minutes=60)
        db.session.commit()
    email = db.session.scalar(db.select(OutboxEmail))
    assert email.subject == "Cambia tu contraseña de Mercado Colectivo" and "http://x/y" in email.body
    assert email.status == DeliveryStatus.LOGGED and email.attempts == 1
    assert email.sent_at is None and email.last_error is None
    assert "rosa@example.pe" in caplog.text


def test_an_email_is_not_kept_when_the_change_is_rolled_back(app):
    user = factories.user()
    send_email(user.email, "password_reset", locale="es", user=user, link="http://x", minutes=60)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(OutboxEmail.id))) == 0


def test_with_smtp_the_email_is_sent_after_commit(app, smtp_server):
    controller, handler = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    user = factories.user(email="hanna@example.de", locale="en", name="Hanna")
    send_email(user.email, "password_reset", locale="en", user=user, link="http://x/reset", minutes=60)
    assert handler.messages == []  # not before the commit
    db.session.commit()
    [envelope] = handler.messages
    assert envelope.rcpt_tos == ["hanna@example.de"]
    assert b"http://x/reset" in envelope.content
    email = db.session.scalar(db.select(OutboxEmail))
    db.session.refresh(email)
    assert email.sent_at is not None and email.locale == "en"
    assert email.status == DeliveryStatus.SENT and email.attempts == 1


def _reset_email(app, smtp_port: int) -> OutboxEmail:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port, MAIL_USE_TLS=False)
    user = factories.user(email="rosa@example.pe")
    send_email(user.email, "password_reset", locale="es", user=user, link="http://x", minutes=60)
    db.session.commit()
    email = db.session.scalar(db.select(OutboxEmail))
    db.session.refresh(email)
    return email


def test_an_smtp_failure_is_recorded_and_tried_again_when_due(app, smtp_server):
    email = _reset_email(app, smtp_port=1)  # nobody listens on port 1
    assert email.status == DeliveryStatus.RETRYING and email.attempts == 1 and email.sent_at is None
    assert "ConnectionRefusedError" in email.last_error
    assert timedelta(seconds=50) < email.next_attempt_at - utcnow() <= timedelta(minutes=1)

    controller, handler = smtp_server
    app.config.update(MAIL_PORT=controller.port)
    assert services.retry_due_emails() == "0 emails due"  # not yet
    assert services.retry_due_emails(now=utcnow() + timedelta(minutes=2)) == "1 emails due"
    db.session.refresh(email)
    assert email.status == DeliveryStatus.SENT and email.attempts == 2 and email.sent_at is not None
    assert len(handler.messages) == 1


def test_after_the_last_attempt_the_email_waits_for_staff_who_can_send_it_again(app, client, login_as, smtp_server):
    email = _reset_email(app, smtp_port=1)
    later = utcnow()
    for delay in services.RETRY_DELAYS:
        later += delay + timedelta(seconds=1)
        services.retry_due_emails(now=later)
    db.session.refresh(email)
    assert email.status == DeliveryStatus.FAILED and email.attempts == services.MAX_ATTEMPTS
    assert email.next_attempt_at is None
    assert services.retry_due_emails(now=later + timedelta(days=1)) == "0 emails due"

    staff = login_as("staff")
    page = client.get("/staff/emails/failed").get_data(as_text=True)
    assert "<td>rosa@example.pe" in page and "ConnectionRefusedError" in page

    controller, handler = smtp_server
    app.config.update(MAIL_PORT=controller.port)
    response = client.post(f"/staff/emails/{email.id}/retry", data={})
    assert response.status_code == 302
    db.session.refresh(email)
    assert email.status == DeliveryStatus.SENT and len(handler.messages) == 1
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "email.retried"))
    assert event.actor_id == staff.id and event.subject_id == email.id
    assert "<td>rosa@example.pe" not in client.get("/staff/emails/failed").get_data(as_text=True)

    again = client.post(f"/staff/emails/{email.id}/retry", data={}, follow_redirects=True)
    assert "ya no está entre los que fallaron" in again.get_data(as_text=True)
    assert len(handler.messages) == 1


def test_only_staff_see_and_retry_failed_emails(app, client, login_as):
    email = _reset_email(app, smtp_port=1)
    login_as("producer")
    assert client.get("/staff/emails/failed").status_code in (403, 404)
    assert client.post(f"/staff/emails/{email.id}/retry", data={}).status_code in (403, 404)


def test_an_email_is_delivered_once_however_often_its_job_runs(app, smtp_server):
    controller, handler = smtp_server
    email = _reset_email(app, smtp_port=controller.port)
    assert services.deliver_email(email.id) == f"email #{email.id}: nothing to do"
    assert len(handler.messages) == 1


def test_an_email_whose_worker_was_lost_is_sent_once_its_claim_ends(app, smtp_server):
    controller, handler = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    user = factories.user()
    email = send_email(user.email, "password_reset", locale="es", user=user, link="http://x", minutes=60)
    # A worker claimed it and died: the row says SENDING until its claim ends.
    email.status, email.attempts = DeliveryStatus.SENDING, 1
    db.session.info.pop("outbox_pending")
    db.session.commit()
    assert services.deliver_email(email.id).endswith("nothing to do")  # its claim lasts
    assert services.retry_due_emails() == "0 emails due"
    email.next_attempt_at = utcnow() - timedelta(seconds=1)  # the claim has ended
    db.session.commit()
    assert services.retry_due_emails() == "1 emails due"
    db.session.refresh(email)
    assert email.status == DeliveryStatus.SENT and email.attempts == 2 and len(handler.messages) == 1


def test_the_demo_has_one_failed_email_for_staff_to_try_again(app, client, login_as):
    from marketplace.notifications import demo

    assert demo.load() == 1 and demo.load() == 0
    login_as("staff")
    page = client.get("/staff/emails/failed").get_data(as_text=True)
    assert f"<td>{demo.RECIPIENT}" in page and "Mailbox unavailable" in page
