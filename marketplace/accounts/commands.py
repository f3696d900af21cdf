"""`flask create-staff EMAIL` and `flask create-admin EMAIL`."""
import secrets

import click

from .. import audit
from ..extensions import db
from .models import User, find_by_email


def _make_role(email: str, name: str | None, password: str | None, *, admin: bool) -> None:
    user = find_by_email(email)
    generated = None
    if user is None:
        generated = password or secrets.token_urlsafe(12)
        user = User(email=email.strip().lower(), name=name or email.split("@")[0])
        user.set_password(generated)
        db.session.add(user)
    user.is_staff = True
    user.is_admin = user.is_admin or admin
    audit.record("user.admin_created" if admin else "user.staff_granted", user, actor=None, via="cli")
    db.session.commit()
    role = "admin" if admin else "staff"
    click.echo(f"{user.email} is now {role}.")
    if generated and not password:
        click.echo(f"New account; its password is: {generated}")


@click.command("create-staff")
@click.argument("email")
@click.option("--name", help="Full name for a new account.")
@click.option("--password", help="Password for a new account (a random one is printed otherwise).")
def create_staff(email, name, password):
    """Make EMAIL a programme staff account, creating it if needed."""
    _make_role(email, name, password, admin=False)


@click.command("create-admin")
@click.argument("email")
@click.option("--name", help="Full name for a new account.")
@click.option("--password", help="Password for a new account (a random one is printed otherwise).")
def create_admin(email, name, password):
    """Make EMAIL an admin: staff who can also grant and remove staff."""
    _make_role(email, name, password, admin=True)
