"""The public shop: what buyers browse, search, read and share, in Spanish and English."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import models  # noqa: F401  (the storefront version table)
    from .assets import register_assets
    from .cache import register_cache, register_validators
    from .freshness import listen
    from .fragments import register_fragments
    from .seo import register_seo
    from .templating import register_templating
    from .views import bp

    listen()
    app.register_blueprint(bp)
    register_seo(app)
    register_templating(app)
    register_fragments(app)
    register_cache(app)  # before compression: pages are kept compressed
    register_assets(app)
    register_validators(app)  # after compression: the ETag is made from the page as rendered
