"""The brand registry staff keep: each collective brand's INDECOPI registration, rules, seal,
and the stewards who look after it for its owner."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date

from flask import current_app
from pypdf import PdfReader
from slugify import slugify
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.utils import secure_filename

from .. import audit
from ..accounts.models import User
from ..extensions import db
from ..media.services import delete_image, save_upload
from ..media.storage import storage
from ..producers.models import Membership, Organisation, OrganisationKind
from . import notices
from .errors import DatesOutOfOrder, InvalidDocument, InvalidOwner, NotFound, NotOwnerMember
from ..clock import lima_today
from .models import REGISTRATION_YEARS, BrandSteward, CollectiveBrand

OWNER_KINDS = {OrganisationKind.ASSOCIATION, OrganisationKind.CONSORTIUM}
PDF_MAGIC = b"%PDF-"
DEFAULT_RULES_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_EXPIRY_WARNING_DAYS = 60


@dataclass
class BrandDetails:
    """What staff type about a brand, already checked by the form."""

    name: str
    owner_id: int
    region_code: str
    description_es: str
    description_en: str | None = None
    registration_number: str | None = None
    nice_classes: list[int] | None = None
    granted_on: date | None = None
    expires_on: date | None = None
    products_covered_es: str | None = None
    products_covered_en: str | None = None
    usage_rules_es: str | None = None
    usage_rules_en: str | None = None


@dataclass
class RulesDocument:
    """A checked reglamento PDF, ready to store."""

    data: bytes
    filename: str

    @property
    def key(self) -> str:
        return f"documents/brand-rules-{hashlib.sha256(self.data).hexdigest()[:24]}.pdf"


def rules_max_bytes() -> int:
    return int(current_app.config.get("BRAND_RULES_MAX_BYTES") or DEFAULT_RULES_MAX_BYTES)


def expiry_warning_days() -> int:
    return int(current_app.config.get("BRAND_EXPIRY_WARNING_DAYS") or DEFAULT_EXPIRY_WARNING_DAYS)


def read_rules_document(upload) -> RulesDocument:
    """Check an uploaded reglamento by its content: a PDF (magic bytes) that parses and has pages,
    within BRAND_RULES_MAX_BYTES. Raises InvalidDocument ("too_large", "not_pdf", "unreadable")."""
    limit = rules_max_bytes()
    stream = getattr(upload, "stream", upload)
    data = stream.read(limit + 1) if hasattr(stream, "read") else bytes(stream)
    if len(data) > limit:
        raise InvalidDocument("too_large")
    if not data.startswith(PDF_MAGIC):
        raise InvalidDocument("not_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted or len(reader.pages) < 1:
            raise InvalidDocument("unreadable")
    except InvalidDocument:
        raise
    except Exception as error:  # a malformed file can fail anywhere inside the parser
        raise InvalidDocument("unreadable") from error
    name = secure_filename(getattr(upload, "filename", "") or "") or "reglamento.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return RulesDocument(data=data, filename=name[:200])


def rules_document_url(brand: CollectiveBrand) -> str | None:
    return storage().url(brand.rules_document_key) if brand.rules_document_key else None


def brand_owners() -> list[Organisation]:
    """Organisations that may own a collective brand: associations and consortiums."""
    return list(
        db.session.scalars(
            db.select(Organisation).where(Organisation.kind.in_(OWNER_KINDS)).order_by(Organisation.name)
        )
    )


def all_brands() -> list[CollectiveBrand]:
    return list(
        db.session.scalars(
            db.select(CollectiveBrand)
            .options(joinedload(CollectiveBrand.owner), selectinload(CollectiveBrand.stewards).joinedload(BrandSteward.user))
            .order_by(CollectiveBrand.name)
        )
    )


def expiring_brands(brands: list[CollectiveBrand], today: date | None = None) -> list[CollectiveBrand]:
    """Of `brands`, those whose registration ends within BRAND_EXPIRY_WARNING_DAYS (or has ended)."""
    today = today or lima_today()
    return [b for b in brands if b.registration_expires_within(expiry_warning_days(), today)]


def _unique_slug(name: str, brand: CollectiveBrand) -> str:
    base = slugify(name, max_length=120) or "marca"
    slug, n = base, 2
    while db.session.scalar(
        db.select(CollectiveBrand.id).where(CollectiveBrand.slug == slug, CollectiveBrand.id != brand.id)
    ) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check(details: BrandDetails) -> Organisation:
    owner = db.session.get(Organisation, details.owner_id)
    if owner is None or owner.kind not in OWNER_KINDS:
        raise InvalidOwner(details.owner_id)
    if details.granted_on and details.expires_on and details.expires_on <= details.granted_on:
        raise DatesOutOfOrder()
    return owner


def _blank(text: str | None) -> str | None:
    return (text or "").strip() or None


def _apply(brand: CollectiveBrand, details: BrandDetails, owner: Organisation) -> None:
    brand.name = details.name.strip()
    brand.owner = owner
    brand.region_code = details.region_code
    brand.description_es = details.description_es.strip()
    brand.description_en = _blank(details.description_en)
    brand.registration_number = _blank(details.registration_number)
    brand.nice_classes = ", ".join(str(c) for c in sorted(set(details.nice_classes or []))) or None
    brand.granted_on = details.granted_on
    brand.expires_on = details.expires_on or (
        add_years(details.granted_on, REGISTRATION_YEARS) if details.granted_on else None
    )
    for name in ("products_covered_es", "products_covered_en", "usage_rules_es", "usage_rules_en"):
        setattr(brand, name, _blank(getattr(details, name)))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def save_brand(brand: CollectiveBrand | None, details: BrandDetails, *, by: User,
               rules: RulesDocument | None = None, seal_upload=None) -> CollectiveBrand:
    """Create a brand (brand=None) or save staff's edits, with a new rules PDF and seal image if
    given. Files are stored only once everything else is known to be valid, and removed again if
    saving fails, so a refusal leaves no orphan file.

    Raises InvalidOwner (not an association or consortium), DatesOutOfOrder, media's
    RejectedImage for a seal that is not an image we accept.
    """
    owner = _check(details)
    creating = brand is None
    seal = save_upload(seal_upload, organisation=owner) if seal_upload is not None else None  # commits the Image
    stored_key = None
    try:
        if rules is not None and not storage().exists(rules.key):
            storage().save(rules.key, rules.data, "application/pdf")
            stored_key = rules.key
        if creating:
            brand = CollectiveBrand()
        old_key, old_seal = brand.rules_document_key, brand.seal_image
        with db.session.no_autoflush:
            _apply(brand, details, owner)
            if creating:
                brand.slug = _unique_slug(brand.name, brand)  # public URLs stay put after renames
        db.session.add(brand)
        if rules is not None:
            brand.rules_document_key = rules.key
            brand.rules_document_name = rules.filename
            brand.rules_document_bytes = len(rules.data)
        if seal is not None:
            brand.seal_image = seal
        db.session.flush()
        audit.record("brand.created" if creating else "brand.updated", brand, actor=by,
                     rules_document=rules.key if rules else None, seal_image_id=seal.id if seal else None)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        if stored_key:
            storage().delete(stored_key)
        if seal is not None:
            delete_image(seal)
        raise
    if rules is not None and old_key and old_key != rules.key:
        _delete_document_if_unused(old_key)
    if seal is not None and old_seal is not None and old_seal.id != seal.id:
        delete_image(old_seal)
    return brand


def _delete_document_if_unused(key: str) -> None:
    in_use = db.session.scalar(db.select(CollectiveBrand.id).where(CollectiveBrand.rules_document_key == key))
    if in_use is None:
        storage().delete(key)


def renew_registration(brand: CollectiveBrand, *, by: User) -> None:
    """Record an INDECOPI renewal: the registration runs ten more years from its current end
    (or from today if it has none). Writes the AuditEvent."""
    previous = brand.expires_on
    brand.expires_on = add_years(previous or lima_today(), REGISTRATION_YEARS)
    audit.record("brand.renewed", brand, actor=by, previous=previous.isoformat() if previous else None,
                 expires_on=brand.expires_on.isoformat())
    db.session.commit()


# Stewards --------------------------------------------------------------------------------------


def steward_candidates(brand: CollectiveBrand) -> list[User]:
    """Members of the owner's organisation who are not stewards yet."""
    current = {s.user_id for s in brand.stewards}
    members = db.session.scalars(
        db.select(Membership).where(Membership.organisation_id == brand.owner_id).options(joinedload(Membership.user))
    )
    return sorted((m.user for m in members if m.user_id not in current), key=lambda u: u.name)


def appoint_steward(brand: CollectiveBrand, user_id: int, *, by: User) -> BrandSteward:
    """Make a member of the owner's organisation a steward of the brand, and tell them.
    Raises NotOwnerMember. Appointing someone who already is one changes nothing."""
    membership = db.session.scalar(
        db.select(Membership).where(Membership.organisation_id == brand.owner_id, Membership.user_id == user_id)
    )
    if membership is None:
        raise NotOwnerMember(user_id)
    existing = db.session.scalar(
        db.select(BrandSteward).where(BrandSteward.brand_id == brand.id, BrandSteward.user_id == user_id)
    )
    if existing is not None:
        return existing
    steward = BrandSteward(brand=brand, user=membership.user, appointed_by=by)
    db.session.add(steward)
    db.session.flush()
    audit.record("brand.steward_appointed", brand, actor=by, user_id=user_id, email=membership.user.email)
    notices.steward_appointed(steward)
    db.session.commit()
    return steward


def remove_steward(brand: CollectiveBrand, steward_id: int, *, by: User) -> None:
    """Stop someone being a steward of the brand. Raises NotFound."""
    steward = db.session.scalar(
        db.select(BrandSteward).where(BrandSteward.id == steward_id, BrandSteward.brand_id == brand.id)
    )
    if steward is None:
        raise NotFound(steward_id)
    audit.record("brand.steward_removed", brand, actor=by, user_id=steward.user_id, email=steward.user.email)
    db.session.delete(steward)
    db.session.commit()
