"""Every change to a plan is a command with apply/undo and a human label.

Commands never talk to a UI. Each takes the Document (the one protocol of
planner.editing.document.Command) and edits ``document.plan``; ``apply`` and
``undo`` return a Changes record naming what they touched; one hook after every
command (planner.editing.document) refreshes the analysis, marks the document
dirty and schedules autosave. Commands check their preconditions before
touching the plan, so a refused command (CommandError / FieldError) leaves the
plan exactly as it was.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from models import Move, Person, Plan, Rock, Team
from planner.core import fields as F
from planner.core.changes import (
    MOVES,
    PEOPLE_EDITED,
    ROCKS_ADDED,
    ROCKS_EDITED,
    ROCKS_OWNERSHIP,
    STRUCTURE,
    TEAMS,
    Changes,
)
from planner.core.errors import CommandError
from planner.editing.document import Command, Document
from planner.editing.validate import (  # noqa: F401 - re-exported: callers build commands and check fields together
    PERSON_FIELDS,
    ROCK_FIELDS,
    TEAM_FIELDS,
    check_manager,
    clean_person_fields,
    clean_rock_fields,
    clean_team_fields,
)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


__all__ = ["Command", "Document"]  # the protocol, re-exported beside the commands that implement it


# ----------------------------------------------------------------- helpers


def _person(plan: Plan, pid: str) -> Person:
    try:
        return plan.people[pid]
    except KeyError:
        raise CommandError(f'No person with id "{pid}" in this plan') from None


def _rock(plan: Plan, rid: str) -> Rock:
    try:
        return plan.rocks[rid]
    except KeyError:
        raise CommandError(f'No rock with id "{rid}" in this plan') from None


def _insert_at(d: dict[str, Any], index: int, key: str, value: Any) -> dict[str, Any]:
    """A copy of ``d`` with key inserted at position ``index`` (model order matters)."""
    if index >= len(d):
        d[key] = value
        return d
    items = list(d.items())
    items.insert(index, (key, value))
    return dict(items)


def _check_new_id(new_id: Any, taken: dict[str, Any], what: str) -> None:
    if not isinstance(new_id, str) or not 1 <= len(new_id) <= 200:
        raise CommandError(f"A {what} id must be text of 1 to 200 characters, got {new_id!r}")
    if new_id in taken:
        raise CommandError(f'A {what} with id "{new_id}" already exists')


# ------------------------------------------------------------------ people


def _person_kinds(values: dict[str, Any]) -> set[str]:
    kinds = {PEOPLE_EDITED}
    if {"manager", "dotted", "status"} & set(values):
        kinds.add(STRUCTURE)
    return kinds


def _rock_kinds(values: dict[str, Any]) -> set[str]:
    kinds = {ROCKS_EDITED} if set(values) - {"owner", "state"} else set()
    if {"owner", "state"} & set(values):
        kinds.add(ROCKS_OWNERSHIP)
    return kinds


class AddPerson(Command):
    def __init__(self, person: Person, index: int | None = None):
        self.person = person
        self.index = index
        self.label = f"Add {person.name}"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        _check_new_id(self.person.id, plan.people, "person")
        # Check every field, as the file loader would, so an added person always saves and loads.
        clean = clean_person_fields(plan, self.person.id, {k: getattr(self.person, k) for k in PERSON_FIELDS})
        person = copy.deepcopy(self.person)
        for key, value in clean.items():
            setattr(person, key, value)
        if self.index is None:
            plan.people[person.id] = person
        else:
            plan.people = _insert_at(plan.people, self.index, person.id, person)
        return Changes(people={person.id, *([person.manager] if person.manager else [])}, kinds={STRUCTURE, PEOPLE_EDITED})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        person = plan.people.pop(self.person.id)
        return Changes(people={person.id, *([person.manager] if person.manager else [])}, kinds={STRUCTURE, PEOPLE_EDITED})


class EditPerson(Command):
    def __init__(self, pid: str, label: str = "", **values: Any):
        self.pid = pid
        self.values = values
        self.old: dict[str, Any] = {}
        self.label = label or f"Edit {', '.join(values)}"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        person = _person(plan, self.pid)
        clean = clean_person_fields(plan, self.pid, self.values)
        self.old = {k: copy.copy(getattr(person, k)) for k in clean}
        touched = {self.pid}
        if "manager" in clean:
            touched |= {m for m in (person.manager, clean["manager"]) if m}
        for key, value in clean.items():
            setattr(person, key, value)
        return Changes(people=touched, kinds=_person_kinds(clean))

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        person = plan.people[self.pid]
        touched = {self.pid}
        if "manager" in self.old:
            touched |= {m for m in (person.manager, self.old["manager"]) if m}
        for key, value in self.old.items():
            setattr(person, key, value)
        return Changes(people=touched, kinds=_person_kinds(self.old))


def set_manager(plan: Plan, pid: str, manager: str | None) -> EditPerson:
    """'Report to ...' as a labelled command."""
    who = plan.people[pid].name if pid in plan.people else pid
    to = plan.people[manager].name if manager in plan.people else "nobody"
    return EditPerson(pid, label=f"{who} reports to {to}", manager=manager)


class RemovePerson(Command):
    """Remove a person. Their rocks become unowned (never deleted); their reports
    move up to the removed person's manager; every reference is restored on undo."""

    def __init__(self, pid: str):
        self.pid = pid
        self.label = f"Remove {pid}"
        self.saved: dict[str, Any] = {}

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        person = _person(plan, self.pid)
        self.label = f"Remove {person.name}"
        index = list(plan.people).index(self.pid)
        owned = [r.id for r in plan.rocks.values() if r.owner == self.pid]
        contributed = {r.id: list(r.contributors) for r in plan.rocks.values() if self.pid in r.contributors}
        reports = [p.id for p in plan.people.values() if p.manager == self.pid]
        dotted = {p.id: list(p.dotted) for p in plan.people.values() if self.pid in p.dotted}
        leads = [t.id for t in plan.teams.values() if t.lead == self.pid]
        self.saved = dict(
            index=index,
            person=person,
            owned=owned,
            contributed=contributed,
            reports=reports,
            dotted=dotted,
            leads=leads,
        )
        for rid in owned:
            plan.rocks[rid].owner = None
        for rid in contributed:
            plan.rocks[rid].contributors = [c for c in plan.rocks[rid].contributors if c != self.pid]
        for r in reports:
            plan.people[r].manager = person.manager
        for p in dotted:
            plan.people[p].dotted = [d for d in plan.people[p].dotted if d != self.pid]
        for t in leads:
            plan.teams[t].lead = None
        del plan.people[self.pid]
        return self._changes(person)

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        s = self.saved
        person = s["person"]
        plan.people = _insert_at(plan.people, s["index"], self.pid, person)
        for rid in s["owned"]:
            plan.rocks[rid].owner = self.pid
        for rid, contributors in s["contributed"].items():
            plan.rocks[rid].contributors = list(contributors)
        for r in s["reports"]:
            plan.people[r].manager = self.pid
        for p, dotted in s["dotted"].items():
            plan.people[p].dotted = list(dotted)
        for t in s["leads"]:
            plan.teams[t].lead = self.pid
        return self._changes(person)

    def _changes(self, person: Person) -> Changes:
        s = self.saved
        people = {self.pid, *s["reports"], *s["dotted"]}
        if person.manager:
            people.add(person.manager)
        return Changes(people=people, rocks={*s["owned"], *s["contributed"]}, teams=set(s["leads"]), kinds={STRUCTURE, PEOPLE_EDITED, ROCKS_OWNERSHIP, TEAMS})


# ------------------------------------------------------------------- rocks


def _owners(plan: Plan, rock: Rock) -> set[str]:
    return {rock.owner} if rock.owner else set()


class AddRock(Command):
    def __init__(self, rock: Rock, index: int | None = None):
        self.rock = rock
        self.index = index
        self.label = f"Add rock '{rock.title}'"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        _check_new_id(self.rock.id, plan.rocks, "rock")
        clean = clean_rock_fields(plan, {k: getattr(self.rock, k) for k in ROCK_FIELDS})
        rock = copy.deepcopy(self.rock)
        for key, value in clean.items():
            setattr(rock, key, value)  # e.g. a discipline alias ("ux") stored as its id ("design")
        if self.index is None:
            plan.rocks[rock.id] = rock
        else:
            plan.rocks = _insert_at(plan.rocks, self.index, rock.id, rock)
        return Changes(people=_owners(plan, rock), kinds={ROCKS_ADDED}, rocks={rock.id})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        rock = plan.rocks.pop(self.rock.id)
        return Changes(people=_owners(plan, rock), kinds={ROCKS_ADDED}, rocks={rock.id})


class EditRock(Command):
    def __init__(self, rid: str, label: str = "", **values: Any):
        self.rid = rid
        self.values = values
        self.old: dict[str, Any] = {}
        self.label = label or f"Edit rock {', '.join(values)}"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        rock = _rock(plan, self.rid)
        clean = clean_rock_fields(plan, self.values)
        self.old = {k: copy.copy(getattr(rock, k)) for k in clean}
        touched = _owners(plan, rock)
        for key, value in clean.items():
            setattr(rock, key, value)
        return Changes(people=touched | _owners(plan, rock), rocks={self.rid}, kinds=_rock_kinds(clean))

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        rock = plan.rocks[self.rid]
        touched = _owners(plan, rock)
        for key, value in self.old.items():
            setattr(rock, key, value)
        return Changes(people=touched | _owners(plan, rock), rocks={self.rid}, kinds=_rock_kinds(self.old))


class RemoveRock(Command):
    """Delete a rock for good (a user's explicit choice; dropping keeps it visible)."""

    def __init__(self, rid: str):
        self.rid = rid
        self.label = f"Delete rock {rid}"
        self.index = 0
        self.rock: Rock | None = None

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        rock = _rock(plan, self.rid)
        self.label = f"Delete rock '{rock.title}'"
        self.index = list(plan.rocks).index(self.rid)
        self.rock = plan.rocks.pop(self.rid)
        return Changes(people=_owners(plan, rock), kinds={ROCKS_ADDED}, rocks={self.rid})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        assert self.rock is not None
        plan.rocks = _insert_at(plan.rocks, self.index, self.rid, self.rock)
        return Changes(people=_owners(plan, self.rock), kinds={ROCKS_ADDED}, rocks={self.rid})


class MoveRocks(Command):
    """Give rocks to a new owner (or to nobody), logging each move with its note.

    A dropped rock moved to a person is picked up again (its state becomes active).
    """

    def __init__(self, rock_ids: list[str], to: str | None, note: str = "", when: str | None = None):
        self.rock_ids = list(dict.fromkeys(rock_ids))
        self.to = to
        self.note = note
        self.when = when
        self.label = "Move rocks"
        self.old: list[tuple[str, str | None, str]] = []
        self.log_len = 0

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        rocks = [_rock(plan, r) for r in self.rock_ids]
        if self.to is not None:
            _person(plan, self.to)
        note = F.parse_text(self.note, "note")
        when = self.when or now_iso()
        self.when = when
        to_name = plan.people[self.to].name if self.to else "nobody (unowned)"
        what = f"'{rocks[0].title}'" if len(rocks) == 1 else f"{len(rocks)} rocks"
        self.label = f"Move {what} to {to_name}"
        self.old = [(r.id, r.owner, r.state) for r in rocks]
        self.log_len = len(plan.moves)
        touched = {self.to} if self.to else set()
        for rock in rocks:
            if rock.owner:
                touched.add(rock.owner)
            if rock.owner != self.to:
                plan.moves.append(Move(rock.id, rock.owner, self.to, when, note))
            rock.owner = self.to
            if self.to is not None:
                rock.state = "active"
        return Changes(people=touched, rocks=set(self.rock_ids), kinds={ROCKS_OWNERSHIP, MOVES})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        touched = {self.to} if self.to else set()
        for rid, owner, state in self.old:
            plan.rocks[rid].owner = owner
            plan.rocks[rid].state = state  # type: ignore[assignment]
            if owner:
                touched.add(owner)
        del plan.moves[self.log_len :]
        return Changes(people=touched, rocks=set(self.rock_ids), kinds={ROCKS_OWNERSHIP, MOVES})


class SetRockState(Command):
    """Drop rocks (the company stops doing that work; kept visible) or restore them."""

    def __init__(self, rock_ids: list[str], state: str):
        self.rock_ids = list(dict.fromkeys(rock_ids))
        self.state = F.parse_state(state)
        self.old: list[str] = []
        self.label = "Drop rocks" if self.state == "dropped" else "Restore rocks"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        rocks = [_rock(plan, r) for r in self.rock_ids]
        verb = "Drop" if self.state == "dropped" else "Restore"
        self.label = f"{verb} '{rocks[0].title}'" if len(rocks) == 1 else f"{verb} {len(rocks)} rocks"
        self.old = [r.state for r in rocks]
        for rock in rocks:
            rock.state = self.state  # type: ignore[assignment]
        return Changes(people={r.owner for r in rocks if r.owner}, rocks=set(self.rock_ids), kinds={ROCKS_OWNERSHIP})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        rocks = [plan.rocks[r] for r in self.rock_ids]
        for rock, state in zip(rocks, self.old, strict=True):
            rock.state = state  # type: ignore[assignment]
        return Changes(people={r.owner for r in rocks if r.owner}, rocks=set(self.rock_ids), kinds={ROCKS_OWNERSHIP})


def drop_rocks(rock_ids: list[str]) -> SetRockState:
    return SetRockState(rock_ids, "dropped")


def restore_rocks(rock_ids: list[str]) -> SetRockState:
    return SetRockState(rock_ids, "active")


class SplitRock(Command):
    """Split a rock in two: the new part takes ``effort`` off the original.

    Both parts keep discipline, area, kind and the context note, so the new
    owner gets the history too: a rock travels with its context.
    """

    def __init__(self, rid: str, new_title: str, effort: Any, new_id: str | None = None, owner: str | None = None):
        self.rid = rid
        self.new_title = new_title
        self.effort = effort
        self.new_id = new_id
        self.owner = owner
        self.old_effort = 0.0
        self.label = f"Split rock {rid}"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        rock = _rock(plan, self.rid)
        title = F.parse_name(self.new_title, "title")
        effort = F.parse_effort(self.effort)
        if effort > rock.effort:
            raise CommandError(
                f"The new part's effort ({effort:g}%) is more than '{rock.title}' has ({rock.effort:g}%)"
            )
        owner = rock.owner if self.owner is None else self.owner
        if owner is not None and owner not in plan.people:
            raise CommandError(f'No person with id "{owner}" to own the new part')
        self.new_id = self.new_id or plan.new_id("r", plan.rocks)
        if self.new_id in plan.rocks:
            raise CommandError(f'A rock with id "{self.new_id}" already exists')
        self.label = f"Split '{rock.title}' into '{rock.title}' and '{title}'"
        self.old_effort = rock.effort
        part = replace(
            rock, id=self.new_id, title=title, effort=effort, owner=owner, contributors=list(rock.contributors)
        )
        rock.effort = rock.effort - effort
        index = list(plan.rocks).index(self.rid) + 1
        plan.rocks = _insert_at(plan.rocks, index, part.id, part)
        return Changes(people=_owners(plan, rock) | _owners(plan, part), rocks={rock.id, part.id}, kinds={ROCKS_ADDED, ROCKS_EDITED})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        assert self.new_id is not None
        part = plan.rocks.pop(self.new_id)
        rock = plan.rocks[self.rid]
        rock.effort = self.old_effort
        return Changes(people=_owners(plan, rock) | _owners(plan, part), rocks={rock.id, part.id}, kinds={ROCKS_ADDED, ROCKS_EDITED})


# ------------------------------------------------------------------- teams


def _team(plan: Plan, tid: str) -> Team:
    try:
        return plan.teams[tid]
    except KeyError:
        raise CommandError(f'No team with id "{tid}"') from None


class AddTeam(Command):
    """A new team (engineers, lead, growth plan); every field checked as the file loader would."""

    def __init__(self, team: Team, index: int | None = None):
        self.team = team
        self.index = index
        self.label = f"Add team {' '.join(str(team.name).split())}"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        _check_new_id(self.team.id, plan.teams, "team")
        clean = clean_team_fields(plan, {k: getattr(self.team, k) for k in TEAM_FIELDS})
        team = Team(self.team.id, **clean)  # the plan's own copy: the command's team is never aliased
        if self.index is None:
            plan.teams[team.id] = team
        else:
            plan.teams = _insert_at(plan.teams, self.index, team.id, team)
        return Changes(teams={team.id}, kinds={TEAMS})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        plan.teams.pop(self.team.id)
        return Changes(teams={self.team.id}, kinds={TEAMS})


class EditTeam(Command):
    def __init__(self, tid: str, label: str = "", **values: Any):
        self.tid = tid
        self.values = values
        self.old: dict[str, Any] = {}
        self.label = label or f"Edit team {', '.join(values)}"

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        team = _team(plan, self.tid)
        clean = clean_team_fields(plan, self.values)  # fresh values (a new growth list) on every redo
        self.old = {k: copy.copy(getattr(team, k)) for k in clean}
        for key, value in clean.items():
            setattr(team, key, value)
        return Changes(teams={self.tid}, kinds={TEAMS})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        team = plan.teams[self.tid]
        for key, value in self.old.items():
            setattr(team, key, copy.copy(value))  # the saved growth list stays the command's own
        return Changes(teams={self.tid}, kinds={TEAMS})


class RemoveTeam(Command):
    """Remove a team: its people stay, with no team; undo puts the team back where it was."""

    def __init__(self, tid: str):
        self.tid = tid
        self.label = f"Remove team {tid}"
        self.index = 0
        self.team: Team | None = None
        self.members: list[str] = []

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        team = _team(plan, self.tid)
        self.label = f"Remove team {team.name}"
        self.index = list(plan.teams).index(self.tid)
        self.members = [p.id for p in plan.people.values() if p.team == self.tid]
        for pid in self.members:
            plan.people[pid].team = None
        self.team = plan.teams.pop(self.tid)
        return self._changes()

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        assert self.team is not None
        plan.teams = _insert_at(plan.teams, self.index, self.tid, self.team)
        for pid in self.members:
            plan.people[pid].team = self.tid
        return self._changes()

    def _changes(self) -> Changes:
        kinds = {TEAMS, PEOPLE_EDITED} if self.members else {TEAMS}
        return Changes(people=set(self.members), teams={self.tid}, kinds=kinds)


# ---------------------------------------------------------------- compound


class Compound(Command):
    """Several commands as one undo step (a hire that moves seven rocks)."""

    def __init__(self, label: str, children: list[Command]):
        self.label = label
        self.children = list(children)

    def apply(self, document: Document) -> Changes:
        changes = Changes()
        done: list[Command] = []
        try:
            for child in self.children:
                changes.merge(child.apply(document))
                done.append(child)
        except Exception:
            for child in reversed(done):  # all or nothing
                child.undo(document)
            raise
        return changes

    def undo(self, document: Document) -> Changes:
        changes = Changes()
        for child in reversed(self.children):
            changes.merge(child.undo(document))
        return changes
