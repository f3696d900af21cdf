"""A variant's wholesale terms, as its producer sets them: the unit counted, price tiers by
quantity, the wholesale minimum, the lead time, and the price of a sample.

The catalogue prices a quantity (`Variant.price_for`); this module decides which terms are
coherent enough to be stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import audit
from ..catalogue.models import PriceTier, SaleUnit, Variant
from ..catalogue.signals import tell_changed
from ..clock import utcnow
from ..extensions import db
from ..money import Money
from ..transactions import committing

MAX_TIERS = 4
LARGEST_MINIMUM = 10_000  # as many units as one cart line may hold
LONGEST_LEAD_TIME = 365


class TermsError(Exception):
    pass


class InvalidTerms(TermsError):
    """The terms do not hang together; `problem` says why, `tier` which tier (0-based) if one."""

    def __init__(self, problem: str, tier: int | None = None):
        super().__init__(problem if tier is None else f"{problem} (tier {tier})")
        self.problem = problem
        self.tier = tier


@dataclass(frozen=True)
class Tier:
    min_quantity: int
    price: Money


@dataclass
class WholesaleTerms:
    unit: SaleUnit = SaleUnit.PIECE
    minimum: int | None = None
    lead_time_days: int | None = None
    tiers: list[Tier] = field(default_factory=list)
    sample_price: Money | None = None  # none: no samples; zero: free samples


def terms_of(variant: Variant) -> WholesaleTerms:
    return WholesaleTerms(
        unit=variant.unit, minimum=variant.wholesale_minimum, lead_time_days=variant.lead_time_days,
        tiers=[Tier(t.min_quantity, Money(t.price_amount, variant.currency)) for t in variant.tiers],
        sample_price=variant.sample_price,
    )


def check_terms(variant: Variant, terms: WholesaleTerms) -> list[Tier]:
    """The tiers in order of quantity, once the terms are found coherent. Raises InvalidTerms:
    no_retail_price, too_many_tiers, tier_quantity, tier_repeated, tier_not_cheaper,
    tier_below_minimum, minimum, lead_time, sample_price."""
    if terms.minimum is not None and not 1 <= terms.minimum <= LARGEST_MINIMUM:
        raise InvalidTerms("minimum")
    if terms.lead_time_days is not None and not 0 <= terms.lead_time_days <= LONGEST_LEAD_TIME:
        raise InvalidTerms("lead_time")
    if terms.sample_price is not None and (terms.sample_price.amount < 0 or terms.sample_price.currency != variant.currency):
        raise InvalidTerms("sample_price")
    if not terms.tiers:
        return []
    if variant.price_amount is None:
        raise InvalidTerms("no_retail_price")
    if len(terms.tiers) > MAX_TIERS:
        raise InvalidTerms("too_many_tiers")
    tiers = sorted(enumerate(terms.tiers), key=lambda pair: pair[1].min_quantity)
    previous_quantity, previous_price = 1, variant.price_amount
    for index, tier in tiers:
        if not 2 <= tier.min_quantity <= LARGEST_MINIMUM:
            raise InvalidTerms("tier_quantity", index)
        if tier.min_quantity == previous_quantity:
            raise InvalidTerms("tier_repeated", index)
        if terms.minimum is not None and tier.min_quantity < terms.minimum:
            raise InvalidTerms("tier_below_minimum", index)
        if tier.price.currency != variant.currency or not 0 < tier.price.amount < previous_price:
            raise InvalidTerms("tier_not_cheaper", index)
        previous_quantity, previous_price = tier.min_quantity, tier.price.amount
    return [tier for _, tier in tiers]


def set_terms(variant: Variant, terms: WholesaleTerms, *, by) -> None:
    """Replace a variant's wholesale terms: tiers ordered by quantity, each cheaper than fewer
    units, none below the wholesale minimum. Writes an audit event and tells the catalogue's
    listeners. Raises InvalidTerms and stores nothing then."""
    tiers = check_terms(variant, terms)
    before = terms_of(variant)
    with committing():
        variant.unit = terms.unit
        variant.wholesale_minimum = terms.minimum
        variant.lead_time_days = terms.lead_time_days
        variant.sample_price_amount = terms.sample_price.amount if terms.sample_price is not None else None
        if [(t.min_quantity, t.price) for t in tiers] != [(t.min_quantity, t.price) for t in before.tiers]:
            variant.tiers.clear()
            # The old rows go first: a new tier may start where an old one did (one unique key).
            db.session.flush()
            variant.tiers.extend(PriceTier(min_quantity=t.min_quantity, price_amount=t.price.amount) for t in tiers)
        variant.product.updated_at = utcnow()
        audit.record("variant.wholesale_terms_saved", variant, actor=by, sku=variant.sku,
                     tiers=[[t.min_quantity, t.price.amount] for t in tiers], minimum=terms.minimum)
        changed = terms_of(variant) != before
        tell_changed(variant.product, {"wholesale_terms"} if changed else set(), by=by)
