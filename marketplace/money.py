"""Money as integer minor units with a currency; never a float."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency

MINOR_UNITS = {"PEN": 2, "USD": 2}


@dataclass(frozen=True, order=True)
class Money:
    amount: int  # minor units: céntimos for PEN
    currency: str = "PEN"

    @classmethod
    def parse(cls, text: str, currency: str = "PEN") -> Money:
        """Read a decimal amount typed by a person ("22", "22.50", "22,50")."""
        try:
            value = Decimal(text.strip().replace(",", "."))
        except (InvalidOperation, AttributeError):
            raise ValueError(f"not an amount: {text!r}") from None
        scaled = value.scaleb(MINOR_UNITS[currency])
        if scaled != scaled.to_integral_value():
            raise ValueError(f"too many decimals: {text!r}")
        return cls(int(scaled), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-MINOR_UNITS[self.currency])

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        return Money(self.amount * quantity, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def format(self, locale: str = "es_PE") -> str:
        return format_currency(self.to_decimal(), self.currency, locale=locale)
