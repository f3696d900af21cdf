"""A product's photos: add from the phone (up to eight), reorder, choose the cover, remove.

The image itself (checking, stripping metadata, responsive sizes, storage) is media's work;
this module only decides which images a product shows and in what order.
"""
from __future__ import annotations

from .. import audit
from ..accounts.models import User
from ..extensions import db
from ..media.services import delete_image, save_upload
from .errors import NotFound, TooManyPhotos
from .models import MAX_PHOTOS, Product, ProductPhoto
from .products import ensure_public_listing_complete
from .signals import tell_changed


def photo_of(product: Product, photo_id: int) -> ProductPhoto:
    photo = db.session.scalar(
        db.select(ProductPhoto).where(ProductPhoto.id == photo_id, ProductPhoto.product_id == product.id)
    )
    if photo is None:
        raise NotFound(photo_id)
    return photo


def _photo_count(product: Product) -> int:
    return db.session.scalar(
        db.select(db.func.count(ProductPhoto.id)).where(ProductPhoto.product_id == product.id)
    )


def room_for_photos(product: Product) -> int:
    return max(0, MAX_PHOTOS - _photo_count(product))


def add_photo(product: Product, upload, *, by: User) -> ProductPhoto:
    """Process one uploaded photo and add it last (first one: the cover).

    Raises TooManyPhotos when the product already has MAX_PHOTOS, and media's RejectedImage
    when the file is not a photo we accept.
    """
    if _photo_count(product) >= MAX_PHOTOS:
        raise TooManyPhotos(MAX_PHOTOS)  # refuse before spending time on the image
    image = save_upload(upload, organisation=product.organisation)  # commits the Image
    # Two uploads may have raced past the first check: count again holding the product's row
    # (PostgreSQL locks it; SQLite serialises writers anyway).
    db.session.scalar(db.select(Product.id).where(Product.id == product.id).with_for_update())
    count = _photo_count(product)
    if count >= MAX_PHOTOS:
        db.session.rollback()
        delete_image(image)
        raise TooManyPhotos(MAX_PHOTOS)
    photo = ProductPhoto(product=product, image=image, position=count)
    db.session.add(photo)
    audit.record("product.photo_added", product, actor=by, image_id=image.id)
    tell_changed(product, {"photos"}, by=by)
    db.session.commit()
    return photo


def _renumber(photos: list[ProductPhoto]) -> None:
    for position, photo in enumerate(photos):
        photo.position = position


def move_photo(photo: ProductPhoto, offset: int, *, by: User) -> None:
    """Move a photo one place earlier (offset -1) or later (+1); moving to the front makes it the cover."""
    photos = list(photo.product.photos)
    index = photos.index(photo)
    target = min(max(index + offset, 0), len(photos) - 1)
    photos.insert(target, photos.pop(index))
    _renumber(photos)
    audit.record("product.photos_reordered", photo.product, actor=by)
    tell_changed(photo.product, {"photo_order"} if index != target else set(), by=by)
    db.session.commit()


def make_cover(photo: ProductPhoto, *, by: User) -> None:
    """Show this photo first, in lists and at the top of the product page."""
    photos = list(photo.product.photos)
    index = photos.index(photo)
    photos.insert(0, photos.pop(index))
    _renumber(photos)
    audit.record("product.cover_chosen", photo.product, actor=by, image_id=photo.image_id)
    tell_changed(photo.product, {"photo_order"} if index else set(), by=by)
    db.session.commit()


def remove_photo(photo: ProductPhoto, *, by: User) -> None:
    """Remove a photo and its image files. Raises ListingNotReady for the last photo of a
    published product (it must keep one)."""
    product = photo.product
    image = photo.image
    product.photos.remove(photo)
    _renumber(product.photos)
    ensure_public_listing_complete(product)
    audit.record("product.photo_removed", product, actor=by, image_id=image.id)
    tell_changed(product, {"photos"}, by=by)
    db.session.commit()
    delete_image(image)
