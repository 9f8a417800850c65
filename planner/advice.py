""" "What should I hire next?": a ranked list of hires derived from the plan's findings.

Each rule that points at a missing role suggests a family (a founder acting as
PM or no PM at all -> pm; tpm-needed -> tpm; too many engineers per PM -> pm;
overloaded or spread-thin people carrying marketing, operations, design or
strategy rocks -> that specialist). Every suggestion is simulated with the hire
simulator (planner.hire, by-discipline, else balance) as an active hire, so the
ratio rules count them, and reported in the plan's own numbers; one that
relieves nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models import Plan
from planner import hire
from planner.analysis import Analysis
from planner.rules import names

# Specialist family -> the discipline whose rocks suggest them.
SPECIALISTS: tuple[tuple[str, str], ...] = (
    ("pmm", "marketing"),
    ("ops", "operations"),
    ("design", "design"),
    ("strategy", "strategy"),
)
ARTICLE = {
    "pm": "a PM",
    "tpm": "a TPM",
    "pmm": "a PMM",
    "strategy": "a strategist",
    "ops": "a product ops hire",
    "design": "a designer",
}
MIN_SPECIALIST_SHARE = 20.0  # percent of someone's capacity on that discipline before a specialist is suggested


@dataclass(slots=True)
class Suggestion:
    role: str  # role family
    reason: str
    rule: str  # the rule id it comes from
    relief: dict[str, Any] = field(default_factory=dict)
    strategy: str = "by-discipline"  # the simulator strategy the relief was measured with

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "reason": self.reason,
            "rule": self.rule,
            "relief": self.relief,
            "strategy": self.strategy,
        }


def next_hires(plan: Plan, analysis: Analysis | None = None, limit: int = 3) -> list[Suggestion]:
    """Up to ``limit`` hires, most pressing first; each one's simulated hire relieves something."""
    a = analysis or Analysis(plan)
    out: list[Suggestion] = []
    for role, rule, problem in _candidates(plan, a):
        if len(out) >= limit:
            break
        if any(s.role == role for s in out):
            continue
        suggestion = _simulate(plan, a, role, rule, problem)
        if suggestion is not None:
            out.append(suggestion)
    return out


def _by_rule(a: Analysis) -> dict[str, list[tuple[tuple[str, ...], Any]]]:
    found: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
    for key, f in sorted(a.findings.items()):
        found.setdefault(f.rule, []).append((key, f))
    return found


def _candidates(plan: Plan, a: Analysis) -> list[tuple[str, str, str]]:
    """(family, rule id, the problem in the plan's numbers), in priority order."""
    found = _by_rule(a)
    people = plan.people
    rules = plan.settings.rules
    out: list[tuple[str, str, str]] = []

    def who(pid: str) -> str:
        load = a.loads.get(pid)
        by = load.by_discipline if load else {}
        spread = (
            f"owns rocks in {len(by)} disciplines" if len(by) >= rules.unicorn_disciplines else "owns product rocks"
        )
        return f"{people[pid].name} ({people[pid].role or 'no role'}) {spread} at {load.percent if load else 0:.0f}%"

    acting = [f for _, f in found.get("acting-pm", [])]
    if a.counts["pm"] == 0:
        if acting:
            top = max((f.subjects[0] for f in acting), key=lambda p: (a.loads[p].percent if p in a.loads else 0, p))
            out.append(("pm", "acting-pm", f"no PM, and {who(top)}"))
        elif found.get("pm-eng-ratio"):
            out.append(("pm", "pm-eng-ratio", f"{a.engineers} engineers and no product manager"))
    for _, f in found.get("tpm-needed", []):
        heavy = [f"{people[p].name} ({a.project_heavy.get(p, 0):.0f}% on project rocks)" for p in f.subjects]
        out.append(("tpm", "tpm-needed", f"no TPM, and {names(heavy)}"))
    pms = a.counts["pm"]
    if pms and a.engineers / pms > rules.pm_eng_max:
        out.append(("pm", "pm-eng-ratio", f"{a.engineers / pms:.1f} engineers per PM (max {rules.pm_eng_max:g})"))
    flagged: dict[str, str] = {}  # person -> the rule flagging them
    for rule in ("overload", "unicorn"):
        for _, f in found.get(rule, []):
            flagged.setdefault(f.subjects[0], rule)
    misfit_rocks = {r for _, f in found.get("discipline-fit", []) for r in f.subjects[1:]}  # person, then rocks
    table = plan.discipline_table
    for family, discipline in SPECIALISTS:
        best: tuple[float, str, str] | None = None
        for pid, rule in flagged.items():
            if plan.family(people[pid]) == family:
                continue
            load = a.loads.get(pid)
            share = (load.by_discipline.get(discipline, 0.0) if load else 0.0) / people[pid].capacity * 100.0
            if share >= MIN_SPECIALIST_SHARE and (best is None or share > best[0]):
                best = (share, pid, rule)
        label = table.disciplines[discipline].label
        if best is not None:
            share, pid, rule = best
            out.append(
                (
                    family,
                    rule,
                    f"{people[pid].name} is at {a.loads[pid].percent:.0f}% with {share:.0f}% on {label} rocks",
                )
            )
            continue
        carried = [r for r in misfit_rocks if r in plan.rocks and plan.rocks[r].discipline == discipline]
        if carried:
            effort = sum(plan.rocks[r].effort for r in carried)
            out.append(
                (
                    family,
                    "discipline-fit",
                    f"{len(carried)} {label} rock(s) ({effort:g}% of a week) are carried "
                    "by people whose role does not fit them",
                )
            )
    for pid, rule in flagged.items():
        if rule == "overload" and plan.family(people[pid]) in hire.GENERALISTS:
            out.append(
                (
                    "pm",
                    "overload",
                    f"{people[pid].name} ({people[pid].role or 'no role'}) is at {a.loads[pid].percent:.0f}%",
                )
            )
    return out


def _simulate(plan: Plan, a: Analysis, role: str, rule: str, problem: str) -> Suggestion | None:
    for strategy in ("by-discipline", "balance"):
        proposal = hire.propose(plan, role, strategy, status="active")
        if not proposal.moves:
            continue
        impact = hire.simulate(plan, proposal, analysis=a)
        resolved = sorted({f.rule for f in impact.resolved})
        if not resolved and impact.max_after >= impact.max_before - 1e-9:
            continue
        return Suggestion(
            role, _reason(plan, proposal, impact, role, rule, problem), rule, _relief(impact, resolved), strategy
        )
    return None


def _relief(impact: hire.Impact, resolved: list[str]) -> dict[str, Any]:
    return {
        "findings_resolved": resolved,
        "max_load_before": round(impact.max_before, 1),
        "max_load_after": round(impact.max_after, 1),
        "people": {pid: [round(b, 1), round(a, 1)] for pid, (b, a) in impact.loads.items()},
    }


def _reason(plan: Plan, proposal: hire.Proposal, impact: hire.Impact, role: str, rule: str, problem: str) -> str:
    table = plan.discipline_table
    disciplines = list(dict.fromkeys(plan.rocks[m.rock_id].discipline for m in proposal.moves))
    order = {d: i for i, d in enumerate(table.disciplines)}
    words = names(sorted(disciplines, key=lambda d: (order.get(d, len(order)), d)))
    givers = [pid for pid in impact.loads if pid != proposal.person.id]
    top = (
        max(givers, key=lambda p: (impact.loads[p][0], impact.loads[p][0] - impact.loads[p][1], p)) if givers else None
    )
    change = ""
    if top is not None:
        b, a = impact.loads[top]
        change = f" ({plan.people[top].name} {b:.0f}% -> {a:.0f}%, {a - b:+.0f}%)"
    fixed = f"; resolves {', '.join(sorted({f.rule for f in impact.resolved}))}" if impact.resolved else ""
    return (
        f"{problem[0].upper()}{problem[1:]}; {ARTICLE.get(role, 'a ' + role)} would take {words} rocks{change}"
        f"{fixed} [{rule}]"
    )
