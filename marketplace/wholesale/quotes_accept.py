"""Accepting an offer: the buyer gets one wholesale order at exactly the offered prices.

The quote row is locked first (SELECT … FOR UPDATE), so two acceptances at the same moment make
one order: the second finds the quote accepted and gets that order back. A USD offer becomes an
order in soles at the rate recorded on the offer when it was made (the buyer accepted that
equivalent); the rate is kept on the request and on the order's "placed" event, and the offer's
dollar amounts stay on the quote.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .. import audit
from ..catalogue.models import Variant
from ..clock import lima_today, utcnow
from ..extensions import db
from ..orders.checkout import Delivery, PaymentMethodUnavailable, card_payments_enabled
from ..orders.fixed import FixedLine, FixedOrder, add_fixed_order
from ..orders.models import CURRENCY, Order, OrderKind, PaymentMethod
from ..orders.stock import OutOfStock
from ..transactions import committing
from .quotes import NotAllowed, QuoteError, lock_quote, move_quote
from .quotes_models import Mover, QuoteRequest, QuoteStatus


class OfferExpired(QuoteError):
    """The offer's validity date has passed: nothing was accepted."""


class AlreadyAccepted(QuoteError):
    def __init__(self, order: Order):
        super().__init__(order.reference)
        self.order = order


class StockGone(QuoteError):
    """A producer no longer has the quoted quantity in stock."""

    def __init__(self, labels: list[str]):
        super().__init__(", ".join(labels))
        self.labels = labels


def in_soles(amount: int, rate: Decimal | None) -> int:
    """A dollar amount in céntimos at `rate` soles per dollar, half a céntimo rounded up."""
    if rate is None:
        return amount
    return int((Decimal(amount) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def accept(quote_request: QuoteRequest, delivery: Delivery, *, method: PaymentMethod = PaymentMethod.TRANSFER,
           by=None) -> Order:
    """The buyer accepts the producer's latest offer: one order of kind wholesale at its prices,
    awaiting payment, with one fulfilment per producer (a steward's split gives one per member).

    Raises OfferExpired, AlreadyAccepted (with the order made by the first acceptance), NotAllowed,
    StockGone, PaymentMethodUnavailable, InvalidAddress. Nothing is written then.
    """
    if method == PaymentMethod.CARD and not card_payments_enabled():
        raise PaymentMethodUnavailable(method)
    with committing():
        locked = lock_quote(quote_request.id)
        if locked.status == QuoteStatus.ACCEPTED and locked.order is not None:
            raise AlreadyAccepted(locked.order)
        offer = locked.offer
        if locked.status != QuoteStatus.QUOTED or offer is None:
            raise NotAllowed(locked.status, QuoteStatus.ACCEPTED)
        if offer.valid_until < lima_today():
            raise OfferExpired(locked.reference)
        rate = offer.exchange_rate if locked.currency != CURRENCY else None
        lines = []
        for line in offer.lines:
            variant = db.session.get(Variant, line.variant_id) if line.variant_id else None
            if variant is None:
                raise StockGone([line.label])
            lines.append(FixedLine(variant, line.quantity, in_soles(line.unit_price_amount, rate)))
        details = {"quote": locked.reference, "proforma": offer.proforma_number}
        if rate is not None:
            details.update(exchange_rate=str(rate), quoted_currency=locked.currency, quoted_total=offer.total.amount)
        try:
            order = add_fixed_order(FixedOrder(
                lines=lines, delivery=delivery, payment_method=method, kind=OrderKind.WHOLESALE, buyer=by,
                locale=locked.locale, note=f"{offer.proforma_number} · {locked.incoterm.value.upper()}",
                credit=_credit(locked), details=details,
            ))
        except OutOfStock as short:
            labels = [line.label for line in offer.lines if line.variant_id in short.variant_ids]
            raise StockGone(labels) from None
        locked.order = order
        locked.accepted_at = utcnow()
        locked.order_exchange_rate = rate
        move_quote(locked, QuoteStatus.ACCEPTED, mover=Mover.BUYER, by=by, role="buyer",
                   order=order.reference, proforma=offer.proforma_number,
                   **({"exchange_rate": str(rate)} if rate is not None else {}))
        audit.record("order.placed_from_quote", order, actor=by, quote=locked.reference,
                     proforma=offer.proforma_number, buyer=locked.company or locked.name)
    return order


def _credit(quote_request: QuoteRequest):
    from ..orders.checkout import FairCredit

    if quote_request.credited_fair_id and quote_request.credited_booth_id:
        return FairCredit(quote_request.credited_fair_id, quote_request.credited_booth_id)
    return None
