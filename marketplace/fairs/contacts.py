"""Contacts met at a booth: a producer logs a buyer on the phone, at the fair or just after it.

A contact belongs to the booth's organisation. Logging the same person twice at the same fair
(same email or same WhatsApp) adds to the contact already there instead of making a second one,
and sending the same filled form twice (a retry after a lost connection) stores it once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import phonenumbers
from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import audit, sent_forms
from ..accounts import phones
from ..accounts.models import User, find_by_email
from ..catalogue.models import Product, ProductStatus
from ..clock import lima_today, utcnow
from ..errors import NotFound
from ..extensions import db
from ..producers.models import Membership
from .models import Booth, BoothStatus, Contact, ContactInterest, Fair

# Cards collected at the fair are often typed in on the way home: a booth takes contacts for
# this many days after its fair ends.
RECENT_DAYS = 14
# A contact saved on a phone without connection keeps the time it was agreed, if plausible.
OFFLINE_GRACE = timedelta(days=RECENT_DAYS + 7)


class ContactError(Exception):
    """A rule of contacts was broken; nothing was written."""


class BoothNotTakingContacts(ContactError):
    """The booth was not accepted, or its fair is not on now or just over."""


class NoWayToReach(ContactError):
    """Neither an email nor a WhatsApp number."""


class InvalidWhatsApp(ContactError):
    pass


class ConsentMissing(ContactError):
    """The person did not agree to be contacted (Ley 29733)."""


class MissingName(ContactError):
    pass


class UnknownProducts(ContactError):
    """Products that are not in the booth's organisation's catalogue."""


@dataclass
class ContactDetails:
    name: str
    email: str | None = None
    whatsapp: str | None = None
    company: str | None = None
    country: str | None = None
    locale: str = "es"
    note: str | None = None
    product_ids: list[int] = field(default_factory=list)
    consent: bool = False
    consent_locale: str = "es"  # the language the consent text was shown in
    consented_at: datetime | None = None  # when the phone recorded it (offline); now otherwise
    client_id: str | None = None  # the browser's id for this filled form


@dataclass
class Logged:
    contact: Contact
    outcome: str  # "created", "merged" (into a contact met before) or "already_saved" (a retry)


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def consent_text(organisation_name: str, locale: str) -> str:
    """The sentence the person agrees to, in the language it is shown in; stored word for word."""
    with force_locale(locale):
        return gettext(
            "Acepto que %(organisation)s guarde mi nombre y mis datos de contacto y me escriba por correo "
            "o WhatsApp sobre sus productos, según la Ley 29733 de Protección de Datos Personales. Puedo "
            "pedir en cualquier momento que los corrijan o los borren.",
            organisation=organisation_name,
        )


# Which booths take contacts -----------------------------------------------------------------


def _taking_contacts(fair: Fair, today) -> bool:
    return fair.starts_on <= today <= fair.ends_on + timedelta(days=RECENT_DAYS)


def booths_taking_contacts(user: User) -> list[Booth]:
    """The accepted booths of the person's organisations at a fair on now or just over, newest first."""
    today = lima_today()
    query = (
        db.select(Booth)
        .join(Fair, Fair.id == Booth.fair_id)
        .join(Membership, Membership.organisation_id == Booth.organisation_id)
        .where(
            Membership.user_id == user.id,
            Booth.status == BoothStatus.ACCEPTED,
            Fair.starts_on <= today,
            Fair.ends_on >= today - timedelta(days=RECENT_DAYS),
        )
        .options(joinedload(Booth.fair), joinedload(Booth.organisation))
        .order_by(Fair.starts_on.desc(), Booth.id)
    )
    return list(db.session.scalars(query))


def booth_for_logging(user: User, booth_id: int | None) -> Booth:
    """The booth if the person may log contacts at it now. Staff may log at any booth.

    Raises NotFound (no such booth, or not one of the person's organisations'),
    BoothNotTakingContacts (not accepted, or its fair is not on now or just over).
    """
    booth = db.session.get(Booth, booth_id) if booth_id else None
    if booth is None or not (user.is_staff or _is_member(user, booth.organisation_id)):
        raise NotFound(booth_id)
    if not booth.is_accepted or not _taking_contacts(booth.fair, lima_today()):
        raise BoothNotTakingContacts(booth.id)
    return booth


def _is_member(user: User, organisation_id: int) -> bool:
    return db.session.scalar(
        db.select(Membership.id).where(Membership.user_id == user.id, Membership.organisation_id == organisation_id)
    ) is not None


def catalogue_for(booth: Booth) -> list[tuple[int, str]]:
    """(id, Spanish name) of the products the booth's organisation makes, for "interested in"."""
    return list(db.session.execute(
        db.select(Product.id, Product.name_es)
        .where(Product.organisation_id == booth.organisation_id, Product.status != ProductStatus.ARCHIVED,
               Product.name_es.is_not(None))
        .order_by(Product.name_es, Product.id)
    ).all())


# Logging a contact -------------------------------------------------------------------------------


def _checked(details: ContactDetails) -> tuple[str | None, str | None]:
    """The email (lower-cased) and WhatsApp (E.164) after the rules; raises the errors of log_contact."""
    if not _clean(details.name):
        raise MissingName()
    email = (_clean(details.email) or "").lower() or None
    whatsapp = _clean(details.whatsapp)
    if whatsapp is not None:
        try:
            whatsapp = phones.normalise(whatsapp)
        except phones.InvalidPhone:
            raise InvalidWhatsApp(whatsapp) from None
    if email is None and whatsapp is None:
        raise NoWayToReach()
    if not details.consent:
        raise ConsentMissing()
    return email, whatsapp


def _lock_booth(booth_id: int) -> None:
    """Hold the booth's row until commit, so two phones logging the same person at once merge."""
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a no-op write takes the database's write lock now.
        db.session.execute(update(Booth).where(Booth.id == booth_id).values(id=Booth.id)
                           .execution_options(synchronize_session=False))
    else:
        db.session.execute(db.select(Booth.id).where(Booth.id == booth_id).with_for_update())


def _sending(client_id: str | None, organisation_id: int) -> sent_forms.Sending | None:
    return sent_forms.Sending.of("fairs.contact", client_id, organisation_id=organisation_id)


def _already_sent(client_id: str | None, organisation_id: int) -> Contact | None:
    found = sent_forms.earlier(_sending(client_id, organisation_id))
    return db.session.get(Contact, found) if found is not None else None


def _same_person(booth: Booth, email: str | None, whatsapp: str | None) -> list[Contact]:
    same = [Contact.email == email] if email else []
    same += [Contact.whatsapp == whatsapp] if whatsapp else []
    return list(db.session.scalars(
        db.select(Contact)
        .where(Contact.fair_id == booth.fair_id, Contact.organisation_id == booth.organisation_id, or_(*same))
        .order_by(Contact.id)
    ))


def _products_of(booth: Booth, product_ids: list[int]) -> list[int]:
    wanted = set(product_ids)
    if not wanted:
        return []
    found = set(db.session.scalars(
        db.select(Product.id).where(Product.id.in_(wanted), Product.organisation_id == booth.organisation_id)
    ))
    if wanted - found:
        raise UnknownProducts(sorted(wanted - found))
    return sorted(found)


def _country_of(details: ContactDetails, whatsapp: str | None) -> str | None:
    """The country given, or else the one the WhatsApp number belongs to."""
    given = _clean(details.country)
    if given or whatsapp is None:
        return given
    return phonenumbers.region_code_for_number(phonenumbers.parse(whatsapp))


def _consented_at(details: ContactDetails):
    now = utcnow()
    given = details.consented_at
    if given is None or given.tzinfo is None or not now - OFFLINE_GRACE <= given <= now + timedelta(minutes=5):
        return now
    return min(given, now)


def _new_contact(booth: Booth, details: ContactDetails, email, whatsapp, by: User) -> Contact:
    locales = current_app.config["LANGUAGES"]
    consent_locale = details.consent_locale if details.consent_locale in locales else "es"
    consented_at = _consented_at(details)
    contact = Contact(
        booth=booth, fair_id=booth.fair_id, organisation_id=booth.organisation_id, client_id=details.client_id,
        name=_clean(details.name), company=_clean(details.company), country=_country_of(details, whatsapp),
        email=email, whatsapp=whatsapp, locale=details.locale if details.locale in locales else "es",
        note=_clean(details.note), consent_text=consent_text(booth.organisation.name, consent_locale),
        consented_at=consented_at, met_at=consented_at, created_by_id=by.id,
    )
    buyer = find_by_email(email) if email else None
    contact.buyer_id = buyer.id if buyer is not None else None
    db.session.add(contact)
    return contact


def _merge(contact: Contact, others: list[Contact], details: ContactDetails, email, whatsapp) -> None:
    """Fill what the contact lacks, append the note. A value another contact of the same fair
    holds stays with that one, so the two never end up sharing an email or a number."""
    held_emails = {other.email for other in others}
    held_numbers = {other.whatsapp for other in others}
    if contact.email is None and email not in held_emails:
        contact.email = email
    if contact.whatsapp is None and whatsapp not in held_numbers:
        contact.whatsapp = whatsapp
    contact.company = contact.company or _clean(details.company)
    contact.country = contact.country or _country_of(details, whatsapp)
    note = _clean(details.note)
    if note and note != contact.note:
        contact.note = f"{contact.note}\n\n{note}" if contact.note else note
    if contact.buyer_id is None and contact.email:
        buyer = find_by_email(contact.email)
        contact.buyer_id = buyer.id if buyer is not None else None


def _add_interests(contact: Contact, product_ids: list[int]) -> None:
    known = {interest.product_id for interest in contact.interests}
    for product_id in product_ids:
        if product_id not in known:
            contact.interests.append(ContactInterest(product_id=product_id))


def log_contact(booth: Booth, details: ContactDetails, *, by: User) -> Logged:
    """Log a person met at `booth` (checked with booth_for_logging), with their consent.

    The same person already met at this fair by this organisation (same email or WhatsApp) is
    completed instead of doubled: blanks filled, the note appended, interests added. The same
    filled form sent again (its client_id) returns what the first sending stored.

    Raises MissingName, NoWayToReach, InvalidWhatsApp, ConsentMissing, UnknownProducts.
    """
    email, whatsapp = _checked(details)
    product_ids = _products_of(booth, details.product_ids)
    try:
        _lock_booth(booth.id)
        previous = _already_sent(details.client_id, booth.organisation_id)
        if previous is not None:
            db.session.rollback()
            return Logged(previous, "already_saved")
        same = _same_person(booth, email, whatsapp)
        if same:
            contact, outcome = same[0], "merged"
            _merge(contact, same[1:], details, email, whatsapp)
        else:
            contact, outcome = _new_contact(booth, details, email, whatsapp, by), "created"
        _add_interests(contact, product_ids)
        db.session.flush()
        sent_forms.record(_sending(details.client_id, booth.organisation_id), contact.id)
        audit.record(f"fair_contact.{outcome}", contact, actor=by, booth=booth.code, client_id=details.client_id)
        db.session.commit()
    except IntegrityError:
        # The same client id from another organisation's phone (never in practice), or a race
        # the booth lock did not cover: nothing of this sending is kept.
        db.session.rollback()
        previous = _already_sent(details.client_id, booth.organisation_id)
        if previous is None:
            raise
        return Logged(previous, "already_saved")
    except BaseException:
        db.session.rollback()
        raise
    return Logged(contact, outcome)
