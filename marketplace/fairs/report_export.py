"""The fair report as CSV, one row per booth (written by marketplace/spreadsheets.py)."""
from __future__ import annotations

from collections.abc import Iterable

from flask import Response
from flask_babel import gettext as _

from .. import spreadsheets, ubigeo
from ..money import Money
from ..spreadsheets import safe_text
from .report import Figures

FILENAME_PREFIX = "ferias-mercado-colectivo"


def filename(slug: str | None = None) -> str:
    return "-".join([FILENAME_PREFIX] + ([slug] if slug else [])) + ".csv"


def header() -> list[str]:
    return [
        _("Feria"), _("Stand"), _("Productor"), _("Región"), _("Liderada por mujeres"), _("Escaneos"),
        _("Contactos"), _("Muestras"), _("Cotizaciones"), _("Pedidos"), _("Ventas (S/)"),
        _("Contactos por escaneo"), _("Muestras por contacto"), _("Cotizaciones por muestra"),
        _("Pedidos por cotización"),
    ]


def _share(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else ""


def line(row: Figures) -> list[str]:
    region = ubigeo.region(row.extra["region_code"])
    return [
        safe_text(row.extra["fair"]), safe_text(row.extra["number"]), safe_text(row.label),
        safe_text(region.name if region else ""), _("sí") if row.extra["women_led"] else _("no"),
        str(row.scans), str(row.contacts), str(row.samples), str(row.quotes), str(row.orders),
        format(Money(row.sales).to_decimal(), "f"),
        *(_share(share) for share in row.conversions()),
    ]


def download(rows: Iterable[Figures], name: str) -> Response:
    return spreadsheets.download(spreadsheets.csv_chunks(header(), rows, line), name)
