"""Periodic jobs, enqueued on time by whichever process keeps the schedule, once per period.

The schedule lives in `flask jobs worker` (a thread beside the worker), or, on a laptop, in a
thread of `flask run` (JOBS_SCHEDULE_IN_PROCESS). However many keep it, each period's job is
enqueued once: on Redis the first to claim the period's key wins; in a process, the last period
is remembered.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..clock import utcnow
from . import enqueue, in_process, redis_connection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    job: str  # dotted path of the job function
    every: timedelta

    def period(self, now: datetime) -> int:
        return int(now.timestamp() // self.every.total_seconds())


PERIODIC = (
    # Unpaid orders whose payment window ended give their stock back.
    Periodic("marketplace.payments.expiry.expire_orders_job", timedelta(minutes=1)),
    # Emails whose last attempt failed (or whose job was lost) are tried again when due.
    Periodic("marketplace.notifications.services.retry_due_emails", timedelta(minutes=1)),
    # Wholesale quote requests and offers whose last day has passed (days counted in Lima).
    Periodic("marketplace.wholesale.quotes.expire_quotes", timedelta(hours=1)),
    # Photo files no image uses, left by uploads that never finished.
    Periodic("marketplace.media.orphans.prune_orphans_job", timedelta(days=1)),
)


class InProcessClaims:
    """The last period each job ran in, for one process."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def __call__(self, periodic: Periodic, period: int) -> bool:
        if self.last.get(periodic.job) == period:
            return False
        self.last[periodic.job] = period
        return True


class RedisClaims:
    """One key per job and period, set only if absent: the first process to set it enqueues."""

    def __init__(self, connection):
        self.connection = connection

    def __call__(self, periodic: Periodic, period: int) -> bool:
        key = f"marketplace:periodic:{periodic.job}:{period}"
        ttl = max(int(periodic.every.total_seconds()) * 2, 60)
        return bool(self.connection.set(key, "1", nx=True, ex=ttl))


def claims_for(config):
    return InProcessClaims() if in_process(config) else RedisClaims(redis_connection(config))


def enqueue_due(claim, now: datetime | None = None, schedule=PERIODIC) -> list[str]:
    """Enqueue each periodic job whose current period nobody has claimed yet; their paths."""
    now = now or utcnow()
    due = [periodic for periodic in schedule if claim(periodic, periodic.period(now))]
    for periodic in due:
        enqueue(periodic.job)
    return [periodic.job for periodic in due]


def keep_schedule(app, stop: threading.Event, tick_seconds: float = 15) -> None:
    """Until `stop` is set: every tick, enqueue what is due. Meant for a daemon thread."""
    claim = claims_for(app.config)
    while True:
        try:
            with app.app_context():
                enqueue_due(claim)
        except Exception:  # the schedule must outlive one bad tick (Redis restarting, a job failing)
            log.exception("periodic jobs not enqueued this tick")
        if stop.wait(tick_seconds):
            return


_started: set[int] = set()
_lock = threading.Lock()


def start_in_process(app) -> bool:
    """Keep the schedule in a daemon thread of this process, once per app; False if already kept."""
    with _lock:
        if id(app) in _started:
            return False
        _started.add(id(app))
    threading.Thread(target=keep_schedule, args=(app, threading.Event()), name="periodic-jobs", daemon=True).start()
    return True
