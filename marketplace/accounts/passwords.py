"""What makes a password acceptable."""
from functools import lru_cache

MIN_LENGTH = 10
# Spanish passwords that the (English-centred) frequency list misses.
COMMON_SPANISH = {"contraseña", "contrasena", "contraseña1", "contrasena1", "peru123456", "teamo12345", "miperu2024"}


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | COMMON_SPANISH


def weakness(password: str, email: str = "") -> str | None:
    """Why a password is too weak ("short", "common", "email"), or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return "short"
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) < 4:
        return "common"
    if email and lowered == email.strip().lower():
        return "email"
    return None
