"""Demo activity for the programme figures: a year of paid orders across the demo producers, a fair
under way this month with its booths, scans and contacts, the headcounts some organisations record,
and the verifications staff made. All of it is illustrative.

Dates are counted back from today, so a freshly loaded demo shows every chart for the current
month and the year before it. Loading again changes nothing (demo orders carry the MC-DEMO prefix).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from .. import audit
from ..accounts.models import find_by_email
from ..catalogue.models import Product, ProductStatus
from ..clock import LIMA, lima_today
from ..extensions import db
from ..fairs.models import Booth, BoothScanDay, BoothStatus, Contact, ContactStage, Fair, FairKind
from ..ledger import services as ledger
from ..ledger.models import LedgerEntry
from ..orders.models import Fulfilment, FulfilmentStatus, Order, OrderLine, OrderStatus, PaymentMethod
from ..producers.models import Organisation, VerificationStatus
from . import sale_lines

REFERENCE_PREFIX = "MC-DEMO"
STAFF_EMAIL = "staff@mercadocolectivo.pe"
# slug: (women, men) as the organisation records its members
HEADCOUNTS = {"apicola-cerro-la-vieja": (11, 7), "away-sumaq": (23, 0), "tejedores-taquile": (2, 14),
              "tejedoras-morrope": (31, 0), "warmi-ampara": (17, 0), "consorcio-wari": (9, 12)}
BUYERS = [("hanna.importer@example.com", "DE"), ("lucia.rojas@example.pe", "PE"), ("mario.quispe@example.pe", "PE"),
          ("claire.dupont@example.fr", "FR"), ("ana.flores@example.pe", "PE"), ("tom.baker@example.com", "US"),
          ("rosa.huaman@example.pe", "PE"), ("kenji.sato@example.jp", "JP")]
FAIR_SLUG = "feria-demo-de-nuestras-manos"
FAIR_ORGANISATIONS = ["tejedoras-morrope", "apicola-cerro-la-vieja", "taller-qori-awana"]
CONTACT_STAGES = [ContactStage.MET, ContactStage.MET, ContactStage.SAMPLE_SENT, ContactStage.SAMPLE_SENT,
                  ContactStage.QUOTED, ContactStage.ORDERED, ContactStage.LOST]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LIMA).astimezone(timezone.utc)


def _headcounts() -> int:
    changed = 0
    for slug, (women, men) in HEADCOUNTS.items():
        organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        if organisation is not None and organisation.members_women is None:
            organisation.members_women, organisation.members_men = women, men
            changed += 1
    return changed


def _verifications(today: date) -> int:
    """A verification event for each verified demo organisation that has none, over the past months."""
    staff = find_by_email(STAFF_EMAIL)
    created = 0
    organisations = db.session.scalars(select(Organisation).where(Organisation.status == VerificationStatus.VERIFIED)
                                       .order_by(Organisation.id))
    for i, organisation in enumerate(organisations):
        if any(e.action == "organisation.verified" for e in audit.history(organisation)):
            continue
        event = audit.record("organisation.verified", organisation, actor=staff, previous="unverified")
        event.occurred_at = _at(today - timedelta(days=3 + 31 * (i % 6)), 10)
        created += 1
    return created


def _fair(today: date) -> Fair:
    """A fair under way this month (started up to two days ago, never in the month before)."""
    fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR_SLUG))
    if fair is None:
        starts = max(today - timedelta(days=2), today.replace(day=1))
        fair = Fair(slug=FAIR_SLUG, name="De Nuestras Manos", city="Lima", venue="Parque Kennedy, Miraflores",
                    starts_on=starts, ends_on=starts + timedelta(days=9), kind=FairKind.BOTH)
        db.session.add(fair)
        db.session.flush()
    return fair


def _booths(fair: Fair, today: date) -> int:
    created = 0
    for n, slug in enumerate(FAIR_ORGANISATIONS):
        organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        if organisation is None or db.session.scalar(select(Booth.id).where(
                Booth.fair_id == fair.id, Booth.organisation_id == organisation.id)) is not None:
            continue
        booth = Booth(fair=fair, organisation_id=organisation.id, code=f"DEMO{n + 1:02d}", number=f"B-{n + 11}",
                      status=BoothStatus.ACCEPTED)
        db.session.add(booth)
        db.session.flush()
        day = fair.starts_on
        while day <= today:
            db.session.add(BoothScanDay(booth_id=booth.id, day=day, scans=12 + 7 * n + day.day % 5))
            day += timedelta(days=1)
        for k, stage in enumerate(CONTACT_STAGES[: 4 + n]):
            db.session.add(Contact(
                booth=booth, fair=fair, organisation_id=organisation.id, name=f"Contacto demo {n + 1}-{k + 1}",
                company="Importadora demo", country=("DE", "US", "PE", "FR")[k % 4], locale="es",
                consent_text="Acepto que me escriban sobre estos productos.", consented_at=_at(fair.starts_on, 11),
                stage=stage, met_at=_at(fair.starts_on, 11 + k)))
        created += 1
    return created


def _products() -> list[Product]:
    return list(db.session.scalars(
        select(Product).join(Organisation, Organisation.id == Product.organisation_id)
        .where(Product.status == ProductStatus.PUBLISHED, Organisation.status == VerificationStatus.VERIFIED)
        .order_by(Product.id)))


def _order(n: int, items: list[Product], paid_day: date, *, status: OrderStatus, fair: Fair | None) -> Order:
    email, country = BUYERS[n % len(BUYERS)]
    paid_at = _at(paid_day, 9 + n % 12)
    order = Order(reference=f"{REFERENCE_PREFIX}{n:03d}", checkout_token=f"demo-figures-{n}", email=email,
                  name=email.split("@")[0].replace(".", " ").title(), country=country,
                  district_code="150101" if country == "PE" else None, city=None if country == "PE" else "Demo",
                  address_line="Dirección de demostración 123", payment_method=PaymentMethod.TRANSFER, status=status,
                  subtotal_amount=0, shipping_amount=0, total_amount=0, placed_at=paid_at - timedelta(hours=2),
                  payment_due_at=paid_at + timedelta(days=2),
                  paid_at=None if status == OrderStatus.CANCELLED else paid_at,
                  credited_fair_id=fair.id if fair else None)
    for product in items:
        variant = product.variants[0]
        fulfilment = next((f for f in order.fulfilments if f.organisation_id == product.organisation_id), None)
        if fulfilment is None:
            fulfilment = Fulfilment(organisation_id=product.organisation_id, organisation_name=product.organisation.name,
                                    status=FulfilmentStatus.DELIVERED if status == OrderStatus.COMPLETED
                                    else FulfilmentStatus.CANCELLED if status == OrderStatus.CANCELLED
                                    else FulfilmentStatus.TO_PACK, subtotal_amount=0, shipping_amount=1000)
            order.fulfilments.append(fulfilment)
        quantity = 1 + n % 2
        fulfilment.subtotal_amount += variant.price_amount * quantity
        order.lines.append(OrderLine(fulfilment=fulfilment, variant_id=variant.id, product_id=product.id,
                                     organisation_id=product.organisation_id, product_name=product.name_es,
                                     sku=variant.sku, unit_price_amount=variant.price_amount, quantity=quantity))
    order.subtotal_amount = sum(f.subtotal_amount for f in order.fulfilments)
    order.shipping_amount = sum(f.shipping_amount for f in order.fulfilments)
    order.total_amount = order.subtotal_amount + order.shipping_amount
    return order


def _orders(today: date, fair: Fair) -> int:
    """About four orders a month for a year, one or two producers each; a few cancelled or refunded."""
    if db.session.scalar(select(Order.id).where(Order.reference.startswith(REFERENCE_PREFIX))) is not None:
        return 0
    products = _products()
    if not products:
        return 0
    created = 0
    for n in range(52):
        paid_day = today - timedelta(days=(n * 7) % 365)
        items = [products[(n * 5) % len(products)]] + ([products[(n * 11 + 3) % len(products)]] if n % 3 == 0 else [])
        status = (OrderStatus.CANCELLED if n % 13 == 5 else OrderStatus.REFUNDED if n % 17 == 8
                  else OrderStatus.COMPLETED if n % 2 else OrderStatus.PAID)
        credited = fair if paid_day >= fair.starts_on else None
        order = _order(n, items, paid_day, status=status, fair=credited)
        db.session.add(order)
        db.session.flush()
        if order.paid_at is not None:
            _ledger(order, paid_day)
        created += 1
    return created


def _ledger(order: Order, paid_day: date) -> None:
    """What the demo producers earned, dated the day each order was paid (and reversed if refunded)."""
    ledger.record_sales(order)
    if order.status == OrderStatus.REFUNDED:
        ledger.record_refunds(order)
    db.session.flush()
    for entry in db.session.scalars(select(LedgerEntry).where(LedgerEntry.order_id == order.id)):
        entry.occurred_on = paid_day


def load() -> int:
    """Create whatever demo figures are missing; return how many records were created or completed."""
    today = lima_today()
    created = _headcounts() + _verifications(today)
    fair = _fair(today)
    created += _booths(fair, today) + _orders(today, fair)
    db.session.commit()
    if created:
        sale_lines.rebuild()  # the demo orders were written directly, not through payments
    return created
