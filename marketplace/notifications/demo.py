"""Demo: one email that could not be sent, so staff find something at /staff/emails/failed and can
try "Enviar de nuevo" (without MAIL_SERVER the retry is written to the log). Loading again adds nothing."""
from __future__ import annotations

from datetime import timedelta

from ..clock import utcnow
from ..extensions import db
from .models import DeliveryStatus, OutboxEmail

RECIPIENT = "lucia.rojas@example.pe"


def load() -> int:
    exists = db.session.scalar(db.select(OutboxEmail.id).where(
        OutboxEmail.recipient == RECIPIENT, OutboxEmail.kind == "password_reset"))
    if exists is not None:
        return 0
    written = utcnow() - timedelta(hours=4)
    db.session.add(OutboxEmail(
        recipient=RECIPIENT, kind="password_reset", locale="es", created_at=written,
        subject="Cambia tu contraseña de Mercado Colectivo",
        body="Hola, Lucía:\n\nAlguien (esperamos que tú) pidió cambiar la contraseña de tu cuenta.\n\nMercado Colectivo\n",
        status=DeliveryStatus.FAILED, attempts=5,
        last_error="SMTPRecipientsRefused: {'lucia.rojas@example.pe': (550, b'5.1.1 Mailbox unavailable')}",
    ))
    db.session.commit()
    return 1
