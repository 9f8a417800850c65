"""The `rocks` command line, end to end, as a user runs it (a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "import"  # copies of real files; the suite needs nothing beside the repo


def rocks(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the same entry point as the installed `rocks` script."""
    code = "import sys; from ui.launcher import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120
    )


def test_templates_lists_the_four_builtins():
    result = rocks("templates")
    assert result.returncode == 0
    for name in ("solo-founder", "first-pm", "series-b", "scale-up"):
        assert name in result.stdout


def test_new_then_check_json(tmp_path):
    out = tmp_path / "plan.rocks.json"
    result = rocks("new", "--template", "solo-founder", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()
    result = rocks("check", str(out), "--json")
    doc = json.loads(result.stdout)
    assert set(doc) == {"summary", "findings"}
    for key in ("people", "rocks", "engineers", "pms"):
        assert key in doc["summary"]
    rules = {f["rule"] for f in doc["findings"]}
    assert {"acting-pm", "unicorn"} <= rules
    has_error = any(f["severity"] == "error" for f in doc["findings"])
    assert result.returncode == (1 if has_error else 0)
    for f in doc["findings"]:
        assert set(f) == {"rule", "severity", "message", "subjects", "source"}
        assert f["source"].startswith("docs/rules.md, ")


def test_new_refuses_to_overwrite(tmp_path):
    out = tmp_path / "plan.rocks.json"
    out.write_text("keep me")
    result = rocks("new", "--template", "first-pm", "-o", str(out))
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert out.read_text() == "keep me"


def test_new_unknown_template_lists_names(tmp_path):
    result = rocks("new", "--template", "nope", "-o", str(tmp_path / "x.rocks.json"))
    assert result.returncode == 2
    assert "series-b" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_clean_plan_exits_zero_and_error_plan_exits_one(tmp_path):
    clean = tmp_path / "clean.rocks.json"
    rocks("new", "--template", "scale-up", "-o", str(clean))
    result = rocks("check", str(clean))
    assert result.returncode == 0
    assert "0 errors, 0 warnings" in result.stdout
    heavy = tmp_path / "heavy.rocks.json"
    rocks("new", "--template", "solo-founder", "-o", str(heavy))
    result = rocks("check", str(heavy))
    assert result.returncode == 1
    assert "ERROR" in result.stdout and "overload" in result.stdout


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{not json", "not valid JSON"),
        ('{"schema_version": 99}', "newer version"),
        ('{"schema_version": 1, "people": [{"id": "a", "name": "A", "capacity": "lots"}]}', "people[0].capacity"),
    ],
)
def test_check_unreadable_file_exits_two_without_traceback(tmp_path, content, expected):
    bad = tmp_path / "bad.rocks.json"
    bad.write_text(content)
    result = rocks("check", str(bad))
    assert result.returncode == 2
    assert expected in result.stderr
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr


def test_check_missing_file(tmp_path):
    result = rocks("check", str(tmp_path / "nope.rocks.json"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_summary_table(tmp_path):
    out = tmp_path / "p.rocks.json"
    rocks("new", "--template", "series-b", "-o", str(out))
    result = rocks("summary", str(out))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["name", "role", "family", "load"]
    assert any("Samir Haddad" in line and "110" in line for line in lines)


def test_import_real_drawio_file(tmp_path):
    out = tmp_path / "drawio.rocks.json"
    result = rocks("import", "--people", str(DATA / "drawio-default-orgchart.csv"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "ignored columns" in result.stderr
    plan = json.loads(out.read_text())
    names = {p["name"]: p for p in plan["people"]}
    assert set(names) == {"Tessa Miller", "Edward Morrison", "Alison Donovan", "Evan Valet"}
    assert "manager" not in names["Tessa Miller"]
    tessa = names["Tessa Miller"]["id"]
    assert names["Evan Valet"]["manager"] == tessa
    assert len(names["Alison Donovan"]["dotted"]) == 2
    check = rocks("check", str(out))
    assert check.returncode == 0


def test_import_error_lists_rows_and_writes_nothing(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,role,manager\nAna,Head of Product,\nBen,PM,Zed\nCy,PM,Nobody\n")
    out = tmp_path / "out.rocks.json"
    result = rocks("import", "--people", str(people), "-o", str(out))
    assert result.returncode == 2
    assert "people.csv:3" in result.stderr and "people.csv:4" in result.stderr
    assert "Zed" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob("*.tmp"))
    lenient = rocks("import", "--people", str(people), "-o", str(out), "--lenient")
    assert lenient.returncode == 0, lenient.stderr
    assert out.exists()


def test_cli_never_imports_qt(tmp_path):
    out = tmp_path / "p.rocks.json"
    rocks("new", "--template", "first-pm", "-o", str(out))
    code = (
        "import sys; from ui.launcher import main; main(['check', sys.argv[1]]); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'matplotlib', 'pandas'))]; "
        "print('LOADED', bad)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, cwd=ROOT)
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


def test_check_counts_use_plurals(tmp_path):
    path = tmp_path / "p.rocks.json"
    assert rocks("new", "--template", "series-b", "-o", str(path)).returncode == 0
    result = rocks("check", str(path))
    assert "0 errors, 4 warnings, 2 info" in result.stdout
