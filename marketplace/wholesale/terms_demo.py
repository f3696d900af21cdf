"""Demo wholesale terms and a sample: algarrobo honey by the jar and native cotton by the kilo get
price tiers, a wholesale minimum, a lead time and a sample price; the demo importer asked for a
free sample of the honey after scanning its producer's booth, and paid its shipping.
Idempotent: terms are set only on variants without tiers, the sample only once."""
from __future__ import annotations

from ..accounts.models import find_by_email
from ..catalogue.models import PriceTier, Product, SaleUnit, Variant
from ..extensions import db
from ..fairs.models import Booth
from ..orders.checkout import Delivery, FairCredit
from ..orders.models import Order, OrderKind, OrderLine, PaymentMethod
from ..payments.manual import confirm_transfer
from . import samples

HONEY = "miel-de-algarrobo-500-g"
COTTON = "algodon-nativo-pardo-en-copos-por-kg"
# product slug: unit, tiers {from quantity: céntimos each}, wholesale minimum, lead time (days),
# sample price (céntimos, 0 free), stock for wholesale buyers
TERMS = {
    HONEY: (SaleUnit.JAR, {12: 1950, 100: 1700}, 12, 10, 0, 400),
    COTTON: (SaleUnit.KG, {5: 8000, 25: 7000}, 5, 15, 1000, 120),
}
SAMPLE_BUYER = "buyer@example.com"
STAFF_EMAIL = "staff@mercadocolectivo.pe"


def _variant(slug: str) -> Variant | None:
    return db.session.scalar(db.select(Variant).join(Product).where(Product.slug == slug).order_by(Variant.id).limit(1))


def _set_terms() -> int:
    created = 0
    for slug, (unit, tiers, minimum, lead_time, sample_price, stock) in TERMS.items():
        variant = _variant(slug)
        if variant is None or variant.tiers:
            continue
        variant.unit, variant.wholesale_minimum, variant.lead_time_days = unit, minimum, lead_time
        variant.sample_price_amount = sample_price
        variant.stock = max(variant.stock, stock)
        variant.tiers.extend(PriceTier(min_quantity=q, price_amount=p) for q, p in tiers.items())
        created += len(tiers)
    db.session.commit()
    return created


def _sample() -> int:
    variant = _variant(HONEY)
    buyer = find_by_email(SAMPLE_BUYER)
    if variant is None or buyer is None or not variant.offers_samples:
        return 0
    asked = db.session.scalar(
        db.select(Order.id).join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.kind == OrderKind.SAMPLE, Order.email == SAMPLE_BUYER, OrderLine.product_id == variant.product_id))
    if asked is not None:
        return 0
    booth = db.session.scalar(db.select(Booth).where(Booth.organisation_id == variant.product.organisation_id)
                              .order_by(Booth.id).limit(1))
    order = samples.request_sample(samples.SampleRequest(
        variant_id=variant.id, payment_method=PaymentMethod.TRANSFER, buyer=buyer, locale="en",
        delivery=Delivery(email=SAMPLE_BUYER, name=buyer.name, country="DE", city="Hamburg",
                          address_line="Speicherstadt, Kehrwieder 2", postal_code="20457"),
        note="Sample for our buyers' tasting panel; lab sheet please.",
        credit=FairCredit(fair_id=booth.fair_id, booth_id=booth.id) if booth else None,
    ))
    staff = find_by_email(STAFF_EMAIL)
    confirm_transfer(order, amount=order.total, bank_reference="DEMO-MUESTRA-001", by=staff)
    return 1


def load() -> int:
    return _set_terms() + _sample()
