"""Demo fairs: Expoalimentaria 2026 and Ruraq Maki July 2026 with booths for the demo producers,
their QR scans, and a few orders credited to booths; an upcoming fair with a request to decide.

Runs after the catalogue's and brands' demos in `flask demo load`; idempotent: fairs and booths
are found by slug and organisation, orders by their checkout token.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from ..accounts.models import find_by_email
from ..catalogue.models import Product, ProductStatus, Variant
from ..clock import LIMA
from ..extensions import db
from ..money import Money
from ..orders.checkout import CheckoutRequest, Delivery, FairCredit, place_order
from ..orders.models import PaymentMethod
from ..payments.manual import confirm_transfer
from ..producers.models import Organisation
from . import booths as booth_services
from .models import Booth, BoothScanDay, BoothStatus, Fair, FairKind

STAFF_EMAIL = "staff@mercadocolectivo.pe"

# slug, name, city, venue, starts, ends, kind, description es, en
FAIRS = [
    ("expoalimentaria-2026", "Expoalimentaria 2026", "Lima", "Centro de Exposiciones Jockey",
     date(2026, 9, 23), date(2026, 9, 25), FairKind.B2B,
     "La feria de alimentos y bebidas de ADEX y PROMPERÚ, con su rueda de negocios con compradores del mundo.",
     "ADEX and PROMPERÚ's food and drink fair, with its business meetings with buyers from around the world."),
    ("ruraq-maki-julio-2026", "Ruraq Maki julio 2026", "Lima", "Ministerio de Cultura, San Borja",
     date(2026, 7, 17), date(2026, 7, 26), FairKind.RETAIL,
     "«Hecho a mano»: la feria de arte tradicional del Ministerio de Cultura, con artistas de todo el Perú.",
     "'Made by hand': the Ministry of Culture's traditional art fair, with artists from all over Peru."),
    ("peruvian-gift-show-2027", "Peruvian Gift Show 2027", "Lima", "Centro de Convenciones de Lima",
     date(2027, 4, 20), date(2027, 4, 22), FairKind.B2B,
     "La feria de PROMPERÚ para compradores de artesanía y decoración.",
     "PROMPERÚ's fair for buyers of handicrafts and home decor."),
]

# fair slug → (organisation slug, booth number, status)
BOOTHS = {
    "expoalimentaria-2026": [
        ("apicultores-bosque-seco", "PN-12", BoothStatus.ACCEPTED), ("juan-capunay", "PN-13", BoothStatus.ACCEPTED),
        ("apicola-cerro-la-vieja", "PN-14", BoothStatus.ACCEPTED), ("consorcio-mochica", "T-03", BoothStatus.ACCEPTED),
        ("rosa-santisteban", "T-04", BoothStatus.ACCEPTED),
    ],
    "ruraq-maki-julio-2026": [
        ("away-sumaq", "A-01", BoothStatus.ACCEPTED), ("taller-inti-pallay", "A-02", BoothStatus.ACCEPTED),
        ("tejedores-taquile", "B-07", BoothStatus.ACCEPTED), ("warmi-ampara", "B-08", BoothStatus.ACCEPTED),
        ("taller-qori-awana", "C-11", BoothStatus.ACCEPTED), ("maria-chaponan", "C-12", BoothStatus.ACCEPTED),
    ],
    "peruvian-gift-show-2027": [("taller-qori-awana", None, BoothStatus.REQUESTED)],
}

# (fair slug, organisation slug, buyer's email, name, days after the fair's last day)
ORDERS = [
    ("expoalimentaria-2026", "juan-capunay", "compras@andesfoods.example", "Andes Fine Foods", 12),
    ("expoalimentaria-2026", "apicola-cerro-la-vieja", "hanna@nordicdeli.example", "Hanna Lindqvist", 30),
    ("ruraq-maki-julio-2026", "away-sumaq", "claire@maisondumonde.example", "Claire Dubois", 9),
    ("ruraq-maki-julio-2026", "taller-inti-pallay", "mariana.r@example.pe", "Mariana Rojas", 40),
]


def _fairs() -> tuple[dict[str, Fair], int]:
    fairs, created = {}, 0
    for slug, name, city, venue, starts, ends, kind, desc_es, desc_en in FAIRS:
        fair = db.session.scalar(db.select(Fair).where(Fair.slug == slug))
        if fair is None:
            fair = Fair(slug=slug, name=name, city=city, venue=venue, starts_on=starts, ends_on=ends, kind=kind,
                        description_es=desc_es, description_en=desc_en)
            db.session.add(fair)
            created += 1
        fairs[slug] = fair
    db.session.flush()
    return fairs, created


def _booths(fairs: dict[str, Fair]) -> int:
    created = 0
    for fair_index, (fair_slug, entries) in enumerate(BOOTHS.items()):
        fair = fairs[fair_slug]
        for position, (org_slug, number, status) in enumerate(entries):
            organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == org_slug))
            if organisation is None or db.session.scalar(
                    db.select(Booth.id).where(Booth.fair_id == fair.id, Booth.organisation_id == organisation.id)):
                continue
            booth = Booth(fair=fair, organisation=organisation, code=booth_services.new_code(), number=number,
                          status=status, requested_at=_at(fair.starts_on - timedelta(days=60)),
                          whatsapp=f"+51944{fair_index:02d}{position:04d}")  # an illustrative number
            db.session.add(booth)
            if status == BoothStatus.ACCEPTED:
                booth.decided_at = _at(fair.starts_on - timedelta(days=45))
                db.session.flush()
                _scans(booth, fair, position)
            created += 1
    db.session.commit()
    return created


def _scans(booth: Booth, fair: Fair, position: int) -> None:
    days = (fair.ends_on - fair.starts_on).days + 1
    for offset in range(days):
        db.session.add(BoothScanDay(booth_id=booth.id, day=fair.starts_on + timedelta(days=offset),
                                    scans=(position * 7 + offset * 5) % 23 + 4))


def _at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LIMA).astimezone(timezone.utc)


def _variant_of(organisation: Organisation) -> Variant | None:
    return db.session.scalar(
        db.select(Variant).join(Product).where(Product.organisation_id == organisation.id,
                                               Product.status == ProductStatus.PUBLISHED, Variant.stock > 1)
        .order_by(Product.id, Variant.id).limit(1)
    )


def _orders(fairs: dict[str, Fair]) -> int:
    staff, created = find_by_email(STAFF_EMAIL), 0
    for fair_slug, org_slug, email, name, days_after in ORDERS:
        token = f"demo-fair-{fair_slug}-{org_slug}"
        fair = fairs[fair_slug]
        booth = db.session.scalar(db.select(Booth).join(Organisation).where(
            Booth.fair_id == fair.id, Organisation.slug == org_slug))
        variant = _variant_of(booth.organisation) if booth is not None else None
        if variant is None or staff is None:
            continue
        order = place_order(CheckoutRequest(
            items={variant.id: 1}, payment_method=PaymentMethod.TRANSFER, token=token, locale="es",
            delivery=Delivery(email=email, name=name, address_line="Av. José Larco 345", district_code="150122"),
            credit=FairCredit(fair_id=fair.id, booth_id=booth.id),
        ))
        if order.is_awaiting_payment:
            confirm_transfer(order, amount=Money(order.total_amount, order.currency),
                             bank_reference=f"DEMO-{order.id:05d}", by=staff)
            order.placed_at = _at(fair.ends_on + timedelta(days=days_after), 16)  # when it happened in the story
            db.session.commit()
            created += 1
    return created


def load() -> int:
    """Create whatever demo fair records are missing; return how many were created."""
    fairs, created = _fairs()
    created += _booths(fairs)
    return created + _orders(fairs)
