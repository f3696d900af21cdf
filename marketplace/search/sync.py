"""Keeping the search index in step with the catalogue, without the catalogue knowing.

After every flush the session notes which products, organisations, categories, heritage
elements and brands changed; just before the transaction commits, the products they touch
are indexed again in that same transaction. The index therefore commits, or rolls back,
together with the change that made it stale. `flask search reindex` rebuilds it from nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import event, inspect, or_, select
from sqlalchemy.orm import Session

from ..brands.models import BrandListing, CollectiveBrand
from ..catalogue.models import (
    Category,
    HeritageElement,
    Lot,
    MakerCredit,
    Product,
    Provenance,
    Variant,
    product_heritage_element,
)
from ..producers.models import Organisation
from .backends import index_for
from .documents import documents_for, visible_products

PENDING = "search.pending"
BATCH = 500


@dataclass
class Pending:
    products: set[int] = field(default_factory=set)
    organisations: set[int] = field(default_factory=set)
    categories: set[int] = field(default_factory=set)
    heritage_elements: set[int] = field(default_factory=set)
    brands: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any((self.products, self.organisations, self.categories, self.heritage_elements, self.brands))


# Records of these classes change what a product's document says, through their product_id.
_PRODUCT_PARTS = (Provenance, Lot, MakerCredit, BrandListing)


def _variant_text_changed(variant: Variant) -> bool:
    state = inspect(variant)
    return state.attrs.option_es.history.has_changes() or state.attrs.option_en.history.has_changes()


def _note(pending: Pending, record, *, changed: bool) -> None:
    if isinstance(record, Product):
        pending.products.add(record.id)
    elif isinstance(record, Variant):
        # Stock and price changes are frequent and say nothing the index holds.
        if not changed or _variant_text_changed(record):
            pending.products.add(record.product_id)
    elif isinstance(record, _PRODUCT_PARTS):
        pending.products.add(record.product_id)
    elif isinstance(record, Organisation):
        pending.organisations.add(record.id)
    elif isinstance(record, Category):
        pending.categories.add(record.id)
    elif isinstance(record, HeritageElement):
        pending.heritage_elements.add(record.id)
    elif isinstance(record, CollectiveBrand):
        pending.brands.add(record.id)


def _pending(session: Session) -> Pending:
    return session.info.setdefault(PENDING, Pending())


def _after_flush(session: Session, flush_context) -> None:
    pending = _pending(session)
    for record in chain(session.new, session.deleted):
        _note(pending, record, changed=False)
    for record in session.dirty:
        if session.is_modified(record):
            _note(pending, record, changed=True)
    if not pending:
        session.info.pop(PENDING, None)


def _product_ids(session: Session, pending: Pending) -> set[int]:
    ids = set(pending.products)
    if pending.brands:
        ids.update(session.scalars(select(BrandListing.product_id).where(BrandListing.brand_id.in_(pending.brands))))
    conditions = []
    if pending.organisations:
        conditions.append(Product.organisation_id.in_(pending.organisations))
    if pending.categories:
        children = select(Category.id).where(Category.parent_id.in_(pending.categories))
        conditions.append(Product.category_id.in_(pending.categories))
        conditions.append(Product.category_id.in_(children))
    if pending.heritage_elements:
        citing = select(product_heritage_element.c.product_id).where(
            product_heritage_element.c.heritage_element_id.in_(pending.heritage_elements)
        )
        conditions.append(Product.id.in_(citing))
    if conditions:
        ids.update(session.scalars(select(Product.id).where(or_(*conditions))))
    return ids


def reindex(session: Session, product_ids) -> None:
    """Index these products again (or take them out, if no longer visible). The caller commits."""
    index = index_for(session.get_bind().dialect.name)
    connection = session.connection()
    ids = sorted(set(product_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        documents = documents_for(session, batch)
        index.remove(connection, set(batch) - {d.product_id for d in documents})
        index.write(connection, documents)


def _before_commit(session: Session) -> None:
    session.flush()  # commit would flush next; flushing now notes what is still unflushed
    pending = session.info.pop(PENDING, None)
    if pending:
        reindex(session, _product_ids(session, pending))


def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(PENDING, None)


def reindex_all(session: Session) -> int:
    """Rebuild the whole index from the catalogue and commit; returns how many products it holds."""
    index = index_for(session.get_bind().dialect.name)
    connection = session.connection()
    index.clear(connection)
    ids = list(session.scalars(visible_products().with_only_columns(Product.id).order_by(Product.id)))
    for start in range(0, len(ids), BATCH):
        index.write(connection, documents_for(session, ids[start:start + BATCH]))
        session.expunge_all()  # keep memory flat over a large catalogue
    index.optimize(connection)
    session.info.pop(PENDING, None)
    session.commit()
    return len(ids)


_registered = False


def listen() -> None:
    """Attach the listeners to every ORM session (once per process)."""
    global _registered
    if _registered:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_soft_rollback", _forget)
    _registered = True
