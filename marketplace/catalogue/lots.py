"""Lots of food (honey): what each batch is, and which one is on sale now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .. import audit, ubigeo
from ..accounts.models import User
from ..extensions import db
from ..sent_forms import Sending, create_once
from .errors import (
    DuplicateLotCode,
    InvalidAmount,
    LotDatesOutOfOrder,
    LotWithdrawn,
    MissingHarvestDate,
    MissingLotCode,
    NotFound,
    UnknownDistrict,
)
from .models import Lot, Product
from .products import blank_to_none, ensure_public_listing_complete, mark_changed
from .signals import tell_changed


@dataclass
class LotDetails:
    lot_code: str
    harvest_date: date | None
    campaign: str | None = None
    floral_source: str | None = None
    apiary_district_code: str | None = None
    moisture_percent: Decimal | None = None
    net_weight_g: int | None = None
    best_before: date | None = None
    sanitary_registration: str | None = None
    is_current: bool = True


def lot_of(product: Product, lot_id: int) -> Lot:
    lot = db.session.scalar(db.select(Lot).where(Lot.id == lot_id, Lot.product_id == product.id))
    if lot is None:
        raise NotFound(lot_id)
    return lot


def _check(product: Product, details: LotDetails, lot: Lot | None) -> None:
    if blank_to_none(details.lot_code) is None:
        raise MissingLotCode()
    if details.harvest_date is None:
        raise MissingHarvestDate()
    if details.best_before is not None and details.best_before <= details.harvest_date:
        raise LotDatesOutOfOrder()
    district = blank_to_none(details.apiary_district_code)
    if district is not None and ubigeo.district(district) is None:
        raise UnknownDistrict(district)
    moisture = details.moisture_percent
    if moisture is not None and not Decimal(0) < moisture < Decimal(100):
        raise InvalidAmount("moisture_percent")
    if details.net_weight_g is not None and details.net_weight_g <= 0:
        raise InvalidAmount("net_weight_g")
    code = blank_to_none(details.lot_code)
    if any(other.lot_code == code for other in product.lots if other is not lot):
        raise DuplicateLotCode(code)


def _assign(lot: Lot, details: LotDetails) -> None:
    lot.lot_code = blank_to_none(details.lot_code)
    lot.harvest_date = details.harvest_date
    lot.campaign = blank_to_none(details.campaign)
    lot.floral_source = blank_to_none(details.floral_source)
    lot.apiary_district_code = blank_to_none(details.apiary_district_code)
    moisture = details.moisture_percent
    lot.moisture_percent = moisture.quantize(Decimal("0.1")) if moisture is not None else None
    lot.net_weight_g = details.net_weight_g
    lot.best_before = details.best_before
    lot.sanitary_registration = blank_to_none(details.sanitary_registration)


LOT_FIELDS = ("lot_code", "harvest_date", "campaign", "floral_source", "apiary_district_code", "moisture_percent",
              "net_weight_g", "best_before", "sanitary_registration", "is_current")


def _lots_of(product: Product) -> list[tuple]:
    """Every lot as buyers may read it, to tell whether an edit changed any."""
    return [tuple(getattr(lot, name) for name in LOT_FIELDS) for lot in product.lots]


def _tell_if_changed(product: Product, before: list[tuple], by: User) -> None:
    tell_changed(product, {"lot"} if _lots_of(product) != before else set(), by=by)


def _set_current(product: Product, current: Lot | None) -> None:
    for lot in product.lots:
        lot.is_current = lot is current


def add_lot(product: Product, details: LotDetails, *, by: User, client_id: str | None = None) -> Lot | None:
    """Record a lot; marked current, it becomes the one buyers see on the product.

    The same filled form sent again (its `client_id`) records nothing and returns the lot the
    first sending recorded (None if it was removed since).

    Raises MissingLotCode, MissingHarvestDate, LotDatesOutOfOrder, UnknownDistrict,
    InvalidAmount, DuplicateLotCode.
    """
    def create() -> Lot:
        _check(product, details, None)
        before = _lots_of(product)
        lot = Lot(product=product, is_current=False)
        db.session.add(lot)
        _assign(lot, details)
        if details.is_current:
            _set_current(product, lot)
        mark_changed(product)
        audit.record("product.lot_added", product, actor=by, lot_code=lot.lot_code)
        _tell_if_changed(product, before, by)
        return lot

    product_id = product.id
    return create_once(
        Sending.of("catalogue.lot", client_id, organisation_id=product.organisation_id), create,
        lambda lot_id: db.session.scalar(db.select(Lot).where(Lot.id == lot_id, Lot.product_id == product_id)),
    )


def update_lot(lot: Lot, details: LotDetails, *, by: User) -> None:
    """Correct a lot. Unmarking the current lot of a published honey is refused (ListingNotReady)."""
    product = lot.product
    _check(product, details, lot)
    before = _lots_of(product)
    _assign(lot, details)
    if details.is_current:
        _set_current(product, lot)
    elif lot.is_current:
        lot.is_current = False
    mark_changed(product)
    ensure_public_listing_complete(product)
    audit.record("product.lot_updated", product, actor=by, lot_code=lot.lot_code)
    _tell_if_changed(product, before, by)
    db.session.commit()


def make_current(lot: Lot, *, by: User) -> None:
    """The lot now on sale: the product shows it from now on. Raises LotWithdrawn."""
    if lot.withdrawn_at is not None:
        raise LotWithdrawn(lot.id)
    before = _lots_of(lot.product)
    _set_current(lot.product, lot)
    mark_changed(lot.product)
    audit.record("product.lot_current", lot.product, actor=by, lot_code=lot.lot_code)
    _tell_if_changed(lot.product, before, by)
    db.session.commit()


def remove_lot(lot: Lot, *, by: User) -> None:
    """Delete a lot recorded by mistake. Raises ListingNotReady for the current lot of a published honey."""
    product = lot.product
    product.lots.remove(lot)
    mark_changed(product)
    ensure_public_listing_complete(product)
    audit.record("product.lot_removed", product, actor=by, lot_code=lot.lot_code)
    tell_changed(product, {"lot"}, by=by)
    db.session.commit()
