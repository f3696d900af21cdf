"""Peru's places come from INEI's ubigeo table, kept in the package with its source and a refresh script."""
import importlib.util
from pathlib import Path

from marketplace import ubigeo

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "marketplace" / "ubigeo_inei.csv"


def _refresh_script():
    spec = importlib.util.spec_from_file_location("refresh_ubigeo", ROOT / "scripts" / "refresh_ubigeo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_holds_every_district_and_says_where_it_came_from():
    header = TABLE.read_text(encoding="utf-8").splitlines()[:4]
    assert header[1].startswith("# Source:") and "INEI" in header[1]
    assert header[3] == "code,department,province,district"
    assert len(ubigeo.regions()) == 25
    assert len(ubigeo._table("provincias")) == 196
    assert len(ubigeo._table("distritos")) > 1800


def test_places_are_looked_up_by_their_code_and_sorted_as_a_spanish_reader_expects():
    quinua = ubigeo.district("050108")
    assert (quinua.name, quinua.province.name, quinua.region.name) == ("Quinua", "Huamanga", "Ayacucho")
    assert quinua.label == "Quinua, Huamanga (Ayacucho)"
    assert [p.name for p in ubigeo.regions()[:3]] == ["Amazonas", "Áncash", "Apurímac"]
    assert ubigeo.province("0801").name == "Cusco"
    assert "Chinchero" in [d.name for d in ubigeo.districts("0813")]
    assert ubigeo.district("999999") is None and ubigeo.region(None) is None


def _inei_file(path: Path, rows: list[str]) -> Path:
    path.write_text("UBIGEO;DEPARTAMENTO;PROVINCIA;DISTRITO\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_refresh_rebuilds_the_table_from_an_inei_file_keeping_accents_inei_leaves_out(tmp_path, capsys):
    refresh = _refresh_script()
    current = tmp_path / "ubigeo_inei.csv"
    current.write_text(TABLE.read_text(encoding="utf-8"), encoding="utf-8")
    rows = [f"{code};{region.upper()};{province.upper()};{name.upper()}"
            for code, (region, province, name) in _all_rows().items() if code != "250401"]
    rows.append("250499;UCAYALI;PURUS;NUEVO DISTRITO")
    source = _inei_file(tmp_path / "inei.csv", rows)

    assert refresh.main([str(source), "--source-name", "INEI test file", "--output", str(current)]) == 0

    out = capsys.readouterr().out
    assert "1 added, 1 removed, 0 renamed" in out
    written = current.read_text(encoding="utf-8")
    assert "# Source: INEI test file." in written
    assert "050108,Ayacucho,Huamanga,Quinua\n" in written
    assert "010102,Amazonas,Chachapoyas,Asunción\n" in written
    assert "250499,Ucayali,Purús,Nuevo Distrito\n" in written and "250401," not in written


def test_refresh_refuses_a_file_that_is_not_the_whole_table(tmp_path, capsys):
    refresh = _refresh_script()
    current = tmp_path / "ubigeo_inei.csv"
    current.write_text(TABLE.read_text(encoding="utf-8"), encoding="utf-8")
    source = _inei_file(tmp_path / "inei.csv", ["050108;AYACUCHO;HUAMANGA;QUINUA"])
    assert refresh.main([str(source), "--output", str(current)]) == 1
    assert "only 1 districts" in capsys.readouterr().err
    assert current.read_text(encoding="utf-8") == TABLE.read_text(encoding="utf-8")


def _all_rows() -> dict[str, tuple[str, str, str]]:
    return {code: (ubigeo.region(code[:2]).name, ubigeo.province(code[:4]).name, name)
            for code, name in ubigeo._table("distritos").items()}
