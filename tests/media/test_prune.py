"""`flask media prune`: photo files no image uses, left by uploads that never reached their commit."""
from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest

from marketplace.clock import utcnow
from marketplace.media.orphans import prune_orphans
from marketplace.media.storage import S3Storage, storage

from .. import factories

WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 fake"
ORPHAN = "images/dead0000dead0000-800.webp"
FRESH_ORPHAN = "images/f4e5f4e5f4e5f4e5-800.webp"


def store_file(key: str, *, hours_ago: float = 0) -> None:
    store = storage()
    store.save(key, WEBP, "image/webp")
    if hours_ago:
        written = time.time() - hours_ago * 3600
        os.utime(store.path(key), (written, written))


@pytest.fixture
def photo(app):
    """An image in use, its files written two days ago."""
    image = factories.image(factories.organisation())
    for key in image.keys:
        store_file(key, hours_ago=48)
    return image


@pytest.fixture
def leftovers(app, media_root):
    """An orphan from two days ago, one being uploaded now, and files prune must never look at."""
    store_file(ORPHAN, hours_ago=48)
    store_file(FRESH_ORPHAN)
    store_file("documents/brand-rules-0123456789abcdef01234567.pdf", hours_ago=48)  # not a photo
    (media_root / "images" / ".upload-k2j3h4").write_bytes(b"half")  # a save still writing


def test_prune_deletes_old_orphans_and_keeps_used_and_recent_files(app, runner, photo, leftovers, stored_files):
    before = stored_files()

    result = runner.invoke(args=["media", "prune"])

    assert result.exit_code == 0, result.output
    assert f"deleted {ORPHAN}" in result.output
    assert "images/ checked: 6, in use: 4, unused but younger than 24 h (kept): 1, deleted: 1" in result.output
    assert stored_files() == [key for key in before if key != ORPHAN]
    assert set(photo.keys) < set(stored_files()) and FRESH_ORPHAN in stored_files()


def test_a_dry_run_says_what_it_would_delete_and_deletes_nothing(app, runner, photo, leftovers, stored_files):
    before = stored_files()

    result = runner.invoke(args=["media", "prune", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert f"would delete {ORPHAN}" in result.output and "would delete: 1" in result.output
    assert stored_files() == before


def test_the_grace_period_can_be_shortened_but_not_to_nothing(app, runner, photo, stored_files):
    store_file(ORPHAN, hours_ago=3)

    assert ORPHAN in stored_files() and runner.invoke(args=["media", "prune"]).exit_code == 0
    assert ORPHAN in stored_files()  # younger than the default 24 h

    result = runner.invoke(args=["media", "prune", "--older-than", "2"])
    assert "younger than 2 h" in result.output and stored_files() == sorted(photo.keys)

    assert runner.invoke(args=["media", "prune", "--older-than", "0"]).exit_code == 2


def test_files_with_no_image_rows_at_all_are_taken_for_the_wrong_database(app, runner, stored_files):
    store_file(ORPHAN, hours_ago=48)

    refused = runner.invoke(args=["media", "prune"])

    assert refused.exit_code == 1 and "Nothing deleted" in refused.output
    assert stored_files() == [ORPHAN]
    forced = runner.invoke(args=["media", "prune", "--allow-empty-database"])
    assert forced.exit_code == 0 and stored_files() == []


def test_local_storage_lists_files_under_a_prefix_with_their_times(app, photo, leftovers):
    listed = {stored.key: stored.modified_at for stored in storage().list_files("images/")}

    assert set(listed) == set(photo.keys) | {ORPHAN, FRESH_ORPHAN}
    assert utcnow() - listed[ORPHAN] > timedelta(hours=47)
    assert utcnow() - listed[FRESH_ORPHAN] < timedelta(minutes=5)
    with pytest.raises(ValueError):
        list(storage().list_files("../"))


def test_prune_on_s3_deletes_only_old_orphans(app, runner, s3_endpoint, s3_bucket):
    client, bucket = s3_bucket
    app.config.update(MEDIA_S3_BUCKET=bucket, MEDIA_S3_ENDPOINT_URL=s3_endpoint, MEDIA_S3_REGION="us-east-1")
    app.extensions.pop("media_storage", None)
    store = storage()
    assert isinstance(store, S3Storage)
    image = factories.image(factories.organisation())
    for key in [*image.keys, ORPHAN, "documents/brand-rules-0123456789abcdef01234567.pdf"]:
        store.save(key, WEBP, "image/webp")

    listed = {stored.key: stored.modified_at for stored in store.list_files("images/")}
    assert set(listed) == {*image.keys, ORPHAN}
    assert all(utcnow() - modified < timedelta(minutes=5) for modified in listed.values())

    result = runner.invoke(args=["media", "prune"])  # everything was written just now
    assert result.exit_code == 0, result.output
    assert "unused but younger than 24 h (kept): 1, deleted: 0" in result.output
    assert store.exists(ORPHAN)

    tomorrow = utcnow() + timedelta(hours=25)
    dry_run = prune_orphans(now=tomorrow, dry_run=True)
    assert dry_run.deleted == [ORPHAN] and store.exists(ORPHAN)

    report = prune_orphans(now=tomorrow)

    assert (report.checked, report.in_use, report.deleted) == (5, 4, [ORPHAN])
    assert not store.exists(ORPHAN)
    assert all(store.exists(key) for key in image.keys)
    assert store.exists("documents/brand-rules-0123456789abcdef01234567.pdf")
