"""What the home page shows: regions, producers and collective brands, public ones only."""
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from .. import ubigeo
from ..brands.models import CollectiveBrand
from ..extensions import db
from ..producers.models import Organisation, VerificationStatus
from ..storefront.pages import region_slug

# The home page stays small on a phone: a few producers, the rest in the catalogue.
PRODUCERS_SHOWN = 12


def contents() -> dict:
    verified = Organisation.status == VerificationStatus.VERIFIED
    producers = list(
        db.session.scalars(
            db.select(Organisation).where(verified).order_by(Organisation.decided_at.desc(), Organisation.id.desc())
            .limit(PRODUCERS_SHOWN)
        )
    )
    producer_count = db.session.scalar(db.select(func.count(Organisation.id)).where(verified))
    brands = list(
        db.session.scalars(
            db.select(CollectiveBrand)
            .join(Organisation, CollectiveBrand.owner_id == Organisation.id)
            .where(verified)
            .options(selectinload(CollectiveBrand.owner))
            .order_by(CollectiveBrand.name)
        )
    )
    per_region = db.session.execute(
        db.select(Organisation.region_code, func.count(Organisation.id)).where(verified).group_by(Organisation.region_code)
    ).all()
    regions = [(ubigeo.region(code), region_slug(code), count) for code, count in per_region if ubigeo.region(code)]
    regions.sort(key=lambda item: item[1] or "")
    return {"producers": producers, "producer_count": producer_count, "brands": brands, "regions": regions}
