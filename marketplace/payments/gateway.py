"""Stripe behind one small interface (Saleor's payment gateways): the only module that talks to it.

The client is built from settings, so tests and the benchmark point STRIPE_API_BASE at a local
fake of the few endpoints used here: create, retrieve and expire a Checkout Session, refund.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import stripe
from flask import current_app

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20


class PaymentUnavailable(Exception):
    """Stripe could not be reached or refused the request; nothing was changed here."""


class UnknownCheckoutSession(PaymentUnavailable):
    """Stripe has no Checkout Session with that id (another account's, or made up)."""


@dataclass(frozen=True)
class SessionState:
    """What Stripe says about a Checkout Session right now."""

    id: str
    status: str  # open, complete, expired
    payment_status: str  # paid, unpaid, no_payment_required
    amount_total: int | None
    currency: str | None
    reference: str | None  # client_reference_id: our order reference
    payment_intent_id: str | None
    intent_status: str | None  # processing, succeeded, requires_payment_method, canceled
    url: str | None
    expires_at: datetime | None

    @property
    def is_paid(self) -> bool:
        return self.status == "complete" and self.payment_status == "paid"

    @property
    def is_expired(self) -> bool:
        return self.status == "expired"

    @property
    def is_settling(self) -> bool:
        """Completed with a payment method that settles later (bank debits and the like)."""
        return self.status == "complete" and self.payment_status == "unpaid" and not self.has_failed

    @property
    def has_failed(self) -> bool:
        return self.status == "complete" and self.intent_status in ("requires_payment_method", "canceled")


def _plain(obj) -> dict:
    return obj.to_dict() if isinstance(obj, stripe.StripeObject) else obj


def _state(session) -> SessionState:
    session = _plain(session)
    intent = session.get("payment_intent")
    intent_id = intent if isinstance(intent, str) or intent is None else intent.get("id")
    intent_status = None if isinstance(intent, str) or intent is None else intent.get("status")
    expires = session.get("expires_at")
    return SessionState(
        id=session["id"], status=session.get("status"), payment_status=session.get("payment_status"),
        amount_total=session.get("amount_total"), currency=(session.get("currency") or "").upper() or None,
        reference=session.get("client_reference_id"), payment_intent_id=intent_id, intent_status=intent_status,
        url=session.get("url"),
        expires_at=datetime.fromtimestamp(expires, timezone.utc) if expires else None,
    )


def _line_items(order) -> list[dict]:
    currency = order.currency.lower()
    items = [
        {"price_data": {"currency": currency, "unit_amount": line.unit_price_amount,
                        "product_data": {"name": f"{line.label_in(order.locale)} ({line.fulfilment.organisation_name})"}},
         "quantity": line.quantity}
        for line in order.lines
    ]
    items += [
        {"price_data": {"currency": currency, "unit_amount": f.shipping_amount,
                        "product_data": {"name": f"Envío: {f.organisation_name}"}},
         "quantity": 1}
        for f in order.fulfilments if f.shipping_amount > 0
    ]
    return items


class StripeGateway:
    def __init__(self, secret_key: str, api_base: str | None = None):
        self.client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base} if api_base else None,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
            max_network_retries=2,
        )

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except stripe.StripeError as exc:
            log.warning("Stripe %s failed: %s", what, exc)
            raise PaymentUnavailable(str(exc)) from exc

    def create_checkout_session(self, order, *, success_url: str, cancel_url: str) -> SessionState:
        """A Checkout Session for the whole order. The idempotency key is the order's, so a retry
        (a double click, a lost response) gets the same session back, never a second one."""
        params = {
            "mode": "payment",
            "currency": order.currency.lower(),
            "line_items": _line_items(order),
            "client_reference_id": order.reference,
            "metadata": {"order_reference": order.reference},
            "payment_intent_data": {"metadata": {"order_reference": order.reference},
                                    "description": f"Mercado Colectivo {order.reference}"},
            "customer_email": order.email,
            "success_url": success_url,
            "cancel_url": cancel_url,
            "expires_at": int(order.payment_due_at.timestamp()),
            "locale": order.locale if order.locale in ("es", "en") else "auto",
        }
        options = {"idempotency_key": f"mc-checkout-{order.reference}"}
        return _state(self._call("create session", self.client.v1.checkout.sessions.create, params, options))

    def retrieve_checkout_session(self, session_id: str) -> SessionState:
        params = {"expand": ["payment_intent"]}
        try:
            found = self.client.v1.checkout.sessions.retrieve(session_id, params)
        except stripe.InvalidRequestError as exc:
            if exc.code == "resource_missing":
                raise UnknownCheckoutSession(session_id) from exc
            log.warning("Stripe retrieve session failed: %s", exc)
            raise PaymentUnavailable(str(exc)) from exc
        except stripe.StripeError as exc:
            log.warning("Stripe retrieve session failed: %s", exc)
            raise PaymentUnavailable(str(exc)) from exc
        return _state(found)

    def expire_checkout_session(self, session_id: str) -> SessionState:
        """Close an open session so it can no longer be paid; a session already complete or
        expired is returned as it is."""
        try:
            self.client.v1.checkout.sessions.expire(session_id)
        except stripe.InvalidRequestError as exc:
            log.info("Stripe would not expire %s: %s", session_id, exc)
        except stripe.StripeError as exc:
            raise PaymentUnavailable(str(exc)) from exc
        return self.retrieve_checkout_session(session_id)

    def refund(self, payment_intent_id: str, amount: int, *, reference: str) -> str:
        """Refund a card payment; returns Stripe's refund id."""
        params = {"payment_intent": payment_intent_id, "amount": amount, "metadata": {"order_reference": reference}}
        options = {"idempotency_key": f"mc-refund-{reference}"}
        return self._call("refund", self.client.v1.refunds.create, params, options).id


def gateway() -> StripeGateway:
    """The configured gateway; raises PaymentUnavailable without Stripe keys."""
    config = current_app.config
    key = config.get("STRIPE_SECRET_KEY")
    if not key:
        raise PaymentUnavailable("no STRIPE_SECRET_KEY")
    cache_key = (key, config.get("STRIPE_API_BASE"))
    cached = current_app.extensions.get("stripe_gateway")
    if cached is None or cached[0] != cache_key:
        cached = (cache_key, StripeGateway(key, config.get("STRIPE_API_BASE")))
        current_app.extensions["stripe_gateway"] = cached
    return cached[1]
