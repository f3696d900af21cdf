"""The ledger as a CSV file that a spreadsheet opens as it is: Excel in Spanish included.

UTF-8 with a byte order mark (without it Excel reads "Mórrope" as "MÃ³rrope"), amounts as plain
decimals in soles ("123.40"), dates as ISO days, the header in the reader's language. The file
is written a slice at a time while the rows are read, so a long ledger is never all in memory.
"""
from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from flask import Response, stream_with_context
from flask_babel import gettext as _

from ..money import Money
from ..orders.labels import LEDGER_KIND_LABELS

FILENAME_PREFIX = "libro-mercado-colectivo"
BYTE_ORDER_MARK = "\ufeff"
CHUNK_CHARS = 64 * 1024
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def safe_text(value) -> str:
    """Text as a spreadsheet shows it, never as a formula it would run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def soles(amount: int, currency: str) -> str:
    return format(Money(amount, currency).to_decimal(), "f")


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
    """The CSV text, byte order mark and header first, in slices of about CHUNK_CHARS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow(header())
    for row in rows:
        writer.writerow(line(row))
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def download(rows: Iterable, name: str) -> Response:
    """A streamed CSV attachment; the request stays open (language, database session) while it is
    written."""
    response = Response(stream_with_context(csv_chunks(rows)), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "private, no-store"  # what producers earned: keep no copies
    return response
