"""Histories people can read: audit and order events turned into sentences (sentences.py), with the
records they name looked up once per kind of record, not once per event."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..brands.forms import SYSTEM_REASONS
from ..brands.models import BrandListing, BrandMembership, CollectiveBrand
from ..catalogue.models import Product, Variant
from ..extensions import db
from ..money import Money
from ..orders.forms import PAYMENT_LABELS
from ..producers.models import Organisation
from .sentences import GENERIC, ORDER_GENERIC, ORDER_SENTENCES, SENTENCES

MISSING = "—"
ROLE_LABELS = {
    "producer": _l("productor"),
    "steward": _l("responsable de marca"),
    "staff": _l("equipo"),
    "admin": _l("administración"),
}
CLOSE_REASONS = {
    "expired": _l("venció el plazo para pagar"),
    "payment_failed": _l("el pago fue rechazado"),
    "cancelled_by_buyer": _l("lo canceló quien compró"),
    "cancelled_by_staff": _l("lo canceló el equipo"),
}
# The column that names a record of a kind with no lookup of its own, in order of preference.
NAME_COLUMNS = ("name", "name_es", "reference", "email", "slug", "code")


@dataclass(frozen=True)
class ReadableEvent:
    occurred_at: datetime
    sentence: str
    reason: str | None
    action: str


class _Names(dict):
    """Format arguments: a name the event does not have reads as "—" rather than failing."""

    def __missing__(self, key):
        return MISSING


def sentence_for(action: str, names: dict) -> str:
    """The sentence for an action code, or the generic one for a code with no line yet."""
    template = SENTENCES.get(action, GENERIC)
    return str(template) % _Names(names, action=action)


def actor_label(user, mover: str | None = None, *, by_email: bool = True) -> str:
    """Who acted, with their role: by e-mail for staff, by name on pages producers read."""
    if user is None:
        return str(_l("El sistema"))
    role = mover if mover in ROLE_LABELS else ("admin" if user.is_admin else "staff" if user.is_staff else None)
    who = user.email if by_email else user.name
    return f"{who} ({ROLE_LABELS[role]})" if role else who


def read_audit(events, by_email: bool = True) -> list[ReadableEvent]:
    """AuditEvents as sentences, in the order given (actors must be loaded with them)."""
    names = subject_names(events)
    result = []
    for event in events:
        details = {k: _detail(k, v) for k, v in (event.details or {}).items()}
        subject = names.get((event.subject_type, event.subject_id), {})
        words = {**details, "subject": f"{event.subject_type} #{event.subject_id}", **subject,
                 "actor": actor_label(event.actor, (event.details or {}).get("mover"), by_email=by_email)}
        result.append(ReadableEvent(event.occurred_at, sentence_for(event.action, words),
                                    reason_text(event.reason), event.action))
    return result


def reason_text(reason: str | None) -> str | None:
    return str(SYSTEM_REASONS.get(reason, reason)) if reason else None


def _detail(key: str, value) -> str:
    if key == "amount" and isinstance(value, int):
        return Money(value).format()
    return MISSING if value is None else str(value)


def subject_names(events) -> dict[tuple[str, int], dict]:
    """What each event's record is called: one query per kind of record."""
    ids = defaultdict(set)
    for event in events:
        ids[event.subject_type].add(event.subject_id)
    found = {}
    for kind, kind_ids in ids.items():
        lookup = LOOKUPS.get(kind) or _generic_lookup(kind)
        if lookup is not None:
            found.update({(kind, i): words for i, words in lookup(kind_ids).items()})
    return found


def _listings(ids) -> dict[int, dict]:
    rows = db.session.execute(
        select(BrandListing.id, Product.name_es, CollectiveBrand.name, Organisation.name)
        .join(Product, Product.id == BrandListing.product_id).join(CollectiveBrand, CollectiveBrand.id == BrandListing.brand_id)
        .join(Organisation, Organisation.id == Product.organisation_id).where(BrandListing.id.in_(ids)))
    return {i: {"subject": f"«{p or MISSING}» · {b}", "product": p or MISSING, "brand": b, "organisation": o}
            for i, p, b, o in rows}


def _authorisations(ids) -> dict[int, dict]:
    rows = db.session.execute(
        select(BrandMembership.id, Organisation.name, CollectiveBrand.name)
        .join(Organisation, Organisation.id == BrandMembership.organisation_id)
        .join(CollectiveBrand, CollectiveBrand.id == BrandMembership.brand_id).where(BrandMembership.id.in_(ids)))
    return {i: {"subject": f"{o} · {b}", "organisation": o, "brand": b} for i, o, b in rows}


def _variants(ids) -> dict[int, dict]:
    rows = db.session.execute(select(Variant.id, Variant.sku, Product.name_es)
                              .join(Product, Product.id == Variant.product_id).where(Variant.id.in_(ids)))
    return {i: {"subject": f"«{p or MISSING}» ({sku})", "product": p or MISSING} for i, sku, p in rows}


def _targets(ids) -> dict[int, dict]:
    from .indicators import BY_CODE
    from .models import IndicatorTarget

    rows = db.session.execute(select(IndicatorTarget.id, IndicatorTarget.indicator, IndicatorTarget.year)
                              .where(IndicatorTarget.id.in_(ids)))
    return {i: {"subject": f"{BY_CODE[code].label if code in BY_CODE else code} {year}"} for i, code, year in rows}


LOOKUPS = {"BrandListing": _listings, "BrandMembership": _authorisations, "Variant": _variants,
           "IndicatorTarget": _targets}


def _generic_lookup(kind: str):
    """For any other table: the record's name, reference, e-mail or slug, whichever it has."""
    model = next((m.class_ for m in db.Model.registry.mappers if m.class_.__name__ == kind), None)
    column = next((getattr(model, c) for c in NAME_COLUMNS if model is not None and hasattr(model, c)), None)
    if column is None:
        return None

    def lookup(ids):
        return {i: {"subject": name} for i, name in db.session.execute(select(model.id, column).where(model.id.in_(ids)))
                if name}
    return lookup


def read_order_events(events) -> list[ReadableEvent]:
    """An order's OrderEvents as sentences (actors must be loaded with them)."""
    result = []
    for event in events:
        details = dict(event.details or {})
        key = f"{event.kind}.{event.to_status}" if f"{event.kind}.{event.to_status}" in ORDER_SENTENCES else event.kind
        words = {**details, "actor": actor_label(event.actor) if event.actor else str(_l("Quien compró"))
                 if event.kind in ("placed", "card_checkout_started") else str(_l("El sistema")),
                 "kind": event.kind, "to_status": event.to_status or ""}
        if "total" in details and details["total"].isdigit():
            words["total"] = Money(int(details["total"])).format()
        if "method" in details:
            words["method"] = str(PAYMENT_LABELS.get(details["method"], details["method"]))
        reason = details.get("reason")
        words["reason"] = str(CLOSE_REASONS.get(reason, reason)) if reason else MISSING
        template = ORDER_SENTENCES.get(key, ORDER_GENERIC)
        result.append(ReadableEvent(event.occurred_at, str(template) % _Names(words), None, event.kind))
    return result
