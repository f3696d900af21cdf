"""What the quote pages list: the products a buyer may ask for, the variants a seller may offer."""
from __future__ import annotations

from flask import url_for
from sqlalchemy.orm import selectinload

from ..brands.seals import approved_product_ids_for_brand
from ..catalogue.models import Product, ProductStatus, Variant
from ..extensions import db
from ..orders.access import access_token
from ..producers.models import Organisation
from .quotes_models import QuoteRequest


def _label(variant: Variant, with_producer: bool = False) -> str:
    name = variant.product.name_es or variant.sku
    label = f"{name} — {variant.option_es}" if variant.option_es else name
    return f"{label} · {variant.product.organisation.name}" if with_producer else label


def _variants(condition, with_producer: bool = False) -> list[tuple[Variant, str]]:
    products = db.session.scalars(
        db.select(Product).where(condition, Product.status == ProductStatus.PUBLISHED)
        .options(selectinload(Product.variants), selectinload(Product.organisation)).order_by(Product.name_es)
    )
    return [(v, _label(v, with_producer)) for p in products for v in p.variants]


def requestable_variants(organisation: Organisation) -> list[tuple[Variant, str]]:
    """The producer's published variants, by product name."""
    return _variants(Product.organisation_id == organisation.id)


def answerable_variants(quote_request: QuoteRequest, role: str) -> list[tuple[Variant, str]]:
    """A producer offers its own products; a steward, the products of the brand's authorised members
    that show its seal today (with their stock, so a split can be seen to fit)."""
    if role == "steward" and quote_request.brand_id:
        sealed = approved_product_ids_for_brand(quote_request.brand_id)
        found = _variants(Product.id.in_(sealed or {0}), with_producer=True)
        return [(v, f"{label} ({v.stock})") for v, label in found]
    return _variants(Product.organisation_id == quote_request.organisation_id)


def order_access_url(order) -> str | None:
    if order is None:
        return None
    return url_for("orders.detail", reference=order.reference, t=access_token(order))
