"""What staff and producers read for each kind of ledger entry, in their language."""
from flask_babel import lazy_gettext as _l

from .models import EntryKind

LEDGER_KIND_LABELS = {
    EntryKind.SALE: _l("venta"),
    EntryKind.SAMPLE: _l("muestra"),
    EntryKind.REFUND: _l("reembolso"),
    EntryKind.PAYOUT: _l("pago al productor"),
    EntryKind.ADVANCE: _l("adelanto"),
}
