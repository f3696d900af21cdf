"""flask figures rebuild: write the figures' copy of sold order lines again from the orders."""
import click
from flask.cli import AppGroup

from . import sale_lines

figures_cli = AppGroup("figures", help="Programme figures.")


@figures_cli.command("rebuild")
def rebuild_command():
    """Copy every line of every sold order into sale_line again (after a restore or a bulk import)."""
    count = sale_lines.rebuild()
    click.echo(f"sale_line: {count} lines of sold orders.")
