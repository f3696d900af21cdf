"""CSV files that a spreadsheet opens as they are, Excel in Spanish included, and never runs.

UTF-8 with a byte order mark (without it Excel reads "Mórrope" as "MÃ³rrope"); a cell that a
spreadsheet would run as a formula is written as text; the file is written a slice at a time
while its rows are read, so a long download is never all in memory. Every CSV download of the
shop (the ledger, the fair report) goes through here.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from flask import Response, stream_with_context

BYTE_ORDER_MARK = "\ufeff"
CHUNK_CHARS = 64 * 1024
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value) -> str:
    """Text as a spreadsheet shows it, never as a formula it would run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(header: list[str], rows: Iterable, line: Callable[[object], list[str]]) -> Iterator[str]:
    """The CSV text, byte order mark and header first, in slices of about CHUNK_CHARS; `line`
    turns one row into its cells (text cells through safe_text)."""
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


def download(chunks: Iterator[str], name: str) -> Response:
    """A streamed, private CSV attachment; the request stays open (language, database session)
    while it is written."""
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "private, no-store"  # figures of named producers: keep no copies
    return response
