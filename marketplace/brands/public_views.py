"""Buyers: the brand index and a brand's page (story, owner, registration, members, products)."""
from __future__ import annotations

from flask import abort, redirect, render_template, request

from . import services
from .blueprint import bp


@bp.get("/brands/")
def index():
    return render_template("brands/index.html", brands=services.public_brands())


@bp.get("/brands/<slug>")
def brand(slug):
    brand = services.public_brand(slug) or abort(404)
    page = services.sealed_products_page(brand, page=request.args.get("page", 1, type=int))
    return render_template(
        "brands/brand.html",
        brand=brand,
        members=services.current_members(brand),
        products=page,
        seals=services.seals_for_products([p.id for p in page.items]),
        rules_url=services.rules_document_url(brand),
    )


@bp.get("/brands/<slug>/reglamento.pdf")
def rules_document(slug):
    """A stable address for the brand's reglamento, wherever storage keeps the file."""
    brand = services.public_brand(slug) or abort(404)
    url = services.rules_document_url(brand) or abort(404)
    return redirect(url)
