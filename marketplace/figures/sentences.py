"""Every recorded event as a sentence in the reader's language: one table, keyed by the code stored.

Codes stay in the database (`AuditEvent.action`, `OrderEvent.kind`); what a person reads comes
from here. Each new action code given to `audit.record` needs one line in SENTENCES (a test fails
until it has one); a code without a line still reads as GENERIC.

A sentence may name: %(actor)s (who, with their role), %(subject)s (the record, by name),
%(product)s, %(brand)s, %(organisation)s (for records that have them), and any detail stored
with the event (%(sku)s, %(lot_code)s, %(email)s, …). A name it asks for that the event lacks
reads as "—".
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

SENTENCES = {
    # Organisations and their people
    "organisation.created": _l("%(actor)s creó la organización %(subject)s."),
    "organisation.updated": _l("%(actor)s editó los datos de %(subject)s."),
    "organisation.verified": _l("%(actor)s verificó a %(subject)s."),
    "organisation.rejected": _l("%(actor)s rechazó la verificación de %(subject)s."),
    "organisation.unverified": _l("%(actor)s volvió a pedir la verificación de %(subject)s."),
    "organisation.member_invited": _l("%(actor)s invitó a %(email)s a %(subject)s."),
    "organisation.member_joined": _l("%(actor)s se unió a %(subject)s."),
    "user.staff_granted": _l("%(actor)s dio el rol de equipo a %(subject)s."),
    "user.staff_removed": _l("%(actor)s quitó el rol de equipo a %(subject)s."),
    "user.promoter_granted": _l("%(actor)s dio el rol de promotor a %(subject)s."),
    "user.promoter_removed": _l("%(actor)s quitó el rol de promotor a %(subject)s."),
    "user.admin_created": _l("%(actor)s creó la cuenta administradora %(subject)s."),
    # Collective brands
    "brand.created": _l("%(actor)s registró la marca colectiva %(subject)s."),
    "brand.updated": _l("%(actor)s editó la marca colectiva %(subject)s."),
    "brand.renewed": _l("%(actor)s renovó el registro de la marca %(subject)s."),
    "brand.steward_appointed": _l("%(actor)s nombró a %(email)s responsable de la marca %(subject)s."),
    "brand.steward_removed": _l("%(actor)s quitó a %(email)s como responsable de la marca %(subject)s."),
    "brand_membership.authorised": _l("%(actor)s autorizó a %(organisation)s a usar la marca %(brand)s."),
    "brand_membership.updated": _l("%(actor)s editó la autorización de %(organisation)s para la marca %(brand)s."),
    "brand_membership.active": _l("%(actor)s reactivó la autorización de %(organisation)s para la marca %(brand)s."),
    "brand_membership.suspended": _l("%(actor)s suspendió la autorización de %(organisation)s para la marca %(brand)s."),
    "brand_membership.ended": _l("%(actor)s terminó la autorización de %(organisation)s para la marca %(brand)s."),
    "brand_listing.claimed": _l("%(actor)s pidió usar la marca %(brand)s en «%(product)s»."),
    "brand_listing.draft": _l("%(actor)s devolvió a borrador el uso de la marca %(brand)s en «%(product)s»."),
    "brand_listing.submitted": _l("%(actor)s envió a revisión el uso de la marca %(brand)s en «%(product)s»."),
    "brand_listing.steward_checked": _l("%(actor)s revisó y dio conformidad al uso de la marca %(brand)s en «%(product)s»."),
    "brand_listing.sent_back": _l("%(actor)s pidió cambios en el uso de la marca %(brand)s en «%(product)s»."),
    "brand_listing.approved": _l("%(actor)s aprobó el uso de la marca %(brand)s en «%(product)s»."),
    "brand_listing.rejected": _l("%(actor)s rechazó el uso de la marca %(brand)s en «%(product)s»."),
    "brand_listing.withdrawn": _l("%(actor)s retiró el pedido de usar la marca %(brand)s en «%(product)s»."),
    # Fairs, booths and the contacts met there
    "fair.created": _l("%(actor)s creó la feria %(slug)s."),
    "fair.updated": _l("%(actor)s editó la feria %(slug)s."),
    "booth.requested": _l("%(actor)s pidió un stand en %(fair)s para %(organisation)s."),
    "booth.accepted": _l("%(actor)s aceptó el stand de %(organisation)s en %(fair)s."),
    "booth.declined": _l("%(actor)s no aceptó el stand de %(organisation)s en %(fair)s."),
    "booth.withdrawn": _l("%(actor)s retiró el stand de %(organisation)s en %(fair)s."),
    "fair_contact.created": _l("%(actor)s anotó un contacto en el stand %(booth)s."),
    "fair_contact.merged": _l("%(actor)s completó un contacto ya anotado en el stand %(booth)s."),
    "fair_contact.already_saved": _l("%(actor)s volvió a enviar un contacto ya guardado en el stand %(booth)s."),
    "fair_contact.linked": _l("Un contacto de feria quedó unido a su cuenta de comprador."),
    "fair_contact.met": _l("%(actor)s volvió a abrir un contacto de feria."),
    "fair_contact.sample_sent": _l("%(actor)s marcó que envió una muestra a un contacto de feria."),
    "fair_contact.quoted": _l("%(actor)s marcó que cotizó a un contacto de feria."),
    "fair_contact.ordered": _l("%(actor)s marcó que un contacto de feria hizo un pedido."),
    "fair_contact.lost": _l("%(actor)s marcó como perdido un contacto de feria."),
    # Catalogue
    "product.created": _l("%(actor)s creó el producto «%(subject)s»."),
    "product.updated": _l("%(actor)s editó el producto «%(subject)s»."),
    "product.published": _l("%(actor)s publicó «%(subject)s»."),
    "product.draft": _l("%(actor)s retiró de la venta «%(subject)s» (borrador)."),
    "product.archived": _l("%(actor)s archivó «%(subject)s»."),
    "product.deleted": _l("%(actor)s eliminó el producto «%(name)s»."),
    "product.variant_added": _l("%(actor)s agregó la variante %(sku)s a «%(subject)s»."),
    "product.variant_updated": _l("%(actor)s editó la variante %(sku)s de «%(subject)s»."),
    "product.variant_removed": _l("%(actor)s quitó la variante %(sku)s de «%(subject)s»."),
    "variant.stock_changed": _l("%(actor)s cambió el stock de %(subject)s de %(previous)s a %(stock)s."),
    "variant.wholesale_terms_saved": _l("%(actor)s guardó las condiciones por mayor de la variante %(sku)s."),
    "product.photo_added": _l("%(actor)s agregó una foto a «%(subject)s»."),
    "product.photo_removed": _l("%(actor)s quitó una foto de «%(subject)s»."),
    "product.photos_reordered": _l("%(actor)s ordenó las fotos de «%(subject)s»."),
    "product.cover_chosen": _l("%(actor)s eligió la foto principal de «%(subject)s»."),
    "product.provenance_saved": _l("%(actor)s guardó la procedencia de «%(subject)s»."),
    "product.lot_added": _l("%(actor)s agregó el lote %(lot_code)s a «%(subject)s»."),
    "product.lot_updated": _l("%(actor)s editó el lote %(lot_code)s de «%(subject)s»."),
    "product.lot_current": _l("%(actor)s puso a la venta el lote %(lot_code)s de «%(subject)s»."),
    "product.lot_withdrawn": _l("%(actor)s retiró de la venta el lote %(lot_code)s de «%(subject)s»."),
    "product.lot_removed": _l("%(actor)s quitó el lote %(lot_code)s de «%(subject)s»."),
    "assisted_listing.created": _l("%(actor)s publicó «%(subject)s» con ayuda, para que el productor lo confirme (%(phone)s)."),
    "assisted_listing.link_renewed": _l("%(actor)s hizo un enlace nuevo para que el productor confirme «%(subject)s»."),
    "assisted_listing.confirmed": _l("%(actor)s confirmó «%(subject)s», preparado con ayuda, y quedó a la venta."),
    "assisted_listing.confirmed_by_link": _l("El productor confirmó «%(subject)s» desde su celular (%(phone)s) y quedó a la venta."),
    "assisted_listing.declined_by_link": _l("El productor respondió desde su celular (%(phone)s) que no publiquemos «%(subject)s»."),
    "category.created": _l("%(actor)s creó la categoría %(subject)s."),
    "category.updated": _l("%(actor)s editó la categoría %(subject)s."),
    "category.deleted": _l("%(actor)s eliminó la categoría %(slug)s."),
    "heritage_element.created": _l("%(actor)s registró el elemento de patrimonio %(subject)s."),
    "heritage_element.updated": _l("%(actor)s editó el elemento de patrimonio %(subject)s."),
    "heritage_element.deleted": _l("%(actor)s eliminó el elemento de patrimonio %(slug)s."),
    # Orders, payments and the ledger
    "order.cancelled": _l("%(actor)s canceló el pedido %(subject)s."),
    "order.refunded": _l("%(actor)s reembolsó el pedido %(subject)s (%(amount)s)."),
    "order.transfer_confirmed": _l("%(actor)s confirmó la transferencia del pedido %(subject)s (operación %(bank_reference)s)."),
    "ledger.payout_recorded": _l("%(actor)s registró un pago de %(amount)s a %(subject)s."),
    "ledger.advance_recorded": _l("%(actor)s registró un adelanto de %(amount)s a %(subject)s por el pedido %(order)s."),
    # Wholesale quotes
    "quote.requested": _l("%(buyer)s pidió la cotización %(subject)s a %(organisation)s."),
    "quote.email_confirmed": _l("Quien pidió la cotización %(subject)s confirmó su correo (%(email)s)."),
    "quote.quoted": _l("%(actor)s cotizó %(subject)s: proforma %(proforma)s por %(total)s."),
    "quote.countered": _l("%(buyer)s hizo una contraoferta en %(subject)s (%(total)s)."),
    "quote.accepted": _l("%(buyer)s aceptó la cotización %(subject)s: pedido %(order)s."),
    "quote.declined": _l("%(actor)s rechazó la cotización %(subject)s."),
    "quote.expired": _l("La cotización %(subject)s venció sin respuesta a tiempo."),
    "order.placed_from_quote": _l("%(buyer)s hizo el pedido %(subject)s al aceptar la cotización %(quote)s."),
    # Complaints book (libro de reclamaciones)
    "complaint.filed": _l("Se presentó la hoja %(subject)s en el libro de reclamaciones."),
    "complaint.received": _l("%(actor)s marcó como recibida la hoja %(subject)s del libro de reclamaciones."),
    "complaint.answered": _l("%(actor)s respondió la hoja %(subject)s del libro de reclamaciones."),
    # Emails
    "email.retried": _l("%(actor)s volvió a enviar un correo que no había salido, a %(recipient)s."),
    # Programme figures
    "indicator_target.saved": _l("%(actor)s fijó la línea de base y la meta de «%(subject)s»."),
}

GENERIC = _l("%(actor)s registró «%(action)s» en %(subject)s.")

# What happens to an order (OrderEvent.kind, and its new status where it has one).
ORDER_SENTENCES = {
    "placed": _l("%(actor)s hizo el pedido (%(method)s, total %(total)s)."),
    "order_status.paid": _l("El pedido quedó pagado."),
    "order_status.completed": _l("Todos los paquetes llegaron: pedido completado."),
    "order_status.cancelled": _l("El pedido se canceló (%(reason)s)."),
    "order_status.refunded": _l("El pedido se reembolsó."),
    "fulfilment_status.to_pack": _l("El paquete de %(producer)s pasó a «por empacar»."),
    "fulfilment_status.packed": _l("%(producer)s empacó su paquete."),
    "fulfilment_status.shipped": _l("%(producer)s envió su paquete."),
    "fulfilment_status.delivered": _l("El paquete de %(producer)s llegó."),
    "fulfilment_status.cancelled": _l("El paquete de %(producer)s se canceló."),
    "payment_status.processing": _l("El pago con tarjeta está en proceso."),
    "payment_status.paid": _l("El pago llegó."),
    "payment_status.failed": _l("El pago falló."),
    "payment_status.expired": _l("Venció el plazo para pagar."),
    "payment_status.cancelled": _l("El pago se anuló."),
    "payment_status.flagged": _l("El pago quedó marcado para revisión."),
    "payment_status.refunded": _l("Se devolvió el dinero."),
    "payment_flagged": _l("Llegó un pago que no coincide con el pedido: el equipo debe revisarlo (%(reason)s)."),
    "card_checkout_started": _l("%(actor)s abrió el pago con tarjeta."),
}

ORDER_GENERIC = _l("%(actor)s: %(kind)s %(to_status)s.")
