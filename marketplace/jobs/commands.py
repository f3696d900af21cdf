"""`flask jobs …`: the worker that runs queued jobs and keeps the periodic schedule."""
from __future__ import annotations

import threading

import click
from flask import current_app
from flask.cli import AppGroup

from . import in_process, queue, redis_connection
from .schedule import PERIODIC, claims_for, enqueue_due, keep_schedule

jobs_cli = AppGroup("jobs", help="Background jobs: emails, payment-window expiry, photo pruning.")


def worker_class():
    """RQ's SimpleWorker (no fork per job), each job in a fresh app context: its own database
    session, removed when the job ends."""
    from rq import SimpleWorker

    class AppWorker(SimpleWorker):
        app = None

        def execute_job(self, job, queue):
            with self.app.app_context():
                return super().execute_job(job, queue)

    return AppWorker


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs queued now, then stop (keeps no schedule).")
@click.option("--no-schedule", is_flag=True, help="Only run jobs; another worker keeps the schedule.")
def worker(burst: bool, no_schedule: bool) -> None:
    """Run queued jobs from Redis (JOBS_REDIS_URL) and enqueue the periodic ones on time."""
    if in_process():
        raise click.ClickException("JOBS_REDIS_URL is not set: jobs run inside the web process, "
                                   "there is no queue to work on")
    app = current_app._get_current_object()
    stop = threading.Event()
    if not (burst or no_schedule):
        click.echo("keeping the schedule: " + ", ".join(f"{p.job} every {p.every}" for p in PERIODIC))
        threading.Thread(target=keep_schedule, args=(app, stop), name="periodic-jobs", daemon=True).start()
    AppWorker = worker_class()
    AppWorker.app = app
    try:
        AppWorker([queue()], connection=redis_connection()).work(burst=burst)
    finally:
        stop.set()


@jobs_cli.command("enqueue-due")
def enqueue_due_now() -> None:
    """Enqueue the periodic jobs whose period has not run yet (once; the worker does this itself)."""
    for path in enqueue_due(claims_for(current_app.config)):
        click.echo(f"enqueued {path}")
