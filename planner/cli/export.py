"""The export commands of ``rocks``: ``export`` (a chart, the tables or the graph) and ``report``.

The format comes from the output's extension (planner.exports.exporting.EXPORT_FORMATS). Tables
and graphs are written here; charts and review packs are drawn by the renderers the
desktop layer registers (planner.exports.exporting.register), so without them the command says
so and exits 2. An existing output is kept unless --force; every file is written
atomically. Progress shows on stderr only when it is a terminal; the last line on
stdout says what was written.
"""

from __future__ import annotations

import argparse
import inspect
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from planner.cli.text import EXIT_OK, add_scenario_option, load_book, load_plan, refuse_overwrite, say
from planner.core.errors import PlanError
from planner.core.text import terminal_safe
from planner.exports.exporting import (
    CHART_FORMATS,
    EXPORT_FORMATS,
    TABLES,
    ChartOptions,
    Progress,
    ReportOptions,
)

if TYPE_CHECKING:
    from models import Plan

COMMANDS = ("export", "report")
MIN_DPI, MAX_DPI = 30, 1200


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="export a plan: chart (.pdf .svg .png), tables (.xlsx .csv) or graph (.graphml .dot)",
        description="Write the plan in the format OUT's extension names: "
        f"{', '.join(EXPORT_FORMATS)}. The .xlsx workbook holds every table "
        "(people, rocks, matrix, findings, moves, teams) and reads back with `rocks import --workbook`; "
        ".csv holds one table (--table). --root, --depth, --compact and --dpi shape the chart only; "
        "tables and graphs always cover the whole plan (or scenario).",
    )
    p.add_argument("file", help="a .rocks.json plan")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the file to write; its extension picks the format"
    )
    add_scenario_option(p)
    p.add_argument("--root", metavar="NAME", help="chart only: draw this person's subtree (a name or an id)")
    p.add_argument("--depth", type=int, metavar="N", help="chart only: levels below the root(s) to draw (0: the roots)")
    p.add_argument(
        "--compact",
        action="store_true",
        default=None,
        help="chart only: stack leaf reports under their manager (default: on for big plans)",
    )
    p.add_argument(
        "--table",
        metavar="NAME",
        help=f".csv only: the table to write, one of {', '.join(TABLES)} (default people)",
    )
    p.add_argument("--dpi", type=int, metavar="N", help=f"PNG only: resolution, {MIN_DPI} to {MAX_DPI} (default 150)")
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT")

    p = sub.add_parser(
        "report",
        help="write a review pack: one PDF with the headline numbers, chart, loads, findings (and a comparison)",
        description="Write a multi-page PDF for a planning review. --compare A B adds before/after pages "
        "between two scenarios of the plan ('baseline' is the plan itself).",
    )
    p.add_argument("file", help="a .rocks.json plan")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two scenario names to compare ('baseline' allowed)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the .pdf file to write")
    add_scenario_option(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "export":
        return _export(args, out, err)
    return _report(args, out, err)


def terminal_progress(err: TextIO, verb: str = "exporting") -> tuple[Progress, Any]:
    """A progress callback drawing one line on ``err`` when it is a terminal (else silent), and its finisher."""
    try:
        tty = bool(err.isatty())
    except (AttributeError, ValueError, OSError):
        tty = False
    shown = [""]
    drawn_at = [0.0]
    drawn = [False]

    def progress(done: int, total: int, what: str) -> bool:
        if not tty:
            return True
        now = time.monotonic()
        line = f"{verb}: {done}/{total} {what}"
        if line != shown[0] and (now - drawn_at[0] >= 0.1 or done >= total):
            shown[0], drawn_at[0], drawn[0] = line, now, True
            say_inline(err, f"\r{terminal_safe(line)}\x1b[K")
        return True

    def finish() -> None:
        if drawn[0]:
            say_inline(err, "\r\x1b[K")

    return progress, finish


def say_inline(err: TextIO, text: str) -> None:
    try:
        err.write(text)
        err.flush()
    except (OSError, ValueError):
        pass


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from planner.exports import exporting
    path = Path(args.output)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise PlanError(
            f"{args.output}: unknown export format {suffix or '(no extension)'}; expected a file ending in "
            f"{', '.join(EXPORT_FORMATS)} (charts: .pdf .svg .png; tables: .xlsx .csv; graph: .graphml .dot)"
        )
    chart_only = [
        name
        for name, value in (
            ("--root", args.root),
            ("--depth", args.depth),
            ("--compact", args.compact),
            ("--dpi", args.dpi),
        )
        if value is not None
    ]
    if chart_only and suffix not in CHART_FORMATS:
        raise PlanError(
            f"{', '.join(chart_only)}: only shape charts (.pdf .svg .png); {suffix} always covers the whole plan"
        )
    if args.table is not None:
        if suffix != ".csv":
            raise PlanError(
                f"--table: only for .csv (a {suffix} file holds {'every table' if suffix == '.xlsx' else 'the graph'})"
            )
        if args.table not in TABLES:
            raise PlanError(f"--table: unknown table '{terminal_safe(args.table)}'; expected one of {', '.join(TABLES)}")
    if args.depth is not None and args.depth < 0:
        raise PlanError(f"--depth: expected 0 or more levels, got {args.depth}")
    if args.dpi is not None and not MIN_DPI <= args.dpi <= MAX_DPI:
        raise PlanError(f"--dpi: expected {MIN_DPI} to {MAX_DPI}, got {args.dpi}")
    refuse_overwrite(path, args.force)
    if suffix in CHART_FORMATS:
        exporting.chart_writer()  # say now, before reading the plan, if no renderer is registered
    plan = load_plan(args)
    chart = ChartOptions(
        root=exporting.find_person(plan, args.root) if args.root is not None else None,
        depth=args.depth,
        compact=args.compact,
        dpi=args.dpi if args.dpi is not None else ChartOptions.dpi,
        scenario=args.scenario if args.scenario and args.scenario != "baseline" else "",
    )
    progress, finish = terminal_progress(err)
    try:
        exporting.export(plan, path, table=args.table or "people", chart=chart, progress=progress)
    finally:
        finish()
    print(f"wrote {terminal_safe(path)} ({_counts(plan)}{_what(suffix, args.table)})", file=out)
    return EXIT_OK


def _counts(plan: Plan) -> str:
    from planner.core.text import plural

    return f"{plural(len(plan.people), 'person', 'people')}, {plural(len(plan.rocks), 'rock')}"


def _what(suffix: str, table: str | None) -> str:
    if suffix == ".csv":
        return f"; table {table or 'people'}"
    if suffix == ".xlsx":
        return "; sheets People, Rocks, Matrix, Findings, Moves, Teams, Plan"
    return ""


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from models import BASELINE
    from planner.exports import exporting
    from planner.whatif.scenarios import resolve

    path = Path(args.output)
    if path.suffix.lower() != ".pdf":
        raise PlanError(f"{args.output}: a review pack is a PDF; expected a file ending in .pdf")
    refuse_overwrite(path, args.force)
    writer = exporting.report_writer()  # before reading the plan: no renderer, no work
    book = load_book(args.file)
    plan = resolve(book, args.scenario)
    compare: tuple[str, str] | None = None
    if args.compare:
        known = [BASELINE, *book.scenarios]
        for name in args.compare:
            if name not in known:
                raise PlanError(
                    f'--compare: no scenario called "{terminal_safe(name)}" in {terminal_safe(args.file)}; '
                    f"this plan has: {', '.join(terminal_safe(k) for k in known)}"
                )
        compare = (args.compare[0], args.compare[1])
    scenario = args.scenario if args.scenario and args.scenario != BASELINE else ""
    options = ReportOptions(compare=compare, chart=ChartOptions(scenario=scenario))
    progress, finish = terminal_progress(err, "writing report")
    try:
        _call_report(writer, plan, path, options, progress, book, err)
    finally:
        finish()
    extra = f"; {terminal_safe(compare[0])} vs {terminal_safe(compare[1])}" if compare else ""
    print(f"wrote {terminal_safe(path)} ({_counts(plan)}{extra})", file=out)
    return EXIT_OK


def _call_report(
    writer: Any, plan: Plan, path: Path, options: ReportOptions, progress: Progress, book: Plan, err: TextIO
) -> None:
    """Call the registered review-pack writer, handing it the whole plan file (``book=``, to resolve the
    scenarios to compare) when it takes that keyword; one that does not gets the book as its plan
    when comparing, so the scenarios can still be found."""
    try:
        params = inspect.signature(writer).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    takes_book = "book" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    if takes_book:
        writer(plan, path, options, progress, book=book)
    elif options.compare is not None and plan is not book:
        say(err, "rocks: note: the review pack's renderer takes no book; comparing from the baseline")
        writer(book, path, options, progress)
    else:
        writer(plan, path, options, progress)
