"""`flask search reindex`: rebuild the product search index from the catalogue."""
import click
from flask.cli import AppGroup

from ..extensions import db
from .sync import reindex_all

search_cli = AppGroup("search", help="The product search index.")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the index from every visible product (safe to run at any time)."""
    count = reindex_all(db.session)
    click.echo(f"Indexed {count} products.")
