"""The reporting tree as the board and the chart exports walk it: children and roots,
everyone under a manager, the managers to collapse for N levels, and a team's totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from models.plan import Person, Plan


def forest(people: Mapping[str, Person]) -> tuple[dict[str, list[str]], list[str]]:
    """(children per manager, roots), siblings in model order; a manager who is not in
    the plan makes their report a root."""
    children: dict[str, list[str]] = {}
    roots: list[str] = []
    for pid, person in people.items():
        if person.manager is None or person.manager not in people:
            roots.append(pid)
        else:
            children.setdefault(person.manager, []).append(pid)
    return children, roots


def below(children: Mapping[str, list[str]], pid: str) -> list[str]:
    """Everyone under ``pid`` (all levels), in depth-first order."""
    out: list[str] = []
    stack = list(reversed(children.get(pid, ())))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(children.get(node, ())))
    return out


def managers_below(
    people: Mapping[str, Person], level: int, tree: tuple[dict[str, list[str]], list[str]] | None = None
) -> set[str]:
    """The managers to collapse so that ``level`` levels show (1 = only the roots);
    ``tree``: the people's ``forest`` when the caller has it already."""
    children, roots = forest(people) if tree is None else tree
    out: set[str] = set()
    stack = [(r, 0) for r in roots]
    while stack:
        pid, d = stack.pop()
        if pid in children:
            if d >= level - 1:
                out.add(pid)
            else:
                stack.extend((c, d + 1) for c in children[pid])
    return out


def team_totals(plan: Plan, efforts: Mapping[str, float], manager: str, people: list[str]) -> tuple[str, float | None]:
    """The name of the team ``people`` (under ``manager``) form, and their load in percent
    of their capacity: the manager's team, else the one most of them are in."""
    everyone, teams = plan.people, plan.teams
    effort = capacity = 0.0
    votes: Counter[str] = Counter()
    for node in people:
        person = everyone[node]
        effort += efforts.get(node, 0.0)
        capacity += person.capacity
        if person.team in teams:
            votes[person.team] += 1
    own = everyone[manager].team
    team = own if own in teams else (votes.most_common(1)[0][0] if votes else None)
    label = teams[team].name if team is not None else ""
    return label, (100.0 * effort / capacity if capacity > 0 else None)
