"""Stripe's webhook endpoint."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..extensions import csrf
from .gateway import PaymentUnavailable
from .webhooks import InvalidWebhook, handle_webhook

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.post("/stripe/webhook")
@csrf.exempt  # Stripe cannot send our CSRF token; the signature stands in for it
def stripe_webhook():
    try:
        outcome = handle_webhook(request.get_data(), request.headers.get("Stripe-Signature"))
    except InvalidWebhook:
        return jsonify(error="invalid signature"), 400
    except PaymentUnavailable:
        # Stripe cannot be asked about the session right now; it will deliver the event again.
        return jsonify(error="try again"), 503
    return jsonify(received=True, outcome=outcome)
