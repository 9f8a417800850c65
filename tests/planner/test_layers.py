"""Layering (STYLE.md): models <- planner <- ui, and nothing below ui touches Qt."""

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
