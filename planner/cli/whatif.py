"""The what-if commands of ``rocks``: hire, next, diff (and git textconv), timeline, scenarios.

Each takes ``--scenario NAME`` to work on a scenario of the plan instead of its
baseline; ``rocks hire --apply --scenario NAME`` writes the hire into that
scenario, creating it from the baseline if it is new.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from planner.checks.rules import title_of
from planner.cli.text import (
    EXIT_OK,
    add_scenario_option,
    json_text,
    load_book,
    load_plan,
    refuse_overwrite,
    say,
)
from planner.core.errors import PlanError
from planner.core.text import terminal_safe

if TYPE_CHECKING:
    from models import Plan

COMMANDS = ("diff", "hire", "next", "timeline", "scenarios")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff",
        help="compare two plans, or two scenarios of one plan, as a review comment (--textconv FILE for git)",
        description="rocks diff OLD NEW [--json]; rocks diff FILE SCENARIO_A SCENARIO_B [--json]; "
        "rocks diff --textconv FILE renders one plan for git "
        '(git config diff.rocks.textconv "rocks diff --textconv"; .gitattributes: *.rocks.json diff=rocks)',
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--textconv", action="store_true", help="print one plan as stable lines for git diff")

    p = sub.add_parser("hire", help="simulate a hire: which rocks the new person takes, from whom and why")
    p.add_argument("file")
    p.add_argument(
        "--role", required=True, help="role family: pm, tpm, pmm, strategy, ops, design, eng, founder, other"
    )
    p.add_argument("--strategy", required=True, help="by-discipline, strategic-tactical, by-area or balance")
    p.add_argument("--name", help="the new person's name (default: a placeholder like 'New TPM')")
    p.add_argument("--manager", help="who they report to (name or id)")
    p.add_argument("--capacity", type=float, default=100.0, help="percent of a full-time week (default 100)")
    p.add_argument("--start", default="", help="start date or quarter")
    p.add_argument("--open", action="store_true", help="an open role (vacancy) rather than a planned hire")
    p.add_argument(
        "--apply",
        action="store_true",
        help="write the hire into the plan (FILE, or -o OUT); with --scenario into that scenario, "
        "created from the baseline if new",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("-o", "--output", help="with --apply: write here instead of FILE")
    p.add_argument("--force", action="store_true", help="with -o: overwrite an existing OUT")
    add_scenario_option(p)

    p = sub.add_parser(
        "next",
        help="what next: up to 3 answers (move rocks to someone with room, drop, hire, or engineers), each with why",
    )
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_scenario_option(p)

    p = sub.add_parser("timeline", help="growth timeline: roles each quarter calls for, a hiring sequence, a chart")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="write the chart here: a .png, .svg or .pdf file")
    p.add_argument("--force", action="store_true", help="overwrite an existing chart file")
    p.add_argument("--quarters", type=int, help="how many quarters (1-12; default: the longest growth plan)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_scenario_option(p)

    p = sub.add_parser("scenarios", help="list the scenarios of a plan with their headline numbers")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "diff":
        return _diff(args, out)
    if args.command == "hire":
        return _hire(args, out, err)
    if args.command == "next":
        return _next(args, out)
    if args.command == "timeline":
        return _timeline(args, out)
    return _scenarios(args, out)


# -------------------------------------------------------------- diff


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    """``rocks diff OLD NEW``, ``rocks diff FILE A B`` or ``rocks diff --textconv FILE``;
    a report, so 0 whether or not they differ."""
    from planner.whatif.scenarios import resolve

    files: list[str] = args.files
    if args.textconv:
        if len(files) != 1 or args.json:
            raise PlanError("rocks diff --textconv takes exactly one plan file (and no --json)")
        return _textconv(files[0], out)
    if len(files) == 3:
        book = load_book(files[0])
        a, b = resolve(book, files[1]), resolve(book, files[2])
        return _diff_plans(a, b, files[1], files[2], args, out)
    if len(files) != 2:
        raise PlanError(
            f"rocks diff takes two plan files (OLD NEW) or a plan and two of its scenarios (FILE A B), got {len(files)}"
        )
    plans = [load_book(file) for file in files]
    return _diff_plans(plans[0], plans[1], files[0], files[1], args, out, files=True)


def _diff_plans(
    a: Plan, b: Plan, a_name: str, b_name: str, args: argparse.Namespace, out: TextIO, files: bool = False
) -> int:
    """Print the comparison of two loaded plans (shared by the two-file and the scenario forms);
    two ``files`` are compared with their scenarios."""
    from planner.whatif.diff import compare
    from planner.whatif.filediff import compare_files

    result = (compare_files if files else compare)(a, b, a_name, b_name)
    if getattr(args, "json", False):
        out.write(json_text(result.to_dict(), out) + "\n")
    else:
        print(f"{terminal_safe(a_name)} -> {terminal_safe(b_name)}", file=out)
        for line in result.review_text().split("\n"):
            print(terminal_safe(line), file=out)
    return EXIT_OK


def _textconv(file: str, out: TextIO) -> int:
    from planner.whatif.filediff import textconv_lines

    book = load_book(file)
    for line in textconv_lines(book):
        print(terminal_safe(line), file=out)
    for name, scenario in book.scenarios.items():
        print("", file=out)
        print(f"== scenario: {terminal_safe(name)}", file=out)
        for line in textconv_lines(scenario):
            print(terminal_safe(line), file=out)
    return EXIT_OK


# -------------------------------------------------------------- hire


def _hire(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from models import BASELINE
    from planner.editing.document import Document
    from planner.planfile import fileio
    from planner.whatif import hire
    from planner.whatif.scenarios import CreateScenario, SwitchScenario, resolve

    hire.check_role(args.role)
    hire.check_strategy(args.strategy)
    if args.output is not None and not args.apply:
        raise PlanError(f"-o {args.output}: nothing is written without --apply")
    target = Path(args.file) if args.output is None else refuse_overwrite(args.output, args.force, args.file)
    book = load_book(args.file)
    scenario = args.scenario if args.scenario and args.scenario != BASELINE else None
    new_scenario = bool(scenario) and args.apply and scenario not in book.scenarios
    plan = book if new_scenario else resolve(book, scenario)
    manager = hire.find_person(plan, args.manager) if args.manager else None
    proposal = hire.propose(
        plan,
        args.role,
        args.strategy,
        name=args.name,
        manager=manager,
        start=args.start,
        capacity=args.capacity,
        status="open" if args.open else "planned",
    )
    impact = hire.simulate(plan, proposal) if proposal.moves else None
    written = None
    if args.apply and proposal.moves:
        document = Document(book)
        if scenario:
            document.run(CreateScenario(scenario, source=BASELINE) if new_scenario else SwitchScenario(scenario))
        document.run(proposal.command())
        written = target
        fileio.save(book, written)
    if not proposal.moves:
        say(err, f"rocks: note: {terminal_safe(proposal.reason)}; nothing changed")
    if args.json:
        out.write(json_text(_hire_doc(plan, proposal, impact, written), out) + "\n")
        return EXIT_OK
    person = proposal.person
    print(
        f"{terminal_safe(proposal.command().label)} ({terminal_safe(args.role)}, {person.status}, strategy {terminal_safe(args.strategy)})"
        + (f" in scenario {terminal_safe(scenario)}" if scenario else ""),
        file=out,
    )
    names = proposal.names
    for m in proposal.moves:
        rock = plan.rocks[m.rock_id]
        giver = terminal_safe(names.get(m.from_id, m.from_id)) if m.from_id else "nobody"
        print(
            f"  {terminal_safe(rock.title)} ({terminal_safe(rock.discipline)}, {rock.effort:g}%): {giver} -> "
            f"{terminal_safe(names.get(m.to_id, m.to_id))} \u2014 {terminal_safe(m.reason)}",
            file=out,
        )
    if proposal.kept:
        print("Kept by their owners (never moved by a strategy):", file=out)
        for rid, why in proposal.kept:
            rock = plan.rocks[rid]
            print(f"  {terminal_safe(rock.title)} ({terminal_safe(names.get(rock.owner or '', ''))}): {terminal_safe(why)}", file=out)
    if impact is not None:
        print(
            f"{terminal_safe(person.name)} would start at {impact.utilisation:.0f}% of capacity"
            + (f". {terminal_safe(impact.note)}" if impact.note else ""),
            file=out,
        )
        if impact.ratio:
            print(terminal_safe(impact.ratio), file=out)
        print("Loads:", file=out)
        for pid, (before, after) in impact.loads.items():
            print(f"  {terminal_safe(names.get(pid, pid))}: {before:.0f}% -> {after:.0f}%", file=out)
        for title, found in (("Findings resolved", impact.resolved), ("Findings introduced", impact.introduced)):
            print(f"{title}: {len(found) or 'none'}", file=out)
            for f in found:
                print(f"  {terminal_safe(title_of(f.rule))}: {terminal_safe(f.message)}", file=out)
    if written is not None:
        print(f"wrote {terminal_safe(written)}" + (f" (scenario {terminal_safe(scenario)})" if scenario else ""), file=out)
    return EXIT_OK


def _hire_doc(plan: Plan, proposal: object, impact: object, written: Path | None) -> dict[str, object]:
    from planner.planfile import fileio
    from planner.whatif.hire import Impact, Proposal

    assert isinstance(proposal, Proposal)
    moves = []
    for m in proposal.moves:
        rock = plan.rocks[m.rock_id]
        moves.append(
            {
                "rock": m.rock_id,
                "title": rock.title,
                "discipline": rock.discipline,
                "effort": rock.effort,
                "from": m.from_id,
                "to": m.to_id,
                "reason": m.reason,
            }
        )
    doc: dict[str, object] = {
        "person": fileio.person_to_dict(proposal.person),
        "role": proposal.family,
        "strategy": proposal.strategy,
        "moves": moves,
        "reason": proposal.reason,
        "applied": written is not None,
    }
    doc["kept"] = [{"rock": rid, "why": why} for rid, why in proposal.kept]
    if isinstance(impact, Impact):
        doc["utilisation"] = round(impact.utilisation, 1)
        doc["note"] = impact.note
        doc["pms"] = list(impact.pms)
        doc["ratio"] = impact.ratio
        doc["loads"] = {pid: [round(b, 1), round(a, 1)] for pid, (b, a) in impact.loads.items()}
        doc["findings_resolved"] = [f.to_dict() for f in impact.resolved]
        doc["findings_introduced"] = [f.to_dict() for f in impact.introduced]
    return doc


def _next(args: argparse.Namespace, out: TextIO) -> int:
    from planner.whatif.advice import next_hires

    plan = load_plan(args)
    suggestions = next_hires(plan)
    if args.json:
        out.write(json_text({"suggestions": [s.to_dict() for s in suggestions]}, out) + "\n")
        return EXIT_OK
    if not suggestions:
        print("Nothing to suggest: no check points at work to move, drop or hire for.", file=out)
    for i, s in enumerate(suggestions, 1):
        print(f"{i}. {terminal_safe(s.title)}: {terminal_safe(s.reason)}", file=out)
        if s.kind == "hire":
            extra = f' --name "{terminal_safe(s.name)}"' if s.name else ""
            print(f"   try: rocks hire FILE --role {terminal_safe(s.role)} --strategy {terminal_safe(s.strategy)}{extra}", file=out)
        elif s.kind in ("reassign", "drop"):
            print("   apply it in the app: What next? (Ctrl+Shift+H), Apply", file=out)
    return EXIT_OK


# ---------------------------------------------------------- timeline


def _timeline(args: argparse.Namespace, out: TextIO) -> int:
    """Print the quarter-by-quarter table and hiring sequence; with -o, write the chart atomically."""
    from planner.planfile.atomic import write_atomic
    from planner.whatif import timeline

    fmt = ""
    if args.output:
        fmt = Path(args.output).suffix.lower().lstrip(".")
        if fmt not in timeline.CHART_FORMATS:
            raise PlanError(
                f"{args.output}: unknown chart format {('.' + fmt) if fmt else '(no extension)'}; "
                f"expected a file ending in {', '.join('.' + f for f in timeline.CHART_FORMATS)}"
            )
        refuse_overwrite(args.output, args.force)
    plan = load_plan(args)
    fc = timeline.forecast(plan, args.quarters)
    if not fc.has_growth:
        raise PlanError(f"{args.file}: {timeline.NO_GROWTH}", source=args.file)
    if args.output:
        write_atomic(Path(args.output), timeline.render(fc, fmt, plan.name))
    if args.json:
        out.write(json_text(fc.to_dict(), out) + "\n")
        return EXIT_OK
    print(f"{terminal_safe(plan.name)}: growth timeline, {len(fc.table)} quarters from {fc.quarters[0]}", file=out)
    for line in timeline.text_lines(fc):
        print(terminal_safe(line), file=out)
    if args.output:
        print(f"wrote {terminal_safe(args.output)}", file=out)
    return EXIT_OK


# --------------------------------------------------------- scenarios


def _scenarios(args: argparse.Namespace, out: TextIO) -> int:
    """``rocks scenarios FILE``: each scenario with its people, rocks, PM:eng and findings."""
    from models import BASELINE
    from planner.checks.analysis import Analysis
    from planner.checks.headline import pm_text
    from planner.core.text import plural

    book = load_book(args.file)
    rows: list[dict[str, Any]] = []
    for name, plan in [(BASELINE, book), *book.scenarios.items()]:
        summary = Analysis(plan).summary()
        rows.append({"name": name, **summary})
    if args.json:
        out.write(json_text({"scenarios": rows}, out) + "\n")
        return EXIT_OK
    for row in rows:
        # PMs and PM:eng today and once planned hires start (one set when planned hires change nothing).
        print(
            f"{terminal_safe(row['name'])}: {plural(row['people'], 'person', 'people')}, {plural(row['rocks'], 'rock')}, "
            f"{pm_text(row, engineers=False)}, {row['overloaded']} over capacity, "
            f"{plural(row['errors'], 'error')}, {plural(row['warnings'], 'warning')}",
            file=out,
        )
    return EXIT_OK
