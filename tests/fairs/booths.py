"""Booths where contacts can be logged: accepted, at a fair that is on today (in Lima)."""
from __future__ import annotations

from datetime import timedelta

from marketplace.clock import lima_today

from .. import factories


def fair_on_now(**kwargs):
    return factories.fair(starts_on=lima_today() - timedelta(days=1), **kwargs)


def booth_on_now(org=None, *, at=None, **kwargs):
    """An accepted booth of `org` (a new organisation unless given) at a fair on now."""
    return factories.booth(at or fair_on_now(), org, **kwargs)
