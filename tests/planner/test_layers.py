"""Layering (README.md, "Code layout"): models <- planner <- ui, and nothing below ui touches Qt."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "shiboken2")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every absolute module a file imports (with line numbers), including lazy imports in functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            found.append((node.lineno, node.args[0].value))
    return found


def _dynamic_import(node: ast.Call) -> bool:
    """``importlib.import_module("x")`` or ``__import__("x")`` with a literal name."""
    name = getattr(node.func, "attr", getattr(node.func, "id", ""))
    arg = node.args[0] if node.args else None
    return name in ("import_module", "__import__") and isinstance(arg, ast.Constant) and isinstance(arg.value, str)


def top(name: str) -> str:
    return name.split(".")[0]


def files(package: str) -> list[Path]:
    paths = sorted((ROOT / package).rglob("*.py"))
    assert paths, f"no Python files under {package}/"
    return paths


def violations(package: str, banned: tuple[str, ...]) -> list[str]:
    out = []
    for path in files(package):
        for line, module in imported_modules(path):
            if top(module) in banned:
                out.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return out


@pytest.mark.parametrize("package", ["models", "planner"])
def test_no_qt_below_ui(package):
    assert violations(package, (*QT, "ui")) == []


def test_models_import_nothing_above_them():
    assert violations("models", ("planner", "ui", "resources")) == []


def test_planner_never_imports_ui():
    assert violations("planner", ("ui",)) == []


def test_the_checker_sees_lazy_imports(tmp_path):
    path = tmp_path / "x.py"
    path.write_text(
        "def f():\n    from PySide6 import QtCore\n    import importlib\n    importlib.import_module('ui.window.app')\n"
    )
    assert [m for _, m in imported_modules(path)] == ["PySide6", "importlib", "ui.window.app"]


def test_headless_import_loads_no_qt():
    modules = ["planner.planfile.fileio", "planner.checks.analysis", "planner.editing.commands", "planner.editing.document", "models"]
    if importlib.util.find_spec("planner.cli.main") is not None:
        modules.insert(0, "planner.cli.main")
    code = (
        f"import {', '.join(modules)}; import sys; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt'))]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------ rooms
# Each package is split into rooms by job (docs/architecture.md). A room may import the rooms
# listed before it, never one after it; models sit below all of planner, planner below ui.
ROOMS = {
    "planner": ["core", "tree", "checks", "editing", "planfile", "imports", "exports", "whatif", "cli"],
    "ui": ["core", "dialogs", "board", "panels", "files", "whatif", "export", "window"],
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_graph(packages=("models", "planner", "ui")):
    """Every first-party module and the first-party modules it imports (type-only and lazy imports too)."""
    import networkx as nx

    paths = {module_name(p): p for package in packages for p in files(package)}
    graph = nx.DiGraph()
    graph.add_nodes_from(paths)
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")[: len(name.split(".")) - node.level + (path.name == "__init__.py")]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target in paths and target != name:
                    graph.add_edge(name, target, line=node.lineno)
    return graph


def room_of(module: str) -> tuple[str, str] | None:
    parts = module.split(".")
    return (parts[0], parts[1]) if len(parts) > 2 and parts[0] in ROOMS else None


def test_every_module_lives_in_a_room():
    loose = [
        m for m in module_graph().nodes
        if m.split(".")[0] in ROOMS and m not in ROOMS and room_of(m) is None
        and not (m.count(".") == 1 and m.split(".")[1] in ROOMS[m.split(".")[0]])
    ]
    assert loose == [], "modules outside a room"
    for package, rooms in ROOMS.items():
        assert sorted(p.name for p in (ROOT / package).iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(rooms)


def test_no_room_imports_a_room_above_it():
    bad = []
    for a, b, data in module_graph().edges(data=True):
        ra, rb = room_of(a), room_of(b)
        if ra and rb and ra[0] == rb[0] and ra[1] != rb[1]:
            rooms = ROOMS[ra[0]]
            if rooms.index(rb[1]) > rooms.index(ra[1]):
                bad.append(f"{a}:{data['line']} imports {b} ({rb[1]} is above {ra[1]})")
    assert bad == []


def test_no_import_circles():
    import networkx as nx

    circles = sorted(sorted(c) for c in nx.strongly_connected_components(module_graph()) if len(c) > 1)
    assert circles == []


def test_the_room_checker_sees_circles(tmp_path, monkeypatch):
    import networkx as nx

    pkg = tmp_path / "planner" / "core"
    pkg.mkdir(parents=True)
    (pkg / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from planner.core import b\n")
    (pkg / "b.py").write_text("def f():\n    from planner.core.a import x\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    graph = module_graph(("planner",))
    assert [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1] == [
        ["planner.core.a", "planner.core.b"]
    ]
