"""The ledger as a CSV file (written by marketplace/spreadsheets.py: byte order mark, no
formulas, streamed): amounts as plain decimals in soles ("123.40"), dates as ISO days, the header
in the reader's language.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from flask import Response
from flask_babel import gettext as _

from .. import spreadsheets
from ..spreadsheets import safe_text, soles
from .labels import LEDGER_KIND_LABELS

FILENAME_PREFIX = "libro-mercado-colectivo"


@dataclass(frozen=True)
class Period:
    """The days a download covers, both included."""

    start: date
    end: date

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))

    @classmethod
    def chosen(cls, start: date | None, end: date | None, today: date) -> Period:
        """The days asked for; a missing end is its start's month end, a missing start its end's
        month start, and with neither the download is this month."""
        if start is None and end is None:
            return cls.month_of(today)
        return cls(start or cls.month_of(end).start, end or cls.month_of(start).end)

    @property
    def is_whole_month(self) -> bool:
        return Period.month_of(self.start) == self

    @property
    def label(self) -> str:
        """"2026-11" for a calendar month, "2026-11-05-a-2026-11-20" otherwise."""
        if self.is_whole_month:
            return self.start.strftime("%Y-%m")
        return f"{self.start.isoformat()}-a-{self.end.isoformat()}"


def filename(period: Period, organisation=None) -> str:
    """libro-mercado-colectivo-2026-11.csv, with the producer's slug when it is one producer's."""
    parts = [FILENAME_PREFIX] + ([organisation.slug] if organisation is not None else []) + [period.label]
    return "-".join(parts) + ".csv"


def header() -> list[str]:
    return [
        _("Fecha"), _("Productor"), _("RUC"), _("Movimiento"), _("Pedido"), _("Moneda"), _("Venta"),
        _("Comisión"), _("Tasa de comisión"), _("Neto"), _("N° de operación del banco"), _("Nota"),
    ]


def line(row) -> list[str]:
    """One ledger entry (a row of services.entries_for_export) as CSV cells."""
    return [
        row.occurred_on.isoformat(),
        safe_text(row.organisation_name),
        safe_text(row.ruc),
        safe_text(LEDGER_KIND_LABELS[row.kind]),
        safe_text(row.order_reference),
        row.currency,
        soles(row.gross_amount, row.currency),
        soles(row.commission_amount, row.currency),
        format(row.commission_percent, "f") if row.commission_percent is not None else "",
        soles(row.net_amount, row.currency),
        safe_text(row.bank_reference),
        safe_text(row.note),
    ]


def csv_chunks(rows: Iterable) -> Iterator[str]:
    """The ledger's CSV text, in slices."""
    return spreadsheets.csv_chunks(header(), rows, line)


def download(rows: Iterable, name: str) -> Response:
    """The ledger as a streamed CSV attachment."""
    return spreadsheets.download(csv_chunks(rows), name)
