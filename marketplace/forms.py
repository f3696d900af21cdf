"""What every feature's forms share."""


def status_for(form) -> int:
    """422 when the form is shown again with errors, so tests and tools can tell; 200 otherwise."""
    return 422 if any(field.errors for field in form) else 200
