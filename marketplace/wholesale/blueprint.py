"""The wholesale blueprint and what its views share; routes live in the *_views modules, which
`views.py` imports so that they register on `bp`."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("wholesale", __name__)
