"""The editing commands of ``rocks``: ``team`` (engineers, lead, growth plan; ``--new``
creates one) and ``rock`` (kept by its owner or not).

Without an edit option each prints what it names. An edit goes through the same
intent layer as the app (planner.editing.operations), so a value is refused with the same
words; the plan is then written atomically to FILE, or to ``-o OUT`` (an existing
OUT other than FILE only with ``--force``). ``--scenario NAME`` edits that scenario.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from planner.cli.text import EXIT_OK, add_scenario_option, load_book, refuse_overwrite, say
from planner.core.errors import CommandError, PlanError
from planner.core.lookup import find, folded, listed
from planner.core.text import elide, terminal_safe
from planner.whatif.hire import find_person

if TYPE_CHECKING:
    from models import Plan, Rock, Team
    from planner.editing.commands import Command
    from planner.editing.operations import Outcome

COMMANDS = ("team", "rock")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "team",
        help="show a team, or edit its engineers, lead and growth plan (--new creates it)",
        description="rocks team FILE NAME prints the team; with --growth, --headcount or --lead it edits it "
        "and writes FILE (or -o OUT).",
    )
    p.add_argument("file")
    p.add_argument("name", metavar="NAME", help="the team's name (any case) or id; with --new, the new team's name")
    p.add_argument(
        "--growth",
        metavar="N,N,...",
        help='engineers planned per quarter from the plan\'s first quarter, e.g. 8,11,15 (at most 12; "" clears it)',
    )
    p.add_argument("--headcount", metavar="N", help="engineers on the team not listed as people")
    p.add_argument("--lead", metavar="PERSON", help='who leads the team: a name or id ("" for nobody)')
    p.add_argument("--new", action="store_true", help="create the team NAME")
    _output_options(p)

    p = sub.add_parser(
        "rock",
        help="show a rock, or set whether its owner keeps it (--kept yes|no|default)",
        description="rocks rock FILE ROCK prints the rock; --kept yes means hire strategies never move it "
        "(only a move that names it does).",
    )
    p.add_argument("file")
    p.add_argument("rock", metavar="ROCK", help="the rock's id or title (case and spacing ignored)")
    p.add_argument(
        "--kept",
        metavar="yes|no|default",
        help="yes: the owner keeps it, hire strategies never move it; no: they may; default: the plan's rule "
        "(a founder keeps the company's direction, engineering its estimates)",
    )
    _output_options(p)


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="OUT", help="write the edited plan here instead of FILE")
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    add_scenario_option(p)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "team":
        return _team(args, out, err)
    return _rock(args, out, err)


# ------------------------------------------------------------- shared


def _target(args: argparse.Namespace, editing: bool, options: str) -> Path:
    """Where an edit is written: FILE, or OUT (refused if it exists, unless it is FILE or --force)."""
    if args.output is None:
        return Path(args.file)
    out = Path(args.output)
    if not editing:
        raise PlanError(f"-o {args.output}: nothing to write; give {options} to edit")
    return refuse_overwrite(out, args.force, input_file=args.file)


def _plan(book: Plan, args: argparse.Namespace) -> Plan:
    from planner.whatif.scenarios import resolve

    return resolve(book, args.scenario)


def _command(outcome: Outcome | None) -> Command | None:
    """The command an intent gives, or PlanError with the refusal's words (None: nothing to change)."""
    from planner.editing.operations import Refusal

    if isinstance(outcome, Refusal):
        raise CommandError(outcome.reason)
    return outcome


def _apply(book: Plan, plan: Plan, commands: list[Command], path: Path, args: argparse.Namespace, out: TextIO) -> None:
    from planner.editing.commands import Compound
    from planner.editing.document import Document
    from planner.planfile import fileio

    command = commands[0] if len(commands) == 1 else Compound("Edit", commands)
    command.apply(Document(plan))  # a refusal raises before anything changed (all or nothing)
    fileio.save(book, path)
    for done in commands:
        print(terminal_safe(done.label), file=out)
    where = f" (scenario {terminal_safe(args.scenario)})" if args.scenario and plan is not book else ""
    print(f"wrote {terminal_safe(path)}{where}", file=out)


def _person_id(plan: Plan, text: str) -> str | None:
    """A person id from an id or a name (case and spacing ignored); empty is nobody."""
    if not text.strip():
        return None
    try:
        return find_person(plan, text)
    except CommandError as e:
        missing = f'no person with id or name "{elide(text)}" in this plan ("" for nobody)'
        raise CommandError("lead: " + (missing if str(e).startswith("No person") else str(e))) from None


def _name_of(plan: Plan, pid: str | None, none: str) -> str:
    if pid is None:
        return none
    person = plan.people.get(pid)
    return f"{person.name} ({pid})" if person else f"{pid} (not in this plan)"


# --------------------------------------------------------------- team


def _team(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from planner.editing import operations as ops
    from planner.editing.commands import AddTeam

    editing = args.new or any(v is not None for v in (args.growth, args.headcount, args.lead))
    path = _target(args, editing, "--growth, --headcount, --lead or --new")
    book = load_book(args.file)
    plan = _plan(book, args)
    if args.new:
        lead = _person_id(plan, args.lead) if args.lead is not None else None
        outcome = ops.add_team(plan, args.name, args.headcount or 0, lead, args.growth or "")
        command = _command(outcome)
        assert isinstance(command, AddTeam)  # add_team gives a command or a refusal
        _apply(book, plan, [command], path, args, out)
        _print_team(plan, plan.teams[command.team.id], out)
        return EXIT_OK
    team = find_team(plan, args.name)
    edits: list[tuple[str, object]] = []
    if args.headcount is not None:
        edits.append(("headcount", args.headcount))
    if args.lead is not None:
        edits.append(("lead", _person_id(plan, args.lead)))
    if args.growth is not None:
        edits.append(("growth", args.growth))
    commands = [c for key, value in edits if (c := _command(ops.edit_team(plan, team.id, key, value)))]
    if commands:
        _apply(book, plan, commands, path, args, out)
    elif edits:
        say(err, f"rocks: note: {terminal_safe(elide(team.name))} already has these values; nothing changed, nothing written")
    _print_team(plan, team, out)
    return EXIT_OK


def find_team(plan: Plan, text: str) -> Team:
    """A team by id or name (case and spacing ignored); unknown or ambiguous names list the teams."""

    def missing(t: str) -> str:
        if not plan.teams:
            return f'No team called "{elide(t)}": this plan has no teams (add one with --new)'
        teams = listed([f"{team.name} ({team.id})" for team in plan.teams.values()])
        return f'No team called "{elide(t)}"; this plan has: {teams} (add one with --new)'

    return plan.teams[find(plan.teams, text, lambda t: t.name, lambda t: f"{t.name} ({t.id})", "teams", missing)]


def _print_team(plan: Plan, team: Team, out: TextIO) -> None:
    from planner.editing.operations import growth_quarters

    members = sum(1 for p in plan.people.values() if p.team == team.id)
    print(f"{terminal_safe(team.name)} ({terminal_safe(team.id)})", file=out)
    print(f"  engineers: {team.headcount} (not listed as people)", file=out)
    print(f"  people: {members} on this team", file=out)
    print(f"  lead: {terminal_safe(_name_of(plan, team.lead, 'none'))}", file=out)
    growth = growth_quarters(plan, team.growth) if team.growth else "none (no growth plan)"
    print(f"  growth: {growth}", file=out)


# --------------------------------------------------------------- rock


def _rock(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from planner.core.fields import parse_kept
    from planner.editing import operations as ops

    editing = args.kept is not None
    path = _target(args, editing, "--kept yes|no|default")
    if editing:
        parse_kept(args.kept)  # a bad value is named before the plan is read
    book = load_book(args.file)
    plan = _plan(book, args)
    rock = find_rock(plan, args.rock)
    if editing:
        command = _command(ops.edit_rock(plan, rock.id, "kept", args.kept))
        if command is not None:
            _apply(book, plan, [command], path, args, out)
        else:
            state = {True: "marked kept", False: "marked not kept", None: "on the default"}[parse_kept(args.kept)]
            say(err, f"rocks: note: '{terminal_safe(elide(rock.title))}' is already {state}; nothing changed, nothing written")
    _print_rock(plan, rock, out)
    return EXIT_OK


def find_rock(plan: Plan, text: str) -> Rock:
    """A rock by id or title (case and spacing ignored); ambiguous titles list the matches with ids and owners."""

    def missing(t: str) -> str:
        want = folded(t)
        near = [r for r in plan.rocks.values() if want and want in folded(r.title)]
        hint = f"; titles containing it: {listed([f'{r.title} ({r.id})' for r in near])}" if near else ""
        return f'No rock with id or title "{elide(t)}" in this plan{hint}'

    def shown(r: Rock) -> str:
        return f"{r.id} (owner: {_owner_name(plan, r)})"

    return plan.rocks[find(plan.rocks, text, lambda r: r.title, shown, "rocks", missing)]


def _owner_name(plan: Plan, rock: Rock) -> str:
    owner = plan.people.get(rock.owner or "")
    return owner.name if owner else ("nobody" if rock.owner is None else rock.owner)


def kept_text(plan: Plan, rock: Rock) -> str:
    """'yes (by default: the founder keeps the company's direction)', 'no (marked not kept; ...)'."""
    from planner.editing.operations import default_kept

    kept_by_default, reason = default_kept(plan, rock)
    why = f": {reason}" if kept_by_default else ""
    if rock.kept is None:
        return f"yes (by default{why})" if kept_by_default else "no (by default)"
    marked = "yes (marked kept" if rock.kept else "no (marked not kept"
    return f"{marked}; the default is {'yes' if kept_by_default else 'no'}{why})"


def _print_rock(plan: Plan, rock: Rock, out: TextIO) -> None:
    discipline = plan.discipline_table.get(rock.discipline)
    label = f"{discipline.label} ({rock.discipline})" if discipline else rock.discipline
    state = "  (dropped)" if rock.state == "dropped" else ""
    print(f"{terminal_safe(rock.title)} ({terminal_safe(rock.id)}){state}", file=out)
    print(f"  owner: {terminal_safe(_name_of(plan, rock.owner, 'nobody (unowned)'))}", file=out)
    print(f"  discipline: {terminal_safe(label)}", file=out)
    print(f"  effort: {rock.effort:g}% of a week", file=out)
    print(f"  kept: {terminal_safe(kept_text(plan, rock))}", file=out)
