"""Booths: a producer asks to join an upcoming fair, staff add or accept it with a number, and the
booth's QR card counts its scans.

Every change of status goes through `move_booth`, which refuses what BOOTH_TRANSITIONS does not
allow, records the AuditEvent and tells the producer. The use cases around it commit.
"""
from __future__ import annotations

import secrets
from contextlib import contextmanager
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from .. import audit
from ..brands.access import is_member
from ..clock import lima_today, utcnow
from ..extensions import db
from ..notifications.services import send_email
from ..producers.models import Organisation
from ..producers.services import owners
from ..status import check_transition
from .errors import AlreadyAtFair, AlreadyDecided, FairNotUpcoming, NotFound, OrganisationNotVerified, ReasonRequired
from .models import BOOTH_TRANSITIONS, Booth, BoothScanDay, BoothStatus, Fair

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: typed from a printed card
CODE_LENGTH = 6
# Moves the producer is told about by email, and the template each uses.
NOTIFIED = {BoothStatus.ACCEPTED: "booth_accepted", BoothStatus.DECLINED: "booth_declined"}


@contextmanager
def committing():
    """Commit what the block did, or roll it all back (and release any row lock) if it raised."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def new_code() -> str:
    """A short random code for /f/<code>: about 30 bits, unique among booths."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(db.select(Booth.id).where(Booth.code == code)) is None:
            return code


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def move_booth(booth: Booth, target: BoothStatus, *, by, reason: str | None = None,
               expected: BoothStatus | None = None, number: str | None = None) -> None:
    """Apply one move of a booth, write its AuditEvent and email the producer's owners; the caller
    commits. With `expected`, the row is locked and must still be in that state; accepting may
    give the booth its number on the fair's floor.

    Raises AlreadyDecided, IllegalTransition, ReasonRequired (declining without a reason).
    """
    reason = _clean(reason)
    if expected is not None:
        db.session.refresh(booth, with_for_update=True)
        if booth.status != expected:
            raise AlreadyDecided(booth)
    check_transition(BOOTH_TRANSITIONS, booth.status, target)
    if target == BoothStatus.DECLINED and not reason:
        raise ReasonRequired()
    previous, booth.status = booth.status, target
    if target in (BoothStatus.ACCEPTED, BoothStatus.DECLINED):
        booth.decided_at, booth.decision_reason = utcnow(), reason
    if target == BoothStatus.ACCEPTED and number:
        booth.number = number
    elif target == BoothStatus.REQUESTED:
        booth.requested_at, booth.decided_at, booth.decision_reason = utcnow(), None, None
    audit.record(f"booth.{target.value}", booth, actor=by, reason=reason, previous=previous.value,
                 fair=booth.fair.slug, organisation=booth.organisation.slug)
    if target in NOTIFIED:
        for owner in owners(booth.organisation):
            send_email(owner.email, NOTIFIED[target], locale=owner.locale, user=owner, booth=booth,
                       fair=booth.fair, organisation=booth.organisation, reason=reason)


def _existing(fair: Fair, organisation: Organisation) -> Booth | None:
    return db.session.scalar(
        db.select(Booth).where(Booth.fair_id == fair.id, Booth.organisation_id == organisation.id)
    )


def request_booth(fair: Fair, organisation: Organisation, *, by, whatsapp: str | None = None,
                  today: date | None = None) -> Booth:
    """A producer asks for a booth at a fair that has not started; staff decide.

    Raises NotFound (not a member), OrganisationNotVerified, FairNotUpcoming, AlreadyAtFair.
    """
    if not is_member(by, organisation.id):
        raise NotFound(organisation.id)
    if not organisation.is_public:
        raise OrganisationNotVerified()
    if not fair.is_upcoming(today or lima_today()):
        raise FairNotUpcoming()
    with committing():
        booth = _existing(fair, organisation)
        if booth is None:
            booth = Booth(fair=fair, organisation=organisation, code=new_code(), status=BoothStatus.REQUESTED,
                          whatsapp=whatsapp, requested_at=utcnow())
            db.session.add(booth)
            audit.record("booth.requested", booth, actor=by, fair=fair.slug, organisation=organisation.slug)
        elif booth.status in (BoothStatus.DECLINED, BoothStatus.WITHDRAWN):
            booth.whatsapp = whatsapp or booth.whatsapp
            move_booth(booth, BoothStatus.REQUESTED, by=by)
        else:
            raise AlreadyAtFair(booth)
    return booth


def add_booth(fair: Fair, organisation: Organisation, *, by, number: str | None = None,
              whatsapp: str | None = None) -> Booth:
    """Staff put an organisation on a fair's list with its booth number (accepting its request if
    it asked). Raises OrganisationNotVerified, AlreadyAtFair (already accepted)."""
    if not organisation.is_public:
        raise OrganisationNotVerified()
    with committing():
        booth = _existing(fair, organisation)
        if booth is None:
            booth = Booth(fair=fair, organisation=organisation, code=new_code(), status=BoothStatus.REQUESTED,
                          requested_at=utcnow())
            db.session.add(booth)
            db.session.flush()
        elif booth.status == BoothStatus.ACCEPTED:
            raise AlreadyAtFair(booth)
        elif booth.status != BoothStatus.REQUESTED:
            move_booth(booth, BoothStatus.REQUESTED, by=by)
        booth.whatsapp = whatsapp or booth.whatsapp
        move_booth(booth, BoothStatus.ACCEPTED, by=by, number=_clean(number))
    return booth


def decide_booth(booth: Booth, *, accept: bool, by, number: str | None = None, reason: str | None = None) -> None:
    """Staff accept a requested booth (with its number) or decline it with a reason.

    Raises AlreadyDecided (decided meanwhile), ReasonRequired.
    """
    with committing():
        if accept:
            number = _clean(number)
            move_booth(booth, BoothStatus.ACCEPTED, by=by, reason=reason, expected=BoothStatus.REQUESTED,
                       number=number)
        else:
            move_booth(booth, BoothStatus.DECLINED, by=by, reason=reason, expected=BoothStatus.REQUESTED)


def booth_by_code(code: str) -> Booth | None:
    """The accepted booth a QR code opens, with its fair and organisation; None for anything else."""
    return db.session.scalar(
        db.select(Booth)
        .where(Booth.code == code.strip().upper(), Booth.status == BoothStatus.ACCEPTED)
        .options(joinedload(Booth.fair), joinedload(Booth.organisation))
    )


def count_scan(booth_id: int, day: date) -> None:
    """Add one to the booth's count for a Lima day: one INSERT … ON CONFLICT DO UPDATE, so two
    scans at the same instant are both counted. The caller commits."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(BoothScanDay).values(booth_id=booth_id, day=day, scans=1)
    statement = statement.on_conflict_do_update(
        index_elements=[BoothScanDay.booth_id, BoothScanDay.day], set_={"scans": BoothScanDay.scans + 1}
    )
    db.session.execute(statement)


def booth_for(booth_id: int, user) -> Booth:
    """A booth its organisation's members (or staff) may see, with fair and organisation; NotFound
    otherwise, so booth ids cannot be probed."""
    booth = db.session.scalar(
        db.select(Booth).where(Booth.id == booth_id).options(joinedload(Booth.fair), joinedload(Booth.organisation))
    )
    if booth is None or not (user.is_staff or is_member(user, booth.organisation_id)):
        raise NotFound(booth_id)
    return booth


def booths_of(organisation_ids: list[int]) -> list[Booth]:
    """The booths (any status) of these organisations, latest fair first."""
    return list(db.session.scalars(
        db.select(Booth).join(Fair).where(Booth.organisation_id.in_(organisation_ids))
        .options(joinedload(Booth.fair), joinedload(Booth.organisation))
        .order_by(Fair.starts_on.desc(), Booth.id)
    ))
