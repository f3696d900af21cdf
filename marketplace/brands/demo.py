"""Demo data for collective brands: the registry details, stewards (the owner organisations'
owners), the authorisations' act numbers, and approved listings on the demo products.

Runs after the catalogue's demo in `flask demo load`; idempotent: what exists is left alone.
"""
from __future__ import annotations

from .. import audit
from ..accounts.models import find_by_email
from ..catalogue.models import Product, ProductStatus
from ..clock import utcnow
from ..extensions import db
from ..producers.models import Membership, MemberRole, Organisation
from .models import BrandListing, BrandMembership, BrandSteward, CollectiveBrand, ListingState

STAFF_EMAIL = "staff@mercadocolectivo.pe"

# slug: products covered (es, en), usage rules (es, en)
DETAILS = {
    "algodon-nativo-muchik": (
        "Fibra, hilo y tejidos de algodón nativo de color (clases 22, 24, 25 y 18): caminos de mesa, mantas, prendas y bolsos.",
        "Native coloured cotton fibre, yarn and weavings (classes 22, 24, 25 and 18): table runners, blankets, garments and bags.",
        "Solo algodón nativo de color sembrado en Lambayeque, sin teñir; hilado a mano y tejido en telar de cintura por "
        "integrantes autorizadas. Cada pieza nombra a su tejedora y su comunidad.",
        "Only undyed native coloured cotton grown in Lambayeque, hand-spun and backstrap-woven by authorised members. "
        "Each piece names its weaver and community.",
    ),
    "hilos-de-tucume": (
        "Tejidos y bolsos (clases 24 y 18) de las artesanas del valle de Túcume.",
        "Weavings and bags (classes 24 and 18) by the artisans of the Túcume valley.",
        "Tejidos hechos en Túcume con algodón nativo de los colores del banco de germoplasma; "
        "diseños aprobados por la asamblea de la asociación.",
        "Weavings made in Túcume with native cotton in the germplasm-bank colours; designs approved by the association's assembly.",
    ),
    "miel-del-algarrobal": (
        "Miel de abeja (clase 30) del bosque seco de algarrobo de Salas y Motupe.",
        "Bee honey (class 30) from the algarrobo dry forest of Salas and Motupe.",
        "Miel de apiarios registrados de integrantes, en los distritos de Salas y Motupe; cada envase lleva el código de "
        "lote, la fecha de cosecha y el registro sanitario; humedad de hasta 20 %; sin mezclas ni jarabes.",
        "Honey from members' registered apiaries in the districts of Salas and Motupe; each jar carries its lot code, "
        "harvest date and sanitary registration; moisture up to 20%; no blends or syrups.",
    ),
}

# Which demo producers' products carry which brand.
SEALED_PRODUCERS = {
    "juan-capunay": "miel-del-algarrobal",
    "apicola-cerro-la-vieja": "miel-del-algarrobal",
    "rosa-santisteban": "algodon-nativo-muchik",
    "maria-chaponan": "hilos-de-tucume",
}


def _brands() -> dict[str, CollectiveBrand]:
    return {b.slug: b for b in db.session.scalars(db.select(CollectiveBrand))}


def _details(brands) -> int:
    changed = 0
    for slug, (covered_es, covered_en, rules_es, rules_en) in DETAILS.items():
        brand = brands.get(slug)
        if brand is not None and not brand.usage_rules_es:
            brand.products_covered_es, brand.products_covered_en = covered_es, covered_en
            brand.usage_rules_es, brand.usage_rules_en = rules_es, rules_en
            changed += 1
    return changed


def _stewards(brands) -> int:
    created = 0
    for brand in brands.values():
        owners = db.session.scalars(
            db.select(Membership).where(Membership.organisation_id == brand.owner_id, Membership.role == MemberRole.OWNER)
        )
        stewards = {s.user_id for s in brand.stewards}
        for owner in owners:
            if owner.user_id not in stewards:
                db.session.add(BrandSteward(brand=brand, user_id=owner.user_id))
                created += 1
    for membership in db.session.scalars(db.select(BrandMembership).where(BrandMembership.authorised_by_resolution.is_(None))):
        membership.authorised_by_resolution = f"Acta de asamblea N° {membership.id}-{membership.authorised_from.year if membership.authorised_from else 2024} (demo)"
    return created


def _approved_listings(brands) -> int:
    created = 0
    staff = find_by_email(STAFF_EMAIL)
    now = utcnow()
    for organisation_slug, brand_slug in SEALED_PRODUCERS.items():
        brand = brands.get(brand_slug)
        if brand is None:
            continue
        products = db.session.scalars(
            db.select(Product)
            .join(Organisation, Organisation.id == Product.organisation_id)
            .where(Product.status == ProductStatus.PUBLISHED, Organisation.slug == organisation_slug)
        )
        for product in products:
            exists = db.session.scalar(
                db.select(BrandListing.id).where(BrandListing.product_id == product.id, BrandListing.brand_id == brand.id)
            )
            if exists is not None:
                continue
            listing = BrandListing(product=product, brand=brand, state=ListingState.APPROVED, submitted_at=now,
                                   checked_at=now, decided_at=now, decided_by=staff)
            db.session.add(listing)
            db.session.flush()
            audit.record("brand_listing.approved", listing, actor=staff, reason="demo", previous="steward_checked",
                         mover="staff", brand=brand.slug, product_id=product.id)
            created += 1
    return created


def load() -> int:
    """Fill in what the demo brands are missing; return how many records were created or completed."""
    brands = _brands()
    created = _details(brands) + _stewards(brands)
    db.session.flush()
    created += _approved_listings(brands)
    db.session.commit()
    return created
