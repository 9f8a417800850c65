"""`rocks export`, `rocks report` and `rocks import --workbook` as a user runs them."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from models import Person
from planner.cli.main import main
from planner.exports import exporting
from planner.planfile import fileio, templates
from planner.whatif.scenarios import copy_plan

ROOT = Path(__file__).resolve().parents[2]


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str, err: io.StringIO | None = None) -> tuple[int, str, str]:
    out = io.StringIO()
    err = err if err is not None else io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def plan_file(tmp_path):
    plan = templates.load_template("series-b")
    scenario = copy_plan(plan)
    scenario.people["p99"] = Person("p99", "New TPM", "Technical Program Manager", manager="p3", status="planned")
    plan.scenarios["Lean"] = scenario
    path = tmp_path / "plan.rocks.json"
    fileio.save(plan, path)
    return path


@pytest.fixture
def no_renderers(monkeypatch):
    monkeypatch.setattr(exporting, "_chart_writer", None)
    monkeypatch.setattr(exporting, "_report_writer", None)


@pytest.fixture
def fake_chart(monkeypatch):
    calls = []

    def writer(plan, path, options, progress):
        calls.append((plan, path, options))
        with exporting.atomic_output(path) as tmp:
            tmp.write_bytes(b"%PDF-fake")

    monkeypatch.setattr(exporting, "_chart_writer", writer)
    return calls


@pytest.fixture
def fake_report(monkeypatch):
    calls = []

    def writer(plan, path, options, progress=exporting.no_progress, book=None):
        calls.append((plan, path, options, book))
        progress(1, 2, "pages")
        with exporting.atomic_output(path) as tmp:
            tmp.write_bytes(b"%PDF-report")

    monkeypatch.setattr(exporting, "_report_writer", writer)
    return calls


def test_xlsx_through_the_installed_entry_point_then_import_back(plan_file, tmp_path):
    out = tmp_path / "plan.xlsx"
    code = "import sys; from ui.window.launcher import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, "export", str(plan_file), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (11 people, 41 rocks")
    assert result.stderr == ""  # not a terminal: no progress line
    assert openpyxl.load_workbook(out).sheetnames[:5] == ["People", "Rocks", "Matrix", "Findings", "Moves"]
    back = tmp_path / "back.rocks.json"
    code, stdout, err = run("import", "--workbook", str(out), "-o", str(back))
    assert code == 0, err
    assert "11 people, 41 rocks, 3 teams" in stdout
    original, restored = fileio.load(plan_file), fileio.load(back)
    a, b = fileio.plan_to_dict(original), fileio.plan_to_dict(restored)
    for key in ("name", "settings", "people", "rocks", "teams", "moves"):
        assert a[key] == b[key], key


def test_scenario_csv_and_graph_formats(plan_file, tmp_path):
    out = tmp_path / "lean.csv"
    code, stdout, _ = run("export", str(plan_file), "-o", str(out), "--scenario", "Lean")
    assert code == 0
    assert "12 people" in stdout and "table people" in stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 13
    code, _, _ = run("export", str(plan_file), "-o", str(tmp_path / "rocks.csv"), "--table", "rocks")
    assert code == 0
    assert (tmp_path / "rocks.csv").read_text(encoding="utf-8").startswith("id,title,discipline,owner id")
    code, _, _ = run("export", str(plan_file), "-o", str(tmp_path / "g.graphml"))
    assert code == 0 and nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == 52
    code, _, _ = run("export", str(plan_file), "-o", str(tmp_path / "g.DOT"))
    assert code == 0 and (tmp_path / "g.DOT").read_text(encoding="utf-8").startswith("digraph ")


def test_unknown_extension_lists_the_formats(plan_file, tmp_path):
    code, stdout, err = run("export", str(plan_file), "-o", str(tmp_path / "plan.docx"))
    assert code == 2 and stdout == ""
    assert "unknown export format .docx" in err
    for suffix in exporting.EXPORT_FORMATS:
        assert suffix in err
    assert not (tmp_path / "plan.docx").exists()


def test_option_mistakes_are_one_line_errors(plan_file, tmp_path):
    cases = [
        (["-o", str(tmp_path / "a.csv"), "--table", "salaries"], "--table: unknown table 'salaries'"),
        (["-o", str(tmp_path / "a.xlsx"), "--table", "rocks"], "--table: only for .csv"),
        (["-o", str(tmp_path / "a.csv"), "--root", "Grace Liu"], "--root: only shape charts"),
        (["-o", str(tmp_path / "a.xlsx"), "--scenario", "Nope"], 'No scenario called "Nope"'),
        (["-o", str(tmp_path / "a.png"), "--dpi", "5"], "--dpi: expected 30 to 1200"),
    ]
    for extra, message in cases:
        code, _, err = run("export", str(plan_file), *extra)
        assert code == 2, extra
        assert message in err and "Traceback" not in err, (extra, err)
        assert len(err.strip().splitlines()) == 1


def test_refuses_to_overwrite_without_force(plan_file, tmp_path):
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"keep me")
    code, _, err = run("export", str(plan_file), "-o", str(out))
    assert code == 2 and "already exists (use --force to overwrite)" in err
    assert out.read_bytes() == b"keep me"
    code, _, _ = run("export", str(plan_file), "-o", str(out), "--force")
    assert code == 0 and out.read_bytes().startswith(b"PK")


def test_chart_without_a_registered_renderer_is_a_clear_error(plan_file, tmp_path, no_renderers):
    code, stdout, err = run("export", str(plan_file), "-o", str(tmp_path / "chart.pdf"))
    assert code == 2 and stdout == ""
    assert "charts are drawn by the app's renderer" in err
    assert not (tmp_path / "chart.pdf").exists()


def test_chart_options_reach_the_registered_writer(plan_file, tmp_path, fake_chart):
    out = tmp_path / "chart.png"
    code, stdout, _ = run(
        "export", str(plan_file), "-o", str(out), "--root", "grace liu", "--depth", "2", "--compact", "--dpi", "300"
    )
    assert code == 0 and out.read_bytes() == b"%PDF-fake"
    ((_plan, path, options),) = fake_chart
    assert path == out
    assert options == exporting.ChartOptions(root="p3", depth=2, compact=True, dpi=300, scenario="")
    code, _, _ = run("export", str(plan_file), "-o", str(tmp_path / "lean.svg"), "--scenario", "Lean")
    assert code == 0
    plan, _, options = fake_chart[1]
    assert options.scenario == "Lean" and options.compact is None and len(plan.people) == 12
    code, _, err = run("export", str(plan_file), "-o", str(tmp_path / "x.pdf"), "--root", "Nobody Here")
    assert code == 2 and "--root: nobody in the plan" in err


def test_progress_shows_only_on_a_terminal(plan_file, tmp_path):
    tty = Tty()
    code, stdout, _ = run("export", str(plan_file), "-o", str(tmp_path / "a.xlsx"), err=tty)
    assert code == 0 and "exporting: " in tty.getvalue() and "/11 people" in tty.getvalue()
    assert "exporting" not in stdout
    code, _, err = run("export", str(plan_file), "-o", str(tmp_path / "b.xlsx"))
    assert code == 0 and err == ""


def test_report_validates_compare_names_and_passes_the_book(plan_file, tmp_path, fake_report):
    out = tmp_path / "review.pdf"
    code, _, err = run("report", str(plan_file), "--compare", "baseline", "Leaner", "-o", str(out))
    assert code == 2
    assert 'no scenario called "Leaner"' in err and "this plan has: baseline, Lean" in err
    assert fake_report == [] and not out.exists()
    code, stdout, _ = run("report", str(plan_file), "--compare", "baseline", "Lean", "-o", str(out))
    assert code == 0 and out.read_bytes() == b"%PDF-report"
    assert "wrote" in stdout and "baseline vs Lean" in stdout
    plan, path, options, book = fake_report[0]
    assert options.compare == ("baseline", "Lean") and path == out
    assert set(book.scenarios) == {"Lean"} and plan is book
    code, _, err = run("report", str(plan_file), "-o", str(out))
    assert code == 2 and "already exists" in err
    code, _, _ = run("report", str(plan_file), "-o", str(out), "--force", "--scenario", "Lean")
    assert code == 0
    plan, _, options, book = fake_report[1]
    assert options.compare is None and options.chart.scenario == "Lean" and len(plan.people) == 12
    code, _, err = run("report", str(plan_file), "-o", str(tmp_path / "review.png"))
    assert code == 2 and "expected a file ending in .pdf" in err


def test_report_without_a_renderer_is_a_clear_error(plan_file, tmp_path, no_renderers):
    code, _, err = run("report", str(plan_file), "-o", str(tmp_path / "review.pdf"))
    assert code == 2 and "review packs are drawn by the app's renderer" in err


def test_import_needs_people_or_a_workbook_not_both(plan_file, tmp_path):
    out = tmp_path / "x.rocks.json"
    code, _, err = run("import", "-o", str(out))
    assert code == 2 and "--people SHEET" in err and "--workbook FILE.xlsx" in err
    code, _, err = run("import", "--workbook", "a.xlsx", "--people", "p.csv", "-o", str(out))
    assert code == 2 and "drop --people" in err
    code, _, err = run("import", "--workbook", str(tmp_path / "missing.xlsx"), "-o", str(out))
    assert code == 2 and "no such file" in err
    assert not out.exists()


def test_import_of_a_damaged_workbook_names_sheet_row_and_column(plan_file, tmp_path):
    book_path = tmp_path / "plan.xlsx"
    assert run("export", str(plan_file), "-o", str(book_path))[0] == 0
    book = openpyxl.load_workbook(book_path)
    rocks = book["Rocks"]
    rocks.cell(row=9, column=[c.value for c in rocks[1]].index("effort") + 1, value="a lot")
    book.save(book_path)
    out = tmp_path / "x.rocks.json"
    code, _, err = run("import", "--workbook", str(book_path), "-o", str(out))
    assert code == 2
    assert "sheet Rocks, row 9, column effort" in err and '"a lot"' in err
    assert not out.exists()
