"""Which sales, organisations and contacts a figure counts: the staff's filters as SQL conditions.

A sale belongs to the producer that made it: region, province and women-led are the producing
organisation's; brand is an approved claim of the product to a collective brand; category is the
product's category or any below it; fair is the fair the order is credited to.

"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased

from ..brands.models import BrandListing, ListingState
from ..catalogue.models import Category, Product
from ..fairs.models import Booth, BoothStatus
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
        # Aliases: the query being filtered may join these tables itself (sales by brand, by category).
        conditions = []
        if self.brand_id:
            listing = aliased(BrandListing)
            conditions.append(exists().where(
                listing.product_id == product_id_column,
                listing.brand_id == self.brand_id,
                listing.state == ListingState.APPROVED,
            ))
        if self.category_id:
            product, category = aliased(Product), aliased(Category)
            in_category = select(category.id).where(
                or_(category.id == self.category_id, category.parent_id == self.category_id))
            conditions.append(exists().where(
                product.id == product_id_column, product.category_id.in_(in_category)))
        return conditions

    def exhibitor_conditions(self, organisation_id_column) -> list:
        """For figures about organisations rather than sales: the fair filter keeps the ones that
        held an accepted booth at that fair."""
        if not self.fair_id:
            return []
        booth = aliased(Booth)
        return [exists().where(booth.organisation_id == organisation_id_column, booth.fair_id == self.fair_id,
                               booth.status == BoothStatus.ACCEPTED)]

    @property
    def narrows_products(self) -> bool:
        return bool(self.brand_id or self.category_id)
