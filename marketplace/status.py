"""Status pipelines as data: an enum, its allowed moves, and one function to apply a move."""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


class IllegalTransition(Exception):
    def __init__(self, current: StrEnum, target: StrEnum):
        super().__init__(f"{current} → {target} is not allowed")
        self.current = current
        self.target = target


def check_transition(transitions: dict, current: StrEnum, target: StrEnum) -> None:
    """Raise IllegalTransition unless `target` is an allowed move from `current`."""
    if target not in transitions.get(current, set()):
        raise IllegalTransition(current, target)


def enum_type(cls: type[StrEnum]) -> Enum:
    """Store an enum by its value in a VARCHAR, so new states need no ALTER TYPE."""
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
