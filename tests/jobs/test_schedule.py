"""Periodic jobs run on time without a cron process: each period's job is enqueued once, here in
the in-process mode a laptop and the tests use (tests/jobs/test_redis_queue.py: on Redis)."""
import threading
from datetime import datetime, timedelta, timezone

import pytest

from marketplace import create_app, jobs
from marketplace.jobs import schedule
from marketplace.jobs.schedule import PERIODIC, InProcessClaims, Periodic, enqueue_due

from ..conftest import test_config as app_config

RUNS: list[str] = []
MINUTELY = (Periodic("tests.jobs.test_schedule.minutely", timedelta(minutes=1)),
            Periodic("tests.jobs.test_schedule.hourly", timedelta(hours=1)))


def minutely():
    RUNS.append("minutely")


def hourly():
    RUNS.append("hourly")


def failing():
    raise RuntimeError("SMTP server on fire")


@pytest.fixture(autouse=True)
def no_runs():
    RUNS.clear()


def test_each_job_runs_once_per_period_and_again_in_the_next(app):
    claim, start = InProcessClaims(), datetime(2026, 12, 3, 12, 0, 5, tzinfo=timezone.utc)
    assert enqueue_due(claim, start, MINUTELY) == [p.job for p in MINUTELY]
    assert enqueue_due(claim, start + timedelta(seconds=40), MINUTELY) == []
    assert enqueue_due(claim, start + timedelta(minutes=1), MINUTELY) == ["tests.jobs.test_schedule.minutely"]
    assert RUNS == ["minutely", "hourly", "minutely"]


def test_a_failing_job_in_process_is_logged_not_raised(app, caplog):
    jobs.enqueue("tests.jobs.test_schedule.failing")
    assert "SMTP server on fire" in caplog.text


def test_the_shop_schedule_names_jobs_that_exist_and_they_run(app):
    assert {p.every for p in PERIODIC} == {timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)}
    for periodic in PERIODIC:
        jobs.function(periodic.job)()  # raises nothing on an empty shop


def test_the_schedule_survives_a_bad_tick(app, monkeypatch, caplog):
    monkeypatch.setattr(schedule, "enqueue_due", lambda claim: failing())
    stop = threading.Event()
    stop.set()  # one tick, then stop
    schedule.keep_schedule(app, stop)
    assert "periodic jobs not enqueued this tick" in caplog.text


def test_make_run_keeps_the_schedule_in_the_process_that_serves_requests(database_url, monkeypatch):
    started = []
    monkeypatch.setattr(schedule, "start_in_process", started.append)
    app = create_app(app_config(database_url, JOBS_SCHEDULE_IN_PROCESS=True))
    assert started == []  # not at start: the reloader's parent serves no request
    app.test_client().get("/robots.txt")
    assert started == [app]
    assert "JOBS_SCHEDULE_IN_PROCESS=1" in open("Makefile").read()


def test_the_worker_needs_redis(runner):
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0 and "JOBS_REDIS_URL is not set" in result.output
