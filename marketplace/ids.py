"""Record ids typed into URLs and forms stay within what the database's integer columns hold:
a larger number is a record that does not exist (404, or the field's message), not a server
error (PostgreSQL refuses to compare an integer column with 2**31, SQLite with 2**63)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter
from wtforms import IntegerField

DATABASE_INT_MAX = 2**31 - 1  # PostgreSQL's integer; every id column is one


def in_range(value: int) -> bool:
    return 0 <= value <= DATABASE_INT_MAX  # 0: the "none chosen" some lists start with


def database_id(value) -> int:
    """SelectField's coerce for ids: a whole number that can be an id (or 0), or ValueError."""
    number = int(value)
    if not in_range(number):
        raise ValueError(value)
    return number


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ids past the database's range do not match (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=DATABASE_INT_MAX if max is None else max,
                         signed=signed)


class IdField(IntegerField):
    """The id of a record posted by a form (a hidden field or a choice)."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or _l("Elige una opción de la lista.")

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        try:
            self.data = database_id(str(valuelist[0]).strip())
        except ValueError:
            raise ValueError(self.message) from None
