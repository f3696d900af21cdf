"""Emails: kept in the outbox always, sent by SMTP when MAIL_SERVER is set."""
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from marketplace.extensions import db
from marketplace.notifications.models import OutboxEmail
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
    assert email.sent_at is None and email.error is None
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


def test_an_smtp_failure_is_recorded_not_lost(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False)
    user = factories.user()
    send_email(user.email, "password_reset", locale="es", user=user, link="http://x", minutes=60)
    db.session.commit()
    email = db.session.scalar(db.select(OutboxEmail))
    db.session.refresh(email)
    assert email.sent_at is None and "ConnectionRefusedError" in email.error
