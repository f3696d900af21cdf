"""The figures page's tables: each built from one query module, shown on the page and downloaded as
CSV with the same rows. A column's unit says how its cells are shown and written."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import ubigeo
from ..extensions import db
from ..spreadsheets import safe_text, soles
from . import beneficiaries, fairs, indicators, sales
from .beneficiaries import people
from .filters import Filters
from .indicators import Unit
from .models import IndicatorTarget
from .periods import FigurePeriod

TEXT = None  # a column of words, not numbers
ROWS_ON_PAGE = 50  # a long table shows its first rows on the page; its CSV has them all


@dataclass(frozen=True)
class Column:
    label: object
    unit: Unit | None = TEXT
    per_row: bool = False  # the unit is the row's indicator's (the indicators table)

    def unit_for(self, row: tuple) -> Unit | None:
        return row[0].unit if self.per_row else self.unit


@dataclass(frozen=True)
class Table:
    slug: str
    title: object
    columns: list[Column]
    rows: list[tuple]

    def shown(self) -> list[list[str]]:
        """The first ROWS_ON_PAGE rows as the page shows them, in the reader's language."""
        return [[_shown(c.unit_for(row), v) for c, v in zip(self.columns, row)] for row in self.rows[:ROWS_ON_PAGE]]

    @property
    def is_cut(self) -> bool:
        return len(self.rows) > ROWS_ON_PAGE

    def header(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def csv_line(self, row: tuple) -> list[str]:
        return [csv_cell(column.unit_for(row), value) for column, value in zip(self.columns, row)]


def _shown(unit: Unit | None, value) -> str:
    if unit is TEXT:
        return str(value.label) if isinstance(value, indicators.Indicator) else (value or "")
    return indicators.display(unit, value)


def csv_cell(unit: Unit | None, value) -> str:
    """A cell as a spreadsheet reads it: soles as 123.40, percentages as 12.5, text never a formula."""
    if value is None:
        return ""
    if unit is TEXT:
        return safe_text(value.label if isinstance(value, indicators.Indicator) else value)
    if unit == Unit.MONEY:
        return soles(int(value))
    if unit == Unit.PEOPLE:
        return people(value)
    if unit in (Unit.PERCENT, Unit.DAYS):
        return f"{value:.1f}"
    return str(value)


def targets_of(year: int) -> dict[str, tuple[int | None, int | None]]:
    rows = db.session.execute(select(IndicatorTarget.indicator, IndicatorTarget.baseline, IndicatorTarget.target)
                              .where(IndicatorTarget.year == year)).all()
    return {code: (baseline, target) for code, baseline, target in rows}


def indicator_rows(period: FigurePeriod, filters: Filters) -> list[indicators.IndicatorRow]:
    current = indicators.measure(period, filters)
    previous = indicators.measure(period.previous(), filters)
    return indicators.rows(current, previous, targets_of(period.start.year))


def indicator_table(rows: list[indicators.IndicatorRow]) -> Table:
    """Each indicator against the previous period, the year's baseline and its target."""
    return Table("indicadores", _l("Indicadores"), [
        Column(_l("Indicador")), Column(_l("Este periodo"), per_row=True), Column(_l("Periodo anterior"), per_row=True),
        Column(_l("Cambio"), Unit.PERCENT), Column(_l("Línea de base"), per_row=True), Column(_l("Meta"), per_row=True),
    ], [(row.indicator, row.current, row.previous, row.change, row.baseline, row.target) for row in rows])


def month_table(period: FigurePeriod, filters: Filters, locale: str) -> Table:
    return Table("ventas-por-mes", _l("Ventas por mes"),
                 [Column(_l("Mes")), Column(_l("Ventas"), Unit.MONEY), Column(_l("Pedidos"), Unit.COUNT)],
                 [(s.label, s.sales, s.orders) for s in sales.by_month(period, filters)])


def region_table(period: FigurePeriod, filters: Filters, locale: str) -> Table:
    rows = [(_region_name(code), amount, orders) for code, amount, orders in sales.by_region(period, filters)]
    return Table("ventas-por-region", _l("Ventas por región"),
                 [Column(_l("Región")), Column(_l("Ventas"), Unit.MONEY), Column(_l("Pedidos"), Unit.COUNT)], rows)


def brand_table(period: FigurePeriod, filters: Filters, locale: str) -> Table:
    return Table("ventas-por-marca", _l("Ventas por marca colectiva"),
                 [Column(_l("Marca")), Column(_l("Ventas"), Unit.MONEY), Column(_l("Pedidos"), Unit.COUNT)],
                 [(s.label, s.sales, s.orders) for s in sales.by_brand(period, filters)])


def category_table(period: FigurePeriod, filters: Filters, locale: str) -> Table:
    return Table("ventas-por-categoria", _l("Ventas por categoría"),
                 [Column(_l("Categoría")), Column(_l("Ventas"), Unit.MONEY), Column(_l("Pedidos"), Unit.COUNT)],
                 [(s.label or str(_l("Sin categoría")), s.sales, s.orders)
                  for s in sales.by_category(period, filters, locale)])


def producer_table(period: FigurePeriod, filters: Filters, locale: str) -> Table:
    return Table("ventas-por-productor", _l("Productores que vendieron"), [
        Column(_l("Organización")), Column(_l("Región")), Column(_l("Liderada por mujeres")),
        Column(_l("Ventas"), Unit.MONEY), Column(_l("Pedidos"), Unit.COUNT),
    ], [(name, _region_name(region), str(_l("Sí")) if women_led else str(_l("No")), amount, orders)
        for _, name, region, women_led, amount, orders in sales.by_producer(period, filters)])


def funnel_table(period: FigurePeriod, filters: Filters, locale: str) -> Table:
    names = {"scans": _l("Escaneos del QR del stand"), "contacts": _l("Contactos"),
             "samples": _l("Muestras"), "quotes": _l("Cotizaciones"), "orders": _l("Pedidos atribuidos")}
    return Table("embudo-ferias", _l("De la feria al pedido"),
                 [Column(_l("Paso")), Column(_l("Cantidad"), Unit.COUNT)],
                 [(str(names[step]), count) for step, count in fairs.funnel(period, filters).steps()])


def beneficiary_table(period: FigurePeriod, filters: Filters, locale: str) -> Table:
    regions = beneficiaries.by_region(period, filters)
    rows = [(r.region_name, r.organisations, r.women_led, r.members, r.women, r.men, r.selling)
            for r in regions + ([beneficiaries.totals(regions)] if regions else [])]
    if regions:
        rows[-1] = (str(_l("Total")),) + rows[-1][1:]
    return Table("beneficiarios", _l("Beneficiarios por región"), [
        Column(_l("Región")), Column(_l("Organizaciones"), Unit.COUNT), Column(_l("Lideradas por mujeres"), Unit.COUNT),
        Column(_l("Integrantes"), Unit.PEOPLE), Column(_l("Mujeres"), Unit.PEOPLE), Column(_l("Hombres"), Unit.PEOPLE),
        Column(_l("Vendieron en el periodo"), Unit.COUNT),
    ], rows)


def _region_name(code: str | None) -> str:
    place = ubigeo.region(code)
    return place.name if place else (code or "")


# Every table but the indicators (which need targets and two periods), by the slug of its file.
BUILDERS: dict[str, Callable[[FigurePeriod, Filters, str], Table]] = {
    "ventas-por-mes": month_table,
    "ventas-por-region": region_table,
    "ventas-por-marca": brand_table,
    "ventas-por-categoria": category_table,
    "ventas-por-productor": producer_table,
    "embudo-ferias": funnel_table,
    "beneficiarios": beneficiary_table,
}
