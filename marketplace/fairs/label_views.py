"""Provenance labels: the producer's printable sheets of stickers, and the public pages their QR
codes open (/lote/<code> for a honey lot, /pieza/<code> for a textile piece)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..catalogue.errors import ListingNotReady
from . import provenance_labels as labels

bp = Blueprint("labels", __name__)

STATE_NOTICES = {
    "withdrawn": lambda page: _("Este lote fue retirado de la venta por su productor: %(reason)s",
                                reason=page.lot.withdrawn_reason),
    "expired": lambda page: _("Este lote ya venció: su fecha de consumo preferente era el %(date)s.",
                              date=page.lot.best_before.strftime("%d/%m/%Y")),
    "not_on_sale": lambda page: _("Este producto ya no está a la venta. Su procedencia sigue aquí."),
}


def _public(page, code: str, canonical: str):
    if page is None:
        return render_template("fairs/labels/unknown.html"), 404
    if code != canonical:
        return redirect(url_for(request.endpoint, code=canonical), 301)
    notice = STATE_NOTICES[page.state](page) if page.state in STATE_NOTICES else None
    return render_template("fairs/labels/provenance.html", page=page, notice=notice)


@bp.get("/lote/<code>")
def lot_page(code):
    page = labels.public_lot(code)
    return _public(page, code, labels.lot_code(page.lot) if page else code)


@bp.get("/pieza/<code>")
def piece_page(code):
    page = labels.public_piece(code)
    return _public(page, code, labels.piece_code(page.product) if page else code)


# The producer's sheets -----------------------------------------------------------------------------


def _own_lot(lot_id):
    return labels.lot_for_member(current_user, lot_id)


def _own_product(product_id):
    product = labels.product_for_member(current_user, product_id)
    if product.needs_lot:
        abort(404)  # honey is labelled by lot
    return product


def _sheet(product, lot, url):
    return render_template(
        "fairs/labels/sheet.html", product=product, lot=lot, url=url, qr=labels.qr_svg_data_uri(url),
        stickers=range(labels.STICKERS_PER_SHEET), published=product.was_ever_published,
        seals=labels.seals.seals_for_product(product),
    )


@bp.get("/producer/labels/lots/<int:lot_id>")
@login_required
def lot_sheet(lot_id):
    lot = _own_lot(lot_id)
    return _sheet(lot.product, lot, url_for("labels.lot_page", code=labels.lot_code(lot), _external=True))


@bp.get("/producer/labels/products/<int:product_id>")
@login_required
def piece_sheet(product_id):
    product = _own_product(product_id)
    return _sheet(product, None, url_for("labels.piece_page", code=labels.piece_code(product), _external=True))


def _png(url: str, name: str) -> Response:
    return Response(labels.qr_png(url), mimetype="image/png",
                    headers={"Content-Disposition": f'attachment; filename="qr-{name}.png"'})


@bp.get("/producer/labels/lots/<int:lot_id>/qr.png")
@login_required
def lot_qr(lot_id):
    lot = _own_lot(lot_id)
    code = labels.lot_code(lot)
    return _png(url_for("labels.lot_page", code=code, _external=True), code)


@bp.get("/producer/labels/products/<int:product_id>/qr.png")
@login_required
def piece_qr(product_id):
    product = _own_product(product_id)
    code = labels.piece_code(product)
    return _png(url_for("labels.piece_page", code=code, _external=True), code)


@bp.post("/producer/labels/lots/<int:lot_id>/withdraw")
@login_required
def withdraw(lot_id):
    lot = _own_lot(lot_id)
    try:
        labels.withdraw_lot(lot, reason=request.form.get("reason", ""), by=current_user)
    except labels.ReasonRequired:
        flash(_("Escribe por qué retiras el lote: lo leerá quien escanee la etiqueta."), "error")
    except labels.AlreadyWithdrawn:
        flash(_("Este lote ya estaba retirado."), "info")
    except (labels.CurrentLotOfPublishedHoney, ListingNotReady):
        flash(_("Es el lote que vendes ahora: marca otro lote como actual (o pasa el producto a borrador) antes de retirarlo."), "error")
    else:
        flash(_("Retiramos el lote %(code)s: su etiqueta lo dice a quien la escanee.", code=lot.lot_code), "success")
    return redirect(url_for("labels.lot_sheet", lot_id=lot.id))
