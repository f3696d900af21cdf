"""Signed links that open one record without signing in: an order's page for a guest, a
complaint sheet for the consumer who filed it. References and numbers may be guessed (complaint
numbers are sequential), so the link carries a signature of the record's public key."""
from __future__ import annotations

import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


class RecordLink:
    """Tokens for one kind of record; the salt keeps an order's token from opening a complaint."""

    def __init__(self, salt: str):
        self.salt = salt

    def _serializer(self) -> URLSafeSerializer:
        return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def token(self, key: str) -> str:
        return self._serializer().dumps(key)

    def opens(self, token: str | None, key: str) -> bool:
        """True when `token` was made for the record whose public key is `key`."""
        if not token:
            return False
        try:
            signed = self._serializer().loads(token)
        except BadSignature:
            return False
        return isinstance(signed, str) and hmac.compare_digest(signed, key)
