"""What every feature's forms share."""
from __future__ import annotations

import uuid

from wtforms import HiddenField


def status_for(form) -> int:
    """422 when the form is shown again with errors, so tests and tools can tell; 200 otherwise."""
    return 422 if any(field.errors for field in form) else 200


def new_client_id() -> str:
    return str(uuid.uuid4())


class SentOnce:
    """For a form that creates something (mixed in before FlaskForm): a hidden `client_id` made
    when the form is first shown and kept when it is shown again with errors, so the same filled
    form sent twice creates one thing (see sent_forms). A form from before has none: it still works."""

    client_id = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.client_id.data:
            self.client_id.data = new_client_id()
