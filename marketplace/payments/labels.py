"""What buyers and staff read for each status of a payment, in their language."""
from flask_babel import lazy_gettext as _l

from .models import PaymentStatus

PAYMENT_STATUS_LABELS = {
    PaymentStatus.PENDING: _l("pendiente"),
    PaymentStatus.PROCESSING: _l("en proceso"),
    PaymentStatus.PAID: _l("pagado"),
    PaymentStatus.FAILED: _l("rechazado"),
    PaymentStatus.EXPIRED: _l("vencido"),
    PaymentStatus.CANCELLED: _l("cancelado"),
    PaymentStatus.FLAGGED: _l("por revisar"),
    PaymentStatus.REFUNDED: _l("reembolsado"),
}
