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
