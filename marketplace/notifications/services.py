"""One way to send email: write it to the outbox, deliver it by SMTP once the change commits.

Without MAIL_SERVER the outbox row and a log line are the delivery, so nothing is lost on a
laptop and tests can read what was sent.
"""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from ..clock import utcnow
from ..extensions import db
from .models import OutboxEmail

log = logging.getLogger(__name__)
_PENDING = "outbox_pending"


def send_email(recipient: str, kind: str, *, locale: str = "es", **context) -> OutboxEmail:
    """Render templates/emails/<kind>.subject.txt and <kind>.txt in the recipient's language.

    The email joins the caller's transaction: it goes out only if the caller commits.
    """
    with force_locale(locale):
        subject = render_template(f"emails/{kind}.subject.txt", **context).strip()
        body = render_template(f"emails/{kind}.txt", **context)
    email = OutboxEmail(recipient=recipient, kind=kind, locale=locale, subject=subject, body=body)
    db.session.add(email)
    db.session.info.setdefault(_PENDING, []).append(email)
    return email


@event.listens_for(Session, "before_commit")
def _collect_before_commit(session: Session) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    session.flush()  # assigns ids; after the commit the objects are expired
    session.info[_PENDING] = [(e.id, e.recipient, e.subject, e.body) for e in pending]


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    for email_id, recipient, subject, body in session.info.pop(_PENDING, None) or []:
        _deliver(email_id, recipient, subject, body)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _deliver(email_id: int, recipient: str, subject: str, body: str) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.info("email to %s (outbox #%s): %s\n%s", recipient, email_id, subject, body)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="mercadocolectivo.pe")
    message.set_content(body)
    error = None
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
        log.error("email #%s to %s not sent: %s", email_id, recipient, error)
    # A separate connection: the caller's transaction has already ended.
    with db.engine.begin() as connection:
        connection.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id)
            .values(sent_at=None if error else utcnow(), error=error)
        )
