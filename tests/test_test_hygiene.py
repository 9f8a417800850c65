"""The tests' own house rules: a test file never imports another test file.

Shared plans, gestures and fixtures live in tests/ui/helpers.py, tests/planner/helpers.py and
tests/ui/conftest.py; importing ``test_x`` from ``test_y`` runs test_x's module code twice
under two names and ties the two files together.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def is_test_module(dotted: str) -> bool:
    return dotted.rsplit(".", 1)[-1].startswith("test_")


def imported_test_modules(source: str, package: str) -> list[str]:
    """The test modules ``source`` imports (at any depth), as written, for a file in ``package``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from .test_x import y / from . import test_x
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if base and is_test_module(base):
                found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names if is_test_module(alias.name)]
    return found


def test_the_check_sees_every_way_of_importing_a_test_file() -> None:
    source = """
from tests.ui.test_board import drag
from tests.ui import test_main_window
import tests.planner.test_cli
from .test_saving import click
def later():
    from tests.planner.test_commands import roundtrip
from tests.ui.helpers import drag
from tests.planner.strategies import plans
"""
    assert imported_test_modules(source, "tests.ui") == [
        "tests.ui.test_board",
        "tests.ui.test_main_window",
        "tests.planner.test_cli",
        "tests.ui.test_saving",
        "tests.planner.test_commands",
    ]


def test_no_test_file_imports_another_test_file() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        package = ".".join(path.relative_to(TESTS.parent).parent.parts)
        for name in imported_test_modules(path.read_text(encoding="utf-8"), package):
            offenders.append(f"{path.relative_to(TESTS.parent)} imports {name}")
    assert not offenders, "move shared helpers to a helpers module or conftest.py:\n" + "\n".join(offenders)


def test_ui_test_files_open_the_main_window_through_the_shared_helper() -> None:
    """One way to open the window (tests/ui/helpers.py open_window, behind the ``window`` fixture),
    so a change to how it opens is made once."""
    makers = []
    for path in sorted((TESTS / "ui").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "MainWindow":
                makers.append(f"{path.relative_to(TESTS.parent)}:{node.lineno}")
    assert not makers, "use the window fixture or helpers.open_window:\n" + "\n".join(makers)
