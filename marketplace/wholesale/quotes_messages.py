"""What a refused quote request or offer says to the person, in their language."""
from __future__ import annotations

from flask_babel import gettext as _

from .quotes import InvalidRequest
from .quotes_offers import InvalidOffer


def request_error(error: InvalidRequest) -> str:
    messages = {
        "below_minimum": lambda: _("El pedido mínimo de «%(item)s» es %(minimum)s: sube la cantidad.",
                                   item=error.label, minimum=error.minimum),
        "other_producer": lambda: _("«%(item)s» no es de este productor.", item=error.label),
        "not_for_sale": lambda: _("Ese producto ya no está a la venta."),
        "wanted_by": lambda: _("La fecha en que lo necesitas ya pasó: elige una fecha futura."),
        "country": lambda: _("Elige el país de destino."),
        "currency": lambda: _("Elige soles (PEN) o dólares (USD)."),
        "incoterm": lambda: _("Elige el Incoterm."),
    }
    return messages.get(error.why, lambda: _("Elige al menos un producto y escribe la cantidad."))()


def offer_error(error: InvalidOffer) -> str:
    messages = {
        "below_minimum": lambda: _("La cantidad de «%(item)s» está por debajo del mínimo (%(minimum)s).",
                                   item=error.label, minimum=error.minimum),
        "beyond_stock": lambda: _("«%(item)s» tiene %(available)s en stock: no se puede repartir más que eso.",
                                  item=error.label, available=error.available),
        "other_producer": lambda: _("«%(item)s» es de otro productor: solo puedes cotizar tus productos.",
                                    item=error.label),
        "not_member": lambda: _("«%(item)s» no lleva hoy el sello de la marca: elige productos de integrantes autorizados.",
                                item=error.label),
        "price": lambda: _("Escribe un precio mayor que cero para «%(item)s».", item=error.label),
        "quantity": lambda: _("Escribe una cantidad de 1 o más para «%(item)s».", item=error.label),
        "valid_until": lambda: _("La validez tiene que ser de hoy a un año."),
        "advance": lambda: _("El adelanto va de 0 a 50 %."),
        "lead_time": lambda: _("Escribe un plazo entre 0 y 365 días."),
        "incoterm": lambda: _("Elige el Incoterm."),
        "no_lines": lambda: _("Escribe la cantidad y el precio de al menos un producto."),
    }
    return messages.get(error.why, lambda: _("Revisa las líneas de la cotización."))()
