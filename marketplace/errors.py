"""The domain errors every feature shares. Each feature keeps its own rules' errors beside it."""


class NotFound(Exception):
    """The record does not exist, or it is not this person's to see. Always shown as 404, never
    403, so ids cannot be probed: raise it from any service, and the one handler registered in
    web/errors.py answers with the 404 page."""
