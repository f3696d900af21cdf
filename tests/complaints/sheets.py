"""Helpers for claim sheets in tests: a filled-in form, and sheets filed through the service."""
from __future__ import annotations

import re

from marketplace.complaints.models import ComplaintKind, ContractedKind, DocumentType
from marketplace.complaints.services import ComplaintDraft, file_complaint

FORM = {
    "consumer_name": "Ana Quispe Mamani",
    "document_type": "dni",
    "document_number": "41234567",
    "address": "Av. Arequipa 1234, dpto. 501, Lince, Lima",
    "phone": "987 654 321",
    "email": "ana.compradora@example.pe",
    "guardian_name": "",
    "contracted": "product",
    "order_reference": "",
    "description": "Chalina de algodón nativo",
    "claimed_amount": "120.50",
    "kind": "reclamo",
    "detail": "La chalina llegó con un hilo suelto en el borde.",
    "consumer_request": "Que me la cambien por otra igual.",
}


def text(response) -> str:
    """A page as a person reads it: Babel puts a no-break space in "S/ 120.50"."""
    return response.get_data(as_text=True).replace("\xa0", " ")


def sheet_link(body: str) -> str:
    """The path of the sheet's signed link in an email body."""
    return re.search(r"https?://[^/\s]+(/libro-de-reclamaciones/hojas/\S+)", body).group(1)


def draft(**overrides) -> ComplaintDraft:
    values = dict(
        consumer_name="Ana Quispe Mamani", document_type=DocumentType.DNI, document_number="41234567",
        address="Av. Arequipa 1234, Lince, Lima", phone="+51987654321", email="ana.compradora@example.pe",
        contracted=ContractedKind.PRODUCT, description="Chalina de algodón nativo", kind=ComplaintKind.RECLAMO,
        detail="Llegó con un hilo suelto.", consumer_request="Que me la cambien.",
    )
    values.update(overrides)
    return ComplaintDraft(**values)


def filed(user=None, **overrides):
    """A sheet filed through the service, as the form does."""
    return file_complaint(draft(**overrides), user=user)
