"""Helpers for quotes in tests: a producer with honey for sale, a request, an offer."""
from __future__ import annotations

from datetime import timedelta

from marketplace.catalogue.models import ProductStatus
from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.orders.checkout import Delivery
from marketplace.wholesale import quotes
from marketplace.wholesale.quotes_offers import OfferLine, OfferTerms, make_offer
from tests import factories

LIMA_DISTRICT = "150101"


def honey_producer(stock: int = 500, price: int = 3500, name: str = "Miel de algarrobo"):
    """A producer owner (user) and its published honey variant."""
    owner = factories.user_with_role("producer")
    product = factories.product(owner.organisation, name_es=name, price=price, stock=stock,
                                status=ProductStatus.PUBLISHED)
    return owner, product.variants[0]


def ask(variant, quantity: int = 300, *, buyer=None, currency: str = "PEN", email: str = "importer@example.com",
        country: str = "DE", **kwargs):
    return quotes.request_quote(quotes.QuoteAsk(
        organisation=variant.product.organisation, lines=[quotes.AskedLine(variant.id, quantity)],
        email=buyer.email if buyer else email, name="Klaus Weber", company="Naturkost Import GmbH",
        country=country, destination="Hamburg", incoterm="fob_callao", currency=currency, buyer=buyer, **kwargs,
    ))


def terms(quote_request, *, price: int = 2600, quantity: int | None = None, variant=None, minimum: int = 100,
          valid_days: int = 15, advance: int = 30, lines=None) -> OfferTerms:
    asked = quote_request.lines[0]
    return OfferTerms(
        incoterm="fob_callao", valid_until=lima_today() + timedelta(days=valid_days), lead_time_days=20,
        advance_percent=advance, payment_terms="Transferencia a la aceptación",
        lines=lines or [OfferLine(asked.id, (variant.id if variant else asked.variant_id), quantity or asked.quantity,
                                  price, minimum)],
    )


def quoted(variant, seller, quantity: int = 300, price: int = 2600, **kwargs):
    """A request from a signed-in buyer, answered by `seller`; returns the request."""
    buyer = kwargs.pop("buyer", None) or factories.user()
    quote_request = ask(variant, quantity, buyer=buyer, **kwargs)
    make_offer(quote_request, terms(quote_request, price=price), by=seller)
    db.session.expire_all()
    return quote_request


def delivery(email: str = "importer@example.com", country: str = "PE") -> Delivery:
    if country == "PE":
        return Delivery(email=email, name="Klaus Weber", address_line="Almacén Callao 12", district_code=LIMA_DISTRICT)
    return Delivery(email=email, name="Klaus Weber", address_line="Hafenstraße 1", country=country, city="Hamburg")
