"""Charts as plain SVG drawn on the server: readable without JavaScript, printable, a few hundred
bytes each. This module does the geometry; templates/figures/_charts.html draws it.

Two shapes cover every figure: horizontal bars (long labels: regions, brands, categories, the
fair funnel) and columns over time (sales by month).
"""
from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 190  # room for "Algodón Nativo Muchik" at the chart's font size
VALUE_WIDTH = 110
BAR_HEIGHT = 22
BAR_GAP = 8
COLUMN_HEIGHT = 180
AXIS_HEIGHT = 36
TOP_MARGIN = 20


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    label_width: int = LABEL_WIDTH

    @property
    def is_empty(self) -> bool:
        return all(min(bar.width, bar.height) == 0 for bar in self.bars)  # no bars, or none with a size


def _scaled(value: float, largest: float, room: float) -> float:
    if largest <= 0 or value <= 0:
        return 0.0
    return round(max(1.0, room * value / largest), 1)  # a sale of one sol still shows as a sliver


def horizontal_bars(title: str, items: list[tuple[str, float, str]]) -> Chart:
    """One bar per (label, value, value as shown), longest bar the largest value."""
    largest = max((value for _, value, _ in items), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(label, shown, LABEL_WIDTH, TOP_MARGIN / 2 + i * (BAR_HEIGHT + BAR_GAP),
            _scaled(value, largest, room), BAR_HEIGHT)
        for i, (label, value, shown) in enumerate(items)
    ]
    height = int(TOP_MARGIN + len(items) * (BAR_HEIGHT + BAR_GAP))
    return Chart(title, WIDTH, height, bars)


def columns(title: str, items: list[tuple[str, float, str]]) -> Chart:
    """One column per (label, value, value as shown), left to right, tallest the largest value."""
    largest = max((value for _, value, _ in items), default=0)
    slot = WIDTH / max(len(items), 1)
    bars = []
    for i, (label, value, shown) in enumerate(items):
        height = _scaled(value, largest, COLUMN_HEIGHT)
        bars.append(Bar(label, shown, round(i * slot + slot * 0.15, 1), TOP_MARGIN + COLUMN_HEIGHT - height,
                        round(slot * 0.7, 1), height))
    return Chart(title, WIDTH, TOP_MARGIN + COLUMN_HEIGHT + AXIS_HEIGHT, bars, label_width=0)


# Peru's regions as a tile map: one square per region, placed as the regions lie (north at the
# top, the coast on the left), labelled with its ISO 3166-2 code (PE-CUS → CUS). Region 15 holds
# both Lima Metropolitana and Lima Provincias, as the ubigeo does.
REGION_TILES = {
    "24": ("TUM", 1, 0), "16": ("LOR", 3, 0),
    "20": ("PIU", 1, 1), "01": ("AMA", 2, 1),
    "14": ("LAM", 1, 2), "06": ("CAJ", 2, 2), "22": ("SAM", 3, 2),
    "13": ("LAL", 1, 3), "10": ("HUC", 2, 3), "25": ("UCA", 3, 3),
    "02": ("ANC", 1, 4), "19": ("PAS", 2, 4),
    "07": ("CAL", 0, 5), "15": ("LIM", 1, 5), "12": ("JUN", 2, 5),
    "11": ("ICA", 1, 6), "09": ("HUV", 2, 6), "17": ("MDD", 4, 6),
    "05": ("AYA", 2, 7), "03": ("APU", 3, 7), "08": ("CUS", 4, 7),
    "04": ("ARE", 2, 8), "18": ("MOQ", 3, 8), "21": ("PUN", 4, 8),
    "23": ("TAC", 3, 9),
}
TILE = 52
TILE_GAP = 4
LEVELS = 5  # shades of the accent colour, from the smallest sales to the largest


@dataclass(frozen=True)
class Tile:
    code: str
    abbreviation: str
    label: str
    value_text: str
    x: int
    y: int
    level: int  # 0: no sales; 1…LEVELS: a fifth of the largest region's sales each

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + TILE / 2, self.y + TILE / 2


@dataclass(frozen=True)
class TileMap:
    title: str
    width: int
    height: int
    tiles: list[Tile]
    size: int = TILE

    @property
    def is_empty(self) -> bool:
        return not any(tile.level for tile in self.tiles)


def region_map(title: str, names: dict[str, str], items: dict[str, tuple[float, str]]) -> TileMap:
    """Every region as a tile, shaded by its value: `names` by region code, `items` the
    (value, value as shown) of the regions that have one."""
    largest = max((value for value, _ in items.values()), default=0)
    tiles = []
    for code, (abbreviation, column, row) in REGION_TILES.items():
        value, shown = items.get(code, (0, ""))
        level = 0 if value <= 0 or largest <= 0 else min(LEVELS, 1 + int(LEVELS * value / largest * 0.9999))
        tiles.append(Tile(code, abbreviation, names.get(code, code), shown, column * (TILE + TILE_GAP),
                          TOP_MARGIN + row * (TILE + TILE_GAP), level))
    columns = 1 + max(column for _, column, _ in REGION_TILES.values())
    rows = 1 + max(row for _, _, row in REGION_TILES.values())
    return TileMap(title, columns * (TILE + TILE_GAP), TOP_MARGIN + rows * (TILE + TILE_GAP), tiles)
