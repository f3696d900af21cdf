"""What the home page shows: regions, producers and collective brands, public ones only."""
from collections import Counter

from sqlalchemy.orm import selectinload

from .. import ubigeo
from ..brands.models import CollectiveBrand
from ..extensions import db
from ..producers.models import Organisation, VerificationStatus


def contents() -> dict:
    producers = list(
        db.session.scalars(
            db.select(Organisation)
            .where(Organisation.status == VerificationStatus.VERIFIED)
            .order_by(Organisation.name)
        )
    )
    brands = list(
        db.session.scalars(
            db.select(CollectiveBrand)
            .join(Organisation, CollectiveBrand.owner_id == Organisation.id)
            .where(Organisation.status == VerificationStatus.VERIFIED)
            .options(selectinload(CollectiveBrand.owner))
            .order_by(CollectiveBrand.name)
        )
    )
    per_region = Counter(o.region_code for o in producers)
    regions = [(ubigeo.region(code), count) for code, count in sorted(per_region.items())]
    regions.sort(key=lambda item: item[0].name)
    return {"producers": producers, "brands": brands, "regions": regions}
