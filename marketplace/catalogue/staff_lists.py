"""The lists programme staff keep for the catalogue: categories and heritage elements."""
from __future__ import annotations

from dataclasses import dataclass

from slugify import slugify
from sqlalchemy.orm import selectinload

from .. import audit
from ..accounts.models import User
from ..extensions import db
from .errors import InvalidParent, MissingSpanishName, StillInUse
from .models import Category, HeritageElement, Product, product_heritage_element
from .products import blank_to_none


@dataclass
class CategoryDetails:
    name_es: str
    name_en: str | None = None
    description_es: str | None = None
    description_en: str | None = None
    parent_id: int | None = None
    position: int = 0
    sold_by_lot: bool = False


@dataclass
class HeritageDetails:
    name_es: str
    description_es: str
    source: str
    name_en: str | None = None
    description_en: str | None = None


def _unique_slug(model, name: str, record) -> str:
    base = slugify(name, max_length=70) or "item"
    slug, n = base, 2
    while db.session.scalar(db.select(model.id).where(model.slug == slug, model.id != (record.id or 0))) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


# Categories ------------------------------------------------------------------------------------


def category_tree() -> list[Category]:
    """Top-level categories in order, each with its sub-categories loaded."""
    return list(
        db.session.scalars(
            db.select(Category)
            .where(Category.parent_id.is_(None))
            .options(selectinload(Category.children))
            .order_by(Category.position, Category.name_es)
        )
    )


def category(category_id: int) -> Category | None:
    return db.session.get(Category, category_id)


def _check_category(category: Category, details: CategoryDetails) -> Category | None:
    if blank_to_none(details.name_es) is None:
        raise MissingSpanishName()
    if details.parent_id is None:
        return None
    parent = db.session.get(Category, details.parent_id)
    # Two levels are enough for this shop: a parent is top-level, and a category with
    # sub-categories stays top-level itself.
    if parent is None or parent.parent_id is not None or parent.id == category.id or category.children:
        raise InvalidParent(details.parent_id)
    return parent


def _assign_category(category: Category, details: CategoryDetails, parent: Category | None) -> None:
    category.name_es = blank_to_none(details.name_es)
    category.name_en = blank_to_none(details.name_en)
    category.description_es = blank_to_none(details.description_es)
    category.description_en = blank_to_none(details.description_en)
    category.parent = parent
    category.position = details.position or 0
    category.sold_by_lot = details.sold_by_lot


def create_category(details: CategoryDetails, *, by: User) -> Category:
    """Add a category (top-level, or under a top-level one). Raises MissingSpanishName, InvalidParent."""
    category = Category()
    parent = _check_category(category, details)
    slug = _unique_slug(Category, details.name_es.strip(), category)  # before the new row joins the session
    _assign_category(category, details, parent)
    category.slug = slug
    db.session.add(category)
    audit.record("category.created", category, actor=by)
    db.session.commit()
    return category


def update_category(category: Category, details: CategoryDetails, *, by: User) -> None:
    """Edit names, description, place in the tree and the lot rule; the slug stays (it is in URLs)."""
    parent = _check_category(category, details)
    _assign_category(category, details, parent)
    audit.record("category.updated", category, actor=by)
    db.session.commit()


def products_in_category(category: Category) -> int:
    return db.session.scalar(db.select(db.func.count(Product.id)).where(Product.category_id == category.id))


def delete_category(category: Category, *, by: User) -> None:
    """Delete a category no product and no sub-category uses. Raises StillInUse."""
    used = products_in_category(category) + len(category.children)
    if used:
        raise StillInUse(used)
    audit.record("category.deleted", category, actor=by, slug=category.slug)
    db.session.delete(category)
    db.session.commit()


# Heritage elements -----------------------------------------------------------------------------


def heritage_elements() -> list[HeritageElement]:
    return list(db.session.scalars(db.select(HeritageElement).order_by(HeritageElement.name_es)))


def heritage_element(element_id: int) -> HeritageElement | None:
    return db.session.get(HeritageElement, element_id)


def _assign_heritage(element: HeritageElement, details: HeritageDetails) -> None:
    if blank_to_none(details.name_es) is None:
        raise MissingSpanishName()
    element.name_es = blank_to_none(details.name_es)
    element.name_en = blank_to_none(details.name_en)
    element.description_es = blank_to_none(details.description_es) or ""
    element.description_en = blank_to_none(details.description_en)
    element.source = blank_to_none(details.source) or ""


def create_heritage_element(details: HeritageDetails, *, by: User) -> HeritageElement:
    """Add an element provenance notes may cite. Raises MissingSpanishName."""
    element = HeritageElement()
    _assign_heritage(element, details)
    element.slug = _unique_slug(HeritageElement, element.name_es, element)
    db.session.add(element)
    audit.record("heritage_element.created", element, actor=by)
    db.session.commit()
    return element


def update_heritage_element(element: HeritageElement, details: HeritageDetails, *, by: User) -> None:
    """Edit an element; products citing it show the new text. Raises MissingSpanishName."""
    _assign_heritage(element, details)
    audit.record("heritage_element.updated", element, actor=by)
    db.session.commit()


def products_citing(element: HeritageElement) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(product_heritage_element)
        .where(product_heritage_element.c.heritage_element_id == element.id)
    )


def delete_heritage_element(element: HeritageElement, *, by: User) -> None:
    """Delete an element no product cites. Raises StillInUse."""
    used = products_citing(element)
    if used:
        raise StillInUse(used)
    audit.record("heritage_element.deleted", element, actor=by, slug=element.slug)
    db.session.delete(element)
    db.session.commit()
