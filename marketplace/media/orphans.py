"""Orphan files: photo files stored with no Image row that uses them.

save_upload writes the files first and commits the row after, so a worker killed in between
leaves files behind. They are found by listing storage and comparing with the rows; only files
older than a grace period are deleted, so an upload still on its way to its commit is never
touched.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..clock import utcnow
from ..extensions import db
from .models import Image
from .storage import storage

IMAGES_PREFIX = "images/"
GRACE_PERIOD = timedelta(hours=24)


@dataclass
class PruneReport:
    dry_run: bool
    checked: int = 0  # files listed under the prefix
    in_use: int = 0
    too_recent: int = 0  # orphans younger than the grace period, kept
    deleted: list[str] = field(default_factory=list)  # or, in a dry run, to be deleted
    failed: list[str] = field(default_factory=list)


def keys_in_use() -> set[str]:
    """Every file key an Image row lists among its variants."""
    keys: set[str] = set()
    for variants in db.session.scalars(select(Image.variants).execution_options(yield_per=1000)):
        keys.update(variant["key"] for variant in variants)
    return keys


class NoImagesInDatabase(Exception):
    """Files are stored but no Image row exists: most likely the wrong database for this storage."""


def prune_orphans(*, older_than: timedelta = GRACE_PERIOD, dry_run: bool = False,
                  now: datetime | None = None, allow_empty_database: bool = False) -> PruneReport:
    """Delete the files under images/ that no Image row uses and that were written before
    `now - older_than`; with `dry_run`, only say which. Raises nothing for a file that cannot be
    deleted: it is logged and listed in `failed`. Raises NoImagesInDatabase, deleting nothing,
    when there are files but not a single Image row, unless `allow_empty_database`.
    """
    cutoff = (now or utcnow()) - older_than
    store, report = storage(), PruneReport(dry_run=dry_run)
    # Storage is listed before the rows are read: a file whose row is committed meanwhile is then
    # seen as in use rather than deleted from under it.
    listed = list(store.list_files(IMAGES_PREFIX))
    in_use = keys_in_use()
    if listed and not in_use and not allow_empty_database:
        raise NoImagesInDatabase(f"{len(listed)} files under {IMAGES_PREFIX} and no image rows")
    report.checked = len(listed)
    for stored in listed:
        if stored.key in in_use:
            report.in_use += 1
        elif stored.modified_at > cutoff:
            report.too_recent += 1
        elif dry_run:
            report.deleted.append(stored.key)
        else:
            try:
                store.delete(stored.key)
            except Exception:
                current_app.logger.exception("could not delete orphan file %s", stored.key)
                report.failed.append(stored.key)
            else:
                report.deleted.append(stored.key)
    return report


def prune_orphans_job() -> str:
    """The daily job (marketplace/jobs/schedule.py): prune with the default grace period; a
    database without images is taken for the wrong one and nothing is deleted (logged)."""
    try:
        report = prune_orphans()
    except NoImagesInDatabase as refusal:
        current_app.logger.warning("photo files not pruned: %s", refusal)
        return f"not pruned: {refusal}"
    return f"checked {report.checked}, deleted {len(report.deleted)}, failed {len(report.failed)}"
