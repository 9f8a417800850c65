"""Every file a user names is checked before it is read: pipes, devices, zip bombs, huge sheets.

Memory is measured in a child process (its own VmHWM), under an address-space
limit so that a regression fails the test with a MemoryError instead of eating
the machine. Hostile files are built here, in the test's folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from planner.core.errors import PlanError, PlanImportError
from planner.exports.workbook import read_workbook
from planner.imports import sheets
from planner.imports.importer import import_sheets
from planner.imports.mapping import preview
from tests.planner.helpers import write

ROOT = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
needs_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")


def in_child(code: str, *, address_space_mb: int = 3000, timeout: float = 300) -> dict[str, Any]:
    """Run ``code`` in a fresh Python; it sets ``result`` (JSON-able). Returns it with ``peak_mb`` and ``error``.

    The child's address space is capped so a runaway allocation ends in MemoryError, not in swap.
    """
    body = textwrap.indent(textwrap.dedent(code).strip("\n"), "    ")
    script = (
        "import json, resource, sys\n"
        f"cap = {address_space_mb} * 1024 * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (cap, cap))\n"
        "result = None\n"
        "error = ''\n"
        f"try:\n{body}\n"
        "except BaseException as e:\n"
        "    error = f'{type(e).__name__}: {e}'\n"
        "peak = 0\n"
        "for line in open('/proc/self/status'):\n"
        "    if line.startswith('VmHWM:'):\n"
        "        peak = int(line.split()[1]) // 1024\n"
        "print('RESULT=' + json.dumps({'result': result, 'error': error, 'peak_mb': peak}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT=")), None)
    assert line is not None, f"child failed: {proc.stderr[-2000:]}"
    return json.loads(line[len("RESULT=") :])


def no_hang(fn: Callable[[], Any], fifo: Path, limit: float = 20) -> BaseException | None:
    """Run ``fn`` in a thread; if it blocks on the pipe, give the pipe a writer and fail the test."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            fn()
            outcome.append(None)
        except BaseException as e:  # noqa: BLE001 - handed to the test thread
            outcome.append(e)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        with open(fifo, "wb"):  # unblocks open(); /dev/zero-like reads end at EOF
            pass
        worker.join(limit)
        pytest.fail(f"reading the named pipe {fifo.name} blocked")
    return outcome[0]


# ------------------------------------------------------------ 6. pipes and devices


@needs_fifo
@pytest.mark.parametrize("role", ["people", "rocks", "teams"])
def test_importing_a_named_pipe_is_refused_without_waiting(tmp_path, role):
    fifo = tmp_path / f"{role}.csv"
    os.mkfifo(fifo)
    people = write(tmp_path, "p.csv", "name\nAnn\n") if role != "people" else fifo
    files = {"rocks": fifo if role == "rocks" else None, "teams": fifo if role == "teams" else None}
    error = no_hang(lambda: import_sheets(people, **files), fifo)
    assert isinstance(error, PlanImportError)
    assert f"{role}.csv: is a named pipe, expected a .csv, .tsv or .xlsx file" in error.details


@needs_fifo
def test_the_preview_refuses_a_named_pipe_without_waiting(tmp_path):
    fifo = tmp_path / "people.csv"
    os.mkfifo(fifo)
    error = no_hang(lambda: preview(fifo), fifo)
    assert isinstance(error, PlanImportError)
    assert "people.csv: is a named pipe" in str(error)


@needs_fifo
def test_a_workbook_that_is_a_named_pipe_is_refused(tmp_path):
    fifo = tmp_path / "plan.xlsx"
    os.mkfifo(fifo)
    error = no_hang(lambda: read_workbook(fifo), fifo)
    assert isinstance(error, PlanError)
    assert str(error) == f"{fifo}: is a named pipe, expected an Excel .xlsx workbook"


@needs_proc
@needs_zero
@pytest.mark.parametrize(
    "call",
    [
        "import_sheets('/dev/zero')",
        "import_sheets(people, rocks='/dev/zero')",
        "preview('/dev/zero')",
        "read_workbook('/dev/zero')",
    ],
)
def test_a_device_is_refused_unread(tmp_path, call):
    people = write(tmp_path, "p.csv", "name\nAnn\n")
    out = in_child(
        f"""
        from planner.imports.importer import import_sheets
        from planner.imports.mapping import preview
        from planner.exports.workbook import read_workbook
        people = {str(people)!r}
        try:
            {call}
        except Exception as e:
            result = str(e)
        """,
        address_space_mb=1500,
    )
    assert out["error"] == ""
    assert re.search(r"(zero|/dev/zero): is a device, expected ", out["result"] or ""), out
    assert out["peak_mb"] < 300, out


@needs_zero
def test_the_cli_import_refuses_a_device_with_a_message(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "planner.cli.main", "import", "--people", "/dev/zero", "-o", str(tmp_path / "o.rocks.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=lambda: __import__("resource").setrlimit(
            __import__("resource").RLIMIT_AS, (1500 * 2**20, 1500 * 2**20)
        ),
    )
    assert proc.returncode == 2, proc.stderr[-1000:]
    assert "zero: is a device, expected a .csv, .tsv or .xlsx file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_folder_and_a_missing_file_are_named(tmp_path):
    error = pytest.raises(PlanImportError, import_sheets, tmp_path).value
    assert error.details == [f"{tmp_path.name}: is a folder, expected a .csv, .tsv or .xlsx file"]
    error = pytest.raises(PlanImportError, import_sheets, tmp_path / "gone.csv").value
    assert error.details == ["gone.csv: no such file"]


def test_a_link_to_a_regular_file_is_read(tmp_path):
    target = write(tmp_path, "real.csv", "name\nAnn\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert [p.name for p in import_sheets(link).plan.people.values()] == ["Ann"]


@needs_fifo
def test_a_link_to_a_named_pipe_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "people.csv"
    link.symlink_to(fifo)
    error = no_hang(lambda: import_sheets(link), fifo)
    assert isinstance(error, PlanImportError)
    assert "people.csv: is a named pipe" in str(error)


def test_a_sheet_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "people.csv"
    with open(path, "wb") as fh:
        fh.truncate(sheets.MAX_TEXT_BYTES + 10 * 2**20)  # sparse: nothing to read, and nothing should be
    error = pytest.raises(PlanImportError, import_sheets, path).value
    assert error.details == ["people.csv: is 266 MB; the limit is 256 MB for a spreadsheet file"]


# ------------------------------------------------------------ 7. rocks import --workbook has the import limits


def exported(tmp_path: Path, name: str = "plan.xlsx") -> Path:
    from planner.exports.workbook import write_workbook
    from tests.planner.strategies import sample_plan

    path = tmp_path / name
    write_workbook(sample_plan(), path)
    return path


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes], out: Path | None = None) -> Path:
    parts = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            parts[info.filename] = zf.read(info.filename)
    parts[part] = change(parts[part])
    out = out or path
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


PEOPLE_XML = "xl/worksheets/sheet1.xml"


def add_rows(rows: bytes, dimension: bytes | None = None) -> Callable[[bytes], bytes]:
    """Append ``rows`` to a sheet's data; replace its <dimension> (b"" drops it)."""

    def change(xml: bytes) -> bytes:
        if dimension is not None:
            xml = re.sub(rb'<dimension ref="[^"]*"/>', dimension, xml, count=1)
        return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)

    return change


def test_a_workbook_zip_bomb_is_refused_before_inflating(tmp_path):
    path = exported(tmp_path)
    rewrite(path, PEOPLE_XML, add_rows(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 2_000_000, b""))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(PlanError) as info:
        read_workbook(path)
    assert str(info.value).startswith(f"{path}: {PEOPLE_XML} unpacks to ")
    assert "refused as a possible zip bomb" in str(info.value)


def test_billion_laughs_in_the_shared_strings_is_refused_unexpanded(tmp_path):
    path = exported(tmp_path)
    entities = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10 if i else b"lol") for i in range(10))
    dtd = b'<?xml version="1.0"?>\n<!DOCTYPE sst [' + entities + b"]>\n"
    rewrite(path, "xl/sharedStrings.xml", lambda xml: dtd + xml.split(b"?>", 1)[1].replace(b"<t", b"<t>&l9;</t><t", 1))
    with pytest.raises(PlanError) as info:
        read_workbook(path)
    assert str(info.value) == (
        f"{path}: holds an XML document type declaration (DTD), which a workbook never needs; refused"
    )


def test_rows_below_the_stored_dimension_are_read(tmp_path):
    path = exported(tmp_path)
    extra = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x%d</t></is></c><c r="B%d" t="inlineStr"><is><t>Extra %d</t>'
        b"</is></c></row>" % (r, r, r, r, r)
        for r in range(15, 25)
    )
    rewrite(path, PEOPLE_XML, add_rows(extra, b'<dimension ref="A1:C3"/>'))
    people = read_workbook(path).people
    assert len(people) == 16  # the 6 of the sample and the 10 below the stored dimension
    assert people["x24"].name == "Extra 24"


def test_the_people_import_reads_rows_below_the_stored_dimension(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["name"])
    for i in range(12):
        ws.append([f"Person {i}"])
    wb.save(tmp_path / "org.xlsx")
    rewrite(
        tmp_path / "org.xlsx",
        PEOPLE_XML,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A3"/>', xml),
    )
    assert len(import_sheets(tmp_path / "org.xlsx").plan.people) == 12


@needs_proc
def test_a_workbook_of_blank_rows_past_excels_last_row_is_refused_in_bounded_memory(tmp_path):
    path = exported(tmp_path)
    rewrite(path, PEOPLE_XML, add_rows(b"".join(b'<row r="%d"/>' % r for r in range(8, 1_200_000)), b""))
    out = in_child(
        f"""
        from planner.exports.workbook import read_workbook
        try:
            read_workbook({str(path)!r})
            result = "read"
        except Exception as e:
            result = str(e)
        """
    )
    assert out["result"] == (
        f"{path}: sheet People, row 1048576: row 1,048,577 is past Excel's last row (1,048,576); the file is damaged"
    ), out
    assert out["peak_mb"] < 250, out


@needs_proc
def test_a_sparse_workbook_costs_its_cells_not_its_width(tmp_path):
    """Cells in column ALL (1,000, within the limit) on 20,000 rows: read as 20,000 cells, not 20 million."""
    path = exported(tmp_path)
    far = b"".join(
        b'<row r="%d"><c r="ALL%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r) for r in range(8, 20_008)
    )
    rewrite(path, PEOPLE_XML, add_rows(far, b'<dimension ref="A1:ALL20007"/>'))
    out = in_child(
        f"""
        from planner.exports.workbook import read_workbook
        plan = read_workbook({str(path)!r})
        result = len(plan.people)
        """
    )
    assert out == {"result": 6, "error": "", "peak_mb": out["peak_mb"]}
    assert out["peak_mb"] < 200, out


def test_a_cell_past_the_column_limit_is_refused_naming_it(tmp_path):
    path = exported(tmp_path)
    rewrite(path, PEOPLE_XML, add_rows(b'<row r="9"><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row>'))
    with pytest.raises(PlanError) as info:
        read_workbook(path)
    assert str(info.value) == (
        f"{path}: sheet People, row 9: cell XFD9 is in column 16,384; the limit is 1,000 columns "
        "(move or delete what is that far right)"
    )


# ------------------------------------------------------------ 8. rows are never padded to the header's width


def test_a_csv_wider_than_the_column_limit_is_refused(tmp_path):
    header = "name," + ",".join(f"c{i}" for i in range(1, 20_000))
    path = write(tmp_path, "people.csv", header + "\n" + "".join(f"P{i}\n" for i in range(100)))
    error = pytest.raises(PlanImportError, import_sheets, path).value
    assert error.details == [
        "people.csv:1: more than 1,000 columns hold something (the limit); remove the columns that are not needed"
    ]


def test_a_csv_line_of_a_million_cells_is_refused_before_it_is_split(tmp_path):
    path = write(tmp_path, "people.csv", "name\nAnn" + "," * 1_000_000 + "\nBob\n")
    error = pytest.raises(PlanImportError, import_sheets, path).value
    assert error.details == ["people.csv: line 2 has more than 100,000 cells; this is not a table"]


def test_trailing_empty_cells_past_the_column_limit_are_fine(tmp_path):
    path = write(tmp_path, "people.csv", "name" + "," * 5000 + "\nAnn" + "," * 5000 + "\n")
    assert [p.name for p in import_sheets(path).plan.people.values()] == ["Ann"]


@needs_proc
def test_a_wide_csv_with_one_cell_per_row_is_not_padded(tmp_path):
    """1,000 header columns, 60,000 one-cell rows: padding them took 60 million cells."""
    header = "name," + ",".join(f"c{i}" for i in range(1, 1000))
    path = write(tmp_path, "people.csv", header + "\n" + "".join(f"Person {i}\n" for i in range(60_000)))
    out = in_child(
        f"""
        from planner.imports.importer import import_sheets
        result = len(import_sheets({str(path)!r}).plan.people)
        """
    )
    assert out["result"] == 60_000, out
    assert out["peak_mb"] < 400, out


@needs_proc
def test_an_xlsx_with_one_far_cell_per_row_is_not_padded(tmp_path):
    """A name in A and a note in column ALL (1,000) on each of 30,000 rows."""
    path = tmp_path / "org.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["name"])
    wb.save(path)
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>P%d</t></is></c><c r="ALL%d" t="inlineStr"><is><t>x</t></is></c>'
        b"</row>" % (r, r, r, r)
        for r in range(2, 30_002)
    )
    rewrite(path, PEOPLE_XML, add_rows(rows, b""))
    out = in_child(
        f"""
        from planner.imports.importer import import_sheets
        result = import_sheets({str(path)!r})
        result = [len(result.plan.people), result.warnings[0]]
        """
    )
    assert out["result"] == [
        30_000,
        'org.xlsx:2: 1 extra cell beyond the 1 header column ignored ("x"); give that column a header to import it',
    ], out
    assert out["peak_mb"] < 300, out


def test_an_xlsx_cell_past_the_column_limit_is_refused_naming_it(tmp_path):
    path = tmp_path / "org.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["name"])
    wb.active.append(["Ann"])
    wb.active["XFD3"] = "x"
    wb.save(path)
    error = pytest.raises(PlanImportError, import_sheets, path).value
    assert error.details == [
        "org.xlsx:3: cell XFD3 is in column 16,384; the limit is 1,000 columns (move or delete what is that far right)"
    ]


# ------------------------------------------------------------ 13. error cells are not names


def test_error_cells_are_refused_naming_the_cell(tmp_path):
    path = tmp_path / "org.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["name", "note"], ["Ann", "ok"], ["#N/A", "#DIV/0!"]):
        ws.append(row)
    wb.save(path)
    # openpyxl writes "#N/A" typed as text; make them the error cells a spreadsheet writes.
    rewrite(path, PEOPLE_XML, lambda xml: re.sub(rb'<c r="(A3|B3)"[^>]*>.*?</c>', _error_cell, xml))
    error = pytest.raises(PlanImportError, import_sheets, path).value
    assert error.details == [
        "org.xlsx:3:A: error value #N/A (a formula that failed); fix it in the spreadsheet, or clear the cell",
    ]
    # In a column that is not imported, the same cell is a warning, and the row's name is read.
    rewrite(
        path,
        PEOPLE_XML,
        lambda xml: re.sub(rb'<c r="A3"[^>]*>.*?</c>', b'<c r="A3" t="inlineStr"><is><t>Bob</t></is></c>', xml),
    )
    result = import_sheets(path)
    assert [p.name for p in result.plan.people.values()] == ["Ann", "Bob"]
    assert result.warnings[-1] == (
        "org.xlsx:3:B: error value #DIV/0! (a formula that failed); fix it in the spreadsheet, or clear the cell "
        "(a column that is not imported)"
    )


def _error_cell(m: re.Match[bytes]) -> bytes:
    ref = m.group(1)
    code = b"#N/A" if ref == b"A3" else b"#DIV/0!"
    return b'<c r="%s" t="e"><v>%s</v></c>' % (ref, code)


def test_error_cells_in_the_workbook_are_refused_naming_sheet_row_and_column(tmp_path):
    path = exported(tmp_path)
    rewrite(
        path,
        PEOPLE_XML,
        lambda xml: re.sub(rb'<c r="B3"[^>]*>.*?</c>', b'<c r="B3" t="e"><v>#N/A</v></c>', xml, count=1),
    )
    with pytest.raises(PlanError) as info:
        read_workbook(path)
    assert str(info.value) == (
        f"{path}: sheet People, row 3, column name: error value #N/A (a formula that failed); fix it or clear the cell"
    )


# ------------------------------------------------------------ 9. plan files are capped by what parsing them costs


def zeros_plan(path: Path, count: int) -> Path:
    with open(path, "wb") as fh:
        fh.write(b'{"schema_version": 1, "people": [0')
        for _ in range(count // 1_000_000):
            fh.write(b",0" * 1_000_000)
        fh.write(b"]}")
    return path


@needs_proc
def test_a_flood_of_tiny_json_values_is_refused_before_parsing(tmp_path):
    """150 MB of "0," made the parser allocate 2.5-4 GB (SIGABRT where memory is limited)."""
    path = zeros_plan(tmp_path / "zeros.rocks.json", 75_000_000)
    out = in_child(
        f"""
        from planner.planfile import fileio
        try:
            fileio.load({str(path)!r})
            result = "loaded"
        except Exception as e:
            result = str(e)
        """,
        address_space_mb=2000,
    )
    assert out["error"] == "", out
    assert out["result"].startswith(f"{path}: too big to open: 75,000,003 JSON values and 1 object "), out
    assert out["peak_mb"] < 300, out


def test_the_cost_model_admits_a_million_imported_people_and_nothing_much_bigger():
    from planner.planfile import loadcost

    # tests/benchmarks/synth.py at 100,000 people: 805,380 objects, 6,276,220 values, 158.6 MB (peak 0.86 GB).
    assert loadcost.load_cost(objects=805_380, values=6_276_220, size=158_638_415) < loadcost.MEMORY_BUDGET
    # A million one-line people of 250-character names took 1.08 GB: a million-row import opens again.
    assert loadcost.load_cost(objects=1_000_001, values=4_000_003, size=274_888_921) < loadcost.MEMORY_BUDGET
    # Twice that many people, or 150 MB of bare "0," values (2.5-4 GB parsed), is refused.
    assert loadcost.load_cost(objects=2_000_001, values=8_000_003, size=549_777_842) > loadcost.MEMORY_BUDGET
    assert loadcost.load_cost(objects=1, values=75_000_000, size=150_000_000) > loadcost.MEMORY_BUDGET
    assert loadcost.MEMORY_BUDGET < 2 * 10**9


def test_commas_and_braces_inside_text_are_not_counted(tmp_path, monkeypatch):
    from planner.planfile import fileio, loadcost
    from tests.planner.strategies import sample_plan

    plan = sample_plan()
    rock = next(iter(plan.rocks.values()))
    rock.context = "a, {b}, [c], " * 700
    path = tmp_path / "p.rocks.json"
    fileio.save(plan, path)
    data = path.read_bytes()
    cheap_values = data.count(b",") + data.count(b"[") + data.count(b"{")
    structural = loadcost.load_cost(objects=data.count(b"{") - 700, values=cheap_values - 3500, size=len(data))
    monkeypatch.setattr(loadcost, "MEMORY_BUDGET", structural + 1)  # the cheap count (text included) is over it
    assert fileio.load(path) == plan
    monkeypatch.setattr(loadcost, "MEMORY_BUDGET", structural - 1)
    with pytest.raises(PlanError, match="too big to open"):
        fileio.load(path)


def test_a_plan_file_over_the_byte_limit_is_refused_unread(tmp_path):
    from planner.planfile import fileio
    path = tmp_path / "big.rocks.json"
    with open(path, "wb") as fh:
        fh.truncate(320 * 2**20)
    with pytest.raises(PlanError) as info:
        fileio.load(path)
    assert str(info.value) == (
        f"{path}: is 335.5 MB; Rocks opens plan files up to 315 MB (a 100,000-person plan is about 160 MB)"
    )


def test_recounting_in_pieces_matches_counting_the_whole_file(monkeypatch):
    import random

    import orjson

    from planner.planfile import loadcost

    monkeypatch.setattr(loadcost, "_SCAN", 7)  # tiny pieces: cuts land inside strings, escapes, keys
    rng = random.Random(1)
    choices: list[Any] = ["x,y", "{[", 'q"\\', "", "long,,,{{[[" * 3, 1, None, {"k,": [1, 2]}, "a" * 40]
    for trial in range(300):
        doc = {"a": [rng.choice(choices) for _ in range(rng.randint(0, 20))]}
        data = orjson.dumps(doc, option=orjson.OPT_INDENT_2 if trial % 2 else 0)
        bare = loadcost._JSON_STRING.sub(b"", data)
        expected = (bare.count(b"{"), bare.count(b"{") + bare.count(b"[") + bare.count(b","))
        assert loadcost.structure_counts(data) == expected, data
