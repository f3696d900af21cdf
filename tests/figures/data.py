"""A small shop whose figures are known by hand: two producers in two regions, a collective brand,
a category tree, a fair, and orders paid on either side of Lima's midnight at the end of November.

November 2026 in Lima, by hand:
  order A  10 Nov 12:00  ana   shawl ×1 (120.00, weavers) + honey ×2 (70.00, beekeepers), credited to the fair
  order B  30 Nov 23:30  bob   honey ×1 (35.00), shipped to the United States (export)
  order C   1 Dec 00:30  ana   shawl ×1: December, though 30 Nov in UTC is not over until 19:00 Lima
  order D  15 Nov        cy    shawl ×3, paid then refunded: counts for nothing
  order E  20 Nov        dee   shawl ×1, never paid (cancelled)
  order F   5 Oct        ana   honey ×1 (35.00): makes ana a returning buyer in November
Sales in November: 190.00 + 35.00 = 225.00 in 2 orders, 2 producers, 2 buyers (1 new, 1 returning);
women-led (weavers) 120.00; export 35.00.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from marketplace.audit import AuditEvent
from marketplace.brands.models import ListingState
from marketplace.catalogue.models import ProductStatus
from marketplace.clock import LIMA  # noqa: F401  (tests read Lima days with it)
from marketplace.extensions import db
from marketplace.figures import sale_lines
from marketplace.fairs.models import Booth, BoothScanDay, BoothStatus, Contact, ContactStage, Fair, FairKind
from marketplace.orders.models import Fulfilment, FulfilmentStatus, Order, OrderLine, OrderStatus, PaymentMethod
from tests import factories

_numbers = itertools.count(1)


def lima(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A Lima wall-clock time as the UTC instant the database keeps."""
    return datetime.combine(day, time(hour, minute), tzinfo=LIMA).astimezone(timezone.utc)


def sale(items: list[tuple], *, paid_at: datetime | None, email: str, status: OrderStatus = OrderStatus.PAID,
         country: str = "PE", fair: Fair | None = None, placed_at: datetime | None = None) -> Order:
    """An order of (product, quantity) items at each product's price, one parcel per producer."""
    n = next(_numbers)
    placed_at = placed_at or paid_at or lima(date(2026, 11, 20))
    order = Order(reference=f"MC-FIG{n:04d}", checkout_token=f"figures-{n}", email=email, name="Persona",
                  country=country, district_code="150101" if country == "PE" else None, address_line="Av. 1",
                  payment_method=PaymentMethod.TRANSFER, status=status, subtotal_amount=0, shipping_amount=0,
                  total_amount=0, placed_at=placed_at, payment_due_at=placed_at + timedelta(days=2), paid_at=paid_at,
                  credited_fair_id=fair.id if fair else None)
    parcels = {}
    for product, quantity in items:
        organisation = product.organisation
        if organisation.id not in parcels:
            parcels[organisation.id] = Fulfilment(organisation_id=organisation.id, organisation_name=organisation.name,
                                                  status=FulfilmentStatus.TO_PACK, subtotal_amount=0, shipping_amount=0)
            order.fulfilments.append(parcels[organisation.id])
        price = product.variants[0].price_amount
        parcels[organisation.id].subtotal_amount += price * quantity
        order.subtotal_amount += price * quantity
        order.lines.append(OrderLine(fulfilment=parcels[organisation.id], product_id=product.id,
                                     organisation_id=organisation.id, product_name=product.name_es,
                                     sku=product.variants[0].sku, unit_price_amount=price, quantity=quantity))
    order.total_amount = order.subtotal_amount
    db.session.add(order)
    db.session.commit()
    return order


def audit_event(action: str, subject, at: datetime, actor=None, **details) -> AuditEvent:
    event = AuditEvent(action=action, subject_type=type(subject).__name__, subject_id=subject.id,
                       actor_id=actor.id if actor else None, occurred_at=at, details=details)
    db.session.add(event)
    db.session.commit()
    return event


@dataclass
class Shop:
    weavers: object
    beekeepers: object
    textiles: object
    honey_category: object
    brand: object
    fair: object
    shawl: object
    honey: object
    orders: dict


def build() -> Shop:
    weavers = factories.organisation(name="Tejedoras de Mórrope", district_code="140306", women_led=True,
                                     members_women=11, members_men=7)
    beekeepers = factories.organisation(name="Apicultores de Chucuito", district_code="210106", women_led=False)
    for _ in range(2):  # two people with an account, and no recorded headcount: "< 3"
        factories.member(beekeepers, factories.user())
    textiles = factories.category(name_es="Textiles", name_en="Textiles")
    shawls = factories.category(parent=textiles, name_es="Chalinas", name_en="Shawls")
    honey_category = factories.category(name_es="Miel", name_en="Honey")
    published_at = lima(date(2026, 9, 1))
    shawl = factories.product(weavers, name_es="Chalina pallay", price=12000, category=shawls,
                              status=ProductStatus.PUBLISHED, published_at=published_at)
    honey = factories.product(beekeepers, name_es="Miel de algarrobo", price=3500, category=honey_category,
                              status=ProductStatus.PUBLISHED, published_at=published_at)
    brand = factories.brand(weavers, name="Algodón Nativo Muchik")
    factories.brand_listing(shawl, brand, state=ListingState.APPROVED)
    fair = Fair(slug="expoalimentaria-2026", name="Expoalimentaria 2026", city="Lima", starts_on=date(2026, 11, 5),
                ends_on=date(2026, 11, 7), kind=FairKind.B2B)
    db.session.add(fair)
    db.session.commit()
    november = date(2026, 11, 1)
    orders = {
        "A": sale([(shawl, 1), (honey, 2)], paid_at=lima(november + timedelta(days=9)), email="ana@example.pe", fair=fair),
        "B": sale([(honey, 1)], paid_at=lima(date(2026, 11, 30), 23, 30), email="bob@example.com", country="US"),
        "C": sale([(shawl, 1)], paid_at=lima(date(2026, 12, 1), 0, 30), email="ana@example.pe"),
        "D": sale([(shawl, 3)], paid_at=lima(date(2026, 11, 15)), email="cy@example.pe", status=OrderStatus.REFUNDED),
        "E": sale([(shawl, 1)], paid_at=None, email="dee@example.pe", status=OrderStatus.CANCELLED,
                  placed_at=lima(date(2026, 11, 20))),
        "F": sale([(honey, 1)], paid_at=lima(date(2026, 10, 5)), email="ana@example.pe"),
    }
    _fair_activity(fair, weavers)
    sale_lines.rebuild()  # the orders above were written directly, not through payments
    return Shop(weavers, beekeepers, textiles, honey_category, brand, fair, shawl, honey, orders)


def _fair_activity(fair, weavers) -> None:
    """The weavers' booth: 15 scans in November (7 more on 1 December), four contacts met."""
    booth = Booth(fair=fair, organisation_id=weavers.id, code="AB12CD", status=BoothStatus.ACCEPTED)
    db.session.add(booth)
    db.session.flush()
    for day, scans in ((date(2026, 11, 5), 10), (date(2026, 11, 6), 5), (date(2026, 12, 1), 7)):
        db.session.add(BoothScanDay(booth_id=booth.id, day=day, scans=scans))
    for i, stage in enumerate((ContactStage.MET, ContactStage.SAMPLE_SENT, ContactStage.QUOTED, ContactStage.LOST)):
        db.session.add(Contact(booth=booth, fair=fair, organisation_id=weavers.id, name=f"Contacto {i}",
                               consent_text="Acepto.", consented_at=lima(date(2026, 11, 6)), stage=stage,
                               met_at=lima(date(2026, 11, 6))))
    db.session.commit()
