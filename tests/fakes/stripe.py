"""A local fake of the few Stripe endpoints the marketplace calls, served on 127.0.0.1 in a thread.

The tests (through the fixtures in tests/payments/fake_stripe.py) and bench/checkout.py both use
it, so it needs nothing beyond `make install`: no pytest here.

The real `stripe` library talks to it (STRIPE_API_BASE points here), so requests and responses
go through the same code as in production: form-encoded parameters, idempotency keys, JSON in
Stripe's shape, errors as Stripe sends them. Tests drive what the buyer does on Stripe's side
(`pay`, `pay_later`, `fail`, `expire`, `tamper`), and sign webhook payloads the way Stripe does
(`t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<payload>">`) so the real library verifies them.

Endpoints: POST /v1/checkout/sessions, GET /v1/checkout/sessions/<id> (with expand[]=payment_intent),
POST /v1/checkout/sessions/<id>/expire, POST /v1/refunds; and the Checkout page a browser sees:
GET /checkout/<id> with a "Pay" button, POST /checkout/<id>/pay.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from html import escape

import requests
from flask import Flask, jsonify, redirect, request
from werkzeug.serving import make_server

WEBHOOK_SECRET = "whsec_test_mercado_colectivo"
SECRET_KEY = "sk_test_fake_mercado_colectivo"


def _nest(pairs) -> dict:
    """Stripe's form encoding back into objects: line_items[0][price_data][unit_amount]=…"""
    root: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_listify(node[k]) for k in sorted(node, key=int)]
        return {k: _listify(v) for k, v in node.items()}
    return node


def _error(message: str, status: int = 400, code: str | None = None):
    return jsonify(error={"type": "invalid_request_error", "message": message, "code": code}), status


class FakeStripe:
    def __init__(self):
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.reset()
        self.app = self._build_app()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reset(self) -> None:
        with getattr(self, "lock", threading.Lock()):
            self.sessions: dict[str, dict] = {}
            self.intents: dict[str, dict] = {}
            self.refunds: list[dict] = []
            self.idempotent: dict[str, tuple] = {}
            self.requests: list[tuple[str, str, str | None]] = []  # method, path, idempotency key
            self.unreachable = False

    def start(self) -> FakeStripe:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    def _id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self.ids):06d}"

    # What a buyer does on Stripe's side --------------------------------------------------------

    def _intent(self, session: dict, status: str) -> dict:
        intent_id = session["payment_intent"] or self._id("pi")
        session["payment_intent"] = intent_id
        self.intents[intent_id] = {"id": intent_id, "object": "payment_intent", "status": status,
                                   "amount": session["amount_total"], "currency": session["currency"]}
        return self.intents[intent_id]

    def pay(self, session_id: str) -> dict:
        """The buyer pays by card: the session completes, paid."""
        with self.lock:
            session = self.sessions[session_id]
            session.update(status="complete", payment_status="paid")
            self._intent(session, "succeeded")
            return dict(session)

    def pay_later(self, session_id: str) -> dict:
        """The buyer picks a method that settles later: complete, unpaid, processing."""
        with self.lock:
            session = self.sessions[session_id]
            session.update(status="complete", payment_status="unpaid")
            self._intent(session, "processing")
            return dict(session)

    def settle(self, session_id: str) -> dict:
        """A delayed payment succeeds."""
        return self.pay(session_id)

    def fail(self, session_id: str) -> dict:
        """A delayed payment fails."""
        with self.lock:
            session = self.sessions[session_id]
            session.update(status="complete", payment_status="unpaid")
            self._intent(session, "requires_payment_method")
            return dict(session)

    def expire(self, session_id: str) -> dict:
        with self.lock:
            self.sessions[session_id]["status"] = "expired"
            return dict(self.sessions[session_id])

    def tamper(self, session_id: str, **changes) -> None:
        with self.lock:
            self.sessions[session_id].update(changes)

    def session_for(self, reference: str) -> dict:
        return next(s for s in self.sessions.values() if s["client_reference_id"] == reference)

    # Webhooks ----------------------------------------------------------------------------------

    @staticmethod
    def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
        timestamp = int(time.time()) if timestamp is None else timestamp
        digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
        return f"t={timestamp},v1={digest}"

    def event(self, event_type: str, obj: dict, event_id: str | None = None) -> str:
        """A webhook payload as Stripe sends it."""
        return json.dumps({
            "id": event_id or self._id("evt"), "object": "event", "type": event_type, "api_version": "2025-01-01",
            "created": int(time.time()), "livemode": False, "data": {"object": obj},
        })

    def session_event(self, event_type: str, session_id: str, event_id: str | None = None) -> str:
        with self.lock:
            return self.event(event_type, dict(self.sessions[session_id]), event_id)

    def charge_refunded_event(self, session_id: str, amount: int | None = None, event_id: str | None = None) -> str:
        session = self.sessions[session_id]
        refunded = session["amount_total"] if amount is None else amount
        charge = {"id": self._id("ch"), "object": "charge", "payment_intent": session["payment_intent"],
                  "amount": session["amount_total"], "amount_refunded": refunded, "currency": session["currency"],
                  "refunded": refunded == session["amount_total"],
                  "refunds": {"object": "list", "data": [{"id": self._id("re"), "object": "refund", "amount": refunded}]}}
        return self.event("charge.refunded", charge, event_id)

    def deliver(self, url: str, payload: str, secret: str = WEBHOOK_SECRET) -> requests.Response:
        """POST a signed webhook to a running server (the browser tests' gunicorn)."""
        return requests.post(url, data=payload.encode(), timeout=10,
                             headers={"Content-Type": "application/json", "Stripe-Signature": self.sign(payload, secret)})

    # The HTTP side -----------------------------------------------------------------------------

    def _create_session(self, params: dict) -> dict:
        items = params.get("line_items", [])
        amount = sum(int(i["price_data"]["unit_amount"]) * int(i["quantity"]) for i in items)
        session_id = self._id("cs_test")
        session = {
            "id": session_id, "object": "checkout.session", "mode": params.get("mode"),
            "status": "open", "payment_status": "unpaid", "amount_total": amount,
            "currency": params.get("currency", "pen").lower(), "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}), "customer_email": params.get("customer_email"),
            "success_url": params.get("success_url"), "cancel_url": params.get("cancel_url"),
            "expires_at": int(params.get("expires_at") or time.time() + 24 * 3600), "payment_intent": None,
            "url": f"{self.url}/checkout/{session_id}", "line_items_sent": items,
        }
        self.sessions[session_id] = session
        return session

    def _view(self, session: dict, expand: bool) -> dict:
        shown = {k: v for k, v in session.items() if k not in ("line_items_sent",)}
        if expand and session["payment_intent"]:
            shown["payment_intent"] = dict(self.intents[session["payment_intent"]])
        return shown

    def _refund(self, params: dict):
        intent = self.intents.get(params.get("payment_intent"))
        if intent is None or intent["status"] != "succeeded":
            return _error("No such payment_intent", 400, "resource_missing")
        if any(r["payment_intent"] == intent["id"] for r in self.refunds):
            return _error("Charge has already been refunded.", 400, "charge_already_refunded")
        refund = {"id": self._id("re"), "object": "refund", "amount": int(params.get("amount", intent["amount"])),
                  "currency": intent["currency"], "payment_intent": intent["id"], "status": "succeeded",
                  "metadata": params.get("metadata", {})}
        self.refunds.append(refund)
        return jsonify(refund)

    def _idempotent(self, handler):
        key = request.headers.get("Idempotency-Key")
        self.requests.append((request.method, request.path, key))
        if self.unreachable:
            return _error("Fake outage", 500)
        if request.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
            return _error("Invalid API Key provided", 401)
        if key and key in self.idempotent:
            body, status = self.idempotent[key]
            return self.app.response_class(body, status=status, mimetype="application/json")
        response = handler(_nest(request.form.items(multi=True)))
        response = self.app.make_response(response)
        if key:
            self.idempotent[key] = (response.get_data(), response.status_code)
        return response

    def _build_app(self) -> Flask:
        app = Flask("fake_stripe")
        fake = self

        @app.post("/v1/checkout/sessions")
        def create_session():
            with fake.lock:
                return fake._idempotent(lambda params: jsonify(fake._view(fake._create_session(params), False)))

        @app.get("/v1/checkout/sessions/<session_id>")
        def retrieve_session(session_id):
            with fake.lock:
                fake.requests.append(("GET", request.path, None))
                if fake.unreachable:
                    return _error("Fake outage", 500)
                session = fake.sessions.get(session_id)
                if session is None:
                    return _error(f"No such checkout.session: '{session_id}'", 404, "resource_missing")
                expand = "payment_intent" in request.args.getlist("expand[0]") + request.args.getlist("expand[]")
                return jsonify(fake._view(session, expand))

        @app.post("/v1/checkout/sessions/<session_id>/expire")
        def expire_session(session_id):
            with fake.lock:
                def expire(params):
                    session = fake.sessions.get(session_id)
                    if session is None or session["status"] != "open":
                        return _error("Only Checkout Sessions with a status of open can be expired.")
                    session["status"] = "expired"
                    return jsonify(fake._view(session, False))
                return fake._idempotent(expire)

        @app.post("/v1/refunds")
        def create_refund():
            with fake.lock:
                return fake._idempotent(fake._refund)

        @app.get("/checkout/<session_id>")
        def checkout_page(session_id):
            session = fake.sessions.get(session_id)
            if session is None or session["status"] != "open":
                return "<p>Esta sesión de pago ya no está abierta.</p>", 404
            amount = f'{session["amount_total"] / 100:.2f} {session["currency"].upper()}'
            return (f'<!doctype html><meta name="viewport" content="width=device-width">'
                    f'<title>Fake Stripe Checkout</title><h1>Pagar {escape(amount)}</h1>'
                    f'<form method="post" action="/checkout/{escape(session_id)}/pay">'
                    f'<button type="submit" id="pay">Pay</button></form>'
                    f'<a href="{escape(session["cancel_url"])}">Volver</a>')

        @app.post("/checkout/<session_id>/pay")
        def checkout_pay(session_id):
            session = fake.pay(session_id)
            return redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id), 303)

        return app


def post_webhook(client, payload: str, signature: str | None = None):
    """Deliver a webhook through the test client, signed unless a signature is given."""
    return client.post(
        "/payments/stripe/webhook", data=payload, content_type="application/json",
        headers={"Stripe-Signature": FakeStripe.sign(payload) if signature is None else signature},
    )
