"""Following up the contacts met at fairs: met → sample sent → quoted → ordered, or lost.

Every change of stage goes through move_contact(), which refuses what CONTACT_TRANSITIONS does not
allow, dates the step and records the AuditEvent. A contact whose email later signs up or orders
online is linked to that account, and a paid order from the booth's organisation marks it ordered:
orders and accounts send signals, this module listens, so neither of them knows about fairs.
"""
from __future__ import annotations

from urllib.parse import quote

from flask_babel import force_locale, gettext
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..accounts.models import User
from ..accounts.signals import signed_up
from ..clock import utcnow
from ..extensions import db
from ..orders.signals import order_paid, order_placed
from ..producers.models import Membership
from ..status import IllegalTransition, check_transition
from .contacts import ContactError, NotFound
from .models import CONTACT_TRANSITIONS, Contact, ContactInterest, ContactStage, Fair

CONTACTS_PER_PAGE = 30
# The stages still to follow up; the list shows these unless asked for another.
OPEN_STAGES = (ContactStage.MET, ContactStage.SAMPLE_SENT, ContactStage.QUOTED)
STEP_DATES = {
    ContactStage.SAMPLE_SENT: "sample_sent_at",
    ContactStage.QUOTED: "quoted_at",
    ContactStage.ORDERED: "ordered_at",
    ContactStage.LOST: "lost_at",
}


class ReasonRequired(ContactError):
    """Marking a contact lost needs a reason."""


class AlreadyMoved(ContactError):
    """The contact moved meanwhile (another phone, or a paid order): the page was out of date."""

    def __init__(self, contact: Contact):
        super().__init__(contact.stage)
        self.contact = contact


def next_stages(contact: Contact) -> list[ContactStage]:
    """The moves a person can make from the contact's stage, in pipeline order."""
    allowed = CONTACT_TRANSITIONS[contact.stage]
    return [stage for stage in ContactStage if stage in allowed]


def move_contact(contact: Contact, target: ContactStage, *, by: User | None, reason: str | None = None,
                 expected: ContactStage | None = None, **details) -> None:
    """Apply one move of the pipeline, date it and write its AuditEvent; the caller commits.

    The row is locked first; with `expected` it must still be at that stage (the one the person
    saw). Reopening a lost contact brings it back to met and clears the loss.
    Raises AlreadyMoved, IllegalTransition, ReasonRequired (lost without a reason).
    """
    reason = (reason or "").strip() or None
    db.session.refresh(contact, with_for_update=True)
    if expected is not None and contact.stage != expected:
        raise AlreadyMoved(contact)
    check_transition(CONTACT_TRANSITIONS, contact.stage, target)
    if target == ContactStage.LOST and not reason:
        raise ReasonRequired()
    previous, contact.stage = contact.stage, target
    if target in STEP_DATES:
        setattr(contact, STEP_DATES[target], utcnow())
    if target == ContactStage.LOST:
        contact.lost_reason = reason
    elif previous == ContactStage.LOST:
        contact.lost_at, contact.lost_reason = None, None
    audit.record(f"fair_contact.{target.value}", contact, actor=by, reason=reason, previous=previous.value,
                 **details)


def mark_step(contact: Contact, target: ContactStage, *, by: User, reason: str | None = None,
              expected: ContactStage | None = None) -> None:
    """The producer marks the next step of a contact (or lost, with a reason; or reopens it).

    Raises AlreadyMoved, IllegalTransition, ReasonRequired; nothing is written then.
    """
    try:
        move_contact(contact, target, by=by, reason=reason, expected=expected)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


# Reading -----------------------------------------------------------------------------------------


def _visible(query, user: User):
    if user.is_staff:
        return query
    mine = list(db.session.scalars(db.select(Membership.organisation_id).where(Membership.user_id == user.id)))
    return query.where(Contact.organisation_id.in_(mine))


def contact_for_member(user: User, contact_id: int) -> Contact:
    """The contact if it belongs to one of the person's organisations (staff: any); NotFound otherwise."""
    contact = db.session.scalar(_visible(db.select(Contact).where(Contact.id == contact_id), user))
    if contact is None:
        raise NotFound(contact_id)
    return contact


def follow_up_page(user: User, *, fair_id: int | None = None, stage: str | None = None, page: int = 1):
    """One page of the person's contacts, the longest waiting first. `stage` is a ContactStage
    value, "all", or None for those still to follow up."""
    query = _visible(db.select(Contact), user)
    if fair_id:
        query = query.where(Contact.fair_id == fair_id)
    if stage in set(ContactStage):
        query = query.where(Contact.stage == ContactStage(stage))
    elif stage != "all":
        # Said as "not closed" so the planner reads the organisation's contacts by its index
        # rather than every open contact of every organisation by the stage's.
        query = query.where(Contact.stage.not_in(set(ContactStage) - set(OPEN_STAGES)))
    query = query.options(
        joinedload(Contact.fair), joinedload(Contact.organisation),
        selectinload(Contact.interests).joinedload(ContactInterest.product),
    ).order_by(Contact.met_at, Contact.id)
    return db.paginate(query, page=page, per_page=CONTACTS_PER_PAGE, error_out=False, count=True)


def fairs_with_contacts(user: User) -> list[Fair]:
    """The fairs the person has contacts from, newest first: the list's filter."""
    fair_ids = _visible(db.select(Contact.fair_id).distinct(), user)
    return list(db.session.scalars(db.select(Fair).where(Fair.id.in_(fair_ids)).order_by(Fair.starts_on.desc())))


def whatsapp_link(contact: Contact, sender: str) -> str | None:
    """A wa.me link opening a message to the contact, prepared in the contact's language."""
    if not contact.whatsapp:
        return None
    with force_locale(contact.locale):
        text = gettext(
            "Hola %(name)s, soy %(sender)s de %(organisation)s. Nos conocimos en %(fair)s. "
            "Gracias por visitar nuestro stand: le escribo para seguir conversando sobre nuestros productos.",
            name=contact.name, sender=sender, organisation=contact.organisation.name, fair=contact.fair.name,
        )
    return f"https://wa.me/{contact.whatsapp.lstrip('+')}?text={quote(text, safe='')}"


# Linking contacts to what the same person does online ---------------------------------------------


def link_buyer(email: str | None, user_id: int | None) -> int:
    """Link every contact with this email and no account yet to the account; the caller commits.
    Returns how many were linked."""
    if not email or user_id is None:
        return 0
    contacts = db.session.scalars(
        db.select(Contact).where(func.lower(Contact.email) == email.strip().lower(), Contact.buyer_id.is_(None))
    )
    linked = 0
    for contact in contacts:
        contact.buyer_id = user_id
        audit.record("fair_contact.linked", contact, buyer_id=user_id)
        linked += 1
    return linked


def _on_signed_up(user: User, **extra) -> None:
    link_buyer(user.email, user.id)


def _on_order_placed(order, **extra) -> None:
    link_buyer(order.email, order.buyer_id)


def _on_order_paid(order, **extra) -> None:
    """The contacts of the order's producers with the buyer's email: ordered (their first order
    online after the fair). Contacts marked lost stay lost: the producer decides."""
    organisation_ids = {fulfilment.organisation_id for fulfilment in order.fulfilments}
    contacts = db.session.scalars(
        db.select(Contact).where(
            func.lower(Contact.email) == order.email.lower(),
            Contact.organisation_id.in_(organisation_ids),
            Contact.stage.in_(OPEN_STAGES),
        ).order_by(Contact.id)
    )
    for contact in list(contacts):
        try:
            move_contact(contact, ContactStage.ORDERED, by=None, expected=contact.stage, order=order.reference)
        except (AlreadyMoved, IllegalTransition):
            continue  # moved by the producer meanwhile: their word stands
    link_buyer(order.email, order.buyer_id)


def connect_signals() -> None:
    """Listen to accounts and orders (called once when the app is made)."""
    signed_up.connect(_on_signed_up)
    order_placed.connect(_on_order_placed)
    order_paid.connect(_on_order_paid)

