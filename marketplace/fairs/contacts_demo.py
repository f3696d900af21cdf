"""Demo contacts met at the demo fairs' booths, at each step of the follow-up (names invented).

Runs after the fairs' own demo data; a booth that does not exist (yet) is skipped, and a contact
already there (same booth and email) is left alone, so `flask demo load` stays idempotent.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from ..catalogue.models import Product
from ..extensions import db
from ..producers.models import Organisation
from .contacts import consent_text
from .models import Booth, Contact, ContactInterest, ContactStage, Fair

S = ContactStage

# fair slug, organisation slug, name, company, country, email, WhatsApp, locale, stage, days after the
# fair's first day for each step, note, reason lost
CONTACTS = [
    ("expoalimentaria-2026", "juan-capunay", "Klaus Weber", "Bio Naturkost Import GmbH", "DE",
     "klaus.weber@naturkost-import.example", "+4915123456789", "en", S.QUOTED, (0, 9, 30),
     "Importa miel orgánica para tiendas naturistas en Alemania; pidió muestras y precio FOB por 1 t.", None),
    ("expoalimentaria-2026", "apicola-cerro-la-vieja", "Hanna Lindqvist", "Nordic Deli AB", "SE",
     "hanna@nordicdeli.example", "+46701234567", "en", S.SAMPLE_SENT, (1, 12),
     "Le gustó la miel multifloral de Tongorrape; quiere probar el kit de muestras.", None),
    ("expoalimentaria-2026", "juan-capunay", "Carlos Mendoza", "Andes Fine Foods", "PE",
     "compras@andesfoods.example", None, "es", S.ORDERED, (2, 6, 10, 14),
     "Tiendas gourmet en Lima y Arequipa.", None),
    ("expoalimentaria-2026", "rosa-santisteban", "Emily Carter", "Fair Trade Goods Co.", "US",
     "emily@fairtradegoods.example", "+14155552671", "en", S.MET, (2,),
     "Busca caminos de mesa de algodón nativo para su catálogo de otoño.", None),
    ("ruraq-maki-julio-2026", "away-sumaq", "Rocío Paredes", "Tienda Concepto Barranco", "PE",
     None, "+51987111222", "es", S.ORDERED, (3, 15, 20),
     "Quiere chumpis para su tienda en Barranco.", None),
    ("ruraq-maki-julio-2026", "taller-inti-pallay", "Claire Dubois", "Maison des Andes", "FR",
     "claire.dubois@maisondesandes.example", None, "fr", S.LOST, (4, 40),
     "Preguntó por chalinas de alpaca para una cadena de tiendas.", "Necesita 2 000 piezas al mes."),
]
STEPS = {
    S.MET: (),
    S.SAMPLE_SENT: ("sample_sent_at",),
    S.QUOTED: ("sample_sent_at", "quoted_at"),
    S.ORDERED: ("sample_sent_at", "quoted_at", "ordered_at"),
    S.LOST: ("lost_at",),
}


def _booth(fair_slug: str, organisation_slug: str) -> Booth | None:
    return db.session.scalar(
        db.select(Booth).join(Fair, Fair.id == Booth.fair_id).join(Organisation, Organisation.id == Booth.organisation_id)
        .where(Fair.slug == fair_slug, Organisation.slug == organisation_slug)
    )


def _exists(booth: Booth, email: str | None, whatsapp: str | None) -> bool:
    same = Contact.email == email if email else Contact.whatsapp == whatsapp
    return db.session.scalar(db.select(Contact.id).where(Contact.booth_id == booth.id, same)) is not None


def _at(day, days: int) -> datetime:
    return datetime.combine(day + timedelta(days=days), time(16, 0), tzinfo=timezone.utc)


def _contact(booth: Booth, row) -> Contact:
    _, _, name, company, country, email, whatsapp, locale, stage, days, note, lost_reason = row
    met_at = _at(booth.fair.starts_on, days[0])
    contact = Contact(
        booth=booth, fair_id=booth.fair_id, organisation_id=booth.organisation_id, name=name, company=company,
        country=country, email=email, whatsapp=whatsapp, locale=locale if locale in ("es", "en") else "en",
        note=note, consent_text=consent_text(booth.organisation.name, "es"), consented_at=met_at, met_at=met_at,
        stage=stage, lost_reason=lost_reason, created_at=met_at,
    )
    for attribute, later in zip(STEPS[stage], days[1:]):
        setattr(contact, attribute, _at(booth.fair.starts_on, later))
    products = db.session.scalars(
        db.select(Product.id).where(Product.organisation_id == booth.organisation_id).order_by(Product.id).limit(2)
    )
    contact.interests = [ContactInterest(product_id=product_id) for product_id in products]
    return contact


def load() -> int:
    """Create the demo contacts that are missing; return how many were created."""
    created = 0
    for row in CONTACTS:
        booth = _booth(row[0], row[1])
        if booth is None or _exists(booth, row[5], row[6]):
            continue
        db.session.add(_contact(booth, row))
        created += 1
    db.session.commit()
    return created
