"""Everything the figures page and the printed report show for one period and set of filters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from .. import ubigeo
from ..money import Money
from . import charts, sales
from .filters import Filters
from .indicators import IndicatorRow
from .periods import FigurePeriod
from .tables import BUILDERS, Table, indicator_rows, indicator_table


@dataclass(frozen=True)
class Report:
    period: FigurePeriod
    filters: Filters
    indicators: list[IndicatorRow]
    tables: dict[str, Table]
    charts: list[tuple[str, charts.Chart]]  # (the table it draws, the chart)

    @property
    def indicator_table(self) -> Table:
        return indicator_table(self.indicators)


def _money_items(table: Table, label_column: int = 0, sales_column: int = 1):
    return [(str(row[label_column]), row[sales_column], Money(row[sales_column]).format()) for row in table.rows]


def _month_items(table: Table):
    """Columns labelled as a reader names a month ("nov. 26"), from the table's 2026-11."""
    return [(format_date(date.fromisoformat(f"{row[0]}-01"), "MMM yy"), row[1], Money(row[1]).format())
            for row in table.rows]


def _region_map(table: Table) -> charts.TileMap:
    """The sales-by-region table on Peru's tile map (the table names regions; the map places codes)."""
    names = {region.code: region.name for region in ubigeo.regions()}
    codes = {name: code for code, name in names.items()}
    items = {codes[row[0]]: (row[1], Money(row[1]).format()) for row in table.rows if row[0] in codes}
    return charts.region_map(str(_l("Ventas por región, en el mapa")), names, items)


def build(period: FigurePeriod, filters: Filters, locale: str) -> Report:
    """Measure every indicator (this period and the one before) and build every table and chart."""
    sales.sort_in_memory()
    tables = {slug: builder(period, filters, locale) for slug, builder in BUILDERS.items()}
    funnel = tables["embudo-ferias"]
    drawn = [
        ("ventas-por-mes", charts.columns(str(_l("Ventas por mes")), _month_items(tables["ventas-por-mes"]))),
        ("mapa-regiones", _region_map(tables["ventas-por-region"])),
        ("ventas-por-region", charts.horizontal_bars(str(_l("Ventas por región")), _money_items(tables["ventas-por-region"]))),
        ("ventas-por-marca", charts.horizontal_bars(str(_l("Ventas por marca colectiva")), _money_items(tables["ventas-por-marca"]))),
        ("ventas-por-categoria", charts.horizontal_bars(str(_l("Ventas por categoría")), _money_items(tables["ventas-por-categoria"]))),
        ("embudo-ferias", charts.horizontal_bars(str(_l("De la feria al pedido")),
                                                 [(row[0], row[1], str(row[1])) for row in funnel.rows])),
    ]
    return Report(period, filters, indicator_rows(period, filters), tables, drawn)
