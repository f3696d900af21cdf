"""`flask quotes …`: by hand, or from cron where no job worker runs (it expires quotes hourly)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from .quotes import expire_quotes

quotes_cli = AppGroup("quotes", help="Wholesale quotes.")


@quotes_cli.command("expire")
def expire():
    """Expire quote requests, offers and counter-offers whose last day has passed (cron: daily)."""
    expired = expire_quotes()
    click.echo(f"expired {len(expired)}")
    for reference in expired:
        click.echo(f"  expired {reference}")
