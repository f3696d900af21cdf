"""The real queue: jobs go to Redis (127.0.0.1:6379, a database of their own, emptied before and
after) and `flask jobs worker` runs them; each period's job is enqueued once however many workers
keep the schedule."""
import socket
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller

from marketplace import jobs
from marketplace.extensions import db
from marketplace.jobs.commands import worker_class
from marketplace.jobs.schedule import Periodic, RedisClaims, enqueue_due
from marketplace.notifications.models import DeliveryStatus, OutboxEmail
from marketplace.notifications.services import send_email

from .. import factories
from ..test_notifications import Collect

REDIS_URL = "redis://127.0.0.1:6379/13"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_jobs(app):
    from redis import Redis
    from redis.exceptions import ConnectionError

    connection = Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    app.config["JOBS_REDIS_URL"] = REDIS_URL
    yield connection
    connection.flushdb()


def _work_off(app):
    worker = worker_class()
    worker.app = app
    worker([jobs.queue()], connection=jobs.redis_connection()).work(burst=True)


def test_an_email_goes_to_redis_and_the_worker_sends_it(app, redis_jobs):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
        user = factories.user(email="hanna@example.de")
        send_email(user.email, "password_reset", locale="en", user=user, link="http://x/reset", minutes=60)
        db.session.commit()
        email = db.session.scalar(db.select(OutboxEmail))
        assert email.status == DeliveryStatus.QUEUED and handler.messages == []
        assert jobs.queue().count == 1

        _work_off(app)

        db.session.refresh(email)
        assert email.status == DeliveryStatus.SENT and email.attempts == 1
        [envelope] = handler.messages
        assert envelope.rcpt_tos == ["hanna@example.de"]
    finally:
        controller.stop()


def test_two_workers_keeping_the_schedule_enqueue_each_period_once(app, redis_jobs):
    every_minute = (Periodic("marketplace.notifications.services.retry_due_emails", timedelta(minutes=1)),)
    machine_a, machine_b = RedisClaims(redis_jobs), RedisClaims(redis_jobs)
    now = datetime(2026, 12, 3, 12, 0, 5, tzinfo=timezone.utc)
    assert enqueue_due(machine_a, now, every_minute) == ["marketplace.notifications.services.retry_due_emails"]
    assert enqueue_due(machine_b, now + timedelta(seconds=20), every_minute) == []
    assert jobs.queue().count == 1
    assert enqueue_due(machine_b, now + timedelta(minutes=1), every_minute) != []
    assert jobs.queue().count == 2
    _work_off(app)
    assert jobs.queue().count == 0


def test_when_redis_does_not_answer_the_change_commits_and_the_email_waits_for_the_sweep(app):
    app.config["JOBS_REDIS_URL"] = f"redis://127.0.0.1:{_free_port()}/13"
    user = factories.user()
    send_email(user.email, "password_reset", locale="es", user=user, link="http://x", minutes=60)
    db.session.commit()
    email = db.session.scalar(db.select(OutboxEmail))
    assert email.status == DeliveryStatus.QUEUED and email.next_attempt_at is not None
