"""Demo quotes: an open offer waiting for an importer's answer, and an accepted export order of
honey split by the Miel del Algarrobal steward between two member associations (paid, with an
advance recorded for one of them). Idempotent: each is found again by its note."""
from __future__ import annotations

from datetime import timedelta

from ..accounts.models import find_by_email
from ..brands.models import CollectiveBrand
from ..brands.seals import approved_product_ids_for_brand
from ..catalogue.models import Product, ProductStatus, Variant
from ..clock import lima_today
from ..extensions import db
from ..orders.checkout import Delivery
from ..payments.manual import confirm_transfer
from ..producers.models import Organisation
from . import advances, quotes
from .quotes_accept import accept
from .quotes_models import QuoteRequest
from .quotes_offers import OfferLine, OfferTerms, make_offer

BUYER_EMAIL = "buyer@example.com"
STAFF_EMAIL = "staff@mercadocolectivo.pe"
OPEN_NOTE = "Frascos de 500 g con etiqueta en alemán; necesitamos ficha técnica y análisis de laboratorio."
SPLIT_NOTE = "Pedido de exportación: miel de algarrobo de varias asociaciones con el sello de la marca colectiva."


def _exists(note: str) -> bool:
    return db.session.scalar(db.select(QuoteRequest.id).where(QuoteRequest.notes == note)) is not None


def _variants(condition) -> list[Variant]:
    return list(db.session.scalars(
        db.select(Variant).join(Product).where(condition, Product.status == ProductStatus.PUBLISHED, Variant.stock > 0)
        .order_by(Product.id, Variant.id)))


def _ask(variant: Variant, quantity: int, buyer, note: str, currency: str) -> QuoteRequest:
    return quotes.request_quote(quotes.QuoteAsk(
        organisation=variant.product.organisation, lines=[quotes.AskedLine(variant.id, quantity)], email=buyer.email,
        name=buyer.name, company="Naturkost Import GmbH", country="DE", destination="Hamburgo", incoterm="fob_callao",
        currency=currency, buyer=buyer, notes=note, wanted_by=lima_today() + timedelta(days=60),
    ))


def _terms(lines, advance: int) -> OfferTerms:
    return OfferTerms(incoterm="fob_callao", valid_until=lima_today() + timedelta(days=20), lead_time_days=30,
                      advance_percent=advance, payment_terms="Transferencia a la aceptación", lines=lines)


def _open_quote(buyer) -> int:
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == "juan-capunay"))
    found = _variants(Product.organisation_id == organisation.id) if organisation else []
    if not found or _exists(OPEN_NOTE):
        return 0
    variant = found[0]
    quantity = min(300, variant.stock)
    request = _ask(variant, quantity, buyer, OPEN_NOTE, "USD")
    seller = organisation.memberships[0].user
    make_offer(request, _terms([OfferLine(request.lines[0].id, variant.id, quantity, 650, min(100, quantity))], 30),
               by=seller)
    return 1


def _split_order(buyer, staff) -> int:
    brand = db.session.scalar(db.select(CollectiveBrand).where(CollectiveBrand.slug == "miel-del-algarrobal"))
    if brand is None or not brand.stewards or _exists(SPLIT_NOTE):
        return 0
    sealed = _variants(Product.id.in_(approved_product_ids_for_brand(brand) or {0}))
    by_member: dict[int, Variant] = {}
    for variant in sealed:
        by_member.setdefault(variant.product.organisation_id, variant)
    if len(by_member) < 2:
        return 0
    first, second = list(by_member.values())[:2]
    shares = [(first, min(20, first.stock)), (second, min(30, second.stock))]
    request = _ask(first, sum(q for _v, q in shares), buyer, SPLIT_NOTE, "PEN")
    asked = request.lines[0].id
    make_offer(request, _terms([OfferLine(asked, v.id, q, (v.price_amount or 2000) * 85 // 100, 1) for v, q in shares], 40),
               by=brand.stewards[0].user)
    order = accept(request, Delivery(email=buyer.email, name="Naturkost Import GmbH (agente de carga)",
                                     address_line="Av. Néstor Gambetta 5502, almacén 3", district_code="070101"),
                   by=buyer)
    confirm_transfer(order, amount=order.total, bank_reference=f"DEMO-Q{order.id:05d}", by=staff)
    db.session.expire_all()
    request = db.session.get(QuoteRequest, request.id)
    share = advances.shares(request)[0]
    advances.record_advance(request, share.organisation.id, amount=share.due, paid_on=lima_today(),
                            bank_reference=f"DEMO-ADV{order.id:05d}", by=staff)
    return 1


def load() -> int:
    """Create the demo quotes that are missing; return how many were created."""
    buyer, staff = find_by_email(BUYER_EMAIL), find_by_email(STAFF_EMAIL)
    if buyer is None or staff is None:
        return 0
    return _open_quote(buyer) + _split_order(buyer, staff)
