"""The indicators staff report, each with its unit: how it is stored, compared and shown.

A figure is measured for the period and the one before it and read against the baseline and
target staff entered for the period's year. Stored units are integers: céntimos for money,
tenths for percentages and days (12.5 % is 125), plain counts otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from flask_babel import format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from ..money import Money
from . import activity, fairs, sales
from .beneficiaries import people
from .filters import Filters
from .periods import FigurePeriod


class Unit(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PEOPLE = "people"  # a count of people: "< 3" below three
    PERCENT = "percent"
    DAYS = "days"

    @property
    def scale(self) -> int:
        """Stored value = shown value × scale."""
        return {Unit.MONEY: 100, Unit.PERCENT: 10, Unit.DAYS: 10}.get(self, 1)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: object  # a lazy string
    unit: Unit
    higher_is_better: bool = True


INDICATORS = [
    Indicator("sales", _l("Ventas pagadas, sin reembolsos"), Unit.MONEY),
    Indicator("orders", _l("Pedidos pagados"), Unit.COUNT),
    Indicator("average_order", _l("Pedido promedio"), Unit.MONEY),
    Indicator("producers_selling", _l("Productores con al menos una venta"), Unit.COUNT),
    Indicator("active_listings", _l("Productos a la venta"), Unit.COUNT),
    Indicator("buyers", _l("Compradores"), Unit.PEOPLE),
    Indicator("new_buyers", _l("Compradores nuevos"), Unit.PEOPLE),
    Indicator("repeat_buyers", _l("Compradores que vuelven"), Unit.PEOPLE),
    Indicator("women_led_share", _l("Parte de las ventas de organizaciones lideradas por mujeres"), Unit.PERCENT),
    Indicator("domestic_sales", _l("Ventas en el Perú"), Unit.MONEY),
    Indicator("export_sales", _l("Ventas al exterior"), Unit.MONEY),
    Indicator("samples", _l("Muestras enviadas (sin valor comercial)"), Unit.COUNT),
    Indicator("fair_contacts", _l("Contactos en ferias"), Unit.COUNT),
    Indicator("fair_samples", _l("Muestras a contactos de ferias"), Unit.COUNT),
    Indicator("fair_quotes", _l("Cotizaciones a contactos de ferias"), Unit.COUNT),
    Indicator("fair_orders", _l("Pedidos atribuidos a ferias"), Unit.COUNT),
    Indicator("listings_approved", _l("Usos de marca aprobados"), Unit.COUNT),
    Indicator("listings_rejected", _l("Usos de marca rechazados"), Unit.COUNT, higher_is_better=False),
    Indicator("decision_days", _l("Mediana de días para decidir un uso de marca"), Unit.DAYS, higher_is_better=False),
    Indicator("organisations_verified", _l("Organizaciones verificadas"), Unit.COUNT),
]
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def measure(period: FigurePeriod, filters: Filters) -> dict[str, float | int | None]:
    """Every indicator's value for one period, in shown units (soles as céntimos for money)."""
    summary = sales.summary(period, filters)
    funnel = fairs.funnel(period, filters)
    decisions = activity.listing_decisions(period, filters)
    return {
        "sales": summary.sales,
        "orders": summary.orders,
        "average_order": summary.average_order,
        "producers_selling": summary.producers,
        "active_listings": activity.active_listings(period, filters),
        "buyers": summary.buyers,
        "new_buyers": summary.new_buyers,
        "repeat_buyers": summary.repeat_buyers,
        "women_led_share": summary.women_led_share,
        "domestic_sales": summary.domestic_sales,
        "export_sales": summary.export_sales,
        "samples": fairs.samples_sent(period, filters),
        "fair_contacts": funnel.contacts,
        "fair_samples": funnel.samples,
        "fair_quotes": funnel.quotes,
        "fair_orders": funnel.orders,
        "listings_approved": decisions.approved,
        "listings_rejected": decisions.rejected,
        "decision_days": decisions.median_days,
        "organisations_verified": activity.organisations_verified(period, filters),
    }


def from_stored(unit: Unit, stored: int | None):
    """A baseline or target as kept in the database, in the unit `measure` returns."""
    if stored is None:
        return None
    return stored if unit in (Unit.MONEY, Unit.COUNT, Unit.PEOPLE) else stored / unit.scale


def to_stored(unit: Unit, shown: Decimal) -> int:
    """What a person typed (soles, a count, a percentage, days) as the stored integer."""
    return int((shown * unit.scale).to_integral_value())


def shown_decimal(unit: Unit, stored: int | None) -> str:
    """A stored value as a person types it back into the form: "1500.00", "12.5", "40"."""
    if stored is None:
        return ""
    if unit == Unit.MONEY:
        return format(Money(stored).to_decimal(), "f")
    return format(Decimal(stored) / unit.scale, "f") if unit.scale > 1 else str(stored)


def display(unit: Unit, value) -> str:
    """A value in the reader's language: S/ 1,234.50 · 12.5 % · 4.0 · 27 · < 3."""
    if value is None:
        return "—"
    if unit == Unit.MONEY:
        return Money(int(value)).format()
    if unit == Unit.PERCENT:
        return format_percent(value / 100, "#,##0.0 %")
    if unit == Unit.DAYS:
        return format_decimal(value, "#,##0.0")
    if unit == Unit.PEOPLE:
        return people(value)
    return format_decimal(value, "#,##0")


def change(current, previous) -> float | None:
    """Percent change from the previous period; none when there is nothing to compare with."""
    if current is None or not previous:
        return None
    return 100 * (current - previous) / previous


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    current: float | int | None
    previous: float | int | None
    baseline: float | int | None
    target: float | int | None

    @property
    def change(self) -> float | None:
        if self.indicator.unit == Unit.PEOPLE and (_hidden(self.current) or _hidden(self.previous)):
            return None  # a change would tell how many the hidden count is
        return change(self.current, self.previous)

    @property
    def of_target(self) -> float | None:
        """Percent of the target reached."""
        if self.current is None or not self.target or _hidden(self.current) and self.indicator.unit == Unit.PEOPLE:
            return None
        return 100 * self.current / self.target

    def show(self, value) -> str:
        return display(self.indicator.unit, value)


def _hidden(count) -> bool:
    return count is not None and 0 < count < 3


def rows(current: dict, previous: dict, targets: dict) -> list[IndicatorRow]:
    """One row per indicator; `targets` maps a code to its (baseline, target) as stored."""
    result = []
    for indicator in INDICATORS:
        baseline, target = targets.get(indicator.code, (None, None))
        result.append(IndicatorRow(indicator, current[indicator.code], previous[indicator.code],
                                   from_stored(indicator.unit, baseline), from_stored(indicator.unit, target)))
    return result
