"""An approved seal is a promise about what the listing showed when it was reviewed. When a
brand-relevant part of the product changes (name, category, provenance, lot, photos), the
listing goes back to the steward's queue and the seal is suspended until it is reviewed again.

This watches the catalogue's own saves through the ORM, so the catalogue need not know about
brands: just before a flush, it looks for such changes among the objects about to be written.
"""
from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit import AuditEvent
from ..catalogue.models import Lot, Product, ProductPhoto, Provenance
from .models import BrandListing, ListingState

# Listings whose review covered the product as it was: an edit sends them back to the steward.
REVIEWED = (ListingState.APPROVED, ListingState.STEWARD_CHECKED)
EDITED_AFTER_APPROVAL = "edited after approval"
EDITED_AFTER_CHECK = "edited after the steward's check"
_UNKNOWN = object()


def _before_and_after(session: Session, product: Product, name: str, value_of=lambda v: v):
    """(stored value, new value) of one attribute about to be flushed, or None if untouched.
    An attribute set without having been loaded is compared with the stored row."""
    history = inspect(product).attrs[name].history
    if not history.added:
        return None
    after = value_of(history.added[0])
    if history.deleted:
        return value_of(history.deleted[0]), after
    if history.unchanged:
        return None
    column = "category_id" if name == "category" else name
    stored = session.execute(select(getattr(Product, column)).where(Product.id == product.id)).scalar()
    return stored, after


def _product_parts(session: Session, product: Product) -> set[str]:
    parts = set()
    for name in ("name_es", "name_en"):
        change = _before_and_after(session, product, name)
        if change and change[0] != change[1]:
            parts.add("name")
    change = _before_and_after(session, product, "category", lambda c: c if c is None or isinstance(c, int) else c.id)
    if change is None:
        change = _before_and_after(session, product, "category_id")
    if change and change[0] != change[1]:
        parts.add("category")
    state = inspect(product)
    makers = state.attrs.makers.history
    if makers.added or makers.deleted:
        kept = [(m.name, bool(m.consent)) for m in makers.unchanged]
        if kept + [(m.name, bool(m.consent)) for m in makers.added] != kept + [(m.name, bool(m.consent)) for m in makers.deleted]:
            parts.add("provenance")
    heritage = state.attrs.heritage_elements.history
    if {e.id for e in heritage.added} != {e.id for e in heritage.deleted}:
        parts.add("provenance")
    if state.attrs.photos.history.added or state.attrs.photos.history.deleted:
        parts.add("photos")
    if state.attrs.lots.history.added or state.attrs.lots.history.deleted:
        parts.add("lot")
    return parts


def _product_id(obj) -> int | None:
    if obj.product_id is not None:
        return obj.product_id
    product = getattr(obj, "product", None)
    return product.id if product is not None else None


def edited_products(session: Session) -> dict[int, set[str]]:
    """Product id → the brand-relevant parts about to change in this flush."""
    edits: dict[int, set[str]] = {}

    def note(product_id, parts):
        if product_id is not None and parts:
            edits.setdefault(product_id, set()).update(parts)

    for obj in session.dirty:
        if isinstance(obj, Product) and obj.id is not None and session.is_modified(obj):
            note(obj.id, _product_parts(session, obj))
        elif isinstance(obj, Provenance) and session.is_modified(obj):
            note(_product_id(obj), {"provenance"})
        elif isinstance(obj, Lot) and session.is_modified(obj):
            note(_product_id(obj), {"lot"})
    parts_of = {ProductPhoto: "photos", Lot: "lot", Provenance: "provenance"}
    for obj in list(session.new) + list(session.deleted):
        part = parts_of.get(type(obj))
        if part:
            note(_product_id(obj), {part})
    deleted_products = {obj.id for obj in session.deleted if isinstance(obj, Product)}
    return {pid: parts for pid, parts in edits.items() if pid not in deleted_products}


_NOTED = "brand_edited_products"


def _note_editors(session: Session, noted: dict) -> None:
    """Remember who is saving: the AuditEvent the catalogue writes for its save names them."""
    for obj in session.new:
        if isinstance(obj, AuditEvent) and obj.subject_type == "Product" and obj.subject_id in noted and obj.actor_id:
            noted[obj.subject_id]["editor_id"] = obj.actor_id


@event.listens_for(Session, "before_flush")
def _note_edited_products(session: Session, flush_context, instances) -> None:
    # Changes can reach the database in any flush of the transaction (autoflush included), so
    # they are noted here and acted on once, just before the transaction commits.
    edits = edited_products(session)
    noted = session.info.get(_NOTED)
    if edits:
        noted = session.info.setdefault(_NOTED, {})
        for product_id, parts in edits.items():
            noted.setdefault(product_id, {"parts": set(), "editor_id": None})["parts"].update(parts)
    if noted:
        _note_editors(session, noted)


@event.listens_for(Session, "before_commit", insert=True)
def _suspend_seals_of_edited_products(session: Session) -> None:
    """Put reviewed listings of the products edited in this transaction back in the queue.

    Registered first among before_commit listeners, so the emails it writes join the outbox
    before the outbox collects what to send.
    """
    if not session.info.get(_NOTED) and not session.new and not session.dirty and not session.deleted:
        return
    session.flush()  # note any edit still waiting to be flushed
    noted = session.info.pop(_NOTED, None)
    if not noted:
        return
    from .listings import move_listing  # listings → notices → templates; loaded only when needed

    listings = session.scalars(
        select(BrandListing).where(BrandListing.product_id.in_(noted), BrandListing.state.in_(REVIEWED))
    ).all()
    for listing in listings:
        edit = noted[listing.product_id]
        editor = session.get(User, edit["editor_id"]) if edit["editor_id"] else None
        reason = EDITED_AFTER_APPROVAL if listing.state == ListingState.APPROVED else EDITED_AFTER_CHECK
        move_listing(listing, ListingState.SUBMITTED, editor, reason, edited=sorted(edit["parts"]))


@event.listens_for(Session, "after_rollback")
def _forget_edits_after_rollback(session: Session) -> None:
    session.info.pop(_NOTED, None)
