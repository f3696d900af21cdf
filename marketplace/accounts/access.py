"""Who may use a view: every view declares it with one of these."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..extensions import login_manager
from .models import User
from .sessions import user_for_session


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """From the session cookie or the remember cookie: only while their record is open."""
    return user_for_session(session_id)


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def assists_required(view):
    """Staff, or a programme promoter: who may list products on a producer's behalf."""
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not (current_user.is_staff or current_user.is_promoter):
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
