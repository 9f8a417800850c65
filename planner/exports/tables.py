"""The plan as tables: people, rocks, the people x disciplines matrix, findings, moves (and teams).

One pandas DataFrame per table, shared by the workbook (planner.exports.workbook), the CSV
export and the review pack. Values are the plan's own: text exactly as typed (a name
"=SUM(A1)" stays that; the writers neutralise it on the way out), efforts and loads in
percent of a week. Columns a reader needs to rebuild the plan without loss (ids of
managers, dotted-line managers, teams, contributors) sit beside the readable ones.

``write_csv`` writes one table as plain UTF-8 CSV with a header row, every text cell
that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) prefixed with a single quote, as OWASP advises.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.core.errors import PlanError
from planner.exports.exporting import (
    TABLES,
    Cancelled,
    Progress,
    TableOptions,
    atomic_output,
    no_progress,
    register_format,
)

if TYPE_CHECKING:
    import pandas as pd

    from models import Plan
    from planner.checks.analysis import Analysis

ALL_TABLES = (*TABLES, "teams")

PEOPLE_HEAD = ("id", "name", "role", "family", "manager", "team", "status", "capacity", "effort", "load %")
PEOPLE_TAIL = ("manager id", "dotted", "dotted ids", "team id", "email", "start")
ROCKS_COLUMNS = (
    "id",
    "title",
    "discipline",
    "owner id",
    "owner",
    "effort",
    "area",
    "kind",
    "state",
    "context",
    "seeded",
    "grows",
    "kept",
    "contributors",
    "contributor ids",
    "problem",
    "impact",
    "goal",
    "priority",
)
MATRIX_HEAD = ("id", "name", "family")
FINDINGS_COLUMNS = ("severity", "rule", "message", "people", "rocks", "source", "people ids", "rock ids")
MOVES_COLUMNS = ("rock", "from", "to", "when", "note", "rock id", "from id", "to id")
TEAMS_COLUMNS = ("id", "name", "lead", "lead id", "headcount", "growth")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def discipline_columns(plan: Plan, taken: Iterable[str]) -> dict[str, str]:
    """Discipline id -> its column header: the id, or "ID (discipline)" if the id is a fixed column's name."""
    used = {t.casefold() for t in taken}
    out = {}
    for did in plan.discipline_table.disciplines:
        header = did if did.casefold() not in used else f"{did} (discipline)"
        used.add(header.casefold())
        out[did] = header
    return out


def id_list(ids: Iterable[str]) -> str:
    """Ids as readable text: "p3, p7"; as a JSON list when an id holds a comma, edge spaces or starts with '['."""
    items = list(ids)
    if any("," in i or i != i.strip() or i.startswith("[") or not i for i in items):
        return json.dumps(items, ensure_ascii=False)
    return ", ".join(items)


def parse_id_list(text: str) -> list[str]:
    """The inverse of ``id_list``; ValueError with what was expected."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError("expected ids separated by commas, or a JSON list of ids") from None
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError("expected a JSON list of ids (text)")
        return value
    return [part.strip() for part in text.split(",") if part.strip()]


def table(plan: Plan, name: str, analysis: Analysis | None = None) -> pd.DataFrame:
    """One table of the plan as a DataFrame; ``name`` is one of planner.exports.exporting.TABLES (or "teams")."""
    builders = {
        "people": _people,
        "rocks": _rocks,
        "matrix": _matrix,
        "findings": _findings,
        "moves": _moves,
        "teams": _teams,
    }
    if name not in builders:
        raise PlanError(f"unknown table '{name}'; expected one of {', '.join(ALL_TABLES)}")
    if analysis is None and name in ("people", "matrix", "findings"):
        from planner.checks.analysis import Analysis

        analysis = Analysis(plan)
    return builders[name](plan, analysis)


def _discipline_efforts(plan: Plan, analysis: Analysis, headers: dict[str, str]) -> pd.DataFrame:
    """The people x disciplines matrix: effort (percent of a week) per person (rows, in plan order) and
    discipline (columns named by ``headers``, in the plan's order), NaN where a person carries none.

    Pivoted from the analysis' loads (active owned rocks, summed exactly there), so each cell is one
    value and the sum the pivot takes changes nothing; disciplines the plan does not define are left out."""
    import pandas as pd

    loads = analysis.loads
    long = pd.DataFrame.from_records(
        [
            (pid, did, effort)
            for pid in plan.people
            if (load := loads.get(pid)) is not None
            for did, effort in load.by_discipline.items()
        ],
        columns=["person", "discipline", "effort"],
    )
    matrix = long.pivot_table(index="person", columns="discipline", values="effort", aggfunc="sum")
    matrix = matrix.reindex(index=list(plan.people), columns=list(headers)).astype(float)
    matrix.columns = list(headers.values())
    return matrix.reset_index(drop=True)


def _people(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    import pandas as pd

    assert analysis is not None
    people, teams, loads = plan.people, plan.teams, analysis.loads
    persons = list(people.values())
    managers = [people.get(p.manager) if p.manager is not None else None for p in persons]
    in_team = [teams.get(p.team) if p.team is not None else None for p in persons]
    person_loads = [loads.get(pid) for pid in people]
    head = pd.DataFrame(
        {
            "id": list(people),
            "name": [p.name for p in persons],
            "role": [p.role for p in persons],
            "family": [analysis.family(pid) for pid in people],
            "manager": [m.name if m is not None else "" for m in managers],
            "team": [t.name if t is not None else "" for t in in_team],
            "status": [p.status for p in persons],
            "capacity": [float(p.capacity) for p in persons],
            "effort": [load.effort if load else 0.0 for load in person_loads],
            "load %": [round(load.percent, 2) if load else 0.0 for load in person_loads],
        },
        columns=list(PEOPLE_HEAD),
    )
    tail = pd.DataFrame(
        {
            "manager id": [p.manager or "" for p in persons],
            "dotted": [", ".join(people[d].name for d in p.dotted if d in people) for p in persons],
            "dotted ids": [id_list(p.dotted) for p in persons],
            "team id": [p.team or "" for p in persons],
            "email": [p.email for p in persons],
            "start": [p.start for p in persons],
        },
        columns=list(PEOPLE_TAIL),
    )
    efforts = _discipline_efforts(plan, analysis, discipline_columns(plan, (*PEOPLE_HEAD, *PEOPLE_TAIL)))
    return pd.concat([head, efforts, tail], axis=1)


def _rocks(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    import pandas as pd

    people = plan.people
    rocks = list(plan.rocks.values())
    owners = [people.get(r.owner) if r.owner is not None else None for r in rocks]
    return pd.DataFrame(
        {
            "id": list(plan.rocks),
            "title": [r.title for r in rocks],
            "discipline": [r.discipline for r in rocks],
            "owner id": [r.owner or "" for r in rocks],
            "owner": [o.name if o is not None else "" for o in owners],
            "effort": [float(r.effort) for r in rocks],
            "area": [r.area for r in rocks],
            "kind": [r.kind for r in rocks],
            "state": [r.state for r in rocks],
            "context": [r.context for r in rocks],
            "seeded": [r.seeded for r in rocks],
            "grows": [r.grows for r in rocks],
            "kept": ["" if r.kept is None else ("yes" if r.kept else "no") for r in rocks],
            "contributors": [", ".join(people[c].name for c in r.contributors if c in people) for r in rocks],
            "contributor ids": [id_list(r.contributors) for r in rocks],
            "problem": [r.problem for r in rocks],
            "impact": [r.impact for r in rocks],
            "goal": [r.goal for r in rocks],
            "priority": [r.priority for r in rocks],
        },
        columns=list(ROCKS_COLUMNS),
    )


def _matrix(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    """Effort (percent of a week) each person carries in each discipline, active owned rocks only."""
    import pandas as pd

    assert analysis is not None
    loads = analysis.loads
    head = pd.DataFrame(
        {
            "id": list(plan.people),
            "name": [p.name for p in plan.people.values()],
            "family": [analysis.family(pid) for pid in plan.people],
        },
        columns=list(MATRIX_HEAD),
    )
    efforts = _discipline_efforts(plan, analysis, discipline_columns(plan, (*MATRIX_HEAD, "total"))).fillna(0.0)
    total = pd.DataFrame({"total": [load.effort if (load := loads.get(pid)) else 0.0 for pid in plan.people]})
    return pd.concat([head, efforts, total], axis=1)


def _findings(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    import pandas as pd

    assert analysis is not None
    people, rocks = plan.people, plan.rocks
    findings = analysis.sorted_findings()
    pids = [[s for s in f.subjects if s in people] for f in findings]
    rids = [[s for s in f.subjects if s in rocks and s not in people] for f in findings]
    return pd.DataFrame(
        {
            "severity": [f.severity for f in findings],
            "rule": [f.rule for f in findings],
            "message": [f.message for f in findings],
            "people": [", ".join(people[p].name for p in ids) for ids in pids],
            "rocks": [", ".join(rocks[r].title for r in ids) for ids in rids],
            "source": [f.source for f in findings],
            "people ids": [id_list(ids) for ids in pids],
            "rock ids": [id_list(ids) for ids in rids],
        },
        columns=list(FINDINGS_COLUMNS),
    )


def _moves(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    import pandas as pd

    people, rocks, moves = plan.people, plan.rocks, plan.moves

    def name(pid: str | None) -> str:
        person = people.get(pid) if pid is not None else None
        return person.name if person is not None else ""

    return pd.DataFrame(
        {
            "rock": [rock.title if (rock := rocks.get(m.rock)) is not None else "" for m in moves],
            "from": [name(m.from_) for m in moves],
            "to": [name(m.to) for m in moves],
            "when": [m.when for m in moves],
            "note": [m.note for m in moves],
            "rock id": [m.rock for m in moves],
            "from id": [m.from_ or "" for m in moves],
            "to id": [m.to or "" for m in moves],
        },
        columns=list(MOVES_COLUMNS),
    )


def _teams(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    import pandas as pd

    people = plan.people
    teams = list(plan.teams.values())
    leads = [people.get(t.lead) if t.lead is not None else None for t in teams]
    return pd.DataFrame(
        {
            "id": list(plan.teams),
            "name": [t.name for t in teams],
            "lead": [lead.name if lead is not None else "" for lead in leads],
            "lead id": [t.lead or "" for t in teams],
            "headcount": [t.headcount for t in teams],
            "growth": [", ".join(str(g) for g in t.growth) for t in teams],
        },
        columns=list(TEAMS_COLUMNS),
    )


# ------------------------------------------------------------------ CSV


def neutralise(value: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading single quote (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        if value != value:  # NaN: no value
            return ""
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return value


def write_csv(
    plan: Plan,
    path: str | os.PathLike[str],
    name: str = "people",
    progress: Progress = no_progress,
    analysis: Analysis | None = None,
) -> int:
    """Write one table as UTF-8 CSV (header row, no BOM), neutralised; returns the number of data rows."""
    if name not in ALL_TABLES:
        raise PlanError(f"--table: unknown table '{name}'; expected one of {', '.join(TABLES)}")
    frame = table(plan, name, analysis)
    total = len(frame)
    if not progress(0, total, f"{name} rows"):
        raise Cancelled()
    columns = [frame[c].tolist() for c in frame.columns]
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([neutralise(str(c)) for c in frame.columns])
        step = 5000
        for start in range(0, total, step):
            chunk = zip(*(col[start : start + step] for col in columns), strict=True)
            writer.writerows([_csv_cell(v) for v in row] for row in chunk)
            if not progress(min(start + step, total), total, f"{name} rows"):
                raise Cancelled()
    return total


def _export_csv(plan: Plan, path: Path, options: TableOptions, progress: Progress) -> None:
    write_csv(plan, path, options.table, progress)


register_format((".csv",), _export_csv)
