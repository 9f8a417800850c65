"""Benchmark a 1,000,000-row people import, as ``rocks import`` runs it.

Run on demand: ``python tests/benchmarks/bench_import_1m.py [--rows 1000000] [--xlsx [--excel-like]] [--check]``.
Writes an HR-style people CSV (or XLSX) in a temporary folder: ids, names, job
titles, manager ids (a tree eight wide), departments, emails, an employment
status with leavers among the people who manage nobody, hire and termination
dates. Then a fresh Python runs ``rocks import`` on it and prints wall time and
its own peak RSS (resource.getrusage of the child); ``--check`` also times
``rocks check`` on the plan written. Never fails on time.

``--xlsx`` writes inline strings (what export libraries stream); ``--excel-like``
writes what Excel saves: shared strings and dates as numbers with a date format.
An XLSX run also times reading the sheet alone (planner.imports.sheets.read_sheet,
in a fresh Python), to tell the reader's share from the rest of the import.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TITLES = (
    "Software Engineer", "Senior Software Engineer", "Product Manager", "Product Designer", "QA Engineer",
    "Account Executive", "Marketing Manager", "Recruiter", "Accountant", "Engineering Manager",
)  # fmt: skip
DEPARTMENTS = ("Engineering", "Product", "Design", "Sales", "Marketing", "People", "Finance")
HEADER = (
    "Employee ID", "Employee Name", "Job Title", "Manager ID", "Department", "Work Email",
    "Employment Status", "Hire Date", "Termination Date",
)  # fmt: skip
FANOUT = 8


def row(i: int, rows: int) -> tuple[str, ...]:
    """Person ``i``: manager (i - 1) // FANOUT; one in fifty of those who manage nobody has left."""
    leaf = i * FANOUT + 1 >= rows
    left = leaf and i % 50 == 7
    title = "Chief Executive Officer" if i == 0 else TITLES[i % len(TITLES)]
    return (
        f"E{i:07d}",
        f"Person{i} Family{i % 9973}",
        title,
        f"E{(i - 1) // FANOUT:07d}" if i else "",
        DEPARTMENTS[i % len(DEPARTMENTS)],
        f"p{i}@example.com",
        "Voluntarily Terminated" if left else ("On Leave" if i % 97 == 3 else "Active"),
        f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "2024-03-31" if left else "",
    )


def write_csv(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        for i in range(rows):
            fh.write(",".join(row(i, rows)) + "\n")


def write_xlsx(path: Path, rows: int, excel_like: bool = False) -> None:
    """A minimal workbook streamed out row by row: inline strings, or (``excel_like``) shared strings and
    date cells."""
    import datetime as dt
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    epoch = dt.date(1899, 12, 30)

    def cell(ref: str, header: str, value: str) -> str:
        if not excel_like:
            return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        if header.endswith("Date") and value[:1].isdigit():
            return f'<c r="{ref}" s="1"><v>{(dt.date.fromisoformat(value) - epoch).days}</v></c>'
        return f'<c r="{ref}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"><sheets><sheet name="people" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
        ),
    }
    if excel_like:
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            "</Relationships>",
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )

            def line(number: int, cells: tuple[str, ...]) -> bytes:
                inner = "".join(cell(f"{chr(65 + i)}{number}", HEADER[i], v) for i, v in enumerate(cells) if v)
                return f'<row r="{number}">{inner}</row>'.encode()

            out.write(line(1, HEADER))
            for i in range(rows):
                out.write(line(i + 2, row(i, rows)))
            out.write(b"</sheetData></worksheet>")
        if excel_like:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main" uniqueCount="%d">' % len(strings)
                )
                for text in strings:
                    out.write(f"<si><t>{escape(text)}</t></si>".encode())
                out.write(b"</sst>")


READ_ONLY = (  # read_sheet alone: what the XLSX reader costs, apart from building the plan
    "from planner.imports.sheets import read_sheet\n"
    "sheet = read_sheet(sys.argv[1], 'people')\n"
    "print(f'read {len(sheet.rows):,} rows of {len(sheet.headers)} columns')\n"
    "code = 0\n"
)


def run(args: list[str], body: str = "") -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MB) of ``rocks ARGS`` (or of ``body`` given ARGS) in a fresh
    Python, and its last line of output (CPU time says more than wall time on a machine others are using)."""
    code = (
        "import resource, sys\n"
        + (body or "from planner.cli.main import main\ncode = main(sys.argv[1:])\n")
        + "use = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(f'PEAK {use.ru_maxrss} {use.ru_utime + use.ru_stime:.1f}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    lines = (done.stdout + done.stderr).strip().splitlines()
    peak, cpu = next(((int(x.split()[1]), float(x.split()[2])) for x in lines if x.startswith("PEAK ")), (0, 0.0))
    out = [x for x in lines if not x.startswith("PEAK ")]
    out = done.stdout.strip().splitlines() or out  # the "wrote ..." line when there is one
    if done.returncode not in (0, 1):
        print("\n".join(out[-15:]), file=sys.stderr)
    note = f"exit {done.returncode}: {out[-1] if out else ''}"[:200]
    return took, cpu, peak / 1024, note  # ru_maxrss is in KB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx", action="store_true", help="write the people as an .xlsx workbook")
    parser.add_argument("--excel-like", action="store_true", help="with --xlsx: shared strings and date cells")
    parser.add_argument("--check", action="store_true", help="also run `rocks check` on the plan written")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / ("people.xlsx" if opts.xlsx else "people.csv")
        start = time.perf_counter()
        if opts.xlsx:
            write_xlsx(sheet, opts.rows, opts.excel_like)
        else:
            write_csv(sheet, opts.rows)
        print(f"wrote {sheet.name}: {opts.rows:,} rows, {os.path.getsize(sheet) / 1e6:.0f} MB "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        if opts.xlsx:
            took, cpu, rss, note = run([str(sheet)], READ_ONLY)
            print(f"read_sheet alone: {took:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:,.0f} MB ({note})")
        plan = Path(tmp) / "big.rocks.json"
        took, cpu, rss, note = run(["import", "--people", str(sheet), "-o", str(plan)])
        print(f"import: {took:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:,.0f} MB ({note})")
        if plan.exists():
            print(f"plan file: {os.path.getsize(plan) / 1e6:.0f} MB")
            if opts.check:
                took, cpu, rss, note = run(["check", str(plan)])
                print(f"check: {took:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:,.0f} MB ({note})")


if __name__ == "__main__":
    main()
