"""Quote requests: asking, confirming a guest's email, the one transition function, declining and
the scheduled expiry. Offers and counter-offers are in quotes_offers.py, acceptance in
quotes_accept.py.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import update

from .. import audit
from ..accounts.models import User
from ..brands import access as brand_access
from ..brands.seals import seals_for_product
from ..catalogue.models import ProductStatus, Variant
from ..clock import lima_today, utcnow
from ..errors import NotFound
from ..extensions import db
from ..notifications.services import send_email
from ..orders.checkout import FairCredit
from ..producers.models import Organisation, VerificationStatus
from ..producers.services import members
from ..record_links import RecordLink
from ..status import IllegalTransition
from ..transactions import committing
from .quotes_models import (
    CURRENCIES, OPEN_STATUSES, QUOTE_TRANSITIONS, Incoterm, Mover, QuoteRequest, QuoteRequestLine, QuoteStatus,
)

QUOTE_LINK = RecordLink("quote-access")
ANSWER_DAYS = 30  # an unanswered request or counter-offer expires after this many Lima days
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
MAX_LINES = 10


class QuoteError(Exception):
    pass


class InvalidRequest(QuoteError):
    def __init__(self, why: str, label: str | None = None, minimum: int | None = None):
        # "no_lines", "not_for_sale", "other_producer", "below_minimum", "currency", "incoterm",
        # "country", "wanted_by"
        super().__init__(why)
        self.why, self.label, self.minimum = why, label, minimum


class NotAllowed(QuoteError):
    """This person may not make that move on this quote (or the quote is no longer there to move)."""

    def __init__(self, current: QuoteStatus, target: QuoteStatus):
        super().__init__(f"{current} → {target}")
        self.current, self.target = current, target


# Moving a quote --------------------------------------------------------------------------------

def lock_quote(request_id: int) -> QuoteRequest:
    """Load a quote request fresh and lock its row until commit (SELECT … FOR UPDATE), so two
    people answering or accepting at once act one after the other."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(QuoteRequest).where(QuoteRequest.id == request_id).values(id=QuoteRequest.id)
                           .execution_options(synchronize_session=False))
    found = db.session.scalar(db.select(QuoteRequest).where(QuoteRequest.id == request_id).with_for_update()
                              .execution_options(populate_existing=True))
    if found is None:
        raise NotFound(request_id)
    return found


def move_quote(quote_request: QuoteRequest, target: QuoteStatus, *, mover: Mover, by=None, role: str | None = None,
               reason: str | None = None, **details) -> None:
    """Apply one move from QUOTE_TRANSITIONS if `mover` may make it, and record it as an
    AuditEvent ("quote.<target>"). Raises NotAllowed. Changes the session only."""
    allowed = QUOTE_TRANSITIONS.get(quote_request.status, {}).get(target, set())
    if mover not in allowed:
        raise NotAllowed(quote_request.status, target)
    previous, quote_request.status = quote_request.status, target
    if target == QuoteStatus.QUOTED:
        quote_request.expires_on = quote_request.offer.valid_until
    elif target in (QuoteStatus.REQUESTED, QuoteStatus.COUNTERED):
        quote_request.expires_on = lima_today() + timedelta(days=ANSWER_DAYS)
    audit.record(f"quote.{target.value}", quote_request, actor=by, reason=reason, mover=role or mover.value,
                 previous=previous.value, buyer=quote_request.company or quote_request.name, **details)


def seller_role(user, quote_request: QuoteRequest) -> str | None:
    """"producer" for a member of the producer asked, "steward" for a steward of the brand the
    request was made under, None for anybody else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if brand_access.is_member(user, quote_request.organisation_id):
        return "producer"
    if quote_request.brand is not None and brand_access.is_steward(user, quote_request.brand):
        return "steward"
    return None


# Asking ----------------------------------------------------------------------------------------

@dataclass
class AskedLine:
    variant_id: int
    quantity: int


@dataclass
class QuoteAsk:
    organisation: Organisation
    lines: list[AskedLine]
    email: str
    name: str
    country: str
    incoterm: Incoterm | str
    currency: str
    buyer: User | None = None
    company: str | None = None
    phone: str | None = None
    destination: str | None = None
    wanted_by: date | None = None
    notes: str | None = None
    locale: str = "es"
    credit: FairCredit | None = None
    brand_id: int | None = field(default=None)


def new_reference() -> str:
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"CT-{code[:4]}-{code[4:]}"
        if db.session.scalar(db.select(QuoteRequest.id).where(QuoteRequest.reference == reference)) is None:
            return reference


def _line_label(variant: Variant) -> str:
    name = variant.product.name_es or variant.sku
    return f"{name} — {variant.option_es}" if variant.option_es else name


def _asked_variant(ask: QuoteAsk, line: AskedLine) -> Variant:
    variant = db.session.get(Variant, line.variant_id)
    if variant is None or variant.product.status != ProductStatus.PUBLISHED:
        raise InvalidRequest("not_for_sale")
    if variant.product.organisation_id != ask.organisation.id:
        raise InvalidRequest("other_producer", _line_label(variant))
    minimum = getattr(variant, "wholesale_minimum", None)
    if line.quantity <= 0 or (minimum and line.quantity < minimum):
        raise InvalidRequest("below_minimum", _line_label(variant), minimum or 1)
    return variant


def _check_terms(ask: QuoteAsk) -> None:
    if ask.currency not in CURRENCIES:
        raise InvalidRequest("currency")
    if ask.incoterm not in {i.value for i in Incoterm}:
        raise InvalidRequest("incoterm")
    if len(ask.country or "") != 2:
        raise InvalidRequest("country")
    if ask.wanted_by is not None and ask.wanted_by < lima_today():
        raise InvalidRequest("wanted_by")
    if not ask.lines or len(ask.lines) > MAX_LINES:
        raise InvalidRequest("no_lines")
    if ask.organisation.status != VerificationStatus.VERIFIED:
        raise InvalidRequest("not_for_sale")


def request_quote(ask: QuoteAsk) -> QuoteRequest:
    """A buyer asks a producer for prices. A signed-in buyer's request goes to the producer at
    once; a guest's waits until they open the signed link emailed to them.

    Raises InvalidRequest (nothing is written).
    """
    with committing():
        _check_terms(ask)
        variants = [(_asked_variant(ask, line), line.quantity) for line in ask.lines]
        brand_id = ask.brand_id
        if brand_id is None:
            seals = seals_for_product(variants[0][0].product)
            brand_id = seals[0].id if seals else None
        signed_in = ask.buyer is not None
        quote_request = QuoteRequest(
            reference=new_reference(), organisation_id=ask.organisation.id, brand_id=brand_id,
            buyer_id=ask.buyer.id if signed_in else None, email=ask.email.strip().lower(), name=ask.name.strip(),
            company=(ask.company or "").strip() or None, phone=(ask.phone or "").strip() or None,
            locale=ask.locale, country=ask.country.upper(), destination=(ask.destination or "").strip() or None,
            incoterm=Incoterm(ask.incoterm), currency=ask.currency, wanted_by=ask.wanted_by,
            notes=(ask.notes or "").strip() or None, status=QuoteStatus.REQUESTED,
            email_confirmed_at=utcnow() if signed_in else None,
            expires_on=lima_today() + timedelta(days=ANSWER_DAYS),
            credited_fair_id=ask.credit.fair_id if ask.credit else None,
            credited_booth_id=ask.credit.booth_id if ask.credit else None,
        )
        for variant, quantity in variants:
            quote_request.lines.append(QuoteRequestLine(
                product_id=variant.product_id, variant_id=variant.id, label=_line_label(variant), quantity=quantity))
        db.session.add(quote_request)
        audit.record("quote.requested", quote_request, actor=ask.buyer, mover="buyer",
                     organisation=ask.organisation.name, buyer=quote_request.company or quote_request.name)
        if signed_in:
            _tell_sellers(quote_request)
        else:
            send_email(quote_request.email, "quote_confirm_email", locale=quote_request.locale,
                       quote=quote_request, link=quote_url(quote_request, "wholesale.confirm_quote_email"))
    return quote_request


def confirm_email(quote_request: QuoteRequest, token: str | None) -> QuoteRequest:
    """A guest opened the signed link: the request reaches the producer. Opening it again changes
    nothing. Raises NotFound for a link not made for this request."""
    if not QUOTE_LINK.opens(token, quote_request.reference):
        raise NotFound(quote_request.reference)
    if quote_request.is_confirmed:
        return quote_request
    with committing():
        quote_request = lock_quote(quote_request.id)
        if not quote_request.is_confirmed:
            quote_request.email_confirmed_at = utcnow()
            audit.record("quote.email_confirmed", quote_request, mover="buyer", email=quote_request.email)
            _tell_sellers(quote_request)
    return quote_request


def _tell_sellers(quote_request: QuoteRequest) -> None:
    link = url_for("wholesale.answer_quote", reference=quote_request.reference, _external=True)
    for membership in members(quote_request.organisation):
        send_email(membership.user.email, "quote_requested", locale=membership.user.locale,
                   quote=quote_request, link=link)


def tell_buyer(quote_request: QuoteRequest, kind: str) -> None:
    send_email(quote_request.email, kind, locale=quote_request.locale, quote=quote_request,
               link=quote_url(quote_request))


def quote_url(quote_request: QuoteRequest, endpoint: str = "wholesale.quote") -> str:
    """The buyer's link: it opens the quote for a guest too."""
    return url_for(endpoint, reference=quote_request.reference, t=QUOTE_LINK.token(quote_request.reference),
                   _external=True)


# Finding --------------------------------------------------------------------------------------

def by_reference(reference: str) -> QuoteRequest:
    found = db.session.scalar(db.select(QuoteRequest).where(QuoteRequest.reference == reference.upper()))
    if found is None:
        raise NotFound(reference)
    return found


def for_buyer(reference: str, *, user=None, token: str | None = None) -> QuoteRequest:
    """The request if this visitor is its buyer (signed in, or holding the signed link) or staff."""
    found = by_reference(reference)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in and (user.is_staff or found.buyer_id == user.id):
        return found
    if QUOTE_LINK.opens(token, found.reference):
        return found
    raise NotFound(reference)


def for_seller(reference: str, user) -> tuple[QuoteRequest, str]:
    """The confirmed request and the person's role if they may answer it; NotFound otherwise."""
    found = by_reference(reference)
    role = seller_role(user, found)
    if role is None or not found.is_confirmed:
        raise NotFound(reference)
    return found, role


def inbox(user) -> list[QuoteRequest]:
    """Confirmed requests to the person's organisations or under the brands they keep, newest first."""
    from ..producers.models import Membership
    from ..brands.models import BrandSteward

    organisations = db.select(Membership.organisation_id).where(Membership.user_id == user.id)
    brands = db.select(BrandSteward.brand_id).where(BrandSteward.user_id == user.id)
    return list(db.session.scalars(
        db.select(QuoteRequest)
        .where(QuoteRequest.email_confirmed_at.is_not(None),
               QuoteRequest.organisation_id.in_(organisations) | QuoteRequest.brand_id.in_(brands))
        .options(db.selectinload(QuoteRequest.lines), db.joinedload(QuoteRequest.organisation))
        .order_by(QuoteRequest.created_at.desc()).limit(100)
    ))


def of_buyer(user) -> list[QuoteRequest]:
    return list(db.session.scalars(
        db.select(QuoteRequest).where(QuoteRequest.buyer_id == user.id)
        .options(db.joinedload(QuoteRequest.organisation)).order_by(QuoteRequest.created_at.desc()).limit(100)
    ))


# Declining and expiry ---------------------------------------------------------------------------

def decline(quote_request: QuoteRequest, *, by, as_buyer: bool, reason: str | None = None) -> None:
    """Either side says no. Raises NotAllowed."""
    with committing():
        locked = lock_quote(quote_request.id)
        role = "buyer" if as_buyer else seller_role(by, locked)
        move_quote(locked, QuoteStatus.DECLINED, mover=Mover.BUYER if as_buyer else Mover.SELLER, by=by,
                   role=role, reason=(reason or "").strip() or None)
        if not as_buyer:
            tell_buyer(locked, "quote_declined")


def expire_quotes(today: date | None = None) -> list[str]:
    """Expire open requests, offers and counter-offers whose last day has passed (cron, daily or
    more often). Each is locked and checked again, so two runs at once expire it once."""
    today = today or lima_today()
    due = list(db.session.scalars(
        db.select(QuoteRequest.id).where(QuoteRequest.status.in_(OPEN_STATUSES), QuoteRequest.expires_on < today)
        .order_by(QuoteRequest.expires_on).limit(500)
    ))
    expired = []
    for request_id in due:
        try:
            with committing():
                locked = lock_quote(request_id)
                if locked.status not in OPEN_STATUSES or locked.expires_on >= today:
                    continue
                move_quote(locked, QuoteStatus.EXPIRED, mover=Mover.SYSTEM)
                if locked.is_confirmed:
                    tell_buyer(locked, "quote_expired")
            expired.append(locked.reference)
        except (NotAllowed, IllegalTransition):
            continue
    return expired
