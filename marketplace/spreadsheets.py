"""CSV files that a spreadsheet opens as they are: Excel in Spanish included.

UTF-8 with a byte order mark (without it Excel reads "Mórrope" as "MÃ³rrope"), text that can
never run as a formula, the header in the reader's language. The file is written a slice at a
time while the rows are read, so a long table is never all in memory. The ledger and the
programme figures and the fair report download through here.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence

from flask import Response, stream_with_context

from .money import Money

BYTE_ORDER_MARK = "\ufeff"
CHUNK_CHARS = 64 * 1024
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value) -> str:
    """Text as a spreadsheet shows it, never as a formula it would run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def soles(amount: int, currency: str = "PEN") -> str:
    """An amount in minor units as a plain decimal a spreadsheet sums ("123.40")."""
    return format(Money(amount, currency).to_decimal(), "f")


def csv_chunks(header: Sequence[str], rows: Iterable, line: Callable[[object], Sequence[str]]) -> Iterator[str]:
    """The CSV text, byte order mark and header first, in slices of about CHUNK_CHARS;
    `line` turns one row into its cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow(header)
    for row in rows:
        writer.writerow(line(row))
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def download(chunks: Iterable[str], name: str) -> Response:
    """A streamed CSV attachment; the request stays open (language, database session) while it is
    written. Nothing is cached: these files say what people earned and sold."""
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
