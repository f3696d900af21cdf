"""Work done off the request: one queue of jobs on Redis (RQ), or in this process without Redis.

A job is a plain function named by its dotted path, taking ids and plain values, that opens what
it needs itself (it runs in a worker, long after the request ended). With JOBS_REDIS_URL set, jobs
go to Redis and `flask jobs worker` runs them; without it (a laptop, the tests) they run at once in
the process that enqueued them. This package knows no feature: features name their jobs here.
"""
from __future__ import annotations

import importlib
import logging
from typing import Callable

from flask import current_app

log = logging.getLogger(__name__)
QUEUE_NAME = "marketplace"


class QueueUnavailable(RuntimeError):
    """Redis did not take the job; the caller keeps what it needs to try again later."""


def function(path: str) -> Callable:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def in_process(config=None) -> bool:
    return not (config or current_app.config).get("JOBS_REDIS_URL")


def redis_connection(config=None):
    from redis import Redis

    return Redis.from_url((config or current_app.config)["JOBS_REDIS_URL"], socket_timeout=5,
                          socket_connect_timeout=5)


def queue(config=None):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection(config))


def enqueue(path: str, *args) -> None:
    """Run the job named by `path` with `args`: on a worker through Redis, or here and now.

    In this process a failing job is logged, never raised into the caller (the job records its own
    failures where staff can see them). Raises QueueUnavailable when Redis does not answer.
    """
    if in_process():
        try:
            function(path)(*args)
        except Exception:
            log.exception("job %s%r failed", path, args)
        return
    from redis.exceptions import RedisError

    try:
        queue().enqueue(path, *args, job_timeout=current_app.config["JOBS_TIMEOUT_SECONDS"],
                        result_ttl=3600, failure_ttl=7 * 24 * 3600)
    except RedisError as exc:
        raise QueueUnavailable(f"{path}{args!r} not queued: {exc}") from exc
