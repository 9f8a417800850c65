"""Where user intent becomes a command: one Qt-free function per operation.

Every entry point (a drag on the board, a menu item, a key, the Inspector, the
CLI) calls the same function here, which returns the command to push or a
Refusal saying why not (Anki's ``aqt/operations``). A refusal is a value, not
an exception, so a board drag can ask "would this drop be accepted?" while
the pointer hovers, and show the whole reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from models import Person, Plan, Rock, Team
from planner.core import fields as F
from planner.core.errors import FieldError, PlanError
from planner.core.text import elide, plural
from planner.editing import commands as C


@dataclasses.dataclass(frozen=True, slots=True)
class Refusal:
    """Why an operation cannot be done. ``quiet``: nothing to do, not worth a message.

    ``errors`` holds every field at fault with its message, so a form shows each
    beside its field from one call; ``reason`` is the one-line message (the first
    field's) for a status bar."""

    reason: str
    quiet: bool = False
    errors: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def field(self) -> str:
        """The (first) field at fault, or ''."""
        return next(iter(self.errors), "")

    @classmethod
    def of(cls, reason: str, field: str) -> Refusal:
        """A refusal of one field."""
        return cls(reason, errors={field: reason})


Outcome = C.Command | Refusal


def _name(plan: Plan, pid: str | None) -> str:
    if pid is None:
        return "nobody"
    person = plan.people.get(pid)
    return elide(person.name, 60) if person else pid


def _refuse(error: PlanError) -> Refusal:
    return Refusal.of(str(error), error.field) if isinstance(error, FieldError) else Refusal(str(error))


def _check_each(
    clean: Callable[[dict[str, Any]], dict[str, Any]], values: dict[str, Any]
) -> tuple[dict[str, Any], Refusal | None]:
    """Every field checked on its own: the clean values, or a refusal naming each field at fault."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        try:
            out.update(clean({key: value}))
        except PlanError as e:
            errors[key] = str(e)
    if errors:
        return out, Refusal(next(iter(errors.values())), errors=errors)
    return out, None


def _known_rocks(plan: Plan, rock_ids: Iterable[str]) -> list[str]:
    return [r for r in dict.fromkeys(rock_ids) if r in plan.rocks]


# ------------------------------------------------------------------- rocks


def rocks_to_move(plan: Plan, rock_ids: Iterable[str], to: str | None) -> list[str]:
    """The rocks a move to ``to`` would change: not already carried by ``to``, or dropped."""
    rocks = plan.rocks
    return [r for r in _known_rocks(plan, rock_ids) if rocks[r].owner != to or rocks[r].state == "dropped"]


def move_rocks(plan: Plan, rock_ids: Iterable[str], to: str | None, note: str = "") -> Outcome:
    """Give rocks to ``to`` (None: leave them unowned). The handoff note can be set
    on the returned command before it is pushed (``command.note``)."""
    if to is not None and to not in plan.people:
        return Refusal(f'No person with id "{to}" to take the rocks')
    todo = rocks_to_move(plan, rock_ids, to)
    if not todo:
        return Refusal(f"Already with {_name(plan, to)}", quiet=True)
    if to is None:
        todo = [r for r in todo if plan.rocks[r].owner is not None]
        if not todo:
            return Refusal("Already unowned", quiet=True)
    return C.MoveRocks(todo, to, note)


def drop_rocks(plan: Plan, rock_ids: Iterable[str]) -> Outcome:
    """Put rocks on the ground: the company stops doing that work (kept visible)."""
    todo = [r for r in _known_rocks(plan, rock_ids) if plan.rocks[r].state == "active"]
    return C.drop_rocks(todo) if todo else Refusal("Already on the ground", quiet=True)


def restore_rocks(plan: Plan, rock_ids: Iterable[str]) -> Outcome:
    todo = [r for r in _known_rocks(plan, rock_ids) if plan.rocks[r].state == "dropped"]
    return C.restore_rocks(todo) if todo else Refusal("Nothing to restore: no dropped rock selected", quiet=True)


def delete_rocks(plan: Plan, rock_ids: Iterable[str]) -> Outcome:
    """Delete rocks for good (an explicit choice; dropping keeps them visible)."""
    todo = _known_rocks(plan, rock_ids)
    if not todo:
        return Refusal("No rock selected", quiet=True)
    if len(todo) == 1:
        return C.RemoveRock(todo[0])
    return C.Compound(f"Delete {len(todo)} rocks", [C.RemoveRock(r) for r in todo])


def split_rock(plan: Plan, rid: str, title: Any, effort: Any, owner: str | None = None) -> Outcome:
    if rid not in plan.rocks:
        return Refusal(f'No rock with id "{rid}"')
    try:
        F.parse_name(title, "title")
        part = F.parse_effort(effort)
    except FieldError as e:
        return _refuse(e)
    rock = plan.rocks[rid]
    if part > rock.effort:
        return Refusal.of(
            f"The new part's effort ({part:g}%) is more than '{elide(rock.title, 60)}' has ({rock.effort:g}%)",
            "effort",
        )
    return C.SplitRock(rid, title, part, owner=owner)


def add_rock(
    plan: Plan,
    title: Any,
    discipline: Any,
    effort: Any = 10,
    owner: str | None = None,
    kind: Any = "tactical",
    area: Any = "",
) -> Outcome:
    """A new rock, checked field by field (a refusal names every field at fault)."""
    rid = plan.new_id("r", plan.rocks)
    values = {"title": title, "discipline": discipline, "effort": effort, "owner": owner, "kind": kind, "area": area}
    clean, refusal = _check_each(lambda one: C.clean_rock_fields(plan, one), values)
    return refusal or C.AddRock(Rock(rid, **clean))


def edit_rock(plan: Plan, rid: str, key: str, value: Any) -> Outcome | None:
    """The one command for an edit of one rock field; None if the value is unchanged."""
    rock = plan.rocks.get(rid)
    if rock is None:
        return Refusal(f'No rock with id "{rid}"')
    if key == "owner":
        if value == rock.owner:
            return None
        return move_rocks(plan, [rid], value)
    try:
        new = C.clean_rock_fields(plan, {key: value})[key]
    except PlanError as e:
        return _refuse(e)
    if new == getattr(rock, key):
        return None
    title = elide(rock.title, 60)
    if key == "kept":
        marks = {True: f"Mark '{title}' kept by its owner", False: f"Mark '{title}' not kept"}
        return C.EditRock(rid, label=marks.get(new, f"Let the default decide whether '{title}' is kept"), kept=new)
    if key == "state":
        return drop_rocks(plan, [rid]) if new == "dropped" else restore_rocks(plan, [rid])
    if key == "title":
        return C.EditRock(rid, label=f"Rename rock '{title}' to '{elide(new, 60)}'", title=new)
    if key == "discipline":
        label = plan.discipline_table.disciplines[new].label
        return C.EditRock(rid, label=f"Set '{title}' discipline to {label}", discipline=new)
    if key == "effort" and rock.seeded:  # the user adjusted a seeded estimate: no longer an estimate
        return C.EditRock(rid, label=f"Edit '{title}' effort", effort=new, seeded=False)
    return C.EditRock(rid, label=f"Edit '{title}' {key}", **{key: new})


KEPT_TIP = "Hire strategies never move a kept rock; only a move that names it does."


def default_kept(plan: Plan, rock: Rock) -> tuple[bool, str]:
    """Whether ``rock`` is kept when ``kept`` is left to the default, and why ('' if not)."""
    from dataclasses import replace

    from planner.checks.rules.rocks import is_kept, keep_reason

    default = replace(rock, kept=None)
    return (True, keep_reason(plan, default)) if is_kept(plan, default) else (False, "")


# ------------------------------------------------------------------ people


def reparent(plan: Plan, pid: str, manager: str | None) -> Outcome:
    """``pid`` reports to ``manager`` (None: top of the chart). A cycle is refused, naming it."""
    if pid not in plan.people:
        return Refusal(f'No person with id "{pid}"')
    if plan.people[pid].manager == manager:
        return Refusal(f"{_name(plan, pid)} already reports to {_name(plan, manager)}", quiet=True)
    try:
        C.check_manager(plan, pid, manager)
    except PlanError as e:
        return _refuse(e)
    return C.set_manager(plan, pid, manager)


def add_person(
    plan: Plan,
    name: Any,
    role: Any = "",
    manager: str | None = None,
    status: Any = "active",
    start: Any = "",
    capacity: Any = 100,
    team: str | None = None,
) -> Outcome:
    """A new person (a hire, an open role or someone already there), checked field by field."""
    pid = plan.new_id("p", plan.people)
    values = {
        "name": name,
        "role": role,
        "manager": manager,
        "status": status,
        "start": start,
        "capacity": capacity,
        "team": team,
    }
    clean, refusal = _check_each(lambda one: C.clean_person_fields(plan, pid, one), values)
    if refusal is not None:
        return refusal
    person = Person(pid, **clean)
    command = C.AddPerson(person)
    if person.status == "open":
        command.label = f"Add open role {person.name}"
    elif person.status == "planned":
        command.label = f"Plan a hire: {person.name}"
    return command


def edit_person(plan: Plan, pid: str, key: str, value: Any) -> Outcome | None:
    """The one command for an edit of one person field; None if the value is unchanged."""
    person = plan.people.get(pid)
    if person is None:
        return Refusal(f'No person with id "{pid}"')
    if key == "manager":
        return None if value == person.manager else reparent(plan, pid, value)
    try:
        new = C.clean_person_fields(plan, pid, {key: value})[key]
    except PlanError as e:
        return _refuse(e)
    if new == getattr(person, key):
        return None
    name = _name(plan, pid)
    if key == "name":
        return C.EditPerson(pid, label=f"Rename {name} to {elide(new, 60)}", name=new)
    if key == "capacity":
        return C.EditPerson(pid, label=f"Set {name}'s capacity to {new:g}%", capacity=new)
    return C.EditPerson(pid, label=f"Edit {name}'s {key}", **{key: new})


def remove_person(plan: Plan, pid: str) -> Outcome:
    """Remove a person: their rocks become unowned (never deleted), their reports
    move up to their manager. ``removal_impact`` says so before the user confirms."""
    if pid not in plan.people:
        return Refusal(f'No person with id "{pid}"')
    return C.RemovePerson(pid)


def removal_impact(plan: Plan, pid: str) -> str:
    """What removing ``pid`` does, in a sentence or two, for a confirmation prompt."""
    person = plan.people[pid]
    name = _name(plan, pid)
    reports = [p for p in plan.people.values() if p.manager == pid]
    rocks = [r for r in plan.rocks.values() if r.owner == pid]
    parts = []
    if reports:
        who = [elide(p.name, 40) for p in reports[:3]]
        more = f" and {len(reports) - 3} more" if len(reports) > 3 else ""
        listed = ", ".join(who) + more
        parts.append(
            f"{plural(len(reports), 'direct report')} ({listed}) will report to {_name(plan, person.manager)}"
            if person.manager
            else f"{plural(len(reports), 'direct report')} ({listed}) will move to the top of the chart"
        )
    if rocks:
        parts.append(f"{plural(len(rocks), 'rock')} will become unowned (kept in the Unowned tray)")
    if not parts:
        return f"Remove {name}? They have no reports and no rocks."
    return f"Remove {name}? " + "; ".join(parts) + ". You can undo this."


# ------------------------------------------------------------------- teams


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _name_taken(plan: Plan, name: str, tid: str | None = None) -> Refusal | None:
    for other in plan.teams.values():
        if other.id != tid and _same_name(other.name, name):
            return Refusal.of(f'name: a team called "{elide(other.name, 60)}" already exists ({other.id})', "name")
    return None


def growth_text(growth: Iterable[int]) -> str:
    """A growth plan as it is typed: "8, 11, 15" ("" for none)."""
    return ", ".join(str(g) for g in growth)


def growth_start(plan: Plan) -> str:
    """The quarter growth plans start at: ``settings.first_quarter``, or the next quarter."""
    from planner.core.quarters import first_quarter, quarter_label

    return quarter_label(first_quarter(plan))


def growth_quarters(plan: Plan, growth: Iterable[int], sep: str = ", ") -> str:
    """'2027-Q1 8, 2027-Q2 11, 2027-Q3 15': each quarter of a growth plan with its label."""
    from planner.core.quarters import first_quarter, quarter_label

    start = first_quarter(plan)
    return sep.join(f"{quarter_label(start + i)} {n}" for i, n in enumerate(growth))


def add_team(plan: Plan, name: Any, headcount: Any = 0, lead: str | None = None, growth: Any = "") -> Outcome:
    """A new team: engineers not listed as people, a lead, a growth plan (engineers per
    quarter). Checked field by field (a refusal names every field at fault); a name
    another team has is refused, so a team is found by its name."""
    tid = plan.new_id("t", plan.teams)
    values = {"name": name, "headcount": headcount, "lead": lead, "growth": growth}
    clean, refusal = _check_each(lambda one: C.clean_team_fields(plan, one), values)
    taken = _name_taken(plan, clean["name"]) if "name" in clean else None
    if taken is not None:  # checked once every field is clean, as the other fields' problems come first
        if refusal is None:
            return taken
        return Refusal(refusal.reason, errors={**refusal.errors, **taken.errors})
    if refusal is not None:
        return refusal
    command = C.AddTeam(Team(tid, **clean))
    command.label = f"Add team {elide(clean['name'], 40)}"
    return command


def edit_team(plan: Plan, tid: str, key: str, value: Any) -> Outcome | None:
    """The one command for an edit of one team field; None if the value is unchanged."""
    team = plan.teams.get(tid)
    if team is None:
        return Refusal(f'No team with id "{tid}"')
    try:
        new = C.clean_team_fields(plan, {key: value})[key]
    except PlanError as e:
        return _refuse(e)
    if new == getattr(team, key):
        return None
    name = elide(team.name, 40)
    if key == "name":
        return _name_taken(plan, new, tid) or C.EditTeam(tid, label=f"Rename team {name} to {elide(new, 40)}", name=new)
    if key == "growth":
        growth = elide(growth_text(new), 60)
        label = f"Set the growth plan of {name} to {growth}" if new else f"Clear the growth plan of {name}"
        return C.EditTeam(tid, label=label, growth=new)
    if key == "headcount":
        return C.EditTeam(tid, label=f"Set the engineers of {name} to {new}", headcount=new)
    if key == "lead":
        return C.EditTeam(tid, label=f"{_name(plan, new)} leads {name}" if new else f"{name} has no lead", lead=new)
    return C.EditTeam(tid, label=f"Edit the {key} of team {name}", **{key: new})
