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
from typing import TYPE_CHECKING, Any

from planner.core.errors import PlanError
from planner.exports.exporting import TABLES, Cancelled, Progress, atomic_output, no_progress

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

# Columns whose numbers are percents of a week (or of a person's capacity for "load %").
PERCENT_COLUMNS = frozenset({"capacity", "effort", "load %", "total"})

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


def _frame(rows: dict[str, list[Any]], columns: Iterable[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns))


def _people(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    assert analysis is not None
    people, teams = plan.people, plan.teams
    disc = discipline_columns(plan, (*PEOPLE_HEAD, *PEOPLE_TAIL))
    cols: dict[str, list[Any]] = {c: [] for c in (*PEOPLE_HEAD, *disc.values(), *PEOPLE_TAIL)}
    by_disc = [(did, cols[header]) for did, header in disc.items()]
    nan = float("nan")
    for pid, p in people.items():
        load = analysis.loads.get(pid)
        manager = people.get(p.manager) if p.manager is not None else None
        team = teams.get(p.team) if p.team is not None else None
        cols["id"].append(pid)
        cols["name"].append(p.name)
        cols["role"].append(p.role)
        cols["family"].append(analysis.family(pid))
        cols["manager"].append(manager.name if manager is not None else "")
        cols["team"].append(team.name if team is not None else "")
        cols["status"].append(p.status)
        cols["capacity"].append(float(p.capacity))
        cols["effort"].append(load.effort if load else 0.0)
        cols["load %"].append(round(load.percent, 2) if load else 0.0)
        by = load.by_discipline if load else {}
        for did, column in by_disc:
            column.append(by.get(did, nan))
        cols["manager id"].append(p.manager or "")
        cols["dotted"].append(", ".join(people[d].name for d in p.dotted if d in people))
        cols["dotted ids"].append(id_list(p.dotted))
        cols["team id"].append(p.team or "")
        cols["email"].append(p.email)
        cols["start"].append(p.start)
    return _frame(cols, cols)


def _rocks(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    people = plan.people
    cols: dict[str, list[Any]] = {c: [] for c in ROCKS_COLUMNS}
    for rid, r in plan.rocks.items():
        owner = people.get(r.owner) if r.owner is not None else None
        cols["id"].append(rid)
        cols["title"].append(r.title)
        cols["discipline"].append(r.discipline)
        cols["owner id"].append(r.owner or "")
        cols["owner"].append(owner.name if owner is not None else "")
        cols["effort"].append(float(r.effort))
        cols["area"].append(r.area)
        cols["kind"].append(r.kind)
        cols["state"].append(r.state)
        cols["context"].append(r.context)
        cols["seeded"].append(r.seeded)
        cols["grows"].append(r.grows)
        cols["kept"].append("" if r.kept is None else ("yes" if r.kept else "no"))
        cols["contributors"].append(", ".join(people[c].name for c in r.contributors if c in people))
        cols["contributor ids"].append(id_list(r.contributors))
        cols["problem"].append(r.problem)
        cols["impact"].append(r.impact)
        cols["goal"].append(r.goal)
        cols["priority"].append(r.priority)
    return _frame(cols, ROCKS_COLUMNS)


def _matrix(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    """Effort (percent of a week) each person carries in each discipline, active owned rocks only."""
    assert analysis is not None
    disc = discipline_columns(plan, (*MATRIX_HEAD, "total"))
    cols: dict[str, list[Any]] = {c: [] for c in (*MATRIX_HEAD, *disc.values(), "total")}
    by_disc = [(did, cols[header]) for did, header in disc.items()]
    for pid, p in plan.people.items():
        load = analysis.loads.get(pid)
        by = load.by_discipline if load else {}
        cols["id"].append(pid)
        cols["name"].append(p.name)
        cols["family"].append(analysis.family(pid))
        for did, column in by_disc:
            column.append(by.get(did, 0.0))
        cols["total"].append(load.effort if load else 0.0)
    return _frame(cols, cols)


def _findings(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    assert analysis is not None
    people, rocks = plan.people, plan.rocks
    cols: dict[str, list[Any]] = {c: [] for c in FINDINGS_COLUMNS}
    for f in analysis.sorted_findings():
        pids = [s for s in f.subjects if s in people]
        rids = [s for s in f.subjects if s in rocks and s not in people]
        cols["severity"].append(f.severity)
        cols["rule"].append(f.rule)
        cols["message"].append(f.message)
        cols["people"].append(", ".join(people[p].name for p in pids))
        cols["rocks"].append(", ".join(rocks[r].title for r in rids))
        cols["source"].append(f.source)
        cols["people ids"].append(id_list(pids))
        cols["rock ids"].append(id_list(rids))
    return _frame(cols, FINDINGS_COLUMNS)


def _moves(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    people, rocks = plan.people, plan.rocks
    cols: dict[str, list[Any]] = {c: [] for c in MOVES_COLUMNS}
    for m in plan.moves:
        rock = rocks.get(m.rock)
        giver = people.get(m.from_) if m.from_ is not None else None
        taker = people.get(m.to) if m.to is not None else None
        cols["rock"].append(rock.title if rock is not None else "")
        cols["from"].append(giver.name if giver is not None else "")
        cols["to"].append(taker.name if taker is not None else "")
        cols["when"].append(m.when)
        cols["note"].append(m.note)
        cols["rock id"].append(m.rock)
        cols["from id"].append(m.from_ or "")
        cols["to id"].append(m.to or "")
    return _frame(cols, MOVES_COLUMNS)


def _teams(plan: Plan, analysis: Analysis | None) -> pd.DataFrame:
    people = plan.people
    cols: dict[str, list[Any]] = {c: [] for c in TEAMS_COLUMNS}
    for tid, t in plan.teams.items():
        lead = people.get(t.lead) if t.lead is not None else None
        cols["id"].append(tid)
        cols["name"].append(t.name)
        cols["lead"].append(lead.name if lead is not None else "")
        cols["lead id"].append(t.lead or "")
        cols["headcount"].append(t.headcount)
        cols["growth"].append(", ".join(str(g) for g in t.growth))
    return _frame(cols, TEAMS_COLUMNS)


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
