"""Which sales, organisations and contacts a figure counts: the staff's filters as SQL conditions.

A sale belongs to the producer that made it: region, province and women-led are the producing
organisation's; brand is an approved claim of the product to a collective brand; category is the
product's category or any below it; fair is the fair the order is credited to.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, or_, select

from ..brands.models import BrandListing, ListingState
from ..catalogue.models import Category, Product
from ..fairs.models import Booth, BoothStatus
from ..orders.models import Order
from ..producers.models import Organisation


@dataclass(frozen=True)
class Filters:
    region_code: str | None = None
    province_code: str | None = None
    brand_id: int | None = None
    category_id: int | None = None
    fair_id: int | None = None
    women_led: bool | None = None  # None: every organisation

    @property
    def any(self) -> bool:
        return any(v is not None for v in vars(self).values())

    def organisation_conditions(self, organisation=Organisation) -> list:
        """Conditions on a producing organisation (region, province, women-led)."""
        conditions = []
        if self.region_code:
            conditions.append(organisation.region_code == self.region_code)
        if self.province_code:
            conditions.append(organisation.district_code.startswith(self.province_code, autoescape=True))
        if self.women_led is not None:
            conditions.append(organisation.women_led.is_(self.women_led))
        return conditions

    def product_conditions(self, product_id_column) -> list:
        """Conditions on the product sold (brand, category), by its id column."""
        conditions = []
        if self.brand_id:
            conditions.append(exists().where(
                BrandListing.product_id == product_id_column,
                BrandListing.brand_id == self.brand_id,
                BrandListing.state == ListingState.APPROVED,
            ))
        if self.category_id:
            in_category = select(Category.id).where(
                or_(Category.id == self.category_id, Category.parent_id == self.category_id))
            conditions.append(exists().where(
                Product.id == product_id_column, Product.category_id.in_(in_category)))
        return conditions

    def order_conditions(self, order=Order) -> list:
        return [order.credited_fair_id == self.fair_id] if self.fair_id else []

    def exhibitor_conditions(self, organisation_id_column) -> list:
        """For figures about organisations rather than sales: the fair filter keeps the ones that
        held an accepted booth at that fair."""
        if not self.fair_id:
            return []
        return [exists().where(Booth.organisation_id == organisation_id_column, Booth.fair_id == self.fair_id,
                               Booth.status == BoothStatus.ACCEPTED)]

    @property
    def narrows_products(self) -> bool:
        return bool(self.brand_id or self.category_id)
