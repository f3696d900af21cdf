"""Peruvian identity numbers, checked with python-stdnum."""
from stdnum.exceptions import ValidationError
from stdnum.pe import cui, ruc


class InvalidNumber(ValueError):
    """The number is malformed; `why` is "length", "digits", "checksum" or "prefix"."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def _why(exc: ValidationError) -> str:
    name = type(exc).__name__
    return {"InvalidLength": "length", "InvalidFormat": "digits", "InvalidChecksum": "checksum",
            "InvalidComponent": "prefix"}.get(name, "digits")


def clean_ruc(text: str) -> str:
    """An 11-digit RUC with a known prefix (10, 15, 17, 20) and a correct check digit."""
    try:
        return ruc.validate(text)
    except ValidationError as exc:
        raise InvalidNumber(_why(exc)) from None


def clean_dni(text: str) -> str:
    """A DNI: 8 digits, optionally followed by the check character printed on the card."""
    try:
        return cui.validate(text)
    except ValidationError as exc:
        raise InvalidNumber(_why(exc)) from None
