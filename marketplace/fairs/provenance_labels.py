"""Provenance labels: stickers for a honey lot or a textile piece, each with a QR code that opens
a public page telling where and how it was made.

A printed label lives for years on a jar or a shawl, so its page never breaks: a lot past its
best-before date, a lot its producer withdrew, or a product no longer sold still answers, and
says so. The QR codes are made by segno.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import segno
from slugify import slugify
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..accounts.models import User
from ..brands import seals
from ..errors import NotFound
from ..brands.models import CollectiveBrand
from ..catalogue.models import Lot, Product
from ..catalogue.products import ensure_public_listing_complete, mark_changed
from ..clock import lima_today, utcnow
from ..extensions import db
from ..producers.models import Membership, VerificationStatus

# An A4 sheet of 3 × 8 stickers of 63.5 × 33.9 mm, the commonest size sold in Peru and abroad.
STICKERS_PER_SHEET = 24


class LabelError(Exception):
    """A rule of labels was broken; nothing was written."""


class ReasonRequired(LabelError):
    """Withdrawing a lot needs a reason buyers can read."""


class AlreadyWithdrawn(LabelError):
    pass


class CurrentLotOfPublishedHoney(LabelError):
    """The lot on sale of a published honey: mark another lot current (or unpublish) first."""


@dataclass
class Provenance:
    """What a label's page shows, and the state that changes what it says."""

    product: Product
    lot: Lot | None
    seals: list[CollectiveBrand]
    state: str  # "on_sale", "not_on_sale" (archived or back to draft), "expired", "withdrawn"

    @property
    def is_on_sale(self) -> bool:
        return self.state == "on_sale"


def lot_code(lot: Lot) -> str:
    """The code in a lot's public URL (/lote/<code>): its id, then its lot code, readable."""
    return f"{lot.id}-{slugify(lot.lot_code) or 'lote'}"


def piece_code(product: Product) -> str:
    """The code in a piece's public URL (/pieza/<code>): its id, then its name, readable."""
    return f"{product.id}-{product.slug or slugify(product.name_es or '') or 'pieza'}"


def _id_of(code: str) -> int | None:
    head = code.split("-", 1)[0]
    return int(head) if head.isdigit() and len(head) < 12 else None


def _state(product: Product, lot: Lot | None, today: date) -> str:
    if lot is not None and lot.withdrawn_at is not None:
        return "withdrawn"
    if lot is not None and lot.best_before is not None and lot.best_before < today:
        return "expired"
    if not product.is_published or product.organisation.status != VerificationStatus.VERIFIED:
        return "not_on_sale"
    return "on_sale"


def _provenance(product: Product | None, lot: Lot | None) -> Provenance | None:
    # A product never published has no public page: its label's page is unknown, like any other.
    if product is None or not product.was_ever_published:
        return None
    today = lima_today()
    return Provenance(product=product, lot=lot, seals=seals.seals_for_product(product, today),
                      state=_state(product, lot, today))


def _product_query():
    return db.select(Product).options(
        joinedload(Product.organisation), joinedload(Product.provenance), selectinload(Product.makers),
    )


def public_lot(code: str) -> Provenance | None:
    """The page of a lot's label, whatever became of the lot since; None if unknown."""
    lot_id = _id_of(code)
    lot = db.session.get(Lot, lot_id) if lot_id else None
    if lot is None:
        return None
    product = db.session.scalar(_product_query().where(Product.id == lot.product_id))
    return _provenance(product, lot)


def public_piece(code: str) -> Provenance | None:
    """The page of a textile piece's label, sold or not any more; None if unknown."""
    product_id = _id_of(code)
    product = db.session.scalar(_product_query().where(Product.id == product_id)) if product_id else None
    return _provenance(product, None)


# The producer's side ---------------------------------------------------------------------------


def _may_print(user: User, organisation_id: int) -> bool:
    return user.is_staff or db.session.scalar(
        db.select(Membership.id).where(Membership.user_id == user.id, Membership.organisation_id == organisation_id)
    ) is not None


def lot_for_member(user: User, lot_id: int) -> Lot:
    """The lot if the person belongs to its product's organisation (staff: any); NotFound otherwise."""
    lot = db.session.get(Lot, lot_id)
    if lot is None or not _may_print(user, lot.product.organisation_id):
        raise NotFound(lot_id)
    return lot


def product_for_member(user: User, product_id: int) -> Product:
    """The product if the person belongs to its organisation (staff: any); NotFound otherwise."""
    product = db.session.get(Product, product_id)
    if product is None or not _may_print(user, product.organisation_id):
        raise NotFound(product_id)
    return product


def qr_svg_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI, sharp at any print size."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def qr_png(url: str, scale: int = 12) -> bytes:
    """The QR code of `url` as a PNG, for a print shop (12 px a module: about 3 cm at 300 dpi)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def withdraw_lot(lot: Lot, *, reason: str, by: User) -> None:
    """Withdraw a lot from sale (a recall): its labels' page tells buyers, with the reason.

    Raises ReasonRequired, AlreadyWithdrawn, CurrentLotOfPublishedHoney (the lot on sale of a
    published honey: another lot must be made current first).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    if lot.withdrawn_at is not None:
        raise AlreadyWithdrawn(lot.id)
    product = lot.product
    if lot.is_current and product.is_published and product.needs_lot:
        raise CurrentLotOfPublishedHoney(lot.id)
    lot.withdrawn_at, lot.withdrawn_reason, lot.is_current = utcnow(), reason, False
    mark_changed(product)
    ensure_public_listing_complete(product)
    audit.record("product.lot_withdrawn", product, actor=by, reason=reason, lot_code=lot.lot_code)
    db.session.commit()

