"""The Libro de Reclamaciones' use cases: file a sheet, answer it, and who may read which.

Filing numbers the sheet, sets the answer deadline, records who filed it and emails the
consumer their copy, all in one transaction. Answering goes through move_complaint(), which
refuses what COMPLAINT_TRANSITIONS does not allow (so an answer is given once and never
changed), records the staff member and time, writes the AuditEvent and emails the consumer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import update

from .. import audit
from ..clock import LIMA, lima_today, utcnow
from ..errors import NotFound
from ..extensions import db
from ..money import Money
from ..notifications.services import send_email
from ..orders.access import external_url
from ..orders.models import Order
from ..record_links import RecordLink
from ..status import check_transition
from .deadlines import Deadline, add_business_days
from .models import (
    COMPLAINT_TRANSITIONS,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    ContractedKind,
    DocumentType,
)
from .numbering import take_number

COMPLAINT_LINK = RecordLink("complaint-access")
CODE_PATTERN = re.compile(r"^(\d{4})-(\d{6})$")
PAGE_SIZE = 50


class ComplaintError(Exception):
    pass


class OrderNotTheirs(ComplaintError):
    """No order with that reference was placed by this consumer."""


class GuardianRequired(ComplaintError):
    """A minor files through a parent or representative, whose name is on the sheet."""


class AnswerRequired(ComplaintError):
    pass


class NotStaff(ComplaintError):
    pass


class AlreadyAnswered(ComplaintError):
    def __init__(self, complaint: Complaint):
        super().__init__(complaint.code)
        self.complaint = complaint


@dataclass
class Seller:
    legal_name: str
    ruc: str
    address: str


def seller() -> Seller:
    """Who sells, from the settings: shown in every footer, at checkout and on each sheet."""
    config = current_app.config
    return Seller(config["SELLER_LEGAL_NAME"], config["SELLER_RUC"], config["SELLER_ADDRESS"])


@dataclass
class ComplaintDraft:
    """What the consumer wrote on the form, already checked field by field."""

    consumer_name: str
    document_type: DocumentType
    document_number: str
    address: str
    phone: str
    email: str
    contracted: ContractedKind
    description: str
    kind: ComplaintKind
    detail: str
    consumer_request: str
    is_minor: bool = False
    guardian_name: str | None = None
    order_reference: str | None = None
    claimed: Money | None = None


# Filing ----------------------------------------------------------------------------------------


def their_order(reference: str | None, *, email: str, user=None) -> Order | None:
    """The order a sheet refers to, if the consumer placed it (same buyer account or same email).

    Raises OrderNotTheirs for a reference that does not exist or is somebody else's: both get
    the same answer, so references cannot be probed.
    """
    reference = (reference or "").strip().upper()
    if not reference:
        return None
    order = db.session.scalar(db.select(Order).where(Order.reference == reference))
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if order is not None and (order.email == email.strip().lower() or (signed_in and order.buyer_id == user.id)):
        return order
    raise OrderNotTheirs(reference)


def _sheet(draft: ComplaintDraft, *, order: Order | None, user, locale: str) -> Complaint:
    now = utcnow()
    filed_on = now.astimezone(LIMA).date()
    shop = seller()
    return Complaint(
        filed_at=now, filed_on=filed_on, year=filed_on.year, locale=locale,
        answer_due_on=add_business_days(filed_on, current_app.config["COMPLAINT_ANSWER_BUSINESS_DAYS"]),
        seller_legal_name=shop.legal_name, seller_ruc=shop.ruc, seller_address=shop.address,
        user_id=user.id if user is not None else None,
        consumer_name=draft.consumer_name.strip(), document_type=draft.document_type,
        document_number=draft.document_number.strip().upper(), address=draft.address.strip(),
        phone=draft.phone, email=draft.email.strip().lower(), is_minor=draft.is_minor,
        guardian_name=draft.guardian_name.strip() if draft.is_minor else None,
        contracted=draft.contracted, order_id=order.id if order else None,
        order_reference=order.reference if order else None, description=draft.description.strip(),
        claimed_amount=draft.claimed.amount if draft.claimed else None,
        kind=draft.kind, detail=draft.detail.strip(), consumer_request=draft.consumer_request.strip(),
        status=ComplaintStatus.RECEIVED,
    )


def file_complaint(draft: ComplaintDraft, *, user=None, locale: str = "es") -> Complaint:
    """File a claim sheet: it gets the year's next number and its answer deadline, and the
    consumer is emailed a copy at once.

    Raises GuardianRequired (a minor without a parent's or representative's name) and
    OrderNotTheirs (an order reference that is not the consumer's).
    """
    if draft.is_minor and not (draft.guardian_name or "").strip():
        raise GuardianRequired()
    signed_in = user if user is not None and getattr(user, "is_authenticated", False) else None
    order = their_order(draft.order_reference, email=draft.email, user=signed_in)
    complaint = _sheet(draft, order=order, user=signed_in, locale=locale)
    try:
        complaint.number = take_number(complaint.year)
        db.session.add(complaint)
        db.session.flush()
        audit.record("complaint.filed", complaint, actor=signed_in, code=complaint.code, kind=complaint.kind.value,
                     order=complaint.order_reference)
        send_email(complaint.email, "complaint_filed", locale=locale, complaint=complaint,
                   link=sheet_url(complaint), days=current_app.config["COMPLAINT_ANSWER_BUSINESS_DAYS"])
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return complaint


# Answering -------------------------------------------------------------------------------------


def _lock(complaint: Complaint) -> Complaint:
    """Re-read the sheet and hold its row until commit, so two answers cannot both be written."""
    if db.session.get_bind().dialect.name == "sqlite":
        # No row locks in SQLite: a no-op write takes the database's write lock now.
        db.session.execute(update(Complaint).where(Complaint.id == complaint.id).values(id=Complaint.id)
                           .execution_options(synchronize_session=False))
    return db.session.scalar(db.select(Complaint).where(Complaint.id == complaint.id).with_for_update()
                             .execution_options(populate_existing=True))


def move_complaint(complaint: Complaint, target: ComplaintStatus, *, by, answer: str) -> None:
    """Apply one status move and write its AuditEvent; the caller locks the row and commits.
    Raises IllegalTransition."""
    check_transition(COMPLAINT_TRANSITIONS, complaint.status, target)
    previous = complaint.status
    complaint.status = target
    complaint.answer = answer
    complaint.answered_at = utcnow()
    complaint.answered_by_id = by.id
    audit.record(f"complaint.{target.value}", complaint, actor=by, previous=previous.value, code=complaint.code,
                 on_time=complaint.answered_on_time, answer=answer)


def answer_complaint(complaint: Complaint, answer: str, *, by) -> Complaint:
    """Give the seller's answer to a sheet: recorded with the staff member and the time, audited,
    emailed to the consumer, and final.

    Raises NotStaff, AnswerRequired (an empty answer), AlreadyAnswered (answered meanwhile,
    perhaps in another tab; nothing is changed).
    """
    answer = (answer or "").strip()
    if not getattr(by, "is_staff", False):
        raise NotStaff()
    if not answer:
        raise AnswerRequired()
    try:
        complaint = _lock(complaint)
        if complaint.status != ComplaintStatus.RECEIVED:
            raise AlreadyAnswered(complaint)
        move_complaint(complaint, ComplaintStatus.ANSWERED, by=by, answer=answer)
        send_email(complaint.email, "complaint_answered", locale=complaint.locale, complaint=complaint,
                   link=sheet_url(complaint))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return complaint


# Reading ---------------------------------------------------------------------------------------


def access_token(complaint: Complaint) -> str:
    """A token that opens one sheet: numbers are sequential, so the link carries a signature."""
    return COMPLAINT_LINK.token(complaint.code)


def sheet_url(complaint: Complaint) -> str:
    """The consumer's link to their sheet; works without signing in."""
    return external_url("complaints.sheet", code=complaint.code, t=access_token(complaint))


def complaint_by_code(code: str) -> Complaint:
    """The sheet numbered `code` ("2026-000042"). Raises NotFound."""
    match = CODE_PATTERN.match(code or "")
    complaint = None
    if match:
        year, number = int(match.group(1)), int(match.group(2))
        complaint = db.session.scalar(db.select(Complaint).where(Complaint.year == year, Complaint.number == number))
    if complaint is None:
        raise NotFound(code)
    return complaint


def complaint_for_viewer(code: str, *, user=None, token: str | None = None) -> Complaint:
    """The sheet if this viewer may read it: staff, the account that filed it, or the holder of
    its signed link. NotFound otherwise."""
    complaint = complaint_by_code(code)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in and (user.is_staff or complaint.user_id == user.id):
        return complaint
    if COMPLAINT_LINK.opens(token, complaint.code):
        return complaint
    raise NotFound(code)


def complaints_of(user) -> list[Complaint]:
    """The sheets a buyer filed while signed in, newest first."""
    return list(db.session.scalars(
        db.select(Complaint).where(Complaint.user_id == user.id).order_by(Complaint.filed_at.desc(), Complaint.id.desc())
    ))


def order_references_of(user, limit: int = 20) -> list[str]:
    """A buyer's latest order references, offered on the form."""
    return list(db.session.scalars(
        db.select(Order.reference).where(Order.buyer_id == user.id).order_by(Order.placed_at.desc()).limit(limit)
    ))


@dataclass
class StaffPage:
    complaints: list[Complaint]
    page: int
    has_next: bool
    waiting: int  # sheets still to answer
    overdue: int  # of which past their deadline


def staff_list(*, answered: bool, page: int = 1) -> StaffPage:
    """Sheets for staff: those waiting for an answer by deadline (most urgent first), or the
    answered ones, latest first; paged."""
    today = lima_today()
    status = ComplaintStatus.ANSWERED if answered else ComplaintStatus.RECEIVED
    order = (Complaint.answered_at.desc(),) if answered else (Complaint.answer_due_on, Complaint.id)
    page = max(page, 1)
    rows = list(db.session.scalars(
        db.select(Complaint).where(Complaint.status == status).order_by(*order)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ))
    waiting_filter = Complaint.status == ComplaintStatus.RECEIVED
    waiting, overdue = db.session.execute(db.select(
        db.func.count(Complaint.id).filter(waiting_filter),
        db.func.count(Complaint.id).filter(waiting_filter, Complaint.answer_due_on < today),
    )).one()
    return StaffPage(rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE, waiting, overdue)


def deadline_of(complaint: Complaint, today) -> Deadline:
    return Deadline(due_on=complaint.answer_due_on, today=today)
