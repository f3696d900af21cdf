"""Who may use a view: every view declares it with one of these."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from ..extensions import login_manager
from .models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    from ..extensions import db

    # Every signed-in page's menu asks for the memberships ("Envíos"): loaded with the user.
    return db.session.get(User, int(user_id), options=[joinedload(User.memberships)]) if user_id.isdigit() else None


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
