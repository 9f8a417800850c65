""""What next?": up to three answers a product leader would give, read from the plan's checks.

Hiring is not the only answer (docs/rules.md, "What a rock is" and the checks'
own reasoning). In order:

1. **Reassign**: a specialist already there with room takes the rocks of their
   discipline others hold (Specialist with room), or a TPM with room takes a PM's
   coordination work (Project work eats PM time).
2. **Drop**: an overloaded person puts down rocks marked low priority.
3. **Hire**, gated so the advice agrees with the checks: a PM only while the
   ratio allows one more (never below its minimum); in a small company a PM
   before a purely tactical role; a head of product when a founder still does
   day-to-day product work at the size where a product leader is due;
   specialists on evidence and scale (a PMM when product people carry at least
   the Specialist-with-room share of marketing work, a strategist only where
   overloaded people spend a discipline's counted share on strategy, at the
   specialists' size). Each hire is
   simulated with every strategy (by-area first when rocks span two or more
   product lines) and the best kept: the one that introduces no warning,
   lowers the highest load most and resolves most.
4. **Engineers**: no product hire while engineers per PM are at or below the
   target: would one more PM accelerate the business more than one more engineer?

Every answer, applied, must not raise the highest load in the plan nor
introduce an error or a ratio finding; one that fails that, or relieves
nothing, is not offered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from models import Plan
from planner.checks.analysis import Analysis
from planner.checks.rules import (
    A_ROLE,
    COVERAGE,
    GENERALISTS,
    OVERLOAD,
    PM_ENG_RATIO,
    SEVERITY_RANK,
    UNDER_USED,
    UNICORN,
    Finding,
    names,
    plural,
    title_of,
)
from planner.checks.rules.people import specialist_disciplines
from planner.checks.rules.rocks import defines, is_kept, product_lines
from planner.editing import commands as C
from planner.whatif import hire
from planner.whatif.hire_strategies import SHORT

# Specialist family -> the discipline whose rocks call for them.
SPECIALIST_DISCIPLINE: dict[str, str] = {"pmm": "marketing", "ops": "operations", "design": "design", "strategy": "strategy"}
LOW_PRIORITY = frozenset(("p3", "p4", "p5", "low", "nice to have", "nice-to-have", "could", "won't", "wont"))
_LEADER = re.compile(r"(?<![a-z])(head|vp|vice president|director|chief|cpo|lead)(?![a-z])")
KINDS = ("reassign", "drop", "hire", "engineers")
MAX_TRIES = 12  # candidates of one kind measured at most (each is a simulation): big plans stay quick
MAX_SCAN = 500  # rocks looked at for one move
EPS = 1e-9


@dataclass(slots=True)
class Suggestion:
    """One answer. ``kind``: reassign, drop, hire or engineers; ``role``: the family to hire (hire),
    or "eng" (engineers); ``rule``: the id of the check it answers (for --json and docs)."""

    role: str
    reason: str
    rule: str
    relief: dict[str, Any] = field(default_factory=dict)
    strategy: str = ""  # hire: the simulator strategy the relief was measured with
    kind: str = "hire"
    title: str = ""  # a headline: "Hire a TPM", "Move 2 rocks to Zoe Mitchell", "Drop 'Analyst relations'"
    moves: list[tuple[str, str]] = field(default_factory=list)  # reassign: (rock id, to person id)
    rocks: list[str] = field(default_factory=list)  # drop: rock ids
    name: str = ""  # hire: the new person's name ("Head of Product")
    manager: str | None = None  # hire: who they report to

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "title": self.title,
            "role": self.role,
            "reason": self.reason,
            "rule": self.rule,
            "relief": self.relief,
            "strategy": self.strategy,
        }
        if self.moves:
            out["moves"] = [{"rock": r, "to": t} for r, t in self.moves]
        if self.rocks:
            out["rocks"] = list(self.rocks)
        if self.name:
            out["name"] = self.name
        return out

    def command(self, plan: Plan) -> C.Command | None:
        """The change this answer makes, as one undoable command (None for "engineers": advice only)."""
        if self.kind == "reassign":
            return C.Compound(
                self.title,
                [C.MoveRocks([rid], to, note="reassigned before hiring: " + self.reason) for rid, to in self.moves],
            )
        if self.kind == "drop":
            return C.Compound(self.title, [C.SetRockState(list(self.rocks), "dropped")])
        if self.kind == "hire":
            return _proposal(plan, self).command()
        return None


def next_hires(plan: Plan, analysis: Analysis | None = None, limit: int = 3) -> list[Suggestion]:
    """Up to ``limit`` answers, most pressing first; each, applied, relieves something and trips no check."""
    a = analysis or Analysis(plan)
    top = max((load.percent for load in a.loads.values()), default=0.0)
    out: list[Suggestion] = []
    for make in (_reassignments, _drops, _hires):
        relieved = {pid for s in out for pid in s.relief.get("overload_resolved", ())}
        for s in make(plan, a, top) if make is not _hires else _hires(plan, a, top, relieved):
            if len(out) >= limit:
                return out
            if s.kind == "hire" and any(o.kind == "hire" and o.role == s.role for o in out):
                continue
            out.append(s)
    if len(out) < limit and not any(s.kind == "hire" and s.role == "pm" for s in out):
        engineers = _engineers(plan, a)
        if engineers is not None:
            out.append(engineers)
    return out


# ---------------------------------------------------------------- reassign


def _reassignments(plan: Plan, a: Analysis, top: float) -> Iterator[Suggestion]:
    """Moves to people already there with room, the most room first (lazily: ``next_hires``
    stops asking once it has enough answers)."""
    people = plan.people
    warning = OVERLOAD.WARNING.of(plan)
    under = sorted(
        (f.subjects[0] for f in a.findings.values() if f.rule == UNDER_USED.id),
        key=lambda p: (a.loads[p].percent, p),
    )
    for pid in under[:MAX_TRIES]:
        disciplines = set(specialist_disciplines(plan, a.family(pid)))
        holders = sorted(
            {h for d in disciplines for h in a.holders(d)}, key=lambda h: (-a.loads[h].percent, people[h].name, h)
        )
        rocks = _rocks_of(plan, a, holders, lambda r, ds=disciplines: r.discipline in ds)  # type: ignore[misc]
        found = _reassign(plan, a, pid, rocks, min(warning, max(top, UNDER_USED.BELOW.of(plan))), UNDER_USED.id)
        if found is not None:
            yield found
    # A TPM with room takes the coordination of PMs whose project work is the finding,
    # the most loaded PMs first, one rock from each in turn.
    heavy = sorted(a.project_heavy, key=lambda p: (-a.project_heavy[p], p))[:MAX_TRIES]
    queues = [list(_rocks_of(plan, a, [pm], lambda r: defines("tpm", r))) for pm in heavy]
    coordination: list[Any] = []
    while any(queues):
        for q in queues:
            if q:
                coordination.append(q.pop(0))
    tpms = [p for p in people if a.family(p) == "tpm"]  # a planned or open TPM takes it once they start
    teams = {people[pm].team for pm in heavy}
    for tpm in sorted(tpms, key=lambda t: (people[t].team not in teams, a.loads[t].percent, t))[:MAX_TRIES]:
        if coordination and a.loads[tpm].percent < warning - EPS:
            ceiling = min(warning, max(top, a.loads[tpm].percent))
            found = _reassign(plan, a, tpm, coordination, ceiling, "tpm-needed")
            if found is not None:
                yield found
                break


def _rocks_of(plan: Plan, a: Analysis, holders: list[str], wanted: Any) -> Iterator[Any]:
    """The active rocks of ``holders`` (in that order, biggest first) that ``wanted`` picks and no owner keeps."""
    for h in holders:
        for rid in sorted(a.owned.get(h, ()), key=lambda r: (-plan.rocks[r].effort, len(r), r)):
            rock = plan.rocks[rid]
            if wanted(rock) and not is_kept(plan, rock):
                yield rock


def _reassign(
    plan: Plan, a: Analysis, to: str, rocks: Iterable[Any], ceiling: float, rule: str
) -> Suggestion | None:
    """Move ``rocks`` (in order) to ``to`` while their load stays at or under ``ceiling``."""
    person = plan.people[to]
    effort = a.loads[to].effort
    room = person.capacity * ceiling / 100.0 - effort
    chosen = []
    for seen, rock in enumerate(rocks):
        if rock.effort <= room + EPS:
            chosen.append(rock)
            room -= rock.effort
        if room <= EPS or seen >= MAX_SCAN:
            break
    if not chosen:
        return None
    suggestion = Suggestion("", "", rule, kind="reassign", moves=[(r.id, to) for r in chosen])
    impact = _measure(plan, a, suggestion)
    if impact is None:
        return None
    family = a.family(to)
    role = SHORT.get(family, family)
    planned = person.status != "active"
    givers = list(dict.fromkeys(r.owner for r in chosen if r.owner))
    titles = _titles(chosen)
    before, after = impact.loads[to]
    what = plural(len(chosen), "rock")
    if planned:
        suggestion.title = f"Move {what} to {person.name}, the {'open' if person.status == 'open' else 'planned'} {role}"
        when = f"once they start{f' ({person.start})' if person.start else ''}"
        suggestion.reason = (
            f"A {role} is already in the plan: {person.name} takes {titles} from "
            f"{_givers(plan, impact, givers)} {when} (0% -> {after:.0f}%){_resolved(impact)}"
        )
    else:
        suggestion.title = f"Move {what} to {person.name} ({role} at {before:.0f}%)"
        suggestion.reason = (
            f"{person.name} ({person.role or role}) is at {before:.0f}%: move {titles} from "
            f"{_givers(plan, impact, givers)} to them ({before:.0f}% -> {after:.0f}%) before hiring anyone"
            f"{_resolved(impact)}"
        )
    suggestion.relief = _relief(impact)
    return suggestion


# -------------------------------------------------------------------- drop


def _drops(plan: Plan, a: Analysis, top: float) -> Iterator[Suggestion]:
    people = plan.people
    for pid in sorted(a.overloaded, key=lambda p: (-a.loads[p].percent, p))[:MAX_TRIES]:
        low = [
            plan.rocks[r]
            for r in sorted(a.owned.get(pid, ()), key=lambda r: (len(r), r))
            if _low_value(plan.rocks[r]) and not is_kept(plan, plan.rocks[r])
        ]
        if not low:
            continue
        suggestion = Suggestion("", "", OVERLOAD.id, kind="drop", rocks=[r.id for r in low])
        impact = _measure(plan, a, suggestion)
        if impact is None:
            continue
        person = people[pid]
        before, after = impact.loads[pid]
        titles = names([f"'{r.title}' ({r.priority or r.impact})" for r in low], 3)
        suggestion.title = f"Drop {plural(len(low), 'low-priority rock')} of {person.name}"
        suggestion.reason = (
            f"{person.name} is at {before:.0f}% and carries {titles}, marked low priority: put them down "
            f"({before:.0f}% -> {after:.0f}%); dropped rocks stay On the ground, restorable{_resolved(impact)}"
        )
        suggestion.relief = _relief(impact)
        yield suggestion


def _low_value(rock: Any) -> bool:
    return rock.priority.strip().casefold() in LOW_PRIORITY or rock.impact.strip().casefold() in ("low", "none")


# -------------------------------------------------------------------- hire


def _hires(plan: Plan, a: Analysis, top: float, relieved: set[str] | None = None) -> Iterator[Suggestion]:
    """Hire answers; ``relieved``: people an earlier answer (a move, a drop) already brings under capacity."""
    roles: set[str] = set()
    for role, rule, problem, name, manager in _candidates(plan, a, relieved or set()):
        if role in roles:
            continue
        found = _best_hire(plan, a, role, rule, problem, name, manager)
        if found is not None:
            roles.add(role)
            yield found


def _candidates(plan: Plan, a: Analysis, relieved: set[str]) -> list[tuple[str, str, str, str, str | None]]:
    """(family, rule id, the problem in the named person's numbers, a name, a manager), in priority order."""
    people = plan.people
    found: dict[str, list[Finding]] = {}
    for _, f in sorted(a.findings.items()):
        found.setdefault(f.rule, []).append(f)
    eng, pms = a.engineers, a.counts["pm"]
    pm_allowed = PM_ENG_RATIO.allows_another(eng, pms, plan)
    small = eng < COVERAGE.SPECIALISTS.of(plan)
    pm_first: list[tuple[str, str, str, str, str | None]] = []
    rest: list[tuple[str, str, str, str, str | None]] = []

    # A founder still doing day-to-day product work where a product leader is due.
    leader = product_leader(plan, a)
    for f in found.get("acting-pm", []):
        pid = f.subjects[0]
        if f.severity == "warning" and leader is None and pm_allowed:
            pm_first.append(("pm", "acting-pm", f.message, "Head of Product", pid))
            break
    verdict = PM_ENG_RATIO.verdict(eng, pms, plan)
    if pm_allowed and verdict.state in ("no-pm", "above"):
        pm_first.append(("pm", "pm-eng-ratio", _ratio_problem(eng, pms, plan), "", None))
    if pm_allowed:
        for f in found.get("acting-pm", []):
            pid = f.subjects[0]
            if (pid in a.overloaded and pid not in relieved) or f.severity == "warning":
                pm_first.append(("pm", "acting-pm", f"{_who(plan, a, pid)} and is acting as PM", "", None))
        for pid in sorted(a.overloaded - relieved, key=lambda p: (-a.loads[p].percent, p)):
            if a.family(pid) in GENERALISTS:
                pm_first.append(("pm", "overload", _who(plan, a, pid), "", None))
    tpm: list[tuple[str, str, str, str, str | None]] = []
    warning = OVERLOAD.WARNING.of(plan)
    tpm_room = any(a.family(p) == "tpm" and a.loads[p].percent < warning - EPS for p in people)
    for pid, share in sorted(a.project_heavy.items(), key=lambda kv: (-kv[1], kv[0])):
        if tpm_room:
            break  # a TPM with room takes it (reassign) before anyone is hired
        tpm.append(("tpm", "tpm-needed", f"{people[pid].name} spends {share:.0f}% of capacity on project work",
                    "", None))
        break
    # In a small company, a PM before a purely tactical role (docs/rules.md, How to split when hiring).
    if small:
        rest += tpm
    else:
        pm_first = tpm + pm_first
    for f in found.get("coverage", []):
        role = "design" if "designer" in f.message else ("pmm" if "product marketer" in f.message else "")
        if role:
            rest.append((role, "coverage", f.message.split(":", 1)[0], "", None))
    for family, discipline in SPECIALIST_DISCIPLINE.items():
        carried = {
            pid: load.by_discipline.get(discipline, 0.0)
            for pid, load in a.loads.items()
            if a.family(pid) in GENERALISTS and load.by_discipline.get(discipline, 0.0) > 0
        }
        total = math.fsum(carried.values())
        if a.counts[family] or total < UNDER_USED.BELOW.of(plan) - EPS:
            continue  # the role exists (reassign first), or not even half a person's work
        label = plan.discipline_table.disciplines[discipline].label
        if family == "strategy":
            heavy = [
                p for p in a.overloaded
                if carried.get(p, 0.0) / people[p].capacity * 100.0 >= UNICORN.SHARE.of(plan) - EPS
            ]  # fmt: skip
            if small or not heavy:
                continue
        ranked = sorted(carried, key=lambda p: (-carried[p], p))
        top = ranked[0]
        share = carried[top] / people[top].capacity * 100.0
        rest.append(
            (
                family,
                "discipline-fit",
                f"PMs and founders carry {total:g}% of a week of {label} work; {people[top].name} alone "
                f"{share:.0f}% of capacity at {a.loads[top].percent:.0f}%",
                "",
                None,
            )
        )
    return pm_first + rest


def _best_hire(
    plan: Plan, a: Analysis, role: str, rule: str, problem: str, name: str, manager: str | None
) -> Suggestion | None:
    strategies = list(hire.STRATEGIES)
    if role in GENERALISTS and _spans_lines(plan, a):
        strategies.remove("by-area")
        strategies.insert(0, "by-area")  # "their area to own holistically"
    if role == "pm" and name:  # a head of product takes the day-to-day product work
        strategies = ["by-discipline"]
    best: tuple[tuple[float, ...], Suggestion] | None = None
    for strategy in strategies:
        suggestion = Suggestion(role, "", rule, strategy=strategy, kind="hire", name=name, manager=manager)
        proposal = _proposal(plan, suggestion)
        if not proposal.moves:
            continue
        impact = _measure(plan, a, suggestion, proposal)
        if impact is None:
            continue
        introduced = sum(1 for f in impact.introduced if SEVERITY_RANK[f.severity] <= SEVERITY_RANK["warning"])
        relief = max((after for p, (_, after) in impact.loads.items() if p != proposal.person.id), default=0.0)
        score = (float(introduced), round(relief, 6), -float(len(impact.resolved)), -round(impact.utilisation, 6),
                 float(strategies.index(strategy)))
        if best is None or score < best[0]:
            suggestion.relief = _relief(impact)
            suggestion.title = f"Hire {name}" if name else f"Hire {A_ROLE.get(role, role)}"
            suggestion.reason = _hire_reason(plan, proposal, impact, role, problem)
            best = (score, suggestion)
    return best[1] if best else None


def _proposal(plan: Plan, s: Suggestion) -> hire.Proposal:
    return hire.propose(plan, s.role, s.strategy or "by-discipline", name=s.name or None, manager=s.manager)


# --------------------------------------------------------------- engineers


def _engineers(plan: Plan, a: Analysis) -> Suggestion | None:
    eng, pms = a.engineers, a.counts["pm"]
    target, _, _ = PM_ENG_RATIO.limits(plan)
    if pms <= 0 or eng / pms > target + EPS:
        return None
    planned = " once planned hires start" if (eng, pms) != (a.engineers_now, a.counts_now["pm"]) else ""
    return Suggestion(
        "eng",
        f"{PM_ENG_RATIO.describe(eng, pms)}{planned} is at or below the 1:{target:g} target: no product hire. "
        "Would one more "
        "PM accelerate the business more than one more engineer or data scientist?",
        PM_ENG_RATIO.id,
        kind="engineers",
        title="No product hire: engineers",
    )


# ----------------------------------------------------------------- measure


def _measure(plan: Plan, a: Analysis, s: Suggestion, proposal: hire.Proposal | None = None) -> hire.Impact | None:
    """The impact of ``s`` applied (then undone), or None when it relieves nothing, raises the highest
    load in the plan, or introduces an error or a ratio finding."""
    if s.kind == "hire":
        proposal = proposal or _proposal(plan, s)
        impact = hire.simulate(plan, proposal, analysis=a)
    else:
        command = s.command(plan)
        assert command is not None
        touched = {o for r in [*(m[0] for m in s.moves), *s.rocks] if (o := plan.rocks[r].owner) is not None}
        touched |= {to for _, to in s.moves}
        before = {p: a.loads[p].percent for p in touched}
        findings = dict(a.findings)
        document = C.Document(plan, analysis=a)  # run and revert bring ``a`` forward and back
        document.run(command)
        try:
            after = {p: a.loads[p].percent for p in touched}
            now = dict(a.findings)
        finally:
            document.revert(command)
        resolved = sorted((f for k, f in findings.items() if k not in now), key=Finding.sort_key)
        introduced = sorted((f for k, f in now.items() if k not in findings), key=Finding.sort_key)
        impact = hire.Impact({p: (before[p], after[p]) for p in touched}, resolved, introduced)
    top_before = max((load.percent for load in a.loads.values()), default=0.0)
    others = max((load.percent for p, load in a.loads.items() if p not in impact.loads), default=0.0)
    top_after = max(others, impact.max_after)
    if top_after > top_before + EPS:
        return None
    if any(f.severity == "error" or (f.rule == PM_ENG_RATIO.id and f.severity != "info") for f in impact.introduced):
        return None  # advice never leads to a state the checks warn about
    if not impact.resolved and impact.max_after >= impact.max_before - EPS:
        return None
    return impact


def _relief(impact: hire.Impact) -> dict[str, Any]:
    return {
        "findings_resolved": sorted({f.rule for f in impact.resolved}),
        "findings_introduced": sorted({f.rule for f in impact.introduced}),
        "max_load_before": round(impact.max_before, 1),
        "max_load_after": round(impact.max_after, 1),
        "people": {pid: [round(b, 1), round(a, 1)] for pid, (b, a) in impact.loads.items()},
        "utilisation": round(impact.utilisation, 1),
        "overload_resolved": sorted({f.subjects[0] for f in impact.resolved if f.rule == OVERLOAD.id}),
    }


# ------------------------------------------------------------------- words


def _who(plan: Plan, a: Analysis, pid: str) -> str:
    person = plan.people[pid]
    return f"{person.name} ({person.role or 'no role'}) is at {a.loads[pid].percent:.0f}%"


def _ratio_problem(eng: int, pms: int, plan: Plan) -> str:
    target, _, _ = PM_ENG_RATIO.limits(plan)
    return f"{PM_ENG_RATIO.describe(eng, pms)} (target 1:{target:g})"


def _givers(plan: Plan, impact: hire.Impact, givers: list[str]) -> str:
    """'Ben Carter (95% -> 80%)': each person named with their own numbers."""
    return names([f"{plan.people[g].name} ({impact.loads[g][0]:.0f}% -> {impact.loads[g][1]:.0f}%)" for g in givers])


def _titles(rocks: list[Any], limit: int = 3) -> str:
    """"'Stand-ups' (x2), 'Release planning'": each title once, with how many rocks carry it."""
    counts: dict[str, int] = {}
    for r in rocks:
        counts[r.title] = counts.get(r.title, 0) + 1
    return names([f"'{t}'" + (f" (x{n})" if n > 1 else "") for t, n in counts.items()], limit)


def _resolved(impact: hire.Impact) -> str:
    titles = list(dict.fromkeys(title_of(f.rule) for f in impact.resolved))
    return f". Resolves: {names(titles, 5)}" if titles else ""


def _hire_reason(plan: Plan, proposal: hire.Proposal, impact: hire.Impact, role: str, problem: str) -> str:
    table = plan.discipline_table
    order = {d: i for i, d in enumerate(table.disciplines)}
    disciplines = sorted({plan.rocks[m.rock_id].discipline for m in proposal.moves}, key=lambda d: (order.get(d, 99), d))
    labels = names([table.disciplines[d].label if d in table.disciplines else d for d in disciplines])
    givers = [pid for pid in impact.loads if pid != proposal.person.id and impact.loads[pid][0] != impact.loads[pid][1]]
    givers.sort(key=lambda p: (-impact.loads[p][0], p))
    who = proposal.person.name if not proposal.person.name.startswith("New ") else f"A new {SHORT.get(role, role)}"
    parts = [
        f"{problem[0].upper()}{problem[1:]}",
        f"{who} would take {plural(len(proposal.moves), 'rock')} ({labels}) and start at {impact.utilisation:.0f}%"
        + (f"; {_givers(plan, impact, givers[:3])}" if givers else ""),
    ]
    if impact.ratio:
        parts.append(impact.ratio)
    if impact.note:
        parts.append(impact.note)
    return ". ".join(parts) + _resolved(impact)


def _spans_lines(plan: Plan, a: Analysis) -> bool:
    """Do the PMs' and founders' rocks span two or more product lines?"""
    lines = product_lines(plan)
    seen = set()
    for pid, owned in a.owned.items():
        if a.family(pid) in GENERALISTS:
            for rid in owned:
                key = " ".join(plan.rocks[rid].area.split()).casefold()
                if key in lines:
                    seen.add(key)
                    if len(seen) >= 2:
                        return True
    return False


def product_leader(plan: Plan, a: Analysis) -> str | None:
    """A PM who leads product: one with PMs reporting to them, or a leader's title ("Head of Product")."""
    for pid, person in plan.people.items():
        if a.family(pid) != "pm":
            continue
        if any(a.family(r) == "pm" for r in a.reports.get(pid, ())) or _LEADER.search(person.role.casefold()):
            return pid
    return None
