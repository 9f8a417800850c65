"""planner.exports: writers register themselves by suffix, so the registry (exporting.py) names none of them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.errors import PlanError
from planner.exports import exporting
from planner.planfile import templates

ROOT = Path(__file__).resolve().parents[2]
WRITERS = ("planner.exports.tables", "planner.exports.graphs", "planner.exports.workbook", "planner.exports.ooxml")


def test_the_registry_imports_none_of_its_writers():
    tree = ast.parse((ROOT / "planner/exports/exporting.py").read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert [m for m in imported if m and m.startswith(WRITERS)] == []


def test_every_table_and_graph_format_is_registered_once_the_room_is_imported():
    code = (
        "from planner.exports.exporting import _format_writers, TABLE_FORMATS, GRAPH_FORMATS; "
        "missing = set(TABLE_FORMATS + GRAPH_FORMATS) - set(_format_writers); assert not missing, missing; "
        "print(sorted(_format_writers))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['.csv',", "'.dot',", "'.graphml',", "'.xlsx']"]


def test_export_hands_a_registered_suffix_to_its_writer(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(exporting, "_format_writers", dict(exporting._format_writers))
    exporting.register_format((".TSV",), lambda plan, path, options, progress: calls.append((path.name, options)))
    plan = templates.load_template("first-pm")
    exporting.export(plan, tmp_path / "out.tsv", table="rocks", chart=exporting.ChartOptions(scenario="Hire"))
    assert calls == [("out.tsv", exporting.TableOptions(table="rocks", scenario="Hire"))]


def test_an_unregistered_suffix_is_a_plan_error_listing_the_formats(tmp_path):
    plan = templates.load_template("first-pm")
    with pytest.raises(PlanError, match=r"unknown export format \.txt; expected a file ending in \.pdf, .*\.dot"):
        exporting.export(plan, tmp_path / "out.txt")
    assert list(tmp_path.iterdir()) == []
