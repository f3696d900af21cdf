"""Producer organisations: create, edit, invite members, ask for verification."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from slugify import slugify
from sqlalchemy.orm import selectinload

from .. import audit, ubigeo
from ..accounts.models import User, find_by_email
from ..clock import utcnow
from ..errors import NotFound
from ..extensions import db
from ..notifications.services import send_email
from ..status import check_transition
from .models import (
    VERIFICATION_TRANSITIONS,
    Invitation,
    Membership,
    MemberRole,
    Organisation,
    OrganisationKind,
    VerificationStatus,
)

INVITATION_SALT = "organisation-invitation"


class ProducerError(Exception):
    """A rule about organisations was broken."""


class UnknownDistrict(ProducerError):
    pass


class AlreadyMember(ProducerError):
    pass


class InvalidInvitation(ProducerError):
    def __init__(self, why: str):  # "expired", "invalid", "used" or "other_email"
        super().__init__(why)
        self.why = why


@dataclass
class OrganisationDetails:
    """What a producer types about their organisation, already checked by the form."""

    name: str
    kind: OrganisationKind
    district_code: str
    story_es: str
    story_en: str | None = None
    ruc: str | None = None
    dni: str | None = None
    rna_number: str | None = None
    women_led: bool = False
    members_women: int | None = None
    members_men: int | None = None


def organisations_of(user: User) -> list[Organisation]:
    return list(
        db.session.scalars(
            db.select(Organisation)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Organisation.name)
        )
    )


def organisation_for_member(user: User, organisation_id: int, *, owner: bool = False) -> Organisation:
    """The organisation if `user` belongs to it (as owner when asked); NotFound otherwise."""
    query = db.select(Membership).where(
        Membership.user_id == user.id, Membership.organisation_id == organisation_id
    )
    if owner:
        query = query.where(Membership.role == MemberRole.OWNER)
    membership = db.session.scalar(query.options(selectinload(Membership.organisation)))
    if membership is None:
        raise NotFound(organisation_id)
    return membership.organisation


def unique_slug(name: str) -> str:
    base = slugify(name, max_length=120) or "organizacion"
    slug, n = base, 2
    while db.session.scalar(db.select(Organisation.id).where(Organisation.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(organisation: Organisation, details: OrganisationDetails) -> None:
    if ubigeo.district(details.district_code) is None:
        raise UnknownDistrict(details.district_code)
    organisation.name = details.name.strip()
    organisation.kind = details.kind
    organisation.set_district(details.district_code)
    organisation.story_es = details.story_es.strip()
    organisation.story_en = (details.story_en or "").strip() or None
    organisation.ruc = details.ruc or None
    organisation.dni = details.dni or None
    organisation.rna_number = (details.rna_number or "").strip() or None
    organisation.women_led = details.women_led
    organisation.members_women = details.members_women
    organisation.members_men = details.members_men


def create_organisation(details: OrganisationDetails, *, by: User) -> Organisation:
    """Create an unverified organisation with `by` as its owner. Raises UnknownDistrict."""
    organisation = Organisation(slug=unique_slug(details.name), status=VerificationStatus.UNVERIFIED)
    _apply(organisation, details)
    db.session.add(organisation)
    db.session.add(Membership(user=by, organisation=organisation, role=MemberRole.OWNER))
    audit.record("organisation.created", organisation, actor=by)
    db.session.commit()
    return organisation


def update_organisation(organisation: Organisation, details: OrganisationDetails, *, by: User) -> None:
    """Save an owner's edits. Raises UnknownDistrict."""
    _apply(organisation, details)
    audit.record("organisation.updated", organisation, actor=by)
    db.session.commit()


def change_verification(
    organisation: Organisation, target: VerificationStatus, *, by: User, reason: str | None = None
) -> None:
    """The one place an organisation's verification status changes; writes the AuditEvent.

    Raises IllegalTransition for a move the table does not allow.
    """
    check_transition(VERIFICATION_TRANSITIONS, organisation.status, target)
    previous = organisation.status
    organisation.status = target
    organisation.status_reason = reason
    if target == VerificationStatus.UNVERIFIED:
        organisation.submitted_at = utcnow()
        organisation.decided_at = None
    else:
        organisation.decided_at = utcnow()
    audit.record(f"organisation.{target.value}", organisation, actor=by, reason=reason, previous=previous.value)


def ask_for_review_again(organisation: Organisation, *, by: User) -> None:
    """After fixing what staff pointed out, put a rejected organisation back in the queue."""
    change_verification(organisation, VerificationStatus.UNVERIFIED, by=by)
    db.session.commit()


def owners(organisation: Organisation) -> list[User]:
    return [m.user for m in organisation.memberships if m.role == MemberRole.OWNER]


def members(organisation: Organisation) -> list[Membership]:
    return list(
        db.session.scalars(
            db.select(Membership)
            .where(Membership.organisation_id == organisation.id)
            .options(selectinload(Membership.user))
            .order_by(Membership.created_at)
        )
    )


def pending_invitations(organisation: Organisation) -> list[Invitation]:
    return list(
        db.session.scalars(
            db.select(Invitation)
            .where(Invitation.organisation_id == organisation.id, Invitation.accepted_at.is_(None))
            .order_by(Invitation.created_at)
        )
    )


def _invitation_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT)


def invite_member(organisation: Organisation, email: str, *, by: User) -> Invitation:
    """Invite someone by email to join. Raises AlreadyMember; a repeated invite is re-sent."""
    email = email.strip().lower()
    existing_user = find_by_email(email)
    if existing_user and any(m.user_id == existing_user.id for m in organisation.memberships):
        raise AlreadyMember(email)
    invitation = db.session.scalar(
        db.select(Invitation).where(
            Invitation.organisation_id == organisation.id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
        )
    )
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email, invited_by=by)
        db.session.add(invitation)
        db.session.flush()
    token = _invitation_serializer().dumps(invitation.id)
    link = url_for("producers.invitation", token=token, _external=True)
    locale = existing_user.locale if existing_user else by.locale
    send_email(email, "invitation", locale=locale, organisation=organisation, inviter=by, link=link)
    audit.record("organisation.member_invited", organisation, actor=by, email=email)
    db.session.commit()
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation behind a link. Raises InvalidInvitation (expired, invalid or used)."""
    try:
        invitation_id = _invitation_serializer().loads(token, max_age=current_app.config["INVITATION_MAX_AGE"])
    except SignatureExpired:
        raise InvalidInvitation("expired") from None
    except BadSignature:
        raise InvalidInvitation("invalid") from None
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise InvalidInvitation("invalid")
    if not invitation.is_pending:
        raise InvalidInvitation("used")
    return invitation


def accept_invitation(token: str, *, user: User) -> Organisation:
    """Join the organisation an invitation is for. Raises InvalidInvitation."""
    invitation = invitation_for_token(token)
    if invitation.email != user.email.lower():
        raise InvalidInvitation("other_email")
    organisation = invitation.organisation
    invitation.accepted_at = utcnow()
    if not any(m.user_id == user.id for m in organisation.memberships):
        db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.MEMBER))
    audit.record("organisation.member_joined", organisation, actor=user)
    db.session.commit()
    return organisation
