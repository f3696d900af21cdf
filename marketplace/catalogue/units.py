"""Quantities as buyers read them: "1 frasco", "12 frascos", "300 kg", "4 baldes de 25 kg"."""
from __future__ import annotations

from flask_babel import ngettext

from .models import SaleUnit

_FORMS = {
    SaleUnit.PIECE: lambda n: ngettext("%(num)d pieza", "%(num)d piezas", n),
    SaleUnit.JAR: lambda n: ngettext("%(num)d frasco", "%(num)d frascos", n),
    SaleUnit.KG: lambda n: ngettext("%(num)d kg", "%(num)d kg", n),
    SaleUnit.BUCKET_25KG: lambda n: ngettext("%(num)d balde de 25 kg", "%(num)d baldes de 25 kg", n),
}


def units(unit: SaleUnit | str | None, quantity: int) -> str:
    """`quantity` of `unit` in the reader's language, singular or plural as the number asks."""
    return _FORMS[SaleUnit(unit or SaleUnit.PIECE)](quantity)
