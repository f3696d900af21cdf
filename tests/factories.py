"""Factories: each makes one valid record with sensible defaults, saved and committed."""
from __future__ import annotations

import itertools
from functools import lru_cache

from werkzeug.security import generate_password_hash

from marketplace.accounts.models import User
from marketplace.clock import utcnow
from marketplace.extensions import db
from marketplace.producers.models import Membership, MemberRole, Organisation, OrganisationKind, VerificationStatus

PASSWORD = "telar-de-cintura-2026"
_sequence = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Hashing once per run keeps the suite fast; every factory user shares this password.
    return generate_password_hash(PASSWORD, method="scrypt")


def user(**kwargs) -> User:
    n = next(_sequence)
    defaults = dict(email=f"person{n}@example.pe", name=f"Persona {n}", locale="es")
    defaults.update(kwargs)
    record = User(**defaults)
    record.password_hash = _password_hash()
    record.password_changed_at = utcnow()
    db.session.add(record)
    db.session.commit()
    return record


def organisation(owner: User | None = None, **kwargs) -> Organisation:
    n = next(_sequence)
    district = kwargs.pop("district_code", "140306")
    defaults = dict(
        slug=f"organizacion-{n}",
        name=f"Organización {n}",
        kind=OrganisationKind.ASSOCIATION,
        story_es="Tejemos algodón nativo en telar de cintura.",
        status=VerificationStatus.VERIFIED,
    )
    defaults.update(kwargs)
    record = Organisation(**defaults)
    record.set_district(district)
    db.session.add(record)
    if owner is not None:
        db.session.add(Membership(user=owner, organisation=record, role=MemberRole.OWNER))
    db.session.commit()
    return record


def member(organisation: Organisation, person: User, role: MemberRole = MemberRole.MEMBER) -> Membership:
    record = Membership(user=person, organisation=organisation, role=role)
    db.session.add(record)
    db.session.commit()
    return record


def user_with_role(role: str, **kwargs) -> User:
    if role == "staff":
        return user(is_staff=True, **kwargs)
    if role == "promoter":
        return user(is_promoter=True, **kwargs)
    if role == "admin":
        return user(is_staff=True, is_admin=True, **kwargs)
    if role == "producer":
        person = user(**kwargs)
        person.organisation = organisation(owner=person)
        return person
    if role == "buyer":
        return user(**kwargs)
    raise ValueError(f"unknown role {role!r}")


# Catalogue: categories, heritage elements, products with their variants, photos and lots. ------

from datetime import date  # noqa: E402

from marketplace.catalogue.models import (  # noqa: E402
    Category,
    HeritageElement,
    Lot,
    PriceTier,
    Product,
    ProductPhoto,
    ProductStatus,
    Variant,
)
from marketplace.media.models import Image  # noqa: E402


def category(parent: Category | None = None, **kwargs) -> Category:
    n = next(_sequence)
    defaults = dict(slug=f"categoria-{n}", name_es=f"Categoría {n}", position=n)
    defaults.update(kwargs)
    record = Category(parent=parent, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


def honey_category(**kwargs) -> Category:
    """A sub-category of a top-level category sold by lot, like Miel → Miel de algarrobo."""
    root = category(name_es="Miel", name_en="Honey", sold_by_lot=True)
    return category(parent=root, name_es="Miel de algarrobo", **kwargs)


def heritage_element(**kwargs) -> HeritageElement:
    n = next(_sequence)
    defaults = dict(
        slug=f"patrimonio-{n}", name_es=f"Elemento de patrimonio {n}",
        description_es="Saber tradicional reconocido.", source="Ministerio de Cultura, 2010",
    )
    defaults.update(kwargs)
    record = HeritageElement(**defaults)
    db.session.add(record)
    db.session.commit()
    return record


def product(org: Organisation | None = None, *, price: int | None = 4500, stock: int = 5, **kwargs) -> Product:
    """A draft (unless told otherwise) sold as one default variant priced in céntimos."""
    n = next(_sequence)
    org = org or organisation()
    defaults = dict(slug=f"producto-{n}", name_es=f"Producto {n}", description_es="Hecho a mano.",
                    status=ProductStatus.DRAFT)
    defaults.update(kwargs)
    record = Product(organisation=org, **defaults)
    if record.status == ProductStatus.PUBLISHED and record.published_at is None:
        record.published_at = utcnow()
    record.variants.append(Variant(sku=f"SKU-{n}", price_amount=price, stock=stock, is_default=True, position=0))
    db.session.add(record)
    db.session.commit()
    return record


def variant(of: Product, **kwargs) -> Variant:
    n = next(_sequence)
    defaults = dict(sku=f"SKU-{n}", option_es=f"Opción {n}", price_amount=3000, stock=2, position=len(of.variants))
    defaults.update(kwargs)
    record = Variant(product=of, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


def wholesale_terms(of: Variant, tiers: dict[int, int] | None = None, **kwargs) -> Variant:
    """Give a variant wholesale terms: `tiers` maps a minimum quantity to its unit price in céntimos;
    other keywords set the variant's columns (unit, wholesale_minimum, lead_time_days, sample_price_amount)."""
    for min_quantity, price_amount in sorted((tiers or {}).items()):
        of.tiers.append(PriceTier(min_quantity=min_quantity, price_amount=price_amount))
    for name, value in kwargs.items():
        setattr(of, name, value)
    db.session.commit()
    return of


def image(org: Organisation) -> Image:
    """An Image row with made-up file keys: enough for pages that only print its URLs."""
    n = next(_sequence)
    digest = f"{n:016x}"
    record = Image(
        organisation_id=org.id, width=800, height=600, placeholder_color="#8a6a4a", digest=digest,
        variants=[{"width": w, "format": f, "key": f"images/{digest}-{w}.{'jpg' if f == 'jpeg' else f}", "bytes": 1}
                  for w in (400, 800) for f in ("webp", "jpeg")],
    )
    db.session.add(record)
    db.session.commit()
    return record


def product_photo(of: Product) -> ProductPhoto:
    record = ProductPhoto(product=of, image=image(of.organisation), position=len(of.photos))
    db.session.add(record)
    db.session.commit()
    return record


def lot(of: Product, **kwargs) -> Lot:
    n = next(_sequence)
    defaults = dict(lot_code=f"LOTE-{n}", harvest_date=date(2024, 3, 15), campaign="2024-C1", is_current=True)
    defaults.update(kwargs)
    record = Lot(product=of, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


def complete_product(org: Organisation | None = None, *, in_category: Category | None = None, **kwargs) -> Product:
    """A draft with everything publishing asks for: name, category, description, photo, price."""
    record = product(org, category=in_category or category(), **kwargs)
    product_photo(record)
    return record


# Collective brands: a brand, its stewards, authorisations and listings. --------------------------

from marketplace.brands.models import (  # noqa: E402
    BrandListing,
    BrandMembership,
    BrandMembershipStatus,
    BrandSteward,
    CollectiveBrand,
    ListingState,
)


def brand(owner: Organisation | None = None, **kwargs) -> CollectiveBrand:
    n = next(_sequence)
    owner = owner or organisation(kind=OrganisationKind.ASSOCIATION)
    defaults = dict(
        slug=f"marca-{n}", name=f"Marca {n}", region_code="14", registration_number=f"C-{n:06d}",
        nice_classes="30", granted_on=date(2018, 9, 20), expires_on=date(2099, 9, 20),
        description_es="Miel del bosque seco.", products_covered_es="Miel de abeja.",
        usage_rules_es="Solo miel de apiarios del bosque seco de los integrantes.",
    )
    defaults.update(kwargs)
    record = CollectiveBrand(owner=owner, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


def steward(of: CollectiveBrand, person: User | None = None) -> BrandSteward:
    """A member of the brand owner's organisation appointed as its steward."""
    person = person or user()
    if not any(m.user_id == person.id for m in of.owner.memberships):
        member(of.owner, person)
    record = BrandSteward(brand=of, user=person)
    db.session.add(record)
    db.session.commit()
    return record


def authorisation(of: CollectiveBrand, org: Organisation, **kwargs) -> BrandMembership:
    defaults = dict(status=BrandMembershipStatus.ACTIVE, authorised_from=date(2020, 1, 1),
                    authorised_by_resolution="Acta N° 1-2020")
    defaults.update(kwargs)
    record = BrandMembership(brand=of, organisation=org, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


def brand_listing(of: Product, claiming: CollectiveBrand, state: ListingState = ListingState.DRAFT, **kwargs) -> BrandListing:
    defaults = dict(submitted_at=utcnow() if state != ListingState.DRAFT else None)
    defaults.update(kwargs)
    record = BrandListing(product=of, brand=claiming, state=state, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


# Storefront: what buyers see. --------------------------------------------------------------------


def published_product(org: Organisation | None = None, **kwargs) -> Product:
    """A complete product on sale, with a cover photo; its organisation is verified unless given."""
    return complete_product(org, status=ProductStatus.PUBLISHED, **kwargs)


# Ledger: what producers earned and were paid. ----------------------------------------------------

from decimal import Decimal  # noqa: E402

from marketplace.ledger.models import EntryKind, LedgerEntry  # noqa: E402


def ledger_entry(org: Organisation, kind: EntryKind = EntryKind.SALE, **kwargs) -> LedgerEntry:
    """A SALE of S/ 120.00 less 10 % commission by default; give amounts and kind for others."""
    defaults = dict(currency="PEN", gross_amount=12000, commission_amount=1200, net_amount=10800,
                    commission_percent=Decimal("10.00"), occurred_on=date(2026, 11, 10))
    if kind == EntryKind.PAYOUT:
        defaults.update(gross_amount=0, commission_amount=0, net_amount=-10000, commission_percent=None,
                        bank_reference="OP-000001")
    defaults.update(kwargs)
    record = LedgerEntry(organisation_id=org.id, kind=kind, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


# Fairs: editions, booths, the visits their QR brings. --------------------------------------------

from datetime import timedelta  # noqa: E402

from marketplace.fairs.models import Booth, BoothStatus, Fair, FairKind  # noqa: E402


def fair(**kwargs) -> Fair:
    """An edition on three days, starting a month from today (upcoming) unless told otherwise."""
    n = next(_sequence)
    starts = kwargs.pop("starts_on", date.today() + timedelta(days=30))
    defaults = dict(slug=f"feria-{n}", name=f"Feria {n}", city="Lima", venue="Jockey Plaza", starts_on=starts,
                    ends_on=starts + timedelta(days=2), kind=FairKind.B2B)
    defaults.update(kwargs)
    record = Fair(**defaults)
    db.session.add(record)
    db.session.commit()
    return record


def booth(at: Fair | None = None, org: Organisation | None = None, **kwargs) -> Booth:
    """An accepted booth (unless told otherwise) with a unique code."""
    n = next(_sequence)
    defaults = dict(code=f"T{n:05d}", number=f"B-{n}", status=BoothStatus.ACCEPTED)
    defaults.update(kwargs)
    record = Booth(fair=at or fair(), organisation=org or organisation(), **defaults)
    db.session.add(record)
    db.session.commit()
    return record
