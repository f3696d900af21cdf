"""One way to send email: write it to the outbox; once the change commits, a job delivers it.

The job (`deliver_email`) runs on a worker when JOBS_REDIS_URL is set, else at once in this
process (marketplace/jobs). A failed attempt is tried again later (RETRY_DELAYS), by the periodic
`retry_due_emails`, which also picks up an email whose job was lost; after the last attempt the
email is FAILED and staff see it. Without MAIL_SERVER the outbox row and a log line are the
delivery, so nothing is lost on a laptop and tests can read what was sent.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import and_, event, or_, select, update
from sqlalchemy.orm import Session

from .. import audit, jobs
from ..clock import utcnow
from ..extensions import db
from ..status import check_transition
from ..transactions import committing
from .models import TRANSITIONS, DeliveryStatus, OutboxEmail

log = logging.getLogger(__name__)
_PENDING = "outbox_pending"
DELIVER = "marketplace.notifications.services.deliver_email"
# How long a worker may hold an email before the sweep takes it for lost (SMTP timeout is 10 s).
CLAIM = timedelta(minutes=10)
# After the first failed attempt: wait 1 min, 5 min, 30 min, 2 h; the fifth failure is final.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def send_email(recipient: str, kind: str, *, locale: str = "es", **context) -> OutboxEmail:
    """Render templates/emails/<kind>.subject.txt and <kind>.txt in the recipient's language.

    The email joins the caller's transaction: it is queued only if the caller commits.
    """
    with force_locale(locale):
        subject = render_template(f"emails/{kind}.subject.txt", **context).strip()
        body = render_template(f"emails/{kind}.txt", **context)
    email = OutboxEmail(recipient=recipient, kind=kind, locale=locale, subject=subject, body=body,
                        status=DeliveryStatus.QUEUED, next_attempt_at=utcnow() + CLAIM)
    db.session.add(email)
    _deliver_after_commit_of(email)
    return email


def _deliver_after_commit_of(email: OutboxEmail) -> None:
    db.session.info.setdefault(_PENDING, []).append(email)


@event.listens_for(Session, "before_commit")
def _collect_before_commit(session: Session) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    session.flush()  # assigns ids; after the commit the objects are expired
    session.info[_PENDING] = [e.id for e in pending]


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session: Session) -> None:
    for email_id in session.info.pop(_PENDING, None) or []:
        _enqueue_delivery(email_id)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _enqueue_delivery(email_id: int) -> None:
    try:
        jobs.enqueue(DELIVER, email_id)
    except jobs.QueueUnavailable as exc:
        # The row is kept: retry_due_emails enqueues it again once its claim time has passed.
        log.error("email #%s: %s", email_id, exc)


def deliver_email(email_id: int) -> str:
    """The job: claim the email, send it by SMTP (or log it without MAIL_SERVER), record the
    outcome. Does nothing for an email already sent, failed, or held by another worker."""
    now = utcnow()
    # Its own connections: in this process it runs right after the caller's commit.
    with db.engine.begin() as connection:
        claimed = connection.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id,
                   or_(OutboxEmail.status.in_([DeliveryStatus.QUEUED, DeliveryStatus.RETRYING]),
                       and_(OutboxEmail.status == DeliveryStatus.SENDING, OutboxEmail.next_attempt_at <= now)))
            .values(status=DeliveryStatus.SENDING, attempts=OutboxEmail.attempts + 1, next_attempt_at=now + CLAIM)
        ).rowcount
        if not claimed:
            return f"email #{email_id}: nothing to do"
        email = connection.execute(
            select(OutboxEmail.recipient, OutboxEmail.subject, OutboxEmail.body, OutboxEmail.attempts)
            .where(OutboxEmail.id == email_id)
        ).one()
    if not current_app.config.get("MAIL_SERVER"):
        log.info("email to %s (outbox #%s): %s\n%s", email.recipient, email_id, email.subject, email.body)
        return _record(email_id, DeliveryStatus.LOGGED)
    error = _send_by_smtp(email.recipient, email.subject, email.body)
    if error is None:
        return _record(email_id, DeliveryStatus.SENT, sent_at=utcnow(), last_error=None)
    if email.attempts >= MAX_ATTEMPTS:
        log.error("email #%s to %s not sent after %s attempts: %s", email_id, email.recipient, email.attempts, error)
        return _record(email_id, DeliveryStatus.FAILED, last_error=error)
    log.warning("email #%s to %s not sent (attempt %s): %s", email_id, email.recipient, email.attempts, error)
    return _record(email_id, DeliveryStatus.RETRYING, last_error=error,
                   next_attempt_at=utcnow() + RETRY_DELAYS[email.attempts - 1])


def _record(email_id: int, status: DeliveryStatus, **values) -> str:
    check_transition(TRANSITIONS, DeliveryStatus.SENDING, status)
    with db.engine.begin() as connection:
        connection.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id, OutboxEmail.status == DeliveryStatus.SENDING)
            .values(status=status, **{"next_attempt_at": None, **values})
        )
    return f"email #{email_id}: {status}"


def _send_by_smtp(recipient: str, subject: str, body: str) -> str | None:
    """Send one message; the error as text, or None when the server took it."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="mercadocolectivo.pe")
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def retry_due_emails(now=None) -> str:
    """The periodic job: enqueue again every unsent email whose next attempt (or whose worker's
    claim) is due, oldest first."""
    now = now or utcnow()
    with db.engine.connect() as connection:
        due = list(connection.scalars(
            select(OutboxEmail.id)
            .where(OutboxEmail.status.in_([DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SENDING]),
                   OutboxEmail.next_attempt_at <= now)
            .order_by(OutboxEmail.next_attempt_at)
            .limit(500)
        ))
    for email_id in due:
        _enqueue_delivery(email_id)
    return f"{len(due)} emails due"


class NotFailed(Exception):
    """Only an email whose every attempt failed can be retried by hand."""


def failed_emails(limit: int = 200) -> list[OutboxEmail]:
    """The emails that could not be sent, newest first."""
    return list(db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.status == DeliveryStatus.FAILED)
        .order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc()).limit(limit)
    ))


def emails_being_retried() -> int:
    return db.session.scalar(select(db.func.count(OutboxEmail.id)).where(OutboxEmail.status == DeliveryStatus.RETRYING))


def retry_failed_email(email_id: int, *, by) -> OutboxEmail:
    """Staff send a failed email again: it is queued for one more attempt once this commits.
    Raises NotFailed when it is not failed (any more): sent, or already queued by someone else."""
    with committing():
        email = db.session.get(OutboxEmail, email_id, with_for_update=True, populate_existing=True)
        if email is None or email.status != DeliveryStatus.FAILED:
            raise NotFailed(email_id)
        check_transition(TRANSITIONS, email.status, DeliveryStatus.QUEUED)
        email.status = DeliveryStatus.QUEUED
        email.next_attempt_at = utcnow() + CLAIM
        audit.record("email.retried", email, actor=by, recipient=email.recipient, attempts=email.attempts)
        _deliver_after_commit_of(email)
    return email
