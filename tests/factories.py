"""Factories: each makes one valid record with sensible defaults, saved and committed."""
from __future__ import annotations

import itertools
from functools import lru_cache

from werkzeug.security import generate_password_hash

from marketplace.accounts.models import User
from marketplace.clock import utcnow
from marketplace.extensions import db
from marketplace.producers.models import Membership, MemberRole, Organisation, OrganisationKind, VerificationStatus

PASSWORD = "telar-de-cintura-2026"
_sequence = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Hashing once per run keeps the suite fast; every factory user shares this password.
    return generate_password_hash(PASSWORD, method="scrypt")


def user(**kwargs) -> User:
    n = next(_sequence)
    defaults = dict(email=f"person{n}@example.pe", name=f"Persona {n}", locale="es")
    defaults.update(kwargs)
    record = User(**defaults)
    record.password_hash = _password_hash()
    record.password_changed_at = utcnow()
    db.session.add(record)
    db.session.commit()
    return record


def organisation(owner: User | None = None, **kwargs) -> Organisation:
    n = next(_sequence)
    district = kwargs.pop("district_code", "140306")
    defaults = dict(
        slug=f"organizacion-{n}",
        name=f"Organización {n}",
        kind=OrganisationKind.ASSOCIATION,
        story_es="Tejemos algodón nativo en telar de cintura.",
        status=VerificationStatus.VERIFIED,
    )
    defaults.update(kwargs)
    record = Organisation(**defaults)
    record.set_district(district)
    db.session.add(record)
    if owner is not None:
        db.session.add(Membership(user=owner, organisation=record, role=MemberRole.OWNER))
    db.session.commit()
    return record


def member(organisation: Organisation, person: User, role: MemberRole = MemberRole.MEMBER) -> Membership:
    record = Membership(user=person, organisation=organisation, role=role)
    db.session.add(record)
    db.session.commit()
    return record


def user_with_role(role: str, **kwargs) -> User:
    if role == "staff":
        return user(is_staff=True, **kwargs)
    if role == "admin":
        return user(is_staff=True, is_admin=True, **kwargs)
    if role == "producer":
        person = user(**kwargs)
        person.organisation = organisation(owner=person)
        return person
    if role == "buyer":
        return user(**kwargs)
    raise ValueError(f"unknown role {role!r}")
