"""Importing this module registers every route of the fairs blueprint."""
from . import producer_views, public_views, staff_views  # noqa: F401
from .blueprint import bp  # noqa: F401
