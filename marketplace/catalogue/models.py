"""The catalogue: categories, products with their variants and photos, provenance and honey lots."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import ubigeo
from ..clock import UTCDateTime, utcnow
from ..extensions import db
from ..money import Money
from ..status import enum_type

MAX_PHOTOS = 8
CURRENCY = "PEN"


class Category(db.Model):
    """A node of the small category tree kept by staff (Textiles → Bolsos, Miel → Miel de algarrobo)."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_es: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    description_es: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    # Food sold by batch (honey): its products must name the lot on sale before they go public.
    sold_by_lot: Mapped[bool] = mapped_column(default=False)

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="[Category.position, Category.name_es]"
    )

    @property
    def needs_lot(self) -> bool:
        """A sub-category inherits the lot rule of its parent (Miel → Miel de algarrobo)."""
        return self.sold_by_lot or (self.parent is not None and self.parent.needs_lot)

    @property
    def path_es(self) -> str:
        return f"{self.parent.name_es} › {self.name_es}" if self.parent else self.name_es

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class HeritageElement(db.Model):
    """An entry of intangible heritage (patrimonio inmaterial) that staff keep and provenance cites."""

    __tablename__ = "heritage_element"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_es: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str | None] = mapped_column(String(160))
    description_es: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))  # who declared or recorded it, and when

    def __repr__(self) -> str:
        return f"<HeritageElement {self.slug}>"


class ProductStatus(StrEnum):
    DRAFT = "draft"  # only its organisation sees it; may be incomplete
    PUBLISHED = "published"  # complete, from a verified organisation, on sale
    ARCHIVED = "archived"  # no longer made or sold; kept for orders and history


# The allowed moves. Publishing has more conditions (completeness, a verified organisation).
PRODUCT_TRANSITIONS = {
    ProductStatus.DRAFT: {ProductStatus.PUBLISHED, ProductStatus.ARCHIVED},
    ProductStatus.PUBLISHED: {ProductStatus.DRAFT, ProductStatus.ARCHIVED},
    ProductStatus.ARCHIVED: {ProductStatus.DRAFT},
}


product_heritage_element = db.Table(
    "product_heritage_element",
    Column("product_id", ForeignKey("product.id", ondelete="CASCADE"), primary_key=True),
    Column("heritage_element_id", ForeignKey("heritage_element.id"), primary_key=True),
)


class Product(db.Model):
    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    # Set from the Spanish name; follows renames until the product is first published, then stays.
    slug: Mapped[str | None] = mapped_column(String(160), unique=True)
    name_es: Mapped[str | None] = mapped_column(String(140))  # a draft started from the camera has none yet
    name_en: Mapped[str | None] = mapped_column(String(140))
    description_es: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProductStatus] = mapped_column(
        enum_type(ProductStatus), default=ProductStatus.DRAFT, index=True
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation = relationship("Organisation")
    category: Mapped[Category | None] = relationship()
    variants: Mapped[list[Variant]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="[Variant.position, Variant.id]"
    )
    photos: Mapped[list[ProductPhoto]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="[ProductPhoto.position, ProductPhoto.id]"
    )
    provenance: Mapped[Provenance | None] = relationship(
        back_populates="product", cascade="all, delete-orphan", uselist=False
    )
    makers: Mapped[list[MakerCredit]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="[MakerCredit.position, MakerCredit.id]"
    )
    heritage_elements: Mapped[list[HeritageElement]] = relationship(
        secondary=product_heritage_element, order_by="HeritageElement.name_es"
    )
    lots: Mapped[list[Lot]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="[Lot.harvest_date.desc(), Lot.id.desc()]"
    )

    @property
    def is_draft(self) -> bool:
        return self.status == ProductStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == ProductStatus.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == ProductStatus.ARCHIVED

    @property
    def was_ever_published(self) -> bool:
        return self.published_at is not None

    @property
    def needs_lot(self) -> bool:
        return self.category is not None and self.category.needs_lot

    @property
    def cover(self) -> ProductPhoto | None:
        return self.photos[0] if self.photos else None

    @property
    def has_options(self) -> bool:
        """Several variants (colours, sizes, weights); one variant means the product is sold as it is."""
        return len(self.variants) > 1

    @property
    def default_variant(self) -> Variant | None:
        return next((v for v in self.variants if v.is_default), self.variants[0] if self.variants else None)

    @property
    def current_lot(self) -> Lot | None:
        return next((lot for lot in self.lots if lot.is_current), None)

    @property
    def credited_makers(self) -> list[MakerCredit]:
        """Only makers who agreed to be named are shown to buyers."""
        return [m for m in self.makers if m.consent]

    @property
    def prices(self) -> list[Money]:
        return sorted(v.price for v in self.variants if v.price is not None)

    @property
    def total_stock(self) -> int:
        return sum(v.stock for v in self.variants)

    def __repr__(self) -> str:
        return f"<Product {self.id} {self.slug}>"


class SaleUnit(StrEnum):
    """What one unit of a variant is, as buyers count it: "12 frascos", "300 kg"."""

    PIECE = "piece"
    JAR = "jar"
    KG = "kg"
    BUCKET_25KG = "bucket_25kg"


SALE_UNIT_LABELS = {
    SaleUnit.PIECE: _l("Pieza"),
    SaleUnit.JAR: _l("Frasco"),
    SaleUnit.KG: _l("Kilo (kg)"),
    SaleUnit.BUCKET_25KG: _l("Balde de 25 kg"),
}


class Variant(db.Model):
    """What is actually sold and counted: a colour, size or weight of a product, or the product itself."""

    __tablename__ = "variant"
    __table_args__ = (
        # A SKU names a variant within its product: two organisations may use the same codes.
        UniqueConstraint("product_id", "sku", name="uq_variant_product_sku"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price_amount > 0", name="price_positive"),
        CheckConstraint("wholesale_minimum > 0", name="wholesale_minimum_positive"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
        CheckConstraint("sample_price_amount >= 0", name="sample_price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    option_es: Mapped[str | None] = mapped_column(String(60))  # "500 g", "pardo"; none for the only variant
    option_en: Mapped[str | None] = mapped_column(String(60))
    price_amount: Mapped[int | None] = mapped_column()  # céntimos; a draft may not have a price yet
    currency: Mapped[str] = mapped_column(String(3), default=CURRENCY)
    stock: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)
    is_default: Mapped[bool] = mapped_column(default=False)
    # Wholesale terms, all optional: the unit counted, the least quantity sold at wholesale
    # prices, the days needed to prepare a large order, and price tiers by quantity.
    unit: Mapped[SaleUnit] = mapped_column(enum_type(SaleUnit), default=SaleUnit.PIECE, server_default=SaleUnit.PIECE.value)
    wholesale_minimum: Mapped[int | None] = mapped_column()
    lead_time_days: Mapped[int | None] = mapped_column()
    # A sample ("muestra sin valor comercial") at this price, 0 for free; none: no samples.
    sample_price_amount: Mapped[int | None] = mapped_column()

    product: Mapped[Product] = relationship(back_populates="variants")
    tiers: Mapped[list[PriceTier]] = relationship(
        back_populates="variant", cascade="all, delete-orphan", order_by="PriceTier.min_quantity"
    )

    @property
    def price(self) -> Money | None:
        return Money(self.price_amount, self.currency) if self.price_amount is not None else None

    @price.setter
    def price(self, value: Money | None) -> None:
        self.price_amount = value.amount if value is not None else None
        self.currency = value.currency if value is not None else CURRENCY

    @property
    def has_wholesale_terms(self) -> bool:
        return bool(self.tiers) or self.wholesale_minimum is not None

    @property
    def offers_samples(self) -> bool:
        return self.sample_price_amount is not None

    @property
    def sample_price(self) -> Money | None:
        return Money(self.sample_price_amount, self.currency) if self.sample_price_amount is not None else None

    def price_for(self, quantity: int) -> Money | None:
        """The unit price when buying `quantity`: the tier with the largest minimum reached, else
        the retail price. The one place a unit price is decided for a cart, a checkout and an order line."""
        amount = self.price_amount
        if amount is None:
            return None
        for tier in self.tiers:  # ordered by their minimum
            # A tier never costs more than fewer units would (the retail price may drop later).
            if tier.min_quantity <= quantity:
                amount = min(amount, tier.price_amount)
        return Money(amount, self.currency)

    @property
    def price_table(self) -> list[PriceRow]:
        """The rows a buyer reads: 1–11 at the retail price, 12–99 at S/ 30, 100 or more at S/ 26."""
        if self.price_amount is None or not self.tiers:
            return []
        starts = [1] + [tier.min_quantity for tier in self.tiers]
        prices = [self.price_amount] + [tier.price_amount for tier in self.tiers]
        return [
            PriceRow(start, starts[i + 1] - 1 if i + 1 < len(starts) else None, Money(prices[i], self.currency))
            for i, start in enumerate(starts)
        ]

    def __repr__(self) -> str:
        return f"<Variant {self.product_id}/{self.sku}>"


@dataclass(frozen=True)
class PriceRow:
    start: int
    end: int | None  # none: "or more"
    price: Money


class PriceTier(db.Model):
    """A unit price from a quantity up: buying `min_quantity` or more of the variant costs this each."""

    __tablename__ = "price_tier"
    __table_args__ = (
        UniqueConstraint("variant_id", "min_quantity", name="uq_price_tier_variant_min_quantity"),
        CheckConstraint("min_quantity > 1", name="min_quantity_above_one"),
        CheckConstraint("price_amount > 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variant.id", ondelete="CASCADE"), index=True)
    min_quantity: Mapped[int] = mapped_column()
    price_amount: Mapped[int] = mapped_column()  # in the variant's currency

    variant: Mapped[Variant] = relationship(back_populates="tiers")


class ProductPhoto(db.Model):
    """A processed image shown for a product; the one in first position is the cover."""

    __tablename__ = "product_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("image.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="photos")
    image = relationship("Image", lazy="joined")

    @property
    def is_cover(self) -> bool:
        return self.position == 0


class Technique(StrEnum):
    BACKSTRAP = "backstrap"  # telar de cintura
    FOUR_STAKE = "four_stake"  # telar de cuatro estacas (de suelo)
    PEDAL = "pedal"  # telar de pedal
    KNITTING = "knitting"  # tejido a palitos
    CROCHET = "crochet"  # tejido a crochet
    HAND_SPINNING = "hand_spinning"  # hilado a mano (huso, pushka)
    EMBROIDERY = "embroidery"  # bordado
    OTHER = "other"  # named in technique_other


TECHNIQUE_LABELS = {
    Technique.BACKSTRAP: _l("Telar de cintura"),
    Technique.FOUR_STAKE: _l("Telar de cuatro estacas"),
    Technique.PEDAL: _l("Telar de pedal"),
    Technique.KNITTING: _l("Tejido a palitos"),
    Technique.CROCHET: _l("Tejido a crochet"),
    Technique.HAND_SPINNING: _l("Hilado a mano (huso o pushka)"),
    Technique.EMBROIDERY: _l("Bordado"),
    Technique.OTHER: _l("Otra técnica"),
}


class Provenance(db.Model):
    """Where and how a product was made, in structured notes a buyer can trust and filter on."""

    __tablename__ = "provenance"
    __table_args__ = (CheckConstraint("hours_of_work > 0", name="hours_positive"),)

    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), primary_key=True)
    community: Mapped[str | None] = mapped_column(String(120))
    district_code: Mapped[str | None] = mapped_column(String(6))  # INEI ubigeo
    technique: Mapped[Technique | None] = mapped_column(enum_type(Technique))
    technique_other: Mapped[str | None] = mapped_column(String(80))
    fibre: Mapped[str | None] = mapped_column(String(120))
    dyes: Mapped[str | None] = mapped_column(String(200))
    iconography: Mapped[str | None] = mapped_column(String(200))
    iconography_meaning_es: Mapped[str | None] = mapped_column(Text)
    iconography_meaning_en: Mapped[str | None] = mapped_column(Text)
    hours_of_work: Mapped[int | None] = mapped_column()

    product: Mapped[Product] = relationship(back_populates="provenance")

    @property
    def district(self) -> ubigeo.District | None:
        return ubigeo.district(self.district_code)

    @property
    def technique_label(self) -> str | None:
        """The technique as buyers and reviewers read it: the producer's own words when it is
        "other" and they named it, the technique's name otherwise; None when none is given."""
        if self.technique is None:
            return None
        if self.technique == Technique.OTHER and self.technique_other:
            return self.technique_other
        return str(TECHNIQUE_LABELS[self.technique])


class MakerCredit(db.Model):
    """A person credited for making a product; named to buyers only with their consent."""

    __tablename__ = "maker_credit"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    consent: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="makers")


class Lot(db.Model):
    """A batch of food (honey) with what buyers and importers ask about it; one is on sale at a time."""

    __tablename__ = "lot"
    __table_args__ = (
        UniqueConstraint("product_id", "lot_code", name="uq_lot_product_lot_code"),
        CheckConstraint("moisture_percent > 0 AND moisture_percent < 100", name="moisture_range"),
        CheckConstraint("net_weight_g > 0", name="net_weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    lot_code: Mapped[str] = mapped_column(String(40))
    campaign: Mapped[str | None] = mapped_column(String(40))  # flowering varies with ENSO: say which one
    harvest_date: Mapped[date] = mapped_column()
    floral_source: Mapped[str | None] = mapped_column(String(120))
    apiary_district_code: Mapped[str | None] = mapped_column(String(6))
    moisture_percent: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    net_weight_g: Mapped[int | None] = mapped_column()
    best_before: Mapped[date | None] = mapped_column()
    sanitary_registration: Mapped[str | None] = mapped_column(String(60))  # Registro Sanitario DIGESA
    is_current: Mapped[bool] = mapped_column(default=False)
    # A recall: the producer took the lot off sale; its labels' page tells buyers why.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    product: Mapped[Product] = relationship(back_populates="lots")

    @property
    def apiary_district(self) -> ubigeo.District | None:
        return ubigeo.district(self.apiary_district_code)


class AssistedListing(db.Model):
    """A product listed by staff on behalf of a producer without a smartphone.

    The product stays a draft until the producer confirms it through a one-time link sent by
    WhatsApp or SMS (`link_nonce` is part of the signed link; it changes when a new link is sent
    and is cleared once the link is used, so each link works once).
    """

    __tablename__ = "assisted_listing"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), unique=True)
    helper_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    helper_name: Mapped[str] = mapped_column(String(120))  # kept as shown to buyers, even if the account goes
    phone: Mapped[str] = mapped_column(String(20))  # the producer's mobile, E.164
    link_nonce: Mapped[str | None] = mapped_column(String(32))
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    product: Mapped[Product] = relationship(
        backref=db.backref("assisted_listing", uselist=False, cascade="all, delete-orphan", passive_deletes=True)
    )
    helper = relationship("User")

    @property
    def awaiting_producer(self) -> bool:
        return self.confirmed_at is None

    @property
    def link_expired(self) -> bool:
        return self.link_expires_at is not None and self.link_expires_at <= utcnow()
