"""Who someone is to a brand or a listing: steward, member of the producer, staff."""
from __future__ import annotations

from ..accounts.models import User
from ..extensions import db
from ..producers.models import Membership
from .errors import NotFound
from .models import BrandSteward, CollectiveBrand


def is_steward(user: User | None, brand: CollectiveBrand) -> bool:
    if user is None or not getattr(user, "is_authenticated", True):
        return False
    return db.session.scalar(
        db.select(BrandSteward.id).where(BrandSteward.brand_id == brand.id, BrandSteward.user_id == user.id)
    ) is not None


def is_member(user: User | None, organisation_id: int) -> bool:
    if user is None:
        return False
    return db.session.scalar(
        db.select(Membership.id).where(Membership.user_id == user.id, Membership.organisation_id == organisation_id)
    ) is not None


def stewarded_brands(user: User) -> list[CollectiveBrand]:
    """The brands `user` keeps as a steward, by name."""
    return list(
        db.session.scalars(
            db.select(CollectiveBrand)
            .join(BrandSteward, BrandSteward.brand_id == CollectiveBrand.id)
            .where(BrandSteward.user_id == user.id)
            .order_by(CollectiveBrand.name)
        )
    )


def brand_for_keeper(user: User, slug: str) -> CollectiveBrand:
    """The brand if `user` is one of its stewards or programme staff; NotFound otherwise, so
    another brand's pages cannot even be told apart from missing ones."""
    brand = db.session.scalar(db.select(CollectiveBrand).where(CollectiveBrand.slug == slug))
    if brand is None or not (user.is_staff or is_steward(user, brand)):
        raise NotFound(slug)
    return brand


def brand_by_slug(slug: str) -> CollectiveBrand:
    brand = db.session.scalar(db.select(CollectiveBrand).where(CollectiveBrand.slug == slug))
    if brand is None:
        raise NotFound(slug)
    return brand


def brand_by_id(brand_id: int) -> CollectiveBrand:
    brand = db.session.get(CollectiveBrand, brand_id)
    if brand is None:
        raise NotFound(brand_id)
    return brand
