"""Imports between the parts of `marketplace/` go one way: no two parts import each other, directly
or round a longer circle.

The graph is read from the source (every import statement, at module level or inside a function),
so a package added tomorrow is checked without being named here. Its nodes are the feature
packages (`marketplace/orders/`, …) and the top-level modules (`money.py`, `audit.py`, …); the
application factory (`marketplace/__init__.py`) and the modules that gather every feature on
purpose (`models.py`, `demo.py`) sit above everything and are left out, as is an import a part
makes of itself.
"""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import marketplace

ROOT = Path(marketplace.__file__).resolve().parent
# Modules whose job is to know every feature: they import everything and nothing imports them.
GATHERERS = {"__init__", "models", "demo"}


def part_of(module: str) -> str | None:
    """The part of the code a dotted module name belongs to: 'marketplace.orders.views' -> 'orders'."""
    parts = module.split(".")
    if parts[0] != "marketplace":
        return None
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def _is_module(dotted: str, root: Path) -> bool:
    path = root.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported(node: ast.AST, package: str, root: Path) -> list[str]:
    """The dotted names an import statement reaches, relative imports resolved against `package`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    # `from .. import audit` imports the module marketplace.audit, not the package marketplace.
    submodules = [f"{module}.{alias.name}" for alias in node.names if _is_module(f"{module}.{alias.name}", root)]
    return submodules or [module]


def _package_of(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    else:
        parts = parts[:-1]
    return ".".join(parts)


def imports_between_parts(root: Path = ROOT) -> Counter:
    """(importer, imported) -> how many import statements cross from one part to the other."""
    edges: Counter = Counter()
    for path in sorted(root.rglob("*.py")):
        source = part_of(".".join(path.relative_to(root.parent).with_suffix("").parts))
        if source in GATHERERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            targets = {part_of(name) for name in _imported(node, _package_of(path, root), root)}
            for target in targets - {None, source}:
                edges[source, target] += 1
    return edges


def cycles(edges) -> list[list[str]]:
    """Every group of parts that reach each other (strongly connected, Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def describe(group: list[str], edges) -> str:
    crossings = [f"{a} -> {b} ({n})" for (a, b), n in sorted(edges.items()) if a in group and b in group]
    return " / ".join(group) + ": " + ", ".join(crossings)


def test_no_two_parts_of_the_code_import_each_other():
    edges = imports_between_parts()
    assert [describe(group, edges) for group in cycles(edges)] == []


def test_the_check_finds_a_circle_and_counts_function_level_imports(tmp_path):
    package = tmp_path / "marketplace"
    for name, source in {
        "__init__.py": "from .shop import views\n",
        "money.py": "",
        "shop/__init__.py": "",
        "shop/views.py": "from ..money import Money\nfrom ..bank import services\n",
        "bank/__init__.py": "",
        "bank/services.py": "def pay():\n    from ..shop import views\n    from .. import money\n",
    }.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(source)
    edges = imports_between_parts(package)
    assert edges == Counter({("shop", "money"): 1, ("shop", "bank"): 1, ("bank", "shop"): 1, ("bank", "money"): 1})
    assert cycles(edges) == [["bank", "shop"]]
