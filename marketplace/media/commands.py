"""`flask media …`: upkeep of the stored photo files, by hand (the job worker prunes daily)."""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from .orphans import GRACE_PERIOD, IMAGES_PREFIX, NoImagesInDatabase, prune_orphans

media_cli = AppGroup("media", help="Stored photo files.")


@media_cli.command("prune")
@click.option("--older-than", "hours", type=click.IntRange(min=1), default=GRACE_PERIOD // timedelta(hours=1),
              show_default=True, metavar="HOURS",
              help="Only delete orphans written at least this many hours ago (an upload in progress is younger).")
@click.option("--dry-run", is_flag=True, help="Print what would be deleted; delete nothing.")
@click.option("--allow-empty-database", is_flag=True,
              help="Prune even when the database has no images at all (otherwise taken for the wrong database).")
def prune(hours: int, dry_run: bool, allow_empty_database: bool) -> None:
    """Delete photo files no image uses, left by uploads that never finished (the job worker: daily)."""
    try:
        report = prune_orphans(older_than=timedelta(hours=hours), dry_run=dry_run,
                               allow_empty_database=allow_empty_database)
    except NoImagesInDatabase as refusal:
        raise click.ClickException(
            f"{refusal}: is DATABASE_URL the database of this storage? Nothing deleted "
            "(--allow-empty-database to prune anyway)."
        ) from refusal
    verb = "would delete" if dry_run else "deleted"
    for key in report.deleted:
        click.echo(f"  {verb} {key}")
    for key in report.failed:
        click.echo(f"  could not delete {key}")
    click.echo(
        f"{IMAGES_PREFIX} checked: {report.checked}, in use: {report.in_use}, "
        f"unused but younger than {hours} h (kept): {report.too_recent}, {verb}: {len(report.deleted)}"
        + (f", failed: {len(report.failed)}" if report.failed else "")
    )
    if report.failed:
        click.get_current_context().exit(1)  # cron reports it
