"""The four hire strategies: which rocks a new person takes, and why.

Every strategy works on the same candidates (``Ctx.candidates``), which already
respect what a rock is (planner.checks.rules.rocks, docs/rules.md "What a rock is"):

- a kept rock never moves (the founder's direction, engineering's estimates, or
  what the user marked);
- a generalist hire (PM, founder) never takes a specialist's own rocks;
- a specialist hire also takes the rocks that define the role in another
  discipline (a TPM takes the stand-ups a PM runs).

For a PM hire, rocks of one product line held by one owner move together
("whole areas"), wherever a whole-area answer exists.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

from models import Person, Plan, Rock, fits
from planner.checks.rules import GENERALISTS, SPECIALISTS, names
from planner.checks.rules.rocks import area_key, defines, is_kept, product_lines

EPS = 1e-9
MAX_AREAS = 16  # by-area: exhaustive over subsets up to here; beyond, the 16 largest areas are considered

SHORT: dict[str, str] = {
    "pm": "PM",
    "tpm": "TPM",
    "pmm": "PMM",
    "strategy": "strategist",
    "ops": "product ops",
    "design": "designer",
    "eng": "engineer",
    "founder": "founder",
    "marketing": "marketer",
    "sales": "salesperson",
    "hr": "HR partner",
    "finance": "finance manager",
    "other": "hire",
}

Move = tuple[Rock, str]  # a rock and why it moves


def id_order(rid: str) -> tuple[int, str]:
    return (len(rid), rid)


@dataclass(slots=True)
class Ctx:
    """What the strategies share: the plan, the hire, every owner's effort, and the candidates."""

    plan: Plan
    family: str
    person: Person
    effort: dict[str, float]  # owner id -> effort of their active rocks
    warning: float  # the overload line, percent of capacity
    candidates: list[Rock] = field(default_factory=list)
    kept: list[Rock] = field(default_factory=list)  # rocks the hire would fit but their owner keeps
    lines: set[str] = field(default_factory=set)  # product lines (folded areas)

    @classmethod
    def build(cls, plan: Plan, family: str, person: Person, warning: float) -> Ctx:
        effort: dict[str, list[float]] = {}
        for rock in plan.rocks.values():
            if rock.state == "active" and rock.owner is not None:
                effort.setdefault(rock.owner, []).append(rock.effort)
        ctx = cls(plan, family, person, {p: math.fsum(v) for p, v in effort.items()}, warning)
        ctx.lines = product_lines(plan)
        people = plan.people
        specialist = family in SPECIALISTS
        present = {plan.family(p) for p in people.values()} & set(SPECIALISTS)
        for rock in sorted((r for r in plan.rocks.values() if r.state == "active"), key=lambda r: id_order(r.id)):
            if not (ctx.fits(family, rock) or (specialist and defines(family, rock))):
                continue
            owner = people.get(rock.owner) if rock.owner is not None else None
            if owner is not None:
                if is_kept(plan, rock, owner):
                    ctx.kept.append(rock)
                    continue
                owner_family = plan.family(owner)
                if family in GENERALISTS and owner_family in SPECIALISTS and ctx.fits(owner_family, rock):
                    continue  # a specialist's own rock: a generalist never takes it back
            if family in GENERALISTS and any(defines(f, rock) for f in present):
                continue  # it defines a role the plan has (or has planned): that specialist's, not a new PM's
            ctx.candidates.append(rock)
        return ctx

    def load(self, pid: str, effort: float | None = None) -> float:
        person = self.plan.people[pid]
        return (self.effort.get(pid, 0.0) if effort is None else effort) / person.capacity * 100.0

    def fits(self, family: str, rock: Rock) -> bool:
        d = self.plan.discipline_table.get(rock.discipline)
        return fits(family, rock.discipline, d.families if d else ())

    def owner_family(self, pid: str) -> str:
        return self.plan.family(self.plan.people[pid])

    def label(self, rock: Rock) -> str:
        d = self.plan.discipline_table.get(rock.discipline)
        return d.label if d else rock.discipline

    def name(self, pid: str | None) -> str:
        return self.plan.people[pid].name if pid else "nobody"

    def note(self, pid: str, effort: float | None = None) -> str:
        """'Dana is at 120%': a person's load, in their own numbers."""
        return f"{self.name(pid)} is at {self.load(pid, effort):.0f}%"

    @property
    def short(self) -> str:
        return SHORT.get(self.family, self.family)

    @property
    def whole_areas(self) -> bool:
        """A PM hire takes product lines whole (docs/rules.md, What a rock is)."""
        return self.family in GENERALISTS

    def line(self, rock: Rock) -> str:
        """The rock's product line (folded), or '' for company-wide work."""
        key = area_key(rock)
        return key if key in self.lines else ""


def fill(ctx: Ctx, ordered: list[Move]) -> list[Move]:
    """Take rocks in order while the new person stays within 100% of their capacity."""
    room = ctx.person.capacity
    out: list[Move] = []
    for rock, reason in ordered:
        if rock.effort <= room + EPS:
            room -= rock.effort
            out.append((rock, reason))
    return out


def spread(groups: dict[str, list[Move]], order: list[str]) -> list[Move]:
    """Round-robin over owners (in ``order``): one rock from each in turn, so nobody is emptied first."""
    queues = [list(groups[o]) for o in order if groups.get(o)]
    out: list[Move] = []
    while queues:
        for q in queues:
            out.append(q.pop(0))
        queues = [q for q in queues if q]
    return out


# ---------------------------------------------------------- by-discipline


def by_discipline(ctx: Ctx) -> tuple[list[Move], str]:
    if ctx.family in GENERALISTS:
        return _by_discipline_generalist(ctx)
    short = ctx.short
    defining: dict[str, list[Move]] = {}  # owner -> their rocks that define the role
    rest: list[tuple[tuple[object, ...], Move]] = []
    for rock in ctx.candidates:
        owner = rock.owner
        if owner is not None and ctx.owner_family(owner) == ctx.family and ctx.load(owner) <= ctx.warning + EPS:
            continue  # already with a specialist of this role who has room
        if owner is not None and defines(ctx.family, rock):
            why = f"defines the {short} role; {ctx.note(owner)}"
            defining.setdefault(owner, []).append((rock, why))
            continue
        if owner is None:
            tier, why = 2, f"unowned; a {short} fits {ctx.label(rock)}"
        elif ctx.load(owner) > ctx.warning + EPS:
            tier, why = 1, f"{ctx.note(owner)}; a {short} fits {ctx.label(rock)}"
        elif not ctx.fits(ctx.owner_family(owner), rock):
            tier, why = 1, f"{ctx.name(owner)}'s role is not a {ctx.label(rock)} role"
        else:
            tier, why = 3, f"{ctx.label(rock)} work; {ctx.note(owner)}"
        load = ctx.load(owner) if owner else 0.0
        rest.append(((tier, -load, owner or "", -rock.effort, id_order(rock.id)), (rock, why)))
    owners = sorted(defining, key=lambda o: (-ctx.load(o), o))
    for o in owners:
        defining[o].sort(key=lambda m: (-m[0].effort, id_order(m[0].id)))
    rest.sort(key=lambda t: t[0])
    moves = fill(ctx, [*spread(defining, owners), *(m for _, m in rest)])
    if moves:
        return moves, ""
    return [], f"Every {short} rock is already with a {short}, kept by its owner, or too big for the new person"


def _by_discipline_generalist(ctx: Ctx) -> tuple[list[Move], str]:
    """A PM (or founder) takes what others do as PM (day-to-day rocks first), rocks their owners'
    roles do not fit, the excess of overloaded owners (whole product lines where they can), and orphans."""
    plan = ctx.plan
    by_owner: dict[str | None, list[Rock]] = {}
    for rock in ctx.candidates:
        by_owner.setdefault(rock.owner, []).append(rock)
    owners = sorted((o for o in by_owner if o is not None), key=lambda o: (-ctx.load(o), o))
    ordered: list[Move] = []
    for owner in owners:
        family = ctx.owner_family(owner)
        rocks = sorted(by_owner[owner], key=lambda r: (r.kind != "tactical", -r.effort, id_order(r.id)))
        taken: list[Move] = []
        for rock in rocks:
            if not ctx.fits(family, rock):
                taken.append((rock, f"{ctx.name(owner)}'s role is not a {ctx.label(rock)} role"))
            elif family != "pm" and rock.discipline in ("product", "strategy") and rock.kind == "tactical":
                taken.append((rock, f"{ctx.name(owner)} is acting as PM on it (day-to-day product work)"))
        left = ctx.effort.get(owner, 0.0) - math.fsum(r.effort for r, _ in taken)
        limit = plan.people[owner].capacity * ctx.warning / 100.0
        if left > limit + EPS:
            chosen = {r.id for r, _ in taken}
            rest = [r for r in rocks if r.id not in chosen]
            taken += _relieve(ctx, owner, rest, left - limit)
        ordered += taken
    ordered += [(r, "unowned") for r in sorted(by_owner.get(None, []), key=lambda r: (-r.effort, id_order(r.id)))]
    moves = fill(ctx, ordered)
    if moves:
        return moves, ""
    return [], "Nobody is overloaded, acting as PM outside their role or missing an owner: nothing to take"


def _relieve(ctx: Ctx, owner: str, rocks: list[Rock], excess: float) -> list[Move]:
    """Rocks that bring an owner's effort down by ``excess``: the smallest set of whole product
    lines that does it, else rocks one by one (the smallest that covers what is left first)."""
    note = f"{ctx.note(owner)}"
    lines: dict[str, list[Rock]] = {}
    loose: list[Rock] = []
    for rock in rocks:
        key = ctx.line(rock)
        (lines.setdefault(key, []) if key else loose).append(rock)
    if lines:
        sizes = {k: math.fsum(r.effort for r in v) for k, v in lines.items()}
        names = sorted(lines, key=lambda k: (sizes[k], k))[:MAX_AREAS]
        best: tuple[float, int, tuple[str, ...]] | None = None
        for k in range(1, len(names) + 1):
            for combo in combinations(names, k):
                total = math.fsum(sizes[c] for c in combo)
                if total + EPS < excess or total > ctx.person.capacity + EPS:
                    continue
                if len(combo) == len(lines):
                    continue  # the owner keeps a product line of their own
                rank = (total, k, combo)
                if best is None or rank < best:
                    best = rank
        if best is not None:
            whole: list[Move] = []
            for c in best[2]:
                area = lines[c][0].area.strip()
                whole += [(r, f"takes the whole {area} product line; {note}") for r in lines[c]]
            return whole
    out: list[Move] = []
    # Day-to-day rocks before strategic ones: the lead keeps the portfolio view.
    rest = sorted(rocks, key=lambda r: (r.kind != "tactical", -r.effort, id_order(r.id)))
    while excess > EPS and rest:
        tier = [r for r in rest if r.kind == rest[0].kind]
        enough = [r for r in tier if r.effort >= excess - EPS]
        rock = min(enough, key=lambda r: (r.effort, id_order(r.id))) if enough else tier[0]
        rest.remove(rock)
        out.append((rock, note))
        excess -= rock.effort
    return out


# ------------------------------------------------------ strategic-tactical


def strategic_tactical(ctx: Ctx) -> tuple[list[Move], str]:
    """The PMs and founders keep the strategic rocks; the new person takes tactical ones from the
    most loaded of them in turn, and stops when loads are even (nobody drops below the new person)."""
    plan = ctx.plan
    tactical: dict[str, list[Rock]] = {}
    for rock in ctx.candidates:
        if rock.kind == "tactical" and rock.owner is not None and ctx.owner_family(rock.owner) in GENERALISTS:
            tactical.setdefault(rock.owner, []).append(rock)
    if not tactical:
        return [], f"No PM or founder carries a tactical rock a {ctx.short} could take"
    for rocks in tactical.values():
        rocks.sort(key=lambda r: (-r.effort, id_order(r.id)))
    effort = {o: ctx.effort.get(o, 0.0) for o in tactical}
    taken = 0.0
    cap = ctx.person.capacity
    moves: list[Move] = []
    givers: set[str] = set()
    while True:
        best: tuple[tuple[float, str], str, Rock] | None = None
        floor = min((effort[g] / plan.people[g].capacity * 100.0 for g in givers), default=math.inf)
        for owner, rocks in tactical.items():
            load = effort[owner] / plan.people[owner].capacity * 100.0
            for rock in rocks:
                new = (taken + rock.effort) / cap * 100.0
                left = (effort[owner] - rock.effort) / plan.people[owner].capacity * 100.0
                if taken + rock.effort > cap + EPS or new > min(left, floor) + EPS:
                    continue  # would leave the new person above a giver: loads are even enough
                key = (-load, owner)
                if best is None or key < best[0]:
                    best = (key, owner, rock)
                break
        if best is None:
            break
        _, owner, rock = best
        givers.add(owner)
        tactical[owner].remove(rock)
        note = ctx.note(owner, effort[owner])
        effort[owner] -= rock.effort
        taken += rock.effort
        moves.append((rock, f"tactical; {note} and keeps the strategic rocks"))
    if moves:
        return moves, ""
    return [], "The PMs' and founders' tactical rocks would leave the new person above the giver: loads are even"


# ----------------------------------------------------------------- by-area


def by_area(ctx: Ctx) -> tuple[list[Move], str]:
    """Whole product lines from the most loaded owner holding any: the set that brings the two
    closest to even and lowers the higher of the two loads, leaving the owner a product line and at
    least half of what the new person takes (a split, not a replacement)."""
    areas: dict[str, dict[str, list[Rock]]] = {}
    for rock in ctx.candidates:
        if rock.owner is not None and ctx.line(rock):
            areas.setdefault(rock.owner, {}).setdefault(area_key(rock), []).append(rock)
    if not areas:
        return [], f"No owned rock a {ctx.short} could take belongs to a product line"
    owner = min(areas, key=lambda o: (-ctx.load(o), o))
    found = _best_areas(ctx, owner, areas[owner])
    if found:
        return found, ""
    lines = names([ctx.plan.rocks[r[0].id].area.strip() for r in areas[owner].values()])
    return [], (
        f"{ctx.note(owner)}, and moving their product lines ({lines}) whole would leave them too little or "
        "lower no load: try another strategy"
    )


def _best_areas(ctx: Ctx, owner: str, areas: dict[str, list[Rock]]) -> list[Move]:
    plan = ctx.plan
    groups = sorted(areas.items(), key=lambda kv: (-math.fsum(r.effort for r in kv[1]), kv[0]))[:MAX_AREAS]
    sizes = [math.fsum(r.effort for r in rocks) for _, rocks in groups]
    cap_new, cap_owner = ctx.person.capacity, plan.people[owner].capacity
    total = ctx.effort[owner]
    before = ctx.load(owner)
    best: tuple[tuple[object, ...], tuple[int, ...]] | None = None
    for k in range(1, len(groups) + 1):
        for combo in combinations(range(len(groups)), k):
            taken = math.fsum(sizes[i] for i in combo)
            if taken > cap_new + EPS or len(combo) == len(areas):
                continue  # too big for the new person, or the owner would keep no product line
            new, left = taken / cap_new * 100.0, (total - taken) / cap_owner * 100.0
            if max(new, left) >= before - EPS or left < new / 2 - EPS:
                continue  # no gain in the higher load, or the owner is all but emptied
            moves = sum(len(groups[i][1]) for i in combo)
            key = (round(max(new, left), 6), round(abs(new - left), 6), moves, tuple(groups[i][0] for i in combo))
            if best is None or key < best[0]:
                best = (key, combo)
    if best is None:
        return []
    out: list[Move] = []
    for i in best[1]:
        area = groups[i][1][0].area.strip()
        why = f"takes the whole {area} area; {ctx.note(owner)}"
        out += [(r, why) for r in sorted(groups[i][1], key=lambda r: id_order(r.id))]
    return out


# ----------------------------------------------------------------- balance


def balance(ctx: Ctx) -> tuple[list[Move], str]:
    """The lowest possible highest load among the people involved, fewest moves on a tie. For a PM
    hire an owner's rocks of one product line are one item (whole areas), each owner keeping their
    biggest line, when that still lowers the highest load; otherwise rock by rock."""
    if ctx.whole_areas:
        moves, why = _balance(ctx, bundled=True)
        if moves:
            return moves, ""
    return _balance(ctx, bundled=False)


def _items(ctx: Ctx, bundled: bool) -> dict[str, list[tuple[tuple[str, ...], float]]]:
    """Owner -> their movable items: (rock ids, effort). Bundled: one item per product line."""
    out: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    lines: dict[tuple[str, str], list[Rock]] = {}
    for rock in ctx.candidates:
        if rock.owner is None:
            continue
        key = ctx.line(rock) if bundled else ""
        if key:
            lines.setdefault((rock.owner, key), []).append(rock)
        else:
            out.setdefault(rock.owner, []).append(((rock.id,), rock.effort))
    main: dict[str, tuple[float, str]] = {}  # owner -> their biggest line: they keep it
    for (owner, key), rocks in lines.items():
        size = (math.fsum(r.effort for r in rocks), key)
        if owner not in main or size > main[owner]:
            main[owner] = size
    for (owner, key), rocks in sorted(lines.items()):
        if main[owner][1] != key:
            out.setdefault(owner, []).append((tuple(r.id for r in rocks), math.fsum(r.effort for r in rocks)))
    return out


def _balance(ctx: Ctx, bundled: bool) -> tuple[list[Move], str]:
    """Exact: choose the set S of items the new person takes, minimising max(new load, each
    involved owner's remaining load), then fewer rocks moved, then less effort, then ids.

    Efforts are integers in units of the gcd of the items' efforts (read to 0.001%), so sums are
    exact. For a target T each owner independently needs the cheapest subset of their items
    bringing them to T; the optimum is at one of the owners' achievable remaining loads, found by a
    sweep from high T to low with a heap (per-owner subset sums: a DP over achievable sums, small as
    an owner holds tens of rocks). Then, at the optimal T, a DP over the total effort moved (bounded
    by the new person's share) picks the fewest moves. The new person is the only receiver, so no
    flow network is needed; networkx would only add a relaxation that is not exact for indivisible
    rocks."""
    plan = ctx.plan
    items = _items(ctx, bundled)
    if not items:
        return [], f"Every rock a {ctx.short} could take is unowned or kept: nobody's load goes down"
    quanta = {ids: round(e * 1000) for its in items.values() for ids, e in its}
    g = math.gcd(*quanta.values()) or 1
    scale = g / 1000.0  # effort percent per unit
    cap_new = ctx.person.capacity
    owners = sorted(items)
    # Owners whose rocks the hire fits but who have nothing movable (all kept, or their one
    # product line) stay as loaded as they are: the highest load cannot drop below theirs.
    holders = {r.owner for r in ctx.candidates if r.owner is not None}
    fixed = max((ctx.load(o) for o in holders - set(items)), default=0.0)
    start = max(fixed, *(ctx.load(o) for o in owners))
    limit_units = int(start * cap_new / 100.0 / scale + 1e-6)  # taking more than this is never better

    strategic = {r.id for r in ctx.candidates if r.kind == "strategic"}

    def order_key(rids: tuple[str, ...]) -> tuple[int, list[tuple[int, str]]]:
        """Ties: fewer strategic rocks (the lead keeps the portfolio view), then ids."""
        return (sum(1 for x in rids if x in strategic), sorted(id_order(x) for x in rids))

    options: dict[str, list[tuple[int, int, tuple[str, ...], float]]] = {}  # (sum, rocks, rids, remaining load)
    for o in owners:
        best: dict[int, tuple[int, tuple[str, ...]]] = {0: (0, ())}
        for ids, _ in items[o]:
            u = quanta[ids] // g
            for s, (n, rids) in list(best.items()):
                t = s + u
                if t > limit_units:
                    continue
                entry = (n + len(ids), (*rids, *ids))
                old = best.get(t)
                if old is None or (entry[0], order_key(entry[1])) < (old[0], order_key(old[1])):
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
        while heap and -heap[0][0] > level + EPS:
            _, o = heapq.heappop(heap)
            opts, i = options[o], pointer[o]
            total -= opts[i][0]
            while i < len(opts) and opts[i][3] > level + EPS:
                i += 1
            if i == len(opts):
                feasible = False
                break
            pointer[o] = i
            total += opts[i][0]
            heapq.heappush(heap, (-opts[i][3], o))
        if not feasible:
            break
        value = max(-heap[0][0], total * scale / cap_new * 100.0, fixed)
        best_value = min(best_value, value)
    if best_value >= start - EPS:
        return [], f"Nobody's load goes down: the highest load among the people involved stays at {start:.0f}%"

    # Fewest moves reaching best_value: owners above it must give; a DP over the total moved.
    budget = int(best_value * cap_new / 100.0 / scale + 1e-6)
    table: dict[int, tuple[int, tuple[str, ...]]] = {0: (0, ())}
    for o in owners:
        opts = [opt for opt in options[o] if opt[3] <= best_value + EPS]
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
                if old is None or (entry[0], order_key(entry[1])) < (old[0], order_key(old[1])):
                    merged[t] = entry
        table = merged
    _, (_, chosen) = min(table.items(), key=lambda kv: (kv[1][0], kv[0], order_key(kv[1][1])))
    moves: list[Move] = []
    for rid in sorted(chosen, key=id_order):
        rock = plan.rocks[rid]
        owner = rock.owner or ""
        kept = ctx.effort[owner] - math.fsum(plan.rocks[x].effort for x in chosen if plan.rocks[x].owner == owner)
        after = kept / plan.people[owner].capacity * 100.0
        line = f"the whole {rock.area.strip()} product line; " if bundled and ctx.line(rock) else ""
        why = f"balance: {line}{ctx.note(owner)} -> {after:.0f}%; highest load {start:.0f}% -> {best_value:.0f}%"
        moves.append((rock, why))
    return moves, ""


BUILDERS: dict[str, Callable[[Ctx], tuple[list[Move], str]]] = {
    "by-discipline": by_discipline,
    "strategic-tactical": strategic_tactical,
    "by-area": by_area,
    "balance": balance,
}
