"""What buyers, producers and staff read for each status, in their language."""
from flask_babel import lazy_gettext as _l

from .forms import COURIER_LABELS, PAYMENT_LABELS
from .models import FulfilmentStatus, OrderStatus

ORDER_STATUS_LABELS = {
    OrderStatus.AWAITING_PAYMENT: _l("esperando el pago"),
    OrderStatus.PAID: _l("pagado"),
    OrderStatus.COMPLETED: _l("entregado"),
    OrderStatus.CANCELLED: _l("cancelado"),
    OrderStatus.REFUNDED: _l("reembolsado"),
}
FULFILMENT_STATUS_LABELS = {
    FulfilmentStatus.AWAITING_PAYMENT: _l("esperando el pago"),
    FulfilmentStatus.TO_PACK: _l("por preparar"),
    FulfilmentStatus.PACKED: _l("empacado"),
    FulfilmentStatus.SHIPPED: _l("enviado"),
    FulfilmentStatus.DELIVERED: _l("entregado"),
    FulfilmentStatus.CANCELLED: _l("cancelado"),
}
CLOSE_REASON_LABELS = {
    "expired": _l("venció el plazo para pagar"),
    "payment_failed": _l("el pago fue rechazado"),
    "cancelled_by_buyer": _l("lo cancelaste"),
    "cancelled_by_staff": _l("lo canceló el equipo del programa"),
    "refunded": _l("se devolvió el dinero"),
}


def order_labels() -> dict:
    return {
        "ORDER_STATUS_LABELS": ORDER_STATUS_LABELS,
        "FULFILMENT_STATUS_LABELS": FULFILMENT_STATUS_LABELS,
        "PAYMENT_LABELS": PAYMENT_LABELS,
        "COURIER_LABELS": COURIER_LABELS,
        "CLOSE_REASON_LABELS": CLOSE_REASON_LABELS,
    }
