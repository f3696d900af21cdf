"""Assisted listing: staff list a product for a producer without a smartphone, and the producer
confirms it through a one-time link sent by WhatsApp or SMS. Nothing goes on sale before that.

The link is signed (it names the listing and its current nonce) and carries its own age, so it
can be shown again to the staff member who sends it; it stops working when it expires, when a
new link is sent, and once it has been used.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from .. import audit, sent_forms
from ..accounts.models import User
from ..accounts.phones import normalise
from ..clock import LIMA, utcnow
from ..extensions import db
from ..producers.models import Organisation, VerificationStatus
from . import lots, photos, products
from .errors import CatalogueError, NotFound, OrganisationNotVerified
from .models import AssistedListing, Product

LINK_VALID_FOR = timedelta(days=7)
_SALT = "assisted-listing"


class LinkNotValid(CatalogueError):
    """The link is unknown, was replaced by a newer one, or was already used."""


class LinkExpired(CatalogueError):
    pass


class AlreadyAnswered(CatalogueError):
    pass


@dataclass
class AssistedDetails:
    organisation_id: int
    phone: str
    product: products.ProductDetails
    photos: list  # uploaded files (werkzeug FileStorage)
    lot: lots.LotDetails | None = None
    client_id: str | None = None  # the id the form was given when shown


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _new_link(listing: AssistedListing) -> None:
    listing.link_nonce = secrets.token_hex(8)
    listing.link_expires_at = utcnow() + LINK_VALID_FOR


def _listed_before(sent: sent_forms.Sending | None) -> AssistedListing | None:
    found = sent_forms.earlier(sent)
    return db.session.get(AssistedListing, found) if found is not None else None


def list_for_producer(details: AssistedDetails, *, by: User) -> AssistedListing:
    """Create the draft with its photos (and its lot, for honey) and the confirmation link.

    Everything or nothing: if a photo or a field is refused, the draft made so far is deleted
    and the error raised (InvalidPhone, RejectedImage, the catalogue's errors). The same filled
    form sent again (its client_id: a second tap, a reload) returns the listing the first made.
    """
    sent = sent_forms.Sending.of("catalogue.assisted_listing", details.client_id, user_id=by.id)
    found = sent_forms.earlier(sent)
    if found is not None:
        previous = db.session.get(AssistedListing, found)
        if previous is not None:
            return previous
        sent = None  # the listing the first sending made was deleted since: this one makes another
    organisation = db.session.get(Organisation, details.organisation_id)
    if organisation is None:
        raise NotFound(details.organisation_id)
    if organisation.status != VerificationStatus.VERIFIED:
        raise OrganisationNotVerified(organisation.id)
    phone = normalise(details.phone)
    product = products.start_product(organisation, by=by)
    try:
        products.save_details(product, details.product, by=by)
        if product.needs_lot and details.lot is not None:
            lots.add_lot(product, details.lot, by=by)
        for upload in details.photos:
            photos.add_photo(product, upload, by=by)
        listing = AssistedListing(product=product, helper=by, helper_name=by.name, phone=phone)
        _new_link(listing)
        db.session.add(listing)
        db.session.flush()
        sent_forms.record(sent, listing.id)
        audit.record("assisted_listing.created", product, actor=by, phone=phone)
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        products.delete_draft(db.session.get(Product, product.id), by=by)
        # Two sendings at once: the second is stopped at its commit and gets the first's listing.
        previous = _listed_before(sent) if isinstance(exc, IntegrityError) else None
        if previous is not None:
            return previous
        raise
    return listing


def send_new_link(listing: AssistedListing, *, by: User) -> None:
    """A fresh link (the previous one stops working), for a link that expired or was lost."""
    if listing.confirmed_at is not None or listing.declined_at is not None:
        raise AlreadyAnswered(listing.id)
    _new_link(listing)
    audit.record("assisted_listing.link_renewed", listing.product, actor=by)
    db.session.commit()


def link_token(listing: AssistedListing) -> str:
    return _serializer().dumps([listing.id, listing.link_nonce])


def confirmation_url(listing: AssistedListing) -> str:
    return url_for("assisted.confirm", token=link_token(listing), _external=True)


def listing_for_link(token: str, *, lock: bool = False) -> AssistedListing:
    """The listing a link opens. Raises LinkExpired or LinkNotValid."""
    try:
        listing_id, nonce = _serializer().loads(token, max_age=int(LINK_VALID_FOR.total_seconds()))
    except SignatureExpired:
        raise LinkExpired() from None
    except (BadSignature, ValueError, TypeError):
        raise LinkNotValid() from None
    query = db.select(AssistedListing).where(AssistedListing.id == listing_id)
    listing = db.session.scalar(query.with_for_update() if lock else query)
    if listing is None or listing.link_nonce is None or not secrets.compare_digest(listing.link_nonce, str(nonce)):
        raise LinkNotValid()
    if listing.link_expires_at is not None and listing.link_expires_at <= utcnow():
        raise LinkExpired()
    return listing


def confirm(token: str) -> AssistedListing:
    """The producer says yes: the product goes on sale and the link stops working.

    Row-locked, so two taps on the same link publish once. Raises LinkExpired, LinkNotValid and
    the catalogue's ListingNotReady / OrganisationNotVerified (the link then stays usable).
    """
    listing = listing_for_link(token, lock=True)
    listing.confirmed_at = utcnow()
    listing.link_nonce = None
    audit.record("assisted_listing.confirmed_by_link", listing.product, actor=None, phone=listing.phone)
    try:
        products.publish(listing.product, by=None)  # commits
    except Exception:
        db.session.rollback()
        raise
    return listing


def decline(token: str) -> AssistedListing:
    """The producer says no: the product stays a draft and the link stops working."""
    listing = listing_for_link(token, lock=True)
    listing.declined_at = utcnow()
    listing.link_nonce = None
    audit.record("assisted_listing.declined_by_link", listing.product, actor=None, phone=listing.phone)
    db.session.commit()
    return listing


def recent(limit: int = 50) -> list[AssistedListing]:
    return list(db.session.scalars(
        db.select(AssistedListing).order_by(AssistedListing.created_at.desc(), AssistedListing.id.desc()).limit(limit)))


def message_for_producer(listing: AssistedListing) -> str:
    """What the staff member sends, in Spanish whatever language staff read the page in."""
    with force_locale("es"):
        return _("Hola, te escribe %(helper)s del programa Mercado Colectivo. Publicamos contigo «%(product)s» "
             "(%(price)s). Para ponerlo a la venta, ábrelo y confirma aquí: %(url)s (vale hasta el %(until)s).",
                 helper=listing.helper_name, product=listing.product.name_es, price=_price_of(listing.product),
                 url=confirmation_url(listing), until=listing.link_expires_at.astimezone(LIMA).strftime("%d/%m/%Y"))


def _price_of(product: Product) -> str:
    prices = sorted(v.price for v in product.variants if v.price is not None)
    return prices[0].format() if prices else "—"


@dataclass(frozen=True)
class Sending:
    """The message for the producer and the two ways staff send it from their phone."""

    message: str
    whatsapp: str  # wa.me opens WhatsApp with the message written, to the number (digits only)
    sms: str


def sending(listing: AssistedListing) -> Sending:
    message = message_for_producer(listing)
    return Sending(message, f"https://wa.me/{listing.phone.lstrip('+')}?text={quote(message)}",
                   f"sms:{listing.phone}?body={quote(message)}")
