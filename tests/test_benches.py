"""The benches run from `make install` alone: what they borrow from tests/ needs no dev extra."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV_ONLY = ("pytest", "playwright", "moto", "aiosmtpd")  # the [dev] extra of pyproject.toml


def borrowed_from_tests(bench: Path) -> set[str]:
    """The tests.* modules a bench imports, at the top or inside its functions."""
    modules = set()
    for node in ast.walk(ast.parse(bench.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("bench", sorted(ROOT.glob("bench/*.py")), ids=lambda path: path.name)
def test_what_a_bench_borrows_from_the_tests_imports_without_the_dev_extras(bench):
    modules = sorted(borrowed_from_tests(bench))
    # A fresh interpreter where the dev-only packages cannot be imported, as after `make install`.
    script = "\n".join(
        ["import sys", *(f"sys.modules[{name!r}] = None" for name in DEV_ONLY), *(f"import {m}" for m in modules)]
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
