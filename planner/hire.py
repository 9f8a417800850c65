"""The hire simulator: which rocks a new person would take, from whom and why.

``propose`` returns an editable Proposal (a new Person plus one ProposedMove per
rock); ``Proposal.command`` turns the moves the user kept into ONE Compound
command (AddPerson + one MoveRocks per move) so a hire is one undo step and one
change in the diff. ``simulate`` applies it to a copy and reports loads and
findings before/after. Four strategies (``STRATEGIES``):

- ``by-discipline``: the specialist takes the active rocks their family fits,
  misfits and overloaded owners first, up to 100% of the new person's capacity;
  a generalist (pm, founder) takes rocks that do not fit their owners, rocks a
  non-PM holds while acting as PM, the excess of overloaded owners, and orphans.
- ``strategic-tactical``: the most loaded PM (or founder) keeps the strategic
  rocks; the new person takes the tactical ones up to capacity.
- ``by-area``: the new person takes whole feature areas from the most loaded
  owner, the set of areas that brings the two closest to even.
- ``balance``: the exact minimum of the highest load among the people involved;
  see ``_balance`` for the formulation. Rocks only ever move to the new person:
  shuffling rocks between existing people as well would lower the maximum in a
  few plans, but turns "hire someone" into a re-org nobody asked for.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from models import FAMILIES, Person, Plan, Rock, fits
from planner import commands as C
from planner.analysis import Analysis
from planner.errors import CommandError, FieldError
from planner.rules import Finding, names

STRATEGIES: tuple[str, ...] = ("by-discipline", "strategic-tactical", "by-area", "balance")
GENERALISTS = ("pm", "founder")

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
    "other": "",
}
SHORT: dict[str, str] = {
    "pm": "PM",
    "tpm": "TPM",
    "pmm": "PMM",
    "strategy": "strategist",
    "ops": "product ops",
    "design": "designer",
    "eng": "engineer",
    "founder": "founder",
    "other": "hire",
}
_EPS = 1e-9


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
    """What a proposal changes: loads of the people involved and findings before/after."""

    loads: dict[str, tuple[float, float]]  # person id -> (before %, after %)
    resolved: list[Finding]
    introduced: list[Finding]

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
    if text in plan.people:
        return text
    want = " ".join(text.split()).lower()
    matches = [p for p in plan.people.values() if " ".join(p.name.split()).lower() == want]
    if len(matches) == 1:
        return matches[0].id
    if not matches:
        raise CommandError(f'No person with id or name "{text}" in this plan')
    listed = ", ".join(f"{p.name} ({p.id})" for p in matches)
    raise CommandError(f'"{text}" matches {len(matches)} people: {listed}; give the id instead')


# ------------------------------------------------------------------- model


@dataclass(slots=True)
class _Ctx:
    plan: Plan
    family: str
    person: Person
    effort: dict[str, float]  # owner id -> effort of their active rocks
    warning: float

    def load(self, pid: str, effort: float | None = None) -> float:
        person = self.plan.people[pid]
        return (self.effort.get(pid, 0.0) if effort is None else effort) / person.capacity * 100.0

    def fits(self, family: str, rock: Rock) -> bool:
        d = self.plan.discipline_table.get(rock.discipline)
        return fits(family, rock.discipline, d.families if d else ())

    def label(self, rock: Rock) -> str:
        d = self.plan.discipline_table.get(rock.discipline)
        return d.label if d else rock.discipline

    def name(self, pid: str | None) -> str:
        return self.plan.people[pid].name if pid else "nobody"


def _id_order(rid: str) -> tuple[int, str]:
    return (len(rid), rid)


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
    effort: dict[str, list[float]] = {}
    for rock in plan.rocks.values():
        if rock.state == "active" and rock.owner is not None:
            effort.setdefault(rock.owner, []).append(rock.effort)
    ctx = _Ctx(plan, family, person, {p: math.fsum(v) for p, v in effort.items()}, plan.settings.rules.overload_warning)
    candidates = sorted(
        (r for r in plan.rocks.values() if r.state == "active" and ctx.fits(family, r)), key=lambda r: _id_order(r.id)
    )
    proposal = Proposal(
        person, family, strategy, names={p.id: p.name for p in plan.people.values()} | {pid: person.name}
    )
    if not candidates:
        proposal.reason = f"No active rock fits the {family} role family: a new {SHORT[family]} would take nothing"
        return proposal
    build = {
        "by-discipline": _by_discipline,
        "strategic-tactical": _strategic_tactical,
        "by-area": _by_area,
        "balance": _balance,
    }[strategy]
    moves, reason = build(ctx, candidates)
    proposal.moves = moves
    proposal.reason = reason if not moves else ""
    return proposal


def _move(ctx: _Ctx, rock: Rock, reason: str) -> ProposedMove:
    return ProposedMove(rock.id, rock.owner, ctx.person.id, reason)


def _fill(ctx: _Ctx, ordered: list[tuple[Rock, str]]) -> list[ProposedMove]:
    """Take rocks in order while the new person stays within 100% of their capacity."""
    room = ctx.person.capacity
    out: list[ProposedMove] = []
    for rock, reason in ordered:
        if rock.effort <= room + _EPS:
            room -= rock.effort
            out.append(_move(ctx, rock, reason))
    return out


def _owner_note(ctx: _Ctx, pid: str) -> str:
    return f"{ctx.name(pid)} is at {ctx.load(pid):.0f}%"


# ---------------------------------------------------------- by-discipline


def _by_discipline(ctx: _Ctx, candidates: list[Rock]) -> tuple[list[ProposedMove], str]:
    if ctx.family in GENERALISTS:
        return _by_discipline_generalist(ctx, candidates)
    plan, short = ctx.plan, SHORT[ctx.family]
    ranked: list[tuple[tuple[object, ...], Rock, str]] = []
    for rock in candidates:
        owner = rock.owner
        if owner is None:
            tier, why = 1, f"unowned; a {short} fits {ctx.label(rock)}"
        else:
            owner_family = plan.family(plan.people[owner])
            if ctx.load(owner) > ctx.warning + _EPS:
                tier, why = 0, f"{_owner_note(ctx, owner)}; a {short} fits {ctx.label(rock)}"
            elif not ctx.fits(owner_family, rock):
                tier, why = 0, f"{ctx.name(owner)}'s role is not a {ctx.label(rock)} role"
            elif owner_family == ctx.family:
                continue  # already with a specialist who is not overloaded
            else:
                tier, why = 2, f"{ctx.label(rock)} work; {_owner_note(ctx, owner)}"
        load = ctx.load(owner) if owner else 0.0
        ranked.append(((tier, -load, owner or "", -rock.effort, _id_order(rock.id)), rock, why))
    ranked.sort(key=lambda t: t[0])
    moves = _fill(ctx, [(r, why) for _, r, why in ranked])
    return (
        moves,
        "" if moves else f"Every {short} rock is already with a {short}, or too big for the new person's capacity",
    )


def _by_discipline_generalist(ctx: _Ctx, candidates: list[Rock]) -> tuple[list[ProposedMove], str]:
    plan = ctx.plan
    by_owner: dict[str | None, list[Rock]] = {}
    for rock in candidates:
        by_owner.setdefault(rock.owner, []).append(rock)
    owners = sorted((o for o in by_owner if o is not None), key=lambda o: (-ctx.load(o), o))
    ordered: list[tuple[Rock, str]] = []
    for owner in owners:
        family = plan.family(plan.people[owner])
        rocks = sorted(by_owner[owner], key=lambda r: (-r.effort, _id_order(r.id)))
        taken: list[tuple[Rock, str]] = []
        for rock in rocks:
            if not ctx.fits(family, rock):
                taken.append((rock, f"{ctx.name(owner)}'s role is not a {ctx.label(rock)} role"))
            elif ctx.family == "pm" and family != "pm" and rock.discipline in ("product", "strategy"):
                taken.append((rock, f"{ctx.name(owner)} is acting as PM on it"))
        left = ctx.effort.get(owner, 0.0) - math.fsum(r.effort for r, _ in taken)
        limit = plan.people[owner].capacity * ctx.warning / 100.0
        rest = [r for r in rocks if all(r is not t for t, _ in taken)]
        while left > limit + _EPS and rest:
            excess = left - limit
            enough = [r for r in rest if r.effort >= excess - _EPS]
            rock = min(enough, key=lambda r: (r.effort, _id_order(r.id))) if enough else rest[0]
            rest.remove(rock)
            taken.append((rock, f"{_owner_note(ctx, owner)}"))
            left -= rock.effort
        ordered += taken
    ordered += [(r, "unowned") for r in sorted(by_owner.get(None, []), key=lambda r: (-r.effort, _id_order(r.id)))]
    moves = _fill(ctx, ordered)
    return (
        moves,
        "" if moves else "Nobody is overloaded, acting outside their role or missing an owner: nothing to take",
    )


# ------------------------------------------------------ strategic-tactical


def _strategic_tactical(ctx: _Ctx, candidates: list[Rock]) -> tuple[list[ProposedMove], str]:
    plan = ctx.plan
    tactical: dict[str, list[Rock]] = {}
    for rock in candidates:
        if rock.kind == "tactical" and rock.owner is not None and plan.family(plan.people[rock.owner]) in GENERALISTS:
            tactical.setdefault(rock.owner, []).append(rock)
    if not tactical:
        return [], f"No PM or founder carries a tactical rock a {SHORT[ctx.family]} fits"
    owner = min(tactical, key=lambda o: (-ctx.load(o), o))
    rocks = sorted(tactical[owner], key=lambda r: (-r.effort, _id_order(r.id)))
    why = f"tactical; {_owner_note(ctx, owner)} and keeps the strategic rocks"
    moves = _fill(ctx, [(r, why) for r in rocks])
    return moves, "" if moves else f"{ctx.name(owner)}'s tactical rocks are each too big for the new person's capacity"


# ----------------------------------------------------------------- by-area


MAX_AREAS = 16  # exhaustive over subsets up to here; beyond, the 16 largest areas are considered


def _by_area(ctx: _Ctx, candidates: list[Rock]) -> tuple[list[ProposedMove], str]:
    plan = ctx.plan
    areas: dict[str, dict[str, list[Rock]]] = {}
    for rock in candidates:
        if rock.owner is not None and rock.area.strip():
            area = " ".join(rock.area.split()).lower()
            areas.setdefault(rock.owner, {}).setdefault(area, []).append(rock)
    if not areas:
        return [], f"No owned rock a {SHORT[ctx.family]} fits has a feature area"
    owner = min(areas, key=lambda o: (-ctx.load(o), o))
    groups = sorted(areas[owner].items(), key=lambda kv: (-math.fsum(r.effort for r in kv[1]), kv[0]))[:MAX_AREAS]
    sizes = [math.fsum(r.effort for r in rocks) for _, rocks in groups]
    cap_new, cap_owner = ctx.person.capacity, plan.people[owner].capacity
    before = ctx.load(owner)
    best: tuple[tuple[object, ...], tuple[int, ...]] | None = None
    for k in range(1, len(groups) + 1):
        for combo in combinations(range(len(groups)), k):
            taken = math.fsum(sizes[i] for i in combo)
            if taken > cap_new + _EPS:
                continue
            new, left = taken / cap_new * 100.0, (ctx.effort[owner] - taken) / cap_owner * 100.0
            if max(new, left) > before + _EPS:
                continue
            moves = sum(len(groups[i][1]) for i in combo)
            key = (round(max(new, left), 6), round(abs(new - left), 6), moves, tuple(groups[i][0] for i in combo))
            if best is None or key < best[0]:
                best = (key, combo)
    if best is None:
        return [], f"Every area of {ctx.name(owner)} is too big for the new person's capacity"
    ordered = []
    for i in best[1]:
        area = groups[i][1][0].area.strip()
        why = f"takes the whole {area} area; {_owner_note(ctx, owner)}"
        ordered += [(r, why) for r in sorted(groups[i][1], key=lambda r: _id_order(r.id))]
    return [_move(ctx, r, why) for r, why in ordered], ""


# ----------------------------------------------------------------- balance


def _balance(ctx: _Ctx, candidates: list[Rock]) -> tuple[list[ProposedMove], str]:
    """Exact: choose the set S of candidate rocks the new person takes, minimising
    max(new load, each involved owner's remaining load), then fewer moves, then
    less effort moved, then rock ids.

    Efforts are integers in units of the gcd of the candidates' efforts (read to
    0.001%), so sums are exact. For a target T each owner independently needs the
    cheapest subset of their candidate rocks bringing them to T; the optimum is at
    one of the owners' achievable remaining loads, found by a sweep from high T to
    low with a heap (per-owner subset sums: a DP over achievable sums, small as an
    owner holds tens of rocks). Then, at the optimal T, a DP over the total effort
    moved (bounded by the new person's share) picks the fewest moves. The new
    person is the only receiver, so no flow network is needed; networkx would only
    add a relaxation that is not exact for indivisible rocks.
    """
    plan = ctx.plan
    owned = [r for r in candidates if r.owner is not None]
    if not owned:
        return [], f"Every rock a {SHORT[ctx.family]} fits is unowned: nobody's load goes down"
    quanta = {r.id: round(r.effort * 1000) for r in owned}
    g = math.gcd(*quanta.values()) or 1
    units = {rid: q // g for rid, q in quanta.items()}
    scale = g / 1000.0  # effort percent per unit
    cap_new = ctx.person.capacity
    by_owner: dict[str, list[Rock]] = {}
    for rock in owned:
        by_owner.setdefault(rock.owner, []).append(rock)  # type: ignore[arg-type]
    owners = sorted(by_owner)
    start = max(ctx.load(o) for o in owners)
    limit_units = int(start * cap_new / 100.0 / scale + 1e-6)  # taking more than this is never better

    options: dict[str, list[tuple[int, int, tuple[str, ...], float]]] = {}  # (sum, count, rids, remaining load)
    for o in owners:
        best: dict[int, tuple[int, tuple[str, ...]]] = {0: (0, ())}
        for rock in by_owner[o]:
            u = units[rock.id]
            for s, (n, rids) in list(best.items()):
                t = s + u
                if t > limit_units:
                    continue
                entry = (n + 1, (*rids, rock.id))
                old = best.get(t)
                if old is None or (entry[0], [_id_order(x) for x in entry[1]]) < (
                    old[0],
                    [_id_order(x) for x in old[1]],
                ):
                    best[t] = entry
        cap = plan.people[o].capacity
        effort = ctx.effort[o]
        options[o] = [(s, n, rids, (effort - s * scale) / cap * 100.0) for s, (n, rids) in sorted(best.items())]

    # Sweep T downwards over every achievable remaining load; each owner takes its smallest
    # sum whose remaining load is <= T (sums ascending = remaining loads descending).
    thresholds: list[float] = sorted({opt[3] for o in owners for opt in options[o]}, reverse=True)
    pointer = dict.fromkeys(owners, 0)
    heap = [(-options[o][0][3], o) for o in owners]
    heapq.heapify(heap)
    total = 0
    best_value = start
    for level in thresholds:
        feasible = True
        while heap and -heap[0][0] > level + _EPS:
            _, o = heapq.heappop(heap)
            opts, i = options[o], pointer[o]
            total -= opts[i][0]
            while i < len(opts) and opts[i][3] > level + _EPS:
                i += 1
            if i == len(opts):
                feasible = False
                break
            pointer[o] = i
            total += opts[i][0]
            heapq.heappush(heap, (-opts[i][3], o))
        if not feasible:
            break
        value = max(-heap[0][0], total * scale / cap_new * 100.0)
        best_value = min(best_value, value)
    if best_value >= start - _EPS:
        return [], f"Nobody's load goes down: the highest load among the people involved stays at {start:.0f}%"

    # Fewest moves reaching best_value: owners above it must give; a DP over the total moved.
    budget = int(best_value * cap_new / 100.0 / scale + 1e-6)
    table: dict[int, tuple[int, tuple[str, ...]]] = {0: (0, ())}
    for o in owners:
        opts = [opt for opt in options[o] if opt[3] <= best_value + _EPS]
        if opts[0][0] == 0:
            continue  # keeps everything
        merged: dict[int, tuple[int, tuple[str, ...]]] = {}
        for s, (n, rids) in table.items():
            for u, k, more, _ in opts:
                t = s + u
                if t > budget:
                    break
                entry = (n + k, (*rids, *more))
                old = merged.get(t)
                if old is None or entry[0] < old[0]:
                    merged[t] = entry
        table = merged
    s, (_, chosen) = min(table.items(), key=lambda kv: (kv[1][0], kv[0], sorted(map(_id_order, kv[1][1]))))
    moves = []
    for rid in sorted(chosen, key=_id_order):
        rock = plan.rocks[rid]
        owner = rock.owner or ""
        kept = ctx.effort[owner] - math.fsum(plan.rocks[x].effort for x in chosen if plan.rocks[x].owner == owner)
        after = kept / plan.people[owner].capacity * 100.0
        why = f"balance: {_owner_note(ctx, owner)} -> {after:.0f}%; highest load {start:.0f}% -> {best_value:.0f}%"
        moves.append(_move(ctx, rock, why))
    return moves, ""


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
    an.update(command.apply(plan))
    try:
        after_loads, after = percents(), dict(an.findings)
    finally:
        an.update(command.undo(plan))
    loads = {pid: (before_loads[pid], after_loads[pid]) for pid in involved}
    resolved = sorted((f for k, f in before.items() if k not in after), key=Finding.sort_key)
    introduced = sorted((f for k, f in after.items() if k not in before), key=Finding.sort_key)
    return Impact(loads, resolved, introduced)
