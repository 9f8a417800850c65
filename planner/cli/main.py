"""The ``rocks`` command line (never imports Qt, so it works with no display).

Exit codes: 0 fine, 1 ``check`` found an error-severity finding, 2 the input
could not be used or the output not written (message on stderr, never a
traceback), 141 the reader closed the pipe (``rocks summary FILE | head``).
Plan text is untrusted: every piece of it printed for people goes through
``planner.core.text.terminal_safe`` so a name cannot move the cursor, clear the screen or fake a line.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from planner.checks.headline import pm_text
from planner.cli import edit as edit_cmds
from planner.cli import export as export_cmds
from planner.cli import whatif
from planner.cli.text import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_PIPE,
    ClosedOutput,
    NoErrors,
    add_scenario_option,
    error_text,
    json_text,
    load_plan,
    refuse_overwrite,
    say,
)
from planner.core.errors import PlanError
from planner.core.text import plural, terminal_safe

if TYPE_CHECKING:
    from planner.checks.analysis import Analysis


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rocks",
        description="Rocks: plan who carries which product-management rocks as a team grows. "
        "With no command, opens the desktop app on the built-in sample plan.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open a plan file in the desktop app")
    p.add_argument("file", nargs="?", help="a .rocks.json plan")

    p = sub.add_parser("new", help="write a new plan from a built-in template")
    p.add_argument("--template", "-t", default="first-pm", help="template name (see `rocks templates`)")
    p.add_argument("-o", "--output", required=True, help="the .rocks.json file to write")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    sub.add_parser("templates", help="list the built-in templates")

    p = sub.add_parser("import", help="build a plan from people/rocks/teams spreadsheets (CSV, TSV, XLSX)")
    p.add_argument("--people", help="people sheet: name, role, manager or parent id, ... (or --workbook)")
    p.add_argument(
        "--workbook", metavar="FILE", help="a workbook from `rocks export -o FILE.xlsx`: people, rocks, teams, moves"
    )
    p.add_argument("--rocks", help="rocks sheet: title, discipline, effort, owner, ...")
    p.add_argument("--teams", help="teams sheet: team, engineers")
    p.add_argument("-o", "--output", required=True, help="the .rocks.json file to write")
    p.add_argument("--name", help="plan name (default: the output file name)")
    p.add_argument(
        "--lenient",
        action="store_true",
        help="make people whose manager is not found roots, and import rows with an unknown status as active "
        "(with a warning)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="read a people field from a column (a header or a number, 1 = first; empty = do not import it); "
        "FIELD: name, id, role, manager, parent, dotted, capacity, team, email, status, start, end, asof, founder",
    )
    p.add_argument("--no-header", action="store_true", help="the people file's first row is data, not headers")
    p.add_argument("--delimiter", metavar="C", help="the CSV delimiter (default: detected among , ; tab |)")
    p.add_argument(
        "--seed-rocks",
        action="store_true",
        help="give each person the catalog rocks typical for their role (estimates)",
    )

    p = sub.add_parser("check", help="run the checks on a plan")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_scenario_option(p)

    p = sub.add_parser("summary", help="a table of people with their load by discipline")
    p.add_argument("file")
    add_scenario_option(p)

    whatif.add_parsers(sub)
    edit_cmds.add_parsers(sub)
    export_cmds.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    if out is None:
        _closed_streams()
        _tolerant_streams()
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        code = _run(args, out, err)
        out.flush()  # a closed pipe or a full disk shows here, not at interpreter exit
        return code
    except PlanError as e:
        say(err, f"rocks: {error_text(e)}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        _silence(out)
        return EXIT_PIPE
    except OSError as e:  # reading a file the commands did not wrap, or writing our output
        where = f"{terminal_safe(e.filename)}" if e.filename else "the output"
        say(err, f"rocks: {where}: cannot be read or written ({terminal_safe(e.strerror or e)})")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "new":
        return _new(args, out)
    if args.command == "templates":
        return _templates(out)
    if args.command == "import":
        return _import(args, out, err)
    if args.command == "check":
        return _check(args, out)
    if args.command == "summary":
        return _summary(args, out)
    if args.command in whatif.COMMANDS:
        return whatif.run(args, out, err)
    if args.command in edit_cmds.COMMANDS:
        return edit_cmds.run(args, out, err)
    if args.command in export_cmds.COMMANDS:
        return export_cmds.run(args, out, err)
    build_parser().print_help(out)
    return EXIT_OK


def _closed_streams() -> None:
    """A stream the shell closed (``>&-``, ``2>&-``) is None in sys: writing stdout then fails with
    one line on stderr (as a full disk would), and errors never fall back to stdout."""
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:
        sys.stderr = NoErrors()


def _tolerant_streams() -> None:
    """Characters the terminal's encoding cannot show print as '?' instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


def _silence(out: TextIO) -> None:
    """After EPIPE, point stdout at devnull so the final flush at exit is quiet (as the Python docs advise)."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)


def _new(args: argparse.Namespace, out: TextIO) -> int:
    from planner.planfile import fileio, templates
    path = Path(args.output)
    refuse_overwrite(path, args.force)
    plan = templates.load_template(args.template)
    fileio.save(plan, path)
    print(
        f"wrote {terminal_safe(path)} from template '{terminal_safe(args.template)}' ({len(plan.people)} people, {len(plan.rocks)} rocks)",
        file=out,
    )
    return EXIT_OK


def _templates(out: TextIO) -> int:
    from planner.planfile import templates
    infos = templates.list_templates()
    width = max(len(t.name) for t in infos)
    for t in infos:
        print(f"{terminal_safe(t.name).ljust(width)}  {terminal_safe(t.description)}", file=out)
    return EXIT_OK


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from planner.imports.importer import ImportFailed, import_sheets
    from planner.imports.job import shown_details, terminal_progress
    from planner.imports.mapping import parse_delimiter, parse_map
    from planner.planfile import fileio

    path = Path(args.output)
    if args.workbook is not None or args.people is None:
        return _import_workbook(args, path, out, err)
    refuse_overwrite(path, args.force)
    mapping = parse_map(args.map)
    delimiter = parse_delimiter(args.delimiter) if args.delimiter else None
    try:
        result = import_sheets(
            args.people,
            args.rocks,
            args.teams,
            lenient=args.lenient,
            name=args.name or _plan_name(path),
            mapping=mapping,
            header=False if args.no_header else None,
            delimiter=delimiter,
            progress=terminal_progress(err) if err.isatty() else None,  # a big file takes a while: show it
        )
    except ImportFailed as e:  # the error (its one problem not repeated below it), then what to do about it
        say(err, "\n".join([f"rocks: {terminal_safe(e)}", *("  " + terminal_safe(d) for d in shown_details(e))]))
        for hint in e.hints:
            say(err, f"rocks: hint: {terminal_safe(hint)}")
        return EXIT_BAD_INPUT
    for warning in result.warnings:
        print(f"rocks: note: {terminal_safe(warning)}", file=err)
    if args.seed_rocks:
        from planner.imports.seed import seed_in_place

        print(f"rocks: note: {terminal_safe(seed_in_place(result.plan))}", file=err)
    fileio.save(result.plan, path)
    plan = result.plan
    left = f" ({plural(result.leavers, 'leaver')} skipped)" if result.leavers else ""
    print(
        f"wrote {terminal_safe(path)}: {len(plan.people)} people, {len(plan.rocks)} rocks, {len(plan.teams)} teams{left}",
        file=out,
    )
    return EXIT_OK


def _import_workbook(args: argparse.Namespace, path: Path, out: TextIO, err: TextIO) -> int:
    """``rocks import --workbook FILE.xlsx -o PLAN``: a workbook from ``rocks export`` back into a plan."""
    from planner.exports.workbook import read_workbook
    from planner.planfile import fileio

    if args.workbook is None:
        raise PlanError("rocks import needs --people SHEET (with --rocks, --teams) or --workbook FILE.xlsx")
    others = [
        option
        for option, given in (
            ("--people", args.people),
            ("--rocks", args.rocks),
            ("--teams", args.teams),
            ("--map", args.map),
            ("--no-header", args.no_header),
            ("--delimiter", args.delimiter),
            ("--lenient", args.lenient),
        )
        if given
    ]
    if others:
        raise PlanError(f"--workbook reads people, rocks, teams and moves from the workbook; drop {', '.join(others)}")
    refuse_overwrite(path, args.force)
    plan = read_workbook(args.workbook, name=args.name)
    if args.seed_rocks:
        from planner.imports.seed import seed_in_place

        print(f"rocks: note: {terminal_safe(seed_in_place(plan))}", file=err)
    fileio.save(plan, path)
    print(
        f"wrote {terminal_safe(path)}: {len(plan.people)} people, {len(plan.rocks)} rocks, {len(plan.teams)} teams, "
        f"{len(plan.moves)} moves",
        file=out,
    )
    return EXIT_OK


def _plan_name(path: Path) -> str:
    name = path.name
    for suffix in (".rocks.json", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from planner.checks.analysis import Analysis

    # Millions of long-lived plan objects and no cycles: without this the cyclic GC
    # rescans them while the findings and their JSON are built (~1 s at 100k people).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check_plan(Analysis(load_plan(args)), args, out)
    finally:
        if paused:
            gc.enable()


NO_PRODUCT_ROLES = (
    "No product roles found: every person's role maps to engineering, another function (marketing, sales, HR, "
    "finance) or other; check the role column "
    "(rocks import --map role=COLUMN) or add role synonyms"
)


def _check_plan(analysis: Analysis, args: argparse.Namespace, out: TextIO) -> int:
    from planner.checks.rules import title_of

    plan = analysis.plan
    findings = analysis.sorted_findings()
    summary = analysis.summary()
    product = {"pm", "tpm", "pmm", "strategy", "ops", "design", "founder"}
    no_product = bool(plan.people) and not any(analysis.family(pid) in product for pid in plan.people)
    if args.json:
        doc = {"summary": summary, "findings": [f.to_dict() for f in findings]}
        if no_product:  # the checks have nothing to look at: say so rather than pass
            doc["notes"] = [{"id": "no-product-roles", "message": NO_PRODUCT_ROLES}]
        out.write(json_text(doc, out) + "\n")
    else:
        # Today's engineers, PMs and PM:eng, and once planned hires start (as the checks count them).
        numbers: dict[str, Any] = summary
        people, rocks = plural(numbers["people"], "person", "people"), plural(numbers["rocks"], "rock")
        print(f"{terminal_safe(plan.name)}: {people}, {rocks}, {pm_text(summary)}", file=out)
        if no_product:
            print(NO_PRODUCT_ROLES, file=out)
        elif not findings:
            print("No findings: every check passes.", file=out)
        marks = {"error": "ERROR  ", "warning": "warning", "info": "info   "}
        for f in findings:
            print(f"  {marks[f.severity]} {title_of(f.rule)}: {terminal_safe(f.message)}", file=out)
        by = analysis.severity_counts
        counts = [plural(by["error"], "error"), plural(by["warning"], "warning"), f"{by['info']} info"]
        print(", ".join(counts), file=out)
    return EXIT_FINDINGS if summary["errors"] else EXIT_OK


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    from planner.checks.analysis import Analysis

    plan = load_plan(args)
    analysis = Analysis(plan)
    table = plan.discipline_table
    disciplines = list(table.disciplines)
    headers = ["name", "role", "family", "load %", *(terminal_safe(d) for d in disciplines)]
    rows = []
    for pid, person in plan.people.items():
        load = analysis.loads.get(pid)
        by = load.by_discipline if load else {}
        rows.append(
            [
                terminal_safe(person.name),
                terminal_safe(person.role),
                terminal_safe(analysis.family(pid)),
                f"{load.percent:.0f}" if load else "0",
                *(f"{by[d]:g}" if d in by else "" for d in disciplines),
            ]
        )
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    widths[1] = min(widths[1], 32)
    for row in [headers, *rows]:
        cells = [str(c)[: widths[i]].ljust(widths[i]) if i < 3 else str(c).rjust(widths[i]) for i, c in enumerate(row)]
        print("  ".join(cells).rstrip(), file=out)
    s: dict[str, Any] = analysis.summary()
    print(f"\n{plural(s['people'], 'person', 'people')}, {plural(s['rocks'], 'rock')}, {pm_text(s)}", file=out)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
