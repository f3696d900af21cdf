"""Programme staff: the verification queue and who is staff."""
from __future__ import annotations

from sqlalchemy.orm import selectinload

from .. import audit
from ..accounts.models import User, find_by_email
from ..extensions import db
from ..notifications.services import send_email
from ..producers.models import Membership, Organisation, VerificationStatus
from ..producers.services import change_verification, owners


class StaffError(Exception):
    pass


class ReasonRequired(StaffError):
    pass


class AlreadyDecided(StaffError):
    """Someone else decided first (another tab, another colleague)."""

    def __init__(self, organisation: Organisation):
        super().__init__(organisation.status.value)
        self.organisation = organisation


class NoSuchUser(StaffError):
    pass


def verification_queue() -> list[Organisation]:
    """Organisations waiting for a decision, the longest-waiting first."""
    return list(
        db.session.scalars(
            db.select(Organisation)
            .where(Organisation.status == VerificationStatus.UNVERIFIED)
            .options(selectinload(Organisation.memberships).selectinload(Membership.user))
            .order_by(Organisation.submitted_at, Organisation.id)
        )
    )


def organisation_for_review(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def decide_verification(organisation: Organisation, *, verify: bool, by: User, reason: str | None = None) -> None:
    """Verify or reject an organisation waiting in the queue and tell its owners by email.

    Raises ReasonRequired when rejecting without a reason, AlreadyDecided when it is no
    longer waiting.
    """
    reason = (reason or "").strip() or None
    if not verify and not reason:
        raise ReasonRequired()
    # Lock the row so two staff deciding at once cannot both win.
    db.session.refresh(organisation, with_for_update=True)
    if organisation.status != VerificationStatus.UNVERIFIED:
        raise AlreadyDecided(organisation)
    target = VerificationStatus.VERIFIED if verify else VerificationStatus.REJECTED
    change_verification(organisation, target, by=by, reason=reason)
    for owner in owners(organisation):
        send_email(owner.email, f"organisation_{target.value}", locale=owner.locale,
                   user=owner, organisation=organisation, reason=reason)
    db.session.commit()


def last_decider(organisation: Organisation) -> User | None:
    events = [e for e in audit.history(organisation) if e.action in {"organisation.verified", "organisation.rejected"}]
    return events[-1].actor if events else None


def staff_member(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_staff else None


def staff_members() -> list[User]:
    return list(db.session.scalars(db.select(User).where(User.is_staff.is_(True)).order_by(User.name)))


def promoter(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_promoter else None


def promoters() -> list[User]:
    return list(db.session.scalars(db.select(User).where(User.is_promoter.is_(True)).order_by(User.name)))


def set_promoter(email: str, is_promoter: bool, *, by: User | None) -> User:
    """Grant or remove the promoter role (admins only, checked by the caller's view)."""
    user = find_by_email(email)
    if user is None:
        raise NoSuchUser(email)
    user.is_promoter = is_promoter
    audit.record("user.promoter_granted" if is_promoter else "user.promoter_removed", user, actor=by)
    db.session.commit()
    return user


def set_staff(email: str, is_staff: bool, *, by: User | None) -> User:
    """Grant or remove the staff role (admins only, checked by the caller's view)."""
    user = find_by_email(email)
    if user is None:
        raise NoSuchUser(email)
    user.is_staff = is_staff or user.is_admin
    audit.record("user.staff_granted" if is_staff else "user.staff_removed", user, actor=by)
    db.session.commit()
    return user
