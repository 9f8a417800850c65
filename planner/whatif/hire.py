"""The hire simulator: which rocks a new person would take, from whom and why.

``propose`` returns an editable Proposal (a new Person plus one ProposedMove per
rock); ``Proposal.command`` turns the moves the user kept into ONE Compound
command (AddPerson + one MoveRocks per move) so a hire is one undo step and one
change in the diff. ``simulate`` applies it to the plan and undoes it again,
reporting loads, findings before/after, the new person's utilisation and the
PM ratio once they start. The four strategies live in planner.whatif.hire_strategies:

- ``by-discipline``: a specialist takes the rocks that define the role first,
  spread over everyone holding them, then the rocks their family fits (misfits
  and overloaded owners first); a generalist (pm, founder) takes the day-to-day
  product rocks others do as PM, rocks that do not fit their owners, the excess
  of overloaded owners (whole product lines where it can) and orphans.
- ``strategic-tactical``: PMs and founders keep the strategic rocks; the new
  person takes tactical ones, from the most loaded of them in turn, until loads
  are even.
- ``by-area``: the new person takes whole product lines from the most loaded
  owner, the set that brings the two closest to even and lowers the higher load.
- ``balance``: the exact minimum of the highest load among the people involved.
  Rocks only ever move to the new person: shuffling rocks between existing
  people as well would lower the maximum in a few plans, but turns "hire
  someone" into a re-org nobody asked for.

No strategy moves a kept rock, and a generalist never takes a specialist's own
rocks (planner.checks.rules.rocks).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from models import FAMILIES, Person, Plan
from planner.checks.analysis import Analysis
from planner.checks.rules import A_ROLE, OVERLOAD, PM_ENG_RATIO, SPECIALISTS, UNDER_USED, Finding, names
from planner.checks.rules.rocks import keep_reason
from planner.core.errors import CommandError, FieldError
from planner.core.lookup import find
from planner.editing import commands as C
from planner.editing.document import Document
from planner.whatif.hire_strategies import BUILDERS, SHORT, Ctx

STRATEGIES: tuple[str, ...] = tuple(BUILDERS)

# A role text each family's recognition table maps back to the family, and a placeholder name.
ROLE_TEXT: dict[str, str] = {
    "pm": "Product Manager",
    "tpm": "Technical Program Manager",
    "pmm": "Product Marketing Manager",
    "strategy": "Product Strategist",
    "ops": "Product Operations Manager",
    "design": "Product Designer",
    "eng": "Software Engineer",
    "founder": "Co-founder",
    "marketing": "Marketing Manager",
    "sales": "Account Executive",
    "hr": "HR Manager",
    "finance": "Finance Manager",
    "other": "",
}


@dataclass(frozen=True, slots=True)
class ProposedMove:
    rock_id: str
    from_id: str | None
    to_id: str
    reason: str


@dataclass(slots=True)
class Proposal:
    """A hire and the rocks they would take; ``reason`` says why there are no moves."""

    person: Person
    family: str
    strategy: str
    moves: list[ProposedMove] = field(default_factory=list)
    reason: str = ""
    names: dict[str, str] = field(default_factory=dict)  # person id -> name, for labels
    kept: list[tuple[str, str]] = field(default_factory=list)  # (rock id, why its owner keeps it) the hire would fit

    def effort(self, plan: Plan, moves: list[ProposedMove] | None = None) -> float:
        """What the new person would carry, percent of a week."""
        chosen = self.moves if moves is None else moves
        return sum(plan.rocks[m.rock_id].effort for m in chosen if m.to_id == self.person.id)

    def utilisation(self, plan: Plan, moves: list[ProposedMove] | None = None) -> float:
        """The new person's load, percent of their capacity."""
        return self.effort(plan, moves) / self.person.capacity * 100.0

    def chosen(
        self, selected: Iterable[int] | None = None, retarget: dict[int, str] | None = None
    ) -> list[ProposedMove]:
        """The moves kept (``selected`` indices, all by default), each retargeted as asked."""
        count = len(self.moves)
        indices = list(range(count)) if selected is None else sorted(set(selected))
        retarget = retarget or {}
        bad = [i for i in [*indices, *retarget] if not isinstance(i, int) or not 0 <= i < count]
        if bad:
            raise CommandError(f"No proposed move number {bad[0]}; the proposal has {count} move(s) (0 to {count - 1})")
        out = []
        for i in indices:
            move = self.moves[i]
            to = retarget.get(i, move.to_id)
            out.append(move if to == move.to_id else ProposedMove(move.rock_id, move.from_id, to, move.reason))
        return out

    def label(self, moves: list[ProposedMove]) -> str:
        givers = list(dict.fromkeys(self.names.get(m.from_id, m.from_id) for m in moves if m.from_id))
        if not moves:
            return f"Hire {self.person.name}"
        what = "1 rock" if len(moves) == 1 else f"{len(moves)} rocks"
        source = f" from {names(givers)}" if givers else " (unowned)"
        return f"Hire {self.person.name}: takes {what}{source}"

    def command(self, selected: Iterable[int] | None = None, retarget: dict[int, str] | None = None) -> C.Compound:
        """One undoable command: add the person, then one MoveRocks per kept move (note = its reason)."""
        moves = self.chosen(selected, retarget)
        children: list[C.Command] = [C.AddPerson(self.person)]
        children += [C.MoveRocks([m.rock_id], m.to_id, note=m.reason) for m in moves]
        return C.Compound(self.label(moves), children)


@dataclass(slots=True)
class Impact:
    """What a proposal changes: loads of the people involved, findings before/after, and what
    the new person and the PM ratio look like once they start."""

    loads: dict[str, tuple[float, float]]  # person id -> (before %, after %)
    resolved: list[Finding]
    introduced: list[Finding]
    utilisation: float = 0.0  # the new person's load, percent of capacity
    note: str = ""  # about the new person's load ("a TPM at 40%: consider ...")
    pms: tuple[int, int] = (0, 0)  # PMs before -> once they start
    engineers: int = 0
    ratio: str = ""  # "PMs 3 -> 4 once they start: 8.8 engineers per PM (target 1:10)"

    @property
    def max_before(self) -> float:
        return max((b for b, _ in self.loads.values()), default=0.0)

    @property
    def max_after(self) -> float:
        return max((a for _, a in self.loads.values()), default=0.0)


# ------------------------------------------------------------------ inputs


def check_role(family: str) -> str:
    if family not in FAMILIES:
        raise FieldError("role", f"unknown role family {family!r}; expected one of {', '.join(FAMILIES)}")
    return family


def check_strategy(strategy: str) -> str:
    if strategy not in STRATEGIES:
        raise FieldError("strategy", f"unknown strategy {strategy!r}; expected one of {', '.join(STRATEGIES)}")
    return strategy


def find_person(plan: Plan, text: str) -> str:
    """A person id from an id or a name (case and spacing ignored); ambiguous names list the matches."""
    return find(
        plan.people,
        text,
        lambda p: p.name,
        lambda p: f"{p.name} ({p.id})",
        "people",
        lambda t: f'No person with id or name "{t}" in this plan',
    )


def propose(
    plan: Plan,
    role_family: str,
    strategy: str,
    name: str | None = None,
    manager: str | None = None,
    start: str = "",
    capacity: float = 100.0,
    status: str = "planned",
) -> Proposal:
    """What a hire of ``role_family`` would take under ``strategy`` (the plan is not changed)."""
    family = check_role(role_family)
    check_strategy(strategy)
    if manager is not None and manager not in plan.people:
        raise CommandError(f'No person with id "{manager}" to report to')
    pid = plan.new_id("p")
    clean = C.clean_person_fields(
        plan, pid, {"name": name or f"New {SHORT[family]}", "capacity": capacity, "status": status, "start": start}
    )
    person = Person(
        pid,
        clean["name"],
        ROLE_TEXT[family],
        manager=manager,
        capacity=clean["capacity"],
        status=clean["status"],
        start=clean["start"],
    )
    ctx = Ctx.build(plan, family, person, OVERLOAD.WARNING.of(plan))
    proposal = Proposal(
        person, family, strategy, names={p.id: p.name for p in plan.people.values()} | {pid: person.name}
    )
    proposal.kept = [(r.id, keep_reason(plan, r)) for r in ctx.kept]
    if not ctx.candidates:
        kept = f" ({len(ctx.kept)} kept by their owners)" if ctx.kept else ""
        proposal.reason = f"No rock a new {SHORT[family]} could take{kept}: they would start with nothing"
        return proposal
    moves, reason = BUILDERS[strategy](ctx)
    proposal.moves = [ProposedMove(rock.id, rock.owner, pid, why) for rock, why in moves]
    proposal.reason = reason if not moves else ""
    return proposal


def hire_note(plan: Plan, family: str, utilisation: float, counts: dict[str, int] | None = None) -> str:
    """What to say about a new specialist's load: below the Specialist-with-room line, a whole
    hire is more than the work ("a TPM at 40%: consider extending an existing TPM's scope")."""
    if family not in SPECIALISTS or utilisation >= UNDER_USED.BELOW.of(plan):
        return ""
    role = A_ROLE.get(family, family)
    start = f"{role[0].upper()}{role[1:]} at {utilisation:.0f}%"
    if counts and counts.get(family, 0) > 0:
        return f"{start}: consider extending an existing {SHORT[family]}'s scope instead"
    return f"{start}: a part-time or shared role may be enough for now"

# ---------------------------------------------------------------- simulate


def simulate(
    plan: Plan,
    proposal: Proposal,
    selected: Iterable[int] | None = None,
    retarget: dict[int, str] | None = None,
    analysis: Analysis | None = None,
) -> Impact:
    """Loads and findings before and after the proposal, without keeping it.

    The command is applied to ``plan`` and undone again (commands undo exactly, and
    the incremental analysis equals a fresh one: both are property-tested), so a
    simulation costs what the people touched cost, not a copy of the plan. A given
    ``analysis`` of ``plan`` is brought forward and back the same way."""
    an = analysis if analysis is not None else Analysis(plan)
    moves = proposal.chosen(selected, retarget)
    involved = list(
        dict.fromkeys([*(m.from_id for m in moves if m.from_id), *(m.to_id for m in moves), proposal.person.id])
    )

    def percents() -> dict[str, float]:
        return {pid: an.loads[pid].percent if pid in an.loads else 0.0 for pid in involved}

    before_loads, before = percents(), dict(an.findings)
    command = proposal.command(selected, retarget)
    document = Document(plan, analysis=an)  # run and revert bring ``an`` forward and back
    document.run(command)
    try:
        after_loads, after = percents(), dict(an.findings)
    finally:
        document.revert(command)
    loads = {pid: (before_loads[pid], after_loads[pid]) for pid in involved}
    resolved = sorted((f for k, f in before.items() if k not in after), key=Finding.sort_key)
    introduced = sorted((f for k, f in after.items() if k not in before), key=Finding.sort_key)
    impact = Impact(loads, resolved, introduced)
    outlook(plan, proposal, moves, an, impact)
    return impact


def outlook(plan: Plan, proposal: Proposal, moves: list[ProposedMove], analysis: Analysis, impact: Impact) -> None:
    """Fill in what the new person and the PM ratio look like once they start (``analysis``: of the
    plan without the hire): their utilisation, a note when it is low, and the ratio words."""
    impact.utilisation = proposal.utilisation(plan, moves)
    impact.note = hire_note(plan, proposal.family, impact.utilisation, analysis.counts)
    impact.pms = (analysis.counts["pm"], analysis.counts["pm"] + (proposal.family == "pm"))
    impact.engineers = analysis.engineers + (proposal.family == "eng")
    if proposal.family in ("pm", "eng"):
        impact.ratio = ratio_words(plan, impact.engineers, impact.pms)


def ratio_words(plan: Plan, engineers: int, pms: tuple[int, int]) -> str:
    """'PMs 3 -> 4 once they start: 8.8 engineers per PM (target 1:10)'."""
    target, _, _ = PM_ENG_RATIO.limits(plan)
    after = PM_ENG_RATIO.verdict(engineers, pms[1], plan)
    state = {"below": ": below the minimum", "above": ": still above the maximum"}.get(after.state, "")
    return (
        f"PMs {pms[0]} -> {pms[1]} once they start: {PM_ENG_RATIO.describe(engineers, pms[1])} "
        f"(target 1:{target:g}){state}"
    )
