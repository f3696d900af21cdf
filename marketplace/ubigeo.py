"""Peru's places by INEI ubigeo: departamento (2 digits), provincia (4), distrito (6).

The table is INEI's, kept in `ubigeo_inei.csv` next to this module (its header says where it came
from and when); `scripts/refresh_ubigeo.py` rebuilds it from a newer INEI file.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from slugify import slugify


@dataclass(frozen=True)
class Place:
    code: str
    name: str


@dataclass(frozen=True)
class District:
    code: str
    name: str
    province: Place
    region: Place

    @property
    def label(self) -> str:
        return f"{self.name}, {self.province.name} ({self.region.name})"


@lru_cache(maxsize=None)
def _tables() -> dict[str, dict[str, str]]:
    """code -> name for each level, read once from the district rows (code, department, province, district)."""
    text = resources.files(__package__).joinpath("ubigeo_inei.csv").read_text(encoding="utf-8")
    rows = csv.reader(line for line in text.splitlines() if not line.startswith("#"))
    next(rows)
    tables: dict[str, dict[str, str]] = {"departamentos": {}, "provincias": {}, "distritos": {}}
    for code, department, province_name, district_name in rows:
        tables["departamentos"][code[:2]] = department
        tables["provincias"][code[:4]] = province_name
        tables["distritos"][code] = district_name
    return tables


def _table(level: str) -> dict[str, str]:
    return _tables()[level]


def _sorted(items) -> list[Place]:
    # Sort as a Spanish reader expects: "Áncash" between "Amazonas" and "Apurímac".
    return sorted((Place(code, name) for code, name in items), key=lambda p: slugify(p.name))


def regions() -> list[Place]:
    return _sorted(_table("departamentos").items())


def provinces(region_code: str) -> list[Place]:
    return _sorted((c, n) for c, n in _table("provincias").items() if c[:2] == region_code)


def districts(province_code: str) -> list[Place]:
    return _sorted((c, n) for c, n in _table("distritos").items() if c[:4] == province_code)


def region(code: str | None) -> Place | None:
    name = _table("departamentos").get(code or "")
    return Place(code, name) if name else None


def province(code: str | None) -> Place | None:
    name = _table("provincias").get(code or "")
    return Place(code, name) if name else None


def district(code: str | None) -> District | None:
    name = _table("distritos").get(code or "")
    if not name:
        return None
    return District(code, name, province(code[:4]), region(code[:2]))
