"""Checking the fields of people, rocks and teams as a user or a file gives them.

Edit commands, the hire simulator and the intent layer (planner.editing.operations)
call these; the plan loader applies the same rules to whole files (the field
parsers of planner.core.fields, tested against hostile files), so what one accepts
the other does too.
Each raises FieldError (naming the field) or CommandError.
"""

from __future__ import annotations

from typing import Any

from models import Plan
from planner.core import fields as F
from planner.core.errors import CommandError


def check_manager(plan: Plan, pid: str, manager: str | None) -> None:
    """Refuse a manager that does not exist or would close a reporting cycle."""
    if manager is None:
        return
    if manager not in plan.people:
        raise CommandError(f'No person with id "{manager}" to report to')
    if manager == pid:
        raise CommandError(f"{plan.people[pid].name} cannot report to themselves")
    chain = [manager]
    node = plan.people[manager].manager
    while node is not None:
        chain.append(node)
        if node == pid:
            break
        node = plan.people[node].manager
    if manager == pid or node == pid:
        names = " -> ".join(plan.people[i].name for i in [pid, *chain])
        raise CommandError(
            f"{plan.people[pid].name} cannot report to {plan.people[manager].name}: "
            f"{plan.people[manager].name} is in their own reporting line, which would make a cycle ({names})"
        )


TEAM_FIELDS = ("name", "headcount", "lead", "growth")
PERSON_FIELDS = ("name", "role", "manager", "dotted", "capacity", "team", "email", "status", "start")
ROCK_FIELDS = (
    "title",
    "discipline",
    "effort",
    "owner",
    "contributors",
    "area",
    "kind",
    "state",
    "context",
    "problem",
    "impact",
    "goal",
    "priority",
    "grows",
    "seeded",
    "kept",
)


def clean_person_fields(plan: Plan, pid: str, values: dict[str, Any]) -> dict[str, Any]:
    """Parse and check edits to a person; raises FieldError/CommandError naming the field."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            out[key] = F.parse_name(value)
        elif key in ("role", "email", "start"):
            out[key] = F.parse_text(value, key, 500)
        elif key == "capacity":
            out[key] = F.parse_capacity(value)
        elif key == "status":
            out[key] = F.parse_status(value)
        elif key == "manager":
            out[key] = value or None
            check_manager(plan, pid, out[key])
        elif key == "team":
            if value and value not in plan.teams:
                raise CommandError(f'No team with id "{value}"')
            out[key] = value or None
        elif key == "dotted":
            missing = [d for d in value if d not in plan.people or d == pid]
            if missing:
                raise CommandError(f'Dotted-line manager "{missing[0]}" is not another person in this plan')
            out[key] = list(dict.fromkeys(value))
        else:
            raise CommandError(f'People have no field "{key}"; expected one of {", ".join(PERSON_FIELDS)}')
    return out


def clean_rock_fields(plan: Plan, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "title":
            out[key] = F.parse_name(value, "title")
        elif key == "discipline":
            out[key] = F.parse_discipline(value, plan.discipline_table)
        elif key == "effort":
            out[key] = F.parse_effort(value)
        elif key == "owner":
            if value and value not in plan.people:
                raise CommandError(f'No person with id "{value}" to own this rock')
            out[key] = value or None
        elif key == "contributors":
            missing = [c for c in value if c not in plan.people]
            if missing:
                raise CommandError(f'Contributor "{missing[0]}" is not a person in this plan')
            out[key] = list(dict.fromkeys(value))
        elif key == "kind":
            out[key] = F.parse_kind(value)
        elif key == "state":
            out[key] = F.parse_state(value)
        elif key in ("area", "context", "problem", "impact", "goal", "priority"):
            out[key] = F.parse_text(value, key)
        elif key in ("seeded", "grows"):
            out[key] = bool(value)  # an edited estimate is no longer seeded; a checkbox in forms
        elif key == "kept":
            out[key] = F.parse_kept(value)
        else:
            raise CommandError(f'Rocks have no field "{key}"; expected one of {", ".join(ROCK_FIELDS)}')
    return out


def clean_team_fields(plan: Plan, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            out[key] = F.parse_name(value)
        elif key == "headcount":
            out[key] = F.parse_headcount(value, "headcount")
        elif key == "lead":
            if value and value not in plan.people:
                raise CommandError(f'No person with id "{value}" to lead the team')
            out[key] = value or None
        elif key == "growth":
            out[key] = F.parse_growth(value)
        else:
            raise CommandError(f'Teams have no field "{key}"; expected one of {", ".join(TEAM_FIELDS)}')
    return out
