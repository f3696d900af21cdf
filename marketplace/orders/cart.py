"""The cart: which variants a buyer wants, and what they cost today, grouped by producer.

A cart is a plain mapping of variant id to quantity. A guest's lives in their session (the
views keep it there), a signed-in buyer's in the database; both are priced the same way, from
the database, every time they are shown. Nothing about price is ever stored in a cart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload, selectinload

from ..catalogue.models import Product, ProductStatus, Variant
from ..extensions import db
from ..money import Money
from ..producers.models import Organisation, VerificationStatus
from .models import CURRENCY, Cart, CartItem
from .shipping import Destination, parcel_rate

CartItems = dict[int, int]  # variant id → quantity
MAX_QUANTITY = 99  # per line at retail: anything above is a typing slip
# Per line of a variant with wholesale terms, where only its stock caps the quantity; this keeps
# a slip of the finger (a 1 held down) from reaching the sums.
LARGEST_QUANTITY = 10_000


class CartError(Exception):
    pass


class InvalidQuantity(CartError):
    def __init__(self, quantity, maximum: int = MAX_QUANTITY):
        super().__init__(f"{quantity} is not between 1 and {maximum}")
        self.maximum = maximum


class BelowWholesaleMinimum(CartError):
    """The buyer asked for the wholesale price with fewer units than the producer's minimum."""

    def __init__(self, variant: Variant, minimum: int):
        super().__init__(f"wholesale from {minimum}")
        self.variant = variant
        self.minimum = minimum


class NotForSale(CartError):
    """The variant does not exist, or its product is not published by a verified producer."""


class NotEnoughStock(CartError):
    def __init__(self, available: int):
        super().__init__(f"only {available} left")
        self.available = available


@dataclass
class PricedLine:
    variant: Variant
    quantity: int

    @property
    def product(self) -> Product:
        return self.variant.product

    @property
    def unit_price(self) -> Money:
        return self.variant.price_for(self.quantity)

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity

    @property
    def next_tier(self):
        """The next price tier up, to tell the buyer what more units would cost each."""
        return next((tier for tier in self.variant.tiers if tier.min_quantity > self.quantity), None)

    @property
    def available(self) -> int:
        return self.variant.stock

    @property
    def is_short(self) -> bool:
        return self.quantity > self.variant.stock


@dataclass
class ProducerGroup:
    organisation: Organisation
    lines: list[PricedLine]
    shipping: Money

    @property
    def subtotal(self) -> Money:
        return sum((line.total for line in self.lines), Money(0, CURRENCY))

    @property
    def total(self) -> Money:
        return self.subtotal + self.shipping


@dataclass
class PricedCart:
    groups: list[ProducerGroup] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # names of things no longer for sale

    @property
    def items(self) -> CartItems:
        """What is left in the cart once things no longer for sale are taken out."""
        return {line.variant.id: line.quantity for group in self.groups for line in group.lines}

    @property
    def lines(self) -> list[PricedLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def shortages(self) -> list[PricedLine]:
        return [line for line in self.lines if line.is_short]

    @property
    def subtotal(self) -> Money:
        return sum((g.subtotal for g in self.groups), Money(0, CURRENCY))

    @property
    def shipping(self) -> Money:
        return sum((g.shipping for g in self.groups), Money(0, CURRENCY))

    @property
    def total(self) -> Money:
        return self.subtotal + self.shipping


def _load_variants(ids) -> dict[int, Variant]:
    if not ids:
        return {}
    variants = db.session.scalars(
        db.select(Variant)
        .where(Variant.id.in_(list(ids)))
        .options(joinedload(Variant.product).joinedload(Product.organisation), selectinload(Variant.tiers))
    )
    return {v.id: v for v in variants}


def is_for_sale(variant: Variant | None) -> bool:
    return (
        variant is not None
        and variant.product.status == ProductStatus.PUBLISHED
        and variant.product.organisation.status == VerificationStatus.VERIFIED
        and variant.price_amount is not None
        and variant.currency == CURRENCY
    )


def variant_name(variant: Variant) -> str:
    product = variant.product.name_es or variant.sku
    return f"{product} — {variant.option_es}" if variant.option_es else product


def price_cart(items: CartItems, destination: Destination = Destination.PERU) -> PricedCart:
    """Price a cart from the database: lines grouped by producer, one parcel's shipping each.

    Things no longer for sale (unpublished, deleted) are left out and named in `removed`.
    """
    variants = _load_variants(items)
    priced = PricedCart()
    groups: dict[int, ProducerGroup] = {}
    for variant_id, quantity in items.items():
        variant = variants.get(variant_id)
        if not is_for_sale(variant):
            priced.removed.append(variant_name(variant) if variant is not None else "")
            continue
        organisation = variant.product.organisation
        group = groups.setdefault(organisation.id, ProducerGroup(organisation, [], parcel_rate(destination)))
        group.lines.append(PricedLine(variant, quantity))
    priced.groups = sorted(groups.values(), key=lambda g: g.organisation.name)
    for group in priced.groups:
        group.lines.sort(key=lambda line: (line.product.name_es or "", line.variant.position, line.variant.id))
    return priced


def quantity_limit(variant: Variant) -> int:
    """The most units one line may hold, before stock: 99 at retail; a variant with wholesale
    terms is capped by its stock alone."""
    return LARGEST_QUANTITY if variant.has_wholesale_terms else MAX_QUANTITY


def quantity_limit_of(variant_id) -> int:
    """What a buyer may type for a variant (by id), before stock; 99 for one unknown."""
    variant = _load_variants([variant_id]).get(variant_id) if isinstance(variant_id, int) else None
    return quantity_limit(variant) if variant is not None else MAX_QUANTITY


def _check_quantity(quantity, maximum: int = LARGEST_QUANTITY) -> int:
    if not isinstance(quantity, int) or quantity < 1 or quantity > maximum:
        raise InvalidQuantity(quantity, maximum)
    return quantity


def add_item(items: CartItems, variant_id: int, quantity: int, *, wholesale: bool = False) -> CartItems:
    """Add units of a variant. `wholesale`: the buyer asked for the wholesale price, so the line
    must reach the producer's wholesale minimum.

    Raises InvalidQuantity, NotForSale, NotEnoughStock or BelowWholesaleMinimum.
    """
    _check_quantity(quantity)
    variant = _load_variants([variant_id]).get(variant_id)
    if not is_for_sale(variant):
        raise NotForSale(variant_id)
    limit = quantity_limit(variant)
    _check_quantity(quantity, limit)
    wanted = items.get(variant_id, 0) + quantity
    if wanted > variant.stock or wanted > limit:
        raise NotEnoughStock(max(0, min(variant.stock, limit) - items.get(variant_id, 0)))
    if wholesale and wanted < (variant.wholesale_minimum or 1):
        raise BelowWholesaleMinimum(variant, variant.wholesale_minimum)
    return {**items, variant_id: wanted}


def set_quantity(items: CartItems, variant_id: int, quantity: int) -> CartItems:
    """Change how many units of a line; zero removes it. Raises InvalidQuantity or NotEnoughStock."""
    if variant_id not in items:
        raise NotForSale(variant_id)
    if quantity == 0:
        return {k: v for k, v in items.items() if k != variant_id}
    _check_quantity(quantity)
    variant = _load_variants([variant_id]).get(variant_id)
    if not is_for_sale(variant):
        raise NotForSale(variant_id)
    _check_quantity(quantity, quantity_limit(variant))
    if quantity > variant.stock:
        raise NotEnoughStock(variant.stock)
    return {**items, variant_id: quantity}


# A signed-in buyer's cart in the database -------------------------------------------------------


def items_of(user) -> CartItems:
    cart = db.session.scalar(db.select(Cart).where(Cart.user_id == user.id).options(joinedload(Cart.items)))
    return {item.variant_id: item.quantity for item in cart.items} if cart else {}


def save_items(user, items: CartItems) -> None:
    """Replace what a signed-in buyer's cart holds."""
    cart = db.session.scalar(db.select(Cart).where(Cart.user_id == user.id))
    if cart is None:
        cart = Cart(user_id=user.id)
        db.session.add(cart)
    existing = {item.variant_id: item for item in cart.items}
    for variant_id, item in existing.items():
        if variant_id not in items:
            cart.items.remove(item)
    for variant_id, quantity in items.items():
        if variant_id in existing:
            existing[variant_id].quantity = quantity
        else:
            cart.items.append(CartItem(variant_id=variant_id, quantity=quantity))
    db.session.commit()


def merge_into(user, guest_items: CartItems) -> CartItems:
    """At sign-in, add a guest's cart to the buyer's saved one (capped at what is in stock)."""
    merged = dict(items_of(user))
    variants = _load_variants(guest_items)
    for variant_id, quantity in guest_items.items():
        variant = variants.get(variant_id)
        if not is_for_sale(variant):
            continue
        total = min(merged.get(variant_id, 0) + quantity, variant.stock, quantity_limit(variant))
        if total > 0:
            merged[variant_id] = total
    save_items(user, merged)
    return merged
