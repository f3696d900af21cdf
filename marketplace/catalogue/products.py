"""Products and their variants: start a draft, edit it, keep stock, publish, unpublish, archive."""
from __future__ import annotations

from dataclasses import dataclass

from slugify import slugify
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..accounts.models import User
from ..clock import utcnow
from ..extensions import db
from ..media.services import delete_image
from ..money import Money
from ..producers.models import Membership, Organisation, VerificationStatus
from ..sent_forms import Sending, create_once
from ..status import IllegalTransition, check_transition
from .errors import (
    AwaitingProducerConfirmation,
    DuplicateSku,
    InvalidPrice,
    LastVariant,
    ListingNotReady,
    MissingSpanishName,
    NegativeStock,
    NotFound,
    OrganisationNotVerified,
    UnknownCategory,
    UnnamedVariant,
)
from .models import CURRENCY, PRODUCT_TRANSITIONS, Category, Product, ProductPhoto, ProductStatus, Variant
from .signals import tell_changed

MAX_PRICE = Money(100_000_000, CURRENCY)  # S/ 1 000 000: anything above is a typing slip
PAGE_SIZE = 30

# What a listing may lack, in the order a producer meets the steps; views give each a message.
MISSING = ("photo", "name_es", "category", "description_es", "price", "variant_option", "lot")


@dataclass
class ProductDetails:
    """What a producer types on the details step. Price and stock are those of a product sold as
    it is (one variant); a product with several variants keeps them per variant."""

    name_es: str
    category_id: int | None = None
    description_es: str | None = None
    name_en: str | None = None
    description_en: str | None = None
    price: Money | None = None
    stock: int | None = None


@dataclass
class VariantDetails:
    option_es: str | None = None
    option_en: str | None = None
    sku: str | None = None
    price: Money | None = None
    stock: int = 0


def blank_to_none(text: str | None) -> str | None:
    return (text or "").strip() or None


# Reading ------------------------------------------------------------------------------------


def product_for_member(user: User, product_id: int) -> Product:
    """The product if `user` is a member of the organisation that owns it; NotFound otherwise,
    so that another organisation's products cannot even be told apart from missing ones."""
    product = db.session.scalar(
        db.select(Product)
        .join(Membership, Membership.organisation_id == Product.organisation_id)
        .where(Product.id == product_id, Membership.user_id == user.id)
    )
    if product is None:
        raise NotFound(product_id)
    return product


def variant_of(product: Product, variant_id: int) -> Variant:
    variant = db.session.scalar(db.select(Variant).where(Variant.id == variant_id, Variant.product_id == product.id))
    if variant is None:
        raise NotFound(variant_id)
    return variant


def products_page(organisation: Organisation, *, status: ProductStatus | None = None, page: int = 1):
    """One page of an organisation's products, newest changes first, with what the list shows."""
    query = (
        db.select(Product)
        .where(Product.organisation_id == organisation.id)
        .options(
            selectinload(Product.variants),
            selectinload(Product.photos).joinedload(ProductPhoto.image),
            joinedload(Product.category).joinedload(Category.parent),
            selectinload(Product.lots),
            joinedload(Product.assisted_listing),
        )
        .order_by(Product.updated_at.desc(), Product.id.desc())
    )
    if status is not None:
        query = query.where(Product.status == status)
    else:
        query = query.where(Product.status != ProductStatus.ARCHIVED)
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def count_by_status(organisation: Organisation) -> dict[ProductStatus, int]:
    rows = db.session.execute(
        db.select(Product.status, db.func.count(Product.id))
        .where(Product.organisation_id == organisation.id)
        .group_by(Product.status)
    )
    counts = {status: 0 for status in ProductStatus}
    counts.update({status: n for status, n in rows})
    return counts


def missing_for_publication(product: Product) -> list[str]:
    """What the listing still lacks before it can be public, as codes from MISSING (empty: complete)."""
    missing = []
    if not product.photos:
        missing.append("photo")
    if not product.name_es:
        missing.append("name_es")
    if product.category is None:
        missing.append("category")
    if not product.description_es:
        missing.append("description_es")
    if not product.variants or any(not v.price_amount or v.price_amount <= 0 for v in product.variants):
        missing.append("price")
    if product.has_options and any(not v.option_es for v in product.variants):
        missing.append("variant_option")
    if product.needs_lot and product.current_lot is None:
        missing.append("lot")
    return missing


def ensure_public_listing_complete(product: Product) -> None:
    """Called by every edit before it commits: a published product must stay complete, so an
    edit that would leave it lacking something is undone and refused with ListingNotReady."""
    if product.is_published:
        missing = missing_for_publication(product)
        if missing:
            db.session.rollback()
            raise ListingNotReady(missing)


def mark_changed(product: Product) -> None:
    product.updated_at = utcnow()


# Drafts and details ---------------------------------------------------------------------------


def _next_sku(product: Product) -> str:
    taken = {v.sku for v in product.variants}
    n = len(product.variants) + 1
    while f"MC{product.id}-{n}" in taken:
        n += 1
    return f"MC{product.id}-{n}"


def start_product(organisation: Organisation, *, by: User, client_id: str | None = None) -> Product | None:
    """Open an empty draft for an organisation (verified or not), sold as one default variant.

    The same "Nuevo producto" form sent again (its `client_id`) opens no second draft: it gets
    the first one back (None if it was deleted since).
    """
    def create() -> Product:
        product = Product(organisation=organisation, status=ProductStatus.DRAFT)
        db.session.add(product)
        db.session.flush()
        product.variants.append(Variant(sku=_next_sku(product), is_default=True, position=0, stock=0))
        audit.record("product.created", product, actor=by)
        return product

    organisation_id = organisation.id
    return create_once(
        Sending.of("catalogue.product", client_id, organisation_id=organisation_id), create,
        lambda product_id: db.session.scalar(db.select(Product).where(
            Product.id == product_id, Product.organisation_id == organisation_id)),
    )


def _unique_slug(name: str, product: Product) -> str:
    base = slugify(name, max_length=140) or "producto"
    slug, n = base, 2
    while db.session.scalar(db.select(Product.id).where(Product.slug == slug, Product.id != product.id)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_price(price: Money | None) -> None:
    if price is None:
        return
    if price.currency != CURRENCY or price.amount <= 0 or price > MAX_PRICE:
        raise InvalidPrice(price)


def _details_of(product: Product) -> dict:
    """What the details step shows, part by part, to tell what an edit changed."""
    return {
        "name": (product.name_es, product.name_en),
        "category": product.category.id if product.category is not None else None,
        "description": (product.description_es, product.description_en),
        "price": [v.price_amount for v in product.variants],
        "stock": [v.stock for v in product.variants],
    }


def save_details(product: Product, details: ProductDetails, *, by: User, review_confirmed: bool = True) -> list[str]:
    """Save the details step. Drafts may leave the category, description and price empty.
    Returns the names of the brand seals the edit sent back to review.

    Raises MissingSpanishName, UnknownCategory, InvalidPrice, NegativeStock, ListingNotReady
    when the edit would leave a published product incomplete, and ReviewAhead when it would
    send a seal back to review without `review_confirmed`.
    """
    name_es = blank_to_none(details.name_es)
    if name_es is None:
        raise MissingSpanishName()
    category = None
    if details.category_id is not None:
        category = db.session.get(Category, details.category_id)
        if category is None:
            raise UnknownCategory(details.category_id)
    _check_price(details.price)
    if details.stock is not None and details.stock < 0:
        raise NegativeStock(details.stock)

    before = _details_of(product)
    product.name_es = name_es
    product.name_en = blank_to_none(details.name_en)
    product.description_es = blank_to_none(details.description_es)
    product.description_en = blank_to_none(details.description_en)
    product.category = category
    if not product.was_ever_published:
        product.slug = _unique_slug(name_es, product)  # public URLs stay put once shared
    if not product.has_options:
        variant = product.default_variant
        variant.price = details.price
        if details.stock is not None:
            variant.stock = details.stock
    mark_changed(product)
    ensure_public_listing_complete(product)
    audit.record("product.updated", product, actor=by)
    after = _details_of(product)
    sent_back = tell_changed(product, {part for part in before if before[part] != after[part]}, by=by,
                             review_confirmed=review_confirmed)
    db.session.commit()
    return sent_back


# Variants --------------------------------------------------------------------------------------


def _apply_variant(variant: Variant, product: Product, details: VariantDetails) -> None:
    _check_price(details.price)
    if details.stock is None or details.stock < 0:
        raise NegativeStock(details.stock)
    sku = blank_to_none(details.sku)
    if sku is not None and any(v.sku == sku for v in product.variants if v is not variant):
        raise DuplicateSku(sku)
    variant.option_es = blank_to_none(details.option_es)
    variant.option_en = blank_to_none(details.option_en)
    variant.sku = sku or variant.sku or _next_sku(product)
    variant.price = details.price
    variant.stock = details.stock


def add_variant(product: Product, details: VariantDetails, *, by: User,
                first_option_es: str | None = None, first_option_en: str | None = None,
                client_id: str | None = None) -> Variant | None:
    """Add a colour, size or weight beside the variants the product has.

    A product sold as it is has one variant without a name (its price and stock from the
    details step); the second variant names it in the same step (`first_option_es`), so a
    product never has several variants of which one cannot be told apart.

    The same filled form sent again (its `client_id`) adds nothing and returns the variant the
    first sending added (None if it was removed since).

    Raises UnnamedVariant ("new" or "first"), InvalidPrice, NegativeStock, DuplicateSku,
    ListingNotReady.
    """
    def create() -> Variant:
        unnamed = [v for v in product.variants if not v.option_es]
        if product.variants and blank_to_none(details.option_es) is None:
            raise UnnamedVariant("new")
        if unnamed and blank_to_none(first_option_es) is None:
            raise UnnamedVariant("first")
        variant = Variant(position=len(product.variants), is_default=not product.variants)
        _apply_variant(variant, product, details)  # checks before anything changes
        if unnamed:
            unnamed[0].option_es = blank_to_none(first_option_es)
            unnamed[0].option_en = blank_to_none(first_option_en)
        product.variants.append(variant)
        mark_changed(product)
        ensure_public_listing_complete(product)
        audit.record("product.variant_added", product, actor=by, sku=variant.sku)
        tell_changed(product, {"variants"}, by=by)
        return variant

    product_id = product.id
    return create_once(
        Sending.of("catalogue.variant", client_id, organisation_id=product.organisation_id), create,
        lambda variant_id: db.session.scalar(db.select(Variant).where(
            Variant.id == variant_id, Variant.product_id == product_id)),
    )


def update_variant(variant: Variant, details: VariantDetails, *, by: User) -> None:
    """Edit a variant. Raises UnnamedVariant (its name removed while it has siblings),
    InvalidPrice, NegativeStock, DuplicateSku, ListingNotReady."""
    product = variant.product
    if product.has_options and blank_to_none(details.option_es) is None:
        raise UnnamedVariant("new")
    _apply_variant(variant, product, details)
    mark_changed(product)
    ensure_public_listing_complete(product)
    audit.record("product.variant_updated", product, actor=by, sku=variant.sku)
    tell_changed(product, {"variants"}, by=by)
    db.session.commit()


def remove_variant(variant: Variant, *, by: User) -> None:
    """Remove a variant; the product keeps at least one. Raises LastVariant, ListingNotReady."""
    product = variant.product
    if len(product.variants) <= 1:
        raise LastVariant()
    was_default = variant.is_default
    product.variants.remove(variant)
    for position, remaining in enumerate(product.variants):
        remaining.position = position
    if was_default:
        product.variants[0].is_default = True
    mark_changed(product)
    ensure_public_listing_complete(product)
    audit.record("product.variant_removed", product, actor=by, sku=variant.sku)
    tell_changed(product, {"variants"}, by=by)
    db.session.commit()


def set_stock(variant: Variant, stock: int, *, by: User) -> None:
    """The quick stock change from "My products": how many are ready to sell now. Raises NegativeStock."""
    if stock is None or stock < 0:
        raise NegativeStock(stock)
    previous = variant.stock
    variant.stock = stock
    mark_changed(variant.product)
    audit.record("variant.stock_changed", variant, actor=by, previous=previous, stock=stock)
    tell_changed(variant.product, {"stock"} if stock != previous else set(), by=by)
    db.session.commit()


# Status ----------------------------------------------------------------------------------------


def change_status(product: Product, target: ProductStatus, *, by: User | None, reason: str | None = None) -> None:
    """The one place a product's status changes; writes the AuditEvent. The caller commits.

    Raises IllegalTransition for a move the table does not allow.
    """
    check_transition(PRODUCT_TRANSITIONS, product.status, target)
    previous = product.status
    product.status = target
    if target == ProductStatus.PUBLISHED:
        product.published_at = utcnow()
    audit.record(f"product.{target.value}", product, actor=by, reason=reason, previous=previous.value)


def publish(product: Product, *, by: User | None) -> None:
    """Put a complete product of a verified organisation on sale.

    Raises IllegalTransition (archived or already published), ListingNotReady (with what is
    missing), OrganisationNotVerified and AwaitingProducerConfirmation (a product listed with
    help goes on sale only when its producer says so).
    """
    check_transition(PRODUCT_TRANSITIONS, product.status, ProductStatus.PUBLISHED)
    missing = missing_for_publication(product)
    if missing:
        raise ListingNotReady(missing)
    if product.organisation.status != VerificationStatus.VERIFIED:
        raise OrganisationNotVerified(product.organisation_id)
    assisted = product.assisted_listing
    if assisted is not None and assisted.awaiting_producer:
        if by is None or not _is_member(by, product):
            raise AwaitingProducerConfirmation(product.id)
        assisted.confirmed_at = utcnow()  # the producer, signed in, publishes it: that is their yes
        assisted.link_nonce = None
        audit.record("assisted_listing.confirmed", product, actor=by)
    change_status(product, ProductStatus.PUBLISHED, by=by)
    db.session.commit()


def _is_member(user: User, product: Product) -> bool:
    return db.session.scalar(db.select(Membership.id).where(
        Membership.user_id == user.id, Membership.organisation_id == product.organisation_id)) is not None


def unpublish(product: Product, *, by: User) -> None:
    """Take a product off sale and back to draft. Raises IllegalTransition."""
    change_status(product, ProductStatus.DRAFT, by=by)
    db.session.commit()


def archive(product: Product, *, by: User) -> None:
    """No longer made or sold: hide it from the list and the shop. Raises IllegalTransition."""
    change_status(product, ProductStatus.ARCHIVED, by=by)
    db.session.commit()


def restore(product: Product, *, by: User) -> None:
    """Bring an archived product back as a draft. Raises IllegalTransition."""
    change_status(product, ProductStatus.DRAFT, by=by)
    db.session.commit()


def can_delete(product: Product) -> bool:
    """Only a draft never shown to buyers may disappear; anything else is archived instead."""
    return product.is_draft and not product.was_ever_published


def delete_draft(product: Product, *, by: User) -> None:
    """Delete a draft that was never published, with its photos. Raises IllegalTransition otherwise."""
    if not can_delete(product):
        raise IllegalTransition(product.status, ProductStatus.DRAFT)
    images = [photo.image for photo in product.photos]
    audit.record("product.deleted", product, actor=by, name=product.name_es)
    db.session.delete(product)
    db.session.commit()
    for image in images:
        delete_image(image)
