"""Two plan files compared, and one plan file as lines for git.

``compare_files(a, b)`` is planner.whatif.diff.compare of the two baselines plus their
scenarios: added, removed, renamed (one removed and one added holding the same content,
or mostly the same changes from their baselines: then also what differs) and changed
(same name, other content), each change told in the plan diff's own terms ("2 rocks moved,
1 person added, 1 finding resolved"). ``textconv_lines(plan)`` renders one plan as stable
lines so ``git diff`` on two versions of a file reads well.
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from models import Plan
from planner.checks.analysis import Analysis
from planner.checks.rules import values_of
from planner.core.text import plural
from planner.planfile import fileio
from planner.whatif.diff import PlanDiff, Renamed, Scenario, ScenarioChanged, compare

RENAME_MATCH = 0.5
"""Share of the people, rocks and teams two scenarios change from their baselines that must be
the same ones (of all either changes) for a removed and an added scenario to be one, renamed."""


def compare_files(a: Plan, b: Plan, a_name: str = "A", b_name: str = "B") -> PlanDiff:
    """``compare`` of two plan files' baselines, plus their scenarios."""
    d = compare(a, b, a_name, b_name)
    _scenarios(a, b, d)
    return d


def changes_text(d: PlanDiff) -> str:
    """What a diff holds, counted: "2 rocks moved, 1 person added, 1 finding resolved"."""
    parts: list[str] = []

    def count(items: Sized, word: str, verb: str) -> None:
        n = len(items)
        if n:
            parts.append(f"{plural(n, word, 'people' if word == 'person' else None)} {verb}")

    count(d.rocks_moved, "rock", "moved")
    count(d.rocks_dropped, "rock", "dropped")
    count(d.rocks_restored, "rock", "restored")
    count(d.rocks_added, "rock", "added")
    count(d.rocks_removed, "rock", "removed")
    count({e.id for e in d.rocks_edited}, "rock", "edited")
    count(d.people_added, "person", "added")
    count(d.people_removed, "person", "removed")
    count(d.people_reparented, "person", "re-parented")
    count({e.id for e in (*d.capacity_changes, *d.role_changes, *d.status_changes, *d.people_renamed)}, "person",
          "changed")  # fmt: skip
    count({e.id for e in d.team_changes}, "team", "changed")
    count(d.findings_resolved, "finding", "resolved")
    count(d.findings_introduced, "finding", "introduced")
    count(d.findings_changed, "finding", "changed")
    return ", ".join(parts) or "notes or move history only"


def _scenarios(a: Plan, b: Plan, d: PlanDiff) -> None:
    old_books, new_books = a.scenarios, b.scenarios
    removed = [name for name in old_books if name not in new_books]
    added = [name for name in new_books if name not in old_books]
    renamed: dict[str, str] = {}  # old -> new
    identical: set[str] = set()  # the old names renamed with their content unchanged
    for old in removed:  # the same content under another name first
        same = next((new for new in added if new not in renamed.values() and _same(old_books[old], new_books[new])), None)
        if same is not None:
            renamed[old] = same
            identical.add(old)
    left_old = [n for n in removed if n not in renamed]
    left_new = [n for n in added if n not in renamed.values()]
    if left_old and left_new:  # then mostly the same changes from each file's baseline
        touched_old = {n: _touched(old_books[n], a) for n in left_old}
        touched_new = {n: _touched(new_books[n], b) for n in left_new}
        pairs = sorted(
            ((score, -i, -j, old, new)
             for i, old in enumerate(left_old) for j, new in enumerate(left_new)
             if (score := _overlap(touched_old[old], touched_new[new])) >= RENAME_MATCH),
            reverse=True,
        )  # fmt: skip
        for _, _, _, old, new in pairs:
            if old not in renamed and new not in renamed.values():
                renamed[old] = new
    for old in removed:
        now = renamed.get(old)
        if now is None:
            d.scenarios_removed.append(Scenario(old))
        elif old in identical:
            d.scenarios_renamed.append(Renamed(old, now))
        else:
            d.scenarios_renamed.append(Renamed(old, now, changes_text(compare(old_books[old], new_books[now]))))
    d.scenarios_added += [Scenario(name) for name in added if name not in renamed.values()]
    for name, plan in old_books.items():
        other = new_books.get(name)
        if other is not None and not _same(plan, other):
            d.scenarios_changed.append(ScenarioChanged(name, changes_text(compare(plan, other))))


def _same(a: Plan, b: Plan) -> bool:
    """The same plan as saved (the canonical form fileio writes), whatever the objects' identity."""
    return a == b or fileio.dumps(a) == fileio.dumps(b)


def _touched(scenario: Plan, base: Plan) -> frozenset[tuple[str, str]]:
    """The people, rocks and teams a scenario changes from its file's baseline (added, removed or edited)."""
    out: set[tuple[str, str]] = set()
    for kind in ("people", "rocks", "teams"):
        mine: dict[str, Any] = getattr(scenario, kind)
        theirs: dict[str, Any] = getattr(base, kind)
        out.update((kind, key) for key, item in mine.items() if theirs.get(key) != item)
        out.update((kind, key) for key in theirs.keys() - mine.keys())
    return frozenset(out)


def _overlap(x: frozenset[tuple[str, str]], y: frozenset[tuple[str, str]]) -> float:
    """The share of ids changed in both among those changed in either (1 when neither changes anything)."""
    either = len(x | y)
    return len(x & y) / either if either else 1.0


def _num(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def textconv_lines(plan: Plan, analysis: Analysis | None = None) -> list[str]:
    """One plan as stable lines for ``git diff`` (raw plan text: the CLI escapes control characters)."""
    an = analysis if analysis is not None else Analysis(plan)
    people, rocks = plan.people, plan.rocks
    owned: dict[str | None, list[str]] = {}
    for rid, r in rocks.items():
        owned.setdefault(r.owner if r.owner in people else None, []).append(rid)
    children: dict[str | None, list[str]] = {}
    for pid, p in people.items():
        children.setdefault(p.manager if p.manager in people else None, []).append(pid)

    def rock_line(rid: str, indent: str) -> str:
        r = rocks[rid]
        extra = f", area {r.area}" if r.area else ""
        return f"{indent}* {r.title} [{rid}] {r.discipline} {r.effort:g}% {r.kind} {r.state}{extra}"

    lines = [f"plan: {plan.name}", "", "people:"]
    seen: set[str] = set()
    stack: list[tuple[str, int]] = [(pid, 1) for pid in reversed(children.get(None, []))]
    order: list[tuple[str, int]] = []
    while stack:
        pid, depth = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        order.append((pid, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(pid, [])))
    order += [(pid, 1) for pid in people if pid not in seen]  # only in a plan with a reporting cycle
    for pid, depth in order:
        p, indent = people[pid], "  " * depth
        load = an.loads.get(pid)
        bits = [p.role or "no role", f"capacity {p.capacity:g}%", f"load {load.percent if load else 0:.0f}%"]
        if p.status != "active":
            bits.append(p.status + (f" {p.start}" if p.start else ""))
        if p.team:
            bits.append(f"team {p.team}")
        if p.dotted:
            bits.append("dotted " + ",".join(p.dotted))
        lines.append(f"{indent}{p.name} [{pid}]: {'; '.join(bits)}")
        lines += [rock_line(rid, indent + "  ") for rid in owned.get(pid, [])]
    lines += ["", "unowned rocks:", *(rock_line(rid, "  ") for rid in owned.get(None, []))]
    lines += ["", "teams:"]
    for tid, t in plan.teams.items():
        lead = people[t.lead].name if t.lead in people else (t.lead or "none")
        lines.append(f"  {t.name} [{tid}]: lead {lead}; headcount {t.headcount}")
    s = plan.settings
    lines += ["", "settings:"]
    lines += [f"  {name}: {_num(value)}" for name, value in values_of(plan).items()]
    lines.append(f"  disabled rules: {', '.join(s.rules.disabled) or 'none'}")
    lines += [f"  role synonym: {phrase} -> {family}" for phrase, family in s.role_synonyms]
    lines += [f"  discipline: {x.id} ({x.label})" for x in s.disciplines]
    summary = an.summary()
    lines += ["", f"totals: {summary['people']} people, {summary['rocks']} rocks, {summary['engineers']} engineers, "
              f"{summary['pms']} PMs, {summary['overloaded']} over capacity"]  # fmt: skip
    return lines
