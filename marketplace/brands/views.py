"""The brands blueprint: public brand pages, producers' claims, stewards' and staff's pages.

The routes are split by who uses them; importing them here registers them on `bp`.
"""
from . import producer_views, public_views, staff_views, steward_views  # noqa: F401
from .blueprint import bp  # noqa: F401
