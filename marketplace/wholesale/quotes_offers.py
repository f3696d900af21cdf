"""Offers and counter-offers: the producer (or the brand's steward) answers with prices, the buyer
may answer with other prices or quantities, the producer answers again.

A producer quotes only its own products. A steward of the brand the request was made under may
split a requested line among the brand's authorised members: each share is a quote line of one
member's product that shows the brand's seal, at most that member's stock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app

from ..brands.seals import approved_product_ids_for_brand
from ..catalogue.models import Variant
from ..clock import lima_today
from ..extensions import db
from ..transactions import committing
from .quotes import NotAllowed, QuoteError, lock_quote, move_quote, seller_role, tell_buyer
from .quotes_models import MAX_ADVANCE_PERCENT, Incoterm, Mover, Quote, QuoteLine, QuoteRequest, QuoteStatus

MAX_VALIDITY_DAYS = 365


class InvalidOffer(QuoteError):
    def __init__(self, why: str, label: str | None = None, available: int | None = None,
                 minimum: int | None = None):
        # "no_lines", "price", "quantity", "below_minimum", "valid_until", "advance", "lead_time",
        # "other_producer", "not_member", "beyond_stock", "incoterm", "line"
        super().__init__(why)
        self.why, self.label, self.available, self.minimum = why, label, available, minimum


@dataclass
class OfferLine:
    request_line_id: int
    variant_id: int
    quantity: int
    unit_price_amount: int
    minimum_quantity: int = 1


@dataclass
class OfferTerms:
    incoterm: Incoterm | str
    valid_until: date
    lead_time_days: int = 0
    advance_percent: int = 0
    payment_terms: str | None = None
    message: str | None = None
    lines: list[OfferLine] = field(default_factory=list)


def exchange_rate() -> Decimal:
    """Soles per dollar for USD offers: the staff-kept setting USD_PEN_EXCHANGE_RATE."""
    return Decimal(str(current_app.config.get("USD_PEN_EXCHANGE_RATE", "3.75")))


def _label(variant: Variant) -> str:
    name = variant.product.name_es or variant.sku
    label = f"{name} — {variant.option_es}" if variant.option_es else name
    return f"{label} · {variant.product.organisation.name}"


def _check_terms(terms: OfferTerms) -> None:
    today = lima_today()
    if terms.incoterm not in {i.value for i in Incoterm}:
        raise InvalidOffer("incoterm")
    if terms.valid_until < today or terms.valid_until > today + timedelta(days=MAX_VALIDITY_DAYS):
        raise InvalidOffer("valid_until")
    if not 0 <= terms.advance_percent <= MAX_ADVANCE_PERCENT:
        raise InvalidOffer("advance")
    if terms.lead_time_days < 0 or terms.lead_time_days > 365:
        raise InvalidOffer("lead_time")
    if not terms.lines:
        raise InvalidOffer("no_lines")


def _check_line(line: OfferLine, variant: Variant) -> None:
    if line.unit_price_amount <= 0:
        raise InvalidOffer("price", _label(variant))
    if line.quantity <= 0 or line.minimum_quantity <= 0:
        raise InvalidOffer("quantity", _label(variant))
    if line.quantity < line.minimum_quantity:
        raise InvalidOffer("below_minimum", _label(variant), minimum=line.minimum_quantity)


def _seller_lines(quote_request: QuoteRequest, terms: OfferTerms, role: str) -> list[QuoteLine]:
    """The offer's lines, checked: the producer's own products, or (a steward) brand members'
    sealed products within their stock."""
    asked = {line.id for line in quote_request.lines}
    sealed = approved_product_ids_for_brand(quote_request.brand_id) if role == "steward" else set()
    taken: dict[int, int] = {}
    lines = []
    for line in terms.lines:
        variant = db.session.get(Variant, line.variant_id)
        if variant is None or line.request_line_id not in asked:
            raise InvalidOffer("line")
        _check_line(line, variant)
        if role == "producer" and variant.product.organisation_id != quote_request.organisation_id:
            raise InvalidOffer("other_producer", _label(variant))
        if role == "steward":
            if variant.product_id not in sealed:
                raise InvalidOffer("not_member", _label(variant))
            taken[variant.id] = taken.get(variant.id, 0) + line.quantity
            if taken[variant.id] > variant.stock:
                raise InvalidOffer("beyond_stock", _label(variant), available=variant.stock)
        lines.append(QuoteLine(
            request_line_id=line.request_line_id, variant_id=variant.id, product_id=variant.product_id,
            organisation_id=variant.product.organisation_id, label=_label(variant), quantity=line.quantity,
            minimum_quantity=line.minimum_quantity, unit_price_amount=line.unit_price_amount,
        ))
    return lines


def make_offer(quote_request: QuoteRequest, terms: OfferTerms, *, by) -> Quote:
    """The producer (or the brand's steward) answers a request or a counter-offer with prices, or
    revises its offer. Raises InvalidOffer, NotAllowed; nothing is written then."""
    with committing():
        locked = lock_quote(quote_request.id)
        role = seller_role(by, locked)
        if role is None or not locked.is_confirmed:
            raise NotAllowed(locked.status, QuoteStatus.QUOTED)
        _check_terms(terms)
        quote = Quote(
            by_seller=True, author_id=by.id, as_steward=role == "steward", incoterm=Incoterm(terms.incoterm),
            valid_until=terms.valid_until, lead_time_days=terms.lead_time_days,
            advance_percent=terms.advance_percent, payment_terms=(terms.payment_terms or "").strip() or None,
            message=(terms.message or "").strip() or None,
            exchange_rate=exchange_rate() if locked.currency == "USD" else None,
        )
        quote.lines = _seller_lines(locked, terms, role)
        locked.quotes.append(quote)
        db.session.flush()
        move_quote(locked, QuoteStatus.QUOTED, mover=Mover.SELLER, by=by, role=role,
                   proforma=quote.proforma_number, total=quote.total.format())
        tell_buyer(locked, "quote_quoted")
    return quote


@dataclass
class CounterLine:
    quote_line_id: int
    quantity: int
    unit_price_amount: int


def counter(quote_request: QuoteRequest, lines: list[CounterLine], *, by=None, message: str | None = None) -> Quote:
    """The buyer answers the offer with other quantities or prices. A quantity below the offer's
    minimum is refused. Raises InvalidOffer, NotAllowed."""
    with committing():
        locked = lock_quote(quote_request.id)
        offer = locked.offer
        if offer is None or locked.status != QuoteStatus.QUOTED:
            raise NotAllowed(locked.status, QuoteStatus.COUNTERED)
        by_id = {line.id: line for line in offer.lines}
        quote = Quote(by_seller=False, author_id=getattr(by, "id", None), incoterm=offer.incoterm,
                      valid_until=offer.valid_until, lead_time_days=offer.lead_time_days,
                      advance_percent=offer.advance_percent, payment_terms=offer.payment_terms,
                      message=(message or "").strip() or None, exchange_rate=offer.exchange_rate)
        if {line.quote_line_id for line in lines} - set(by_id) or not lines:
            raise InvalidOffer("line")
        for line in lines:
            original = by_id[line.quote_line_id]
            if line.unit_price_amount <= 0:
                raise InvalidOffer("price", original.label)
            if line.quantity < original.minimum_quantity:
                raise InvalidOffer("below_minimum", original.label, minimum=original.minimum_quantity)
            quote.lines.append(QuoteLine(
                request_line_id=original.request_line_id, variant_id=original.variant_id,
                product_id=original.product_id, organisation_id=original.organisation_id, label=original.label,
                quantity=line.quantity, minimum_quantity=original.minimum_quantity,
                unit_price_amount=line.unit_price_amount,
            ))
        locked.quotes.append(quote)
        db.session.flush()
        move_quote(locked, QuoteStatus.COUNTERED, mover=Mover.BUYER, by=by, role="buyer",
                   total=quote.total.format())
    return quote
