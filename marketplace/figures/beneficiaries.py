"""Beneficiaries as a results framework counts them: organisations and their members by region,
and which of them sold in the period.

Members are the women and men an organisation says it has where it records them, otherwise the
people with an account in it. Counts of people are shown through `people()`: below 3 a count could
point at someone, so it reads "< 3".
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from .. import ubigeo
from ..extensions import db
from ..producers.models import Membership, Organisation, VerificationStatus
from . import sales
from .filters import Filters
from .periods import FigurePeriod

FEWEST_PEOPLE_SHOWN = 3


def people(count: int | None) -> str:
    """A count of people as it may be shown: "< 3" for one or two."""
    if count is None:
        return ""
    return "< 3" if 0 < count < FEWEST_PEOPLE_SHOWN else str(count)


@dataclass(frozen=True)
class RegionBeneficiaries:
    region_code: str
    organisations: int
    women_led: int
    members: int
    women: int  # only where the organisation records it
    men: int
    selling: int  # organisations with a sale in the period

    @property
    def region_name(self) -> str:
        place = ubigeo.region(self.region_code)
        return place.name if place else self.region_code


def by_region(period: FigurePeriod, filters: Filters) -> list[RegionBeneficiaries]:
    """Verified organisations of each region with their members, and how many sold in the period."""
    accounts = (select(func.count(Membership.id)).where(Membership.organisation_id == Organisation.id)
                .correlate(Organisation).scalar_subquery())
    recorded = Organisation.members_women.is_not(None) | Organisation.members_men.is_not(None)
    members = case((recorded, func.coalesce(Organisation.members_women, 0) + func.coalesce(Organisation.members_men, 0)),
                   else_=accounts)
    sold = Organisation.id.in_(sales.selling_organisations(period, Filters(**{**vars(filters), "fair_id": None})))
    rows = db.session.execute(
        select(Organisation.region_code, func.count(Organisation.id),
               func.count(Organisation.id).filter(Organisation.women_led.is_(True)),
               func.coalesce(func.sum(members), 0),
               func.coalesce(func.sum(Organisation.members_women), 0),
               func.coalesce(func.sum(Organisation.members_men), 0),
               func.count(Organisation.id).filter(sold))
        .where(Organisation.status == VerificationStatus.VERIFIED, *filters.organisation_conditions(),
               *filters.exhibitor_conditions(Organisation.id))
        .group_by(Organisation.region_code).order_by(Organisation.region_code)
    ).all()
    return [RegionBeneficiaries(*row) for row in rows]


def totals(regions: list[RegionBeneficiaries]) -> RegionBeneficiaries:
    return RegionBeneficiaries("", *(sum(getattr(r, f) for r in regions) for f in
                                     ("organisations", "women_led", "members", "women", "men", "selling")))
