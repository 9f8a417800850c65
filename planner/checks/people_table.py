"""The people table's rows: one per person, from the plan and the analysis's loads.

Qt-free, so the rows are tested without a display and read the same numbers as
the checks (planner.checks.analysis): load is effort over capacity, by
discipline too, and a person is overloaded when the analysis says so (the
Overload rule's warning threshold). ``rows_touched`` reads a Changes record and
names the rows it can have changed, so a table updates a move at 10,000 people
by re-reading the two people it touched, not the whole plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import FAMILY_LABELS, Plan
from planner.checks.analysis import Analysis
from planner.core.changes import PEOPLE_EDITED, SCENARIO, TEAMS, Changes

STATUS_LABELS = {"active": "Active", "planned": "Planned hire", "open": "Open role"}
OVERLOADED = "overloaded"


def one_line(text: str) -> str:
    """Plan text on one line (a table cell): runs of whitespace, newlines included, fold to one space."""
    return " ".join(text.split())


@dataclass(slots=True)
class PersonRow:
    """What the table shows of one person; text fields are plan text (untrusted), on one line."""

    id: str
    name: str
    role: str
    family: str  # role family id (models.roles.FAMILIES)
    team: str  # team name, "" for none
    team_id: str
    manager: str  # manager's name, "" for none
    manager_id: str
    capacity: float  # percent of a full-time week
    effort: float  # percent of a week, owned active rocks
    load: float  # effort over capacity, percent
    by_discipline: dict[str, float] = field(default_factory=dict)  # discipline -> percent of capacity
    rocks: int = 0  # active rocks owned
    status: str = "active"  # models.plan.PERSON_STATUSES
    start: str = ""
    overloaded: bool = False
    search: str = ""  # name, role and team folded for the filter

    @property
    def family_label(self) -> str:
        return FAMILY_LABELS.get(self.family, self.family.capitalize() or "Other")

    @property
    def status_text(self) -> str:
        """'Active', 'Planned hire (2027-Q2)', 'Open role', with ' · overloaded' when the checks say so."""
        text = STATUS_LABELS.get(self.status, self.status)
        if self.status != "active" and self.start:
            text += f" ({self.start})"
        return f"{text} · {OVERLOADED}" if self.overloaded else text


def person_row(plan: Plan, analysis: Analysis, pid: str) -> PersonRow:
    """The row of person ``pid`` as the plan and its analysis stand now."""
    person = plan.people[pid]
    load = analysis.loads.get(pid)
    manager = plan.people.get(person.manager) if person.manager is not None else None
    team = plan.teams.get(person.team) if person.team is not None else None
    name, role = one_line(person.name), one_line(person.role)
    team_name = one_line(team.name) if team is not None else ""
    capacity = person.capacity
    by = load.by_discipline if load is not None else {}
    return PersonRow(
        id=pid,
        name=name,
        role=role,
        family=analysis.family(pid),
        team=team_name,
        team_id=person.team or "",
        manager=one_line(manager.name) if manager is not None else "",
        manager_id=person.manager or "",
        capacity=capacity,
        effort=load.effort if load is not None else 0.0,
        load=load.percent if load is not None else 0.0,
        by_discipline={d: e / capacity * 100.0 for d, e in by.items()} if capacity else {},
        rocks=len(analysis.owned.get(pid, ())),
        status=person.status,
        start=one_line(person.start),
        overloaded=pid in analysis.overloaded,
        search=f"{name}\n{role}\n{team_name}".casefold(),
    )


def people_rows(plan: Plan, analysis: Analysis) -> list[PersonRow]:
    """Every person's row, in plan order."""
    return [person_row(plan, analysis, pid) for pid in plan.people]


def rows_touched(plan: Plan, analysis: Analysis, changes: Changes) -> set[str] | None:
    """The people whose row ``changes`` can have changed (some may be gone: their rows go);
    None when every row may have (settings: thresholds, role families, disciplines; another
    scenario shown)."""
    if changes.settings or changes.has(SCENARIO):
        return None
    touched = set(changes.people)
    rocks = plan.rocks
    for rid in changes.rocks:  # commands name owners already; a rock's owner is cheap to add
        rock = rocks.get(rid)
        if rock is not None and rock.owner is not None:
            touched.add(rock.owner)
    if changes.has(PEOPLE_EDITED):  # a renamed manager: their reports show the new name
        for pid in list(touched):
            touched.update(analysis.reports.get(pid, ()))
    if changes.teams and changes.has(TEAMS):  # a renamed team: its members show the new name
        teams = changes.teams
        touched.update(pid for pid, p in plan.people.items() if p.team in teams)
    return touched


def matches(row: PersonRow, words: list[str]) -> bool:
    """Whether every folded word of a filter is in the row's name, role or team."""
    return all(w in row.search for w in words)


def filter_words(text: str) -> list[str]:
    """A typed filter as the words ``matches`` looks for (case folded)."""
    return text.casefold().split()
