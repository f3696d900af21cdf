"""The wholesale blueprint: samples, quotes and a variant's wholesale terms.

The routes are split by subject into *_views modules; importing them here registers them on `bp`.
Add a module's import on its own line.
"""
from . import sample_views  # noqa: F401
from . import terms_views  # noqa: F401
from .blueprint import bp  # noqa: F401
from . import quote_views  # noqa: F401,E402
from . import advance_views  # noqa: F401,E402
