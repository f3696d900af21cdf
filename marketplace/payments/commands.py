"""`flask orders …`: by hand, or from cron where no job worker runs. The group keeps the name cron
already calls; ending unpaid orders is payments' work (a card order is first settled with Stripe)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from .expiry import expire_unpaid_orders

orders_cli = AppGroup("orders", help="Orders and payments.")


@orders_cli.command("expire")
def expire():
    """Cancel unpaid orders whose payment window ended and release their stock (the job worker does it every minute)."""
    report = expire_unpaid_orders()
    click.echo(f"expired {len(report.expired)}, kept {len(report.kept)}, failed {len(report.failed)}")
    for reference in report.expired:
        click.echo(f"  expired {reference}")
    for reference in report.failed:
        click.echo(f"  could not reach Stripe for {reference}")
