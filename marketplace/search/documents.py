"""What the search index holds for a product: its words in Spanish and English.

A document is made only for a visible product (published, of a verified organisation); any
other product is taken out of the index.
"""
from __future__ import annotations

from collections import defaultdict

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..brands.models import BrandListing, CollectiveBrand, ListingState
from ..catalogue.models import Category, Product, ProductStatus
from ..producers.models import Organisation, VerificationStatus
from .backends import Document


def visible_products():
    """The products a buyer may see: published, of an organisation verified by staff."""
    return (
        select(Product)
        .join(Organisation, Organisation.id == Product.organisation_id)
        .where(Product.status == ProductStatus.PUBLISHED, Organisation.status == VerificationStatus.VERIFIED)
    )


def _brand_names(session: Session, product_ids) -> dict[int, list[str]]:
    """The collective brands each product's listing was approved for (its seal, when current)."""
    names: dict[int, list[str]] = defaultdict(list)
    if product_ids:
        rows = session.execute(
            select(BrandListing.product_id, CollectiveBrand.name)
            .join(CollectiveBrand, CollectiveBrand.id == BrandListing.brand_id)
            .where(BrandListing.product_id.in_(product_ids), BrandListing.state == ListingState.APPROVED)
        )
        for product_id, name in rows:
            names[product_id].append(name)
    return names


def _technique_labels(technique) -> list[str]:
    from ..catalogue.forms import TECHNIQUE_LABELS

    label = TECHNIQUE_LABELS.get(technique)
    if label is None:
        return []
    labels = []
    for locale in ("es", "en"):
        with force_locale(locale):
            labels.append(str(label))
    return labels


def _place(district) -> list[str]:
    return [district.name, district.province.name, district.region.name] if district else []


def _join(*parts) -> str:
    seen, words = set(), []
    for part in parts:
        if part and part not in seen:
            seen.add(part)
            words.append(str(part))
    return " ".join(words)


def _document(product: Product, brands: list[str]) -> Document:
    organisation = product.organisation
    category = product.category
    provenance = product.provenance
    lot = product.current_lot
    categories = []
    while category is not None:
        categories += [category.name_es, category.name_en]
        category = category.parent
    facts = [*categories, organisation.name, *_place(organisation.district), *brands]
    facts += [v.option_es for v in product.variants] + [v.option_en for v in product.variants]
    facts += [h.name_es for h in product.heritage_elements] + [h.name_en for h in product.heritage_elements]
    facts += [m.name for m in product.credited_makers]
    body = [product.description_es, product.description_en]
    if provenance is not None:
        facts += [provenance.community, *_place(provenance.district), provenance.technique_other,
                  provenance.fibre, provenance.dyes, provenance.iconography]
        facts += _technique_labels(provenance.technique)
        body += [provenance.iconography_meaning_es, provenance.iconography_meaning_en]
    if lot is not None:
        facts += [lot.floral_source, lot.campaign, lot.lot_code, *_place(lot.apiary_district)]
    return Document(
        product_id=product.id,
        name=_join(product.name_es, product.name_en),
        facts=_join(*facts),
        body=_join(*body),
    )


def documents_for(session: Session, product_ids) -> list[Document]:
    """Documents for those of `product_ids` that are visible; the others get none."""
    ids = sorted(set(product_ids))
    documents: list[Document] = []
    for start in range(0, len(ids), 500):
        products = session.scalars(
            visible_products()
            .where(Product.id.in_(ids[start:start + 500]))
            .options(
                joinedload(Product.organisation),
                joinedload(Product.category).joinedload(Category.parent),
                joinedload(Product.provenance),
                selectinload(Product.variants),
                selectinload(Product.heritage_elements),
                selectinload(Product.makers),
                selectinload(Product.lots),
            )
        ).unique().all()
        brands = _brand_names(session, [p.id for p in products])
        documents += [_document(p, brands.get(p.id, [])) for p in products]
    return documents
