"""Seed rocks from roles: give each person the catalog rocks typical for their role family.

An imported org chart has people and no rocks, so the checks have nothing to say.
Seeding hands every active or planned person the catalog rocks their family usually
carries (``FAMILY_ROCKS``), each marked ``seeded`` (an estimate the user should adjust),
so a freshly imported org shows meaningful findings at once. One Compound command: one
undo step. Choices, documented here because the numbers are ours, not the catalog's:

- **Load.** A PM's or specialist's typical rocks are their job, so the catalog efforts are
  relative weights, scaled (up or down) so the person's load (existing rocks included)
  lands at ``TARGET`` = 90% of capacity: inside 80-100%, with a little slack. A founder,
  chief executive or function leader (engineering, marketing...) has a day job beyond product work: catalog efforts stay as they are,
  scaled down only if they would pass 90%. Efforts are whole percents, at least 1.
- **Small company.** A PM also gets the marketing, strategy, operations rocks (and the
  stand-ups) of a specialist family nobody in the plan belongs to: that is what PMs do
  until the specialist is hired.
- **No PM.** When nobody is in the pm family, the organisation's own functions carry the
  product rocks they typically hold (``FUNCTION_ROCKS``): the top engineering leader (a CTO,
  VP or head of engineering, an engineering manager: the one highest in the tree) the roadmap,
  requirements, backlog and estimates; the top marketing leader positioning and launches
  (product marketing sits near marketing). With an engineering leader, that leader also
  takes prioritisation, and the PRDs and feature specifications are added unowned, waiting
  for a first PM: the founders keep the company's direction, not the day-to-day PM work. With
  none, the rest go to the chief executive (role text naming the CEO / chief executive), else
  the founders (dealt in turn), else the root of the biggest reporting tree: the "founder
  acting as PM" the checks then show. The 3-year vision goes to the chief executive (else the
  first founder) in any case.
- **Areas.** A seeded rock's area is the owner's team name; without a team, the owner's
  name when several people get the same family's rocks (so two PMs' roadmaps are two
  areas, not "two owners of one area"), else empty. Several people of one family in one
  team: PMs each own their part ("Payments: Ana Ruiz"); specialists share the family's
  rocks out, one owner each, the most senior first.
- **Skipped.** Rocks a person already owns (same title) and people already at 90%.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models import Person, Plan, Rock
from planner.core.text import plural
from planner.editing import commands as C
from planner.editing.operations import Outcome, Refusal
from planner.planfile.templates import CatalogRock, load_catalog

TARGET = 90.0  # percent of capacity a seeded person's load lands at (see the module docstring)
SEEDABLE = ("active", "planned")  # open vacancies get no rocks

# Catalog keys each family typically carries, in the order they are added.
PRODUCT_ROCKS: tuple[str, ...] = ("roadmap", "prioritisation", "prds", "feature-specs", "eng-requirements", "backlog")
FAMILY_ROCKS: dict[str, tuple[str, ...]] = {
    "pm": PRODUCT_ROCKS,
    "tpm": (
        "cross-team-coordination",
        "release-planning",
        "unified-gantt",
        "dependency-tracking",
        "estimates",
        "who-what-when",
    ),
    "pmm": ("positioning", "messaging", "launch-management", "sales-enablement", "internal-training", "external-comms"),
    "strategy": ("market-analysis", "competitive-analysis", "customer-research", "mrd", "analyst-relations"),
    "ops": ("instrumentation", "kpi-definition", "dashboards", "pricing", "path-analysis", "metrics-alignment"),
    "design": ("user-research", "design-system", "wireframes", "clickable-prototypes", "usability-qualitative"),
}
# What a PM also carries while nobody in the plan is in the specialist family (small company).
PM_GAP_ROCKS: dict[str, tuple[str, ...]] = {
    "pmm": ("positioning", "launch-management"),
    "strategy": ("competitive-analysis", "customer-research"),
    "ops": ("kpi-definition", "dashboards"),
    "tpm": ("standups",),
}
VISION = "vision"
# With no PM: the product rocks each function's top leader typically carries (catalog keys).
FUNCTION_ROCKS: dict[str, tuple[str, ...]] = {
    "eng": ("roadmap", "eng-requirements", "backlog", "estimates"),
    "marketing": ("positioning", "launch-management"),
}
# With no PM but an engineering leader: the leader also prioritises with the backlog; requirements
# documents and specifications are left unowned for a first PM (never put on the founders).
ENG_LEADER_EXTRA: tuple[str, ...] = ("prioritisation",)
# Families whose seeded efforts are never scaled up: their people have a day job beyond these rocks.
DAY_JOB = ("founder", "eng", "marketing", "sales", "hr", "finance", "other")
_LEADER = re.compile(r"(?<![a-z0-9])(cto|cmo|chief|vp|vice|head|director|manager|lead|leader)(?![a-z0-9])", re.I)

_CEO = re.compile(r"(?<![a-z0-9])(ceo|chief[\s\-_]+executive)(?![a-z0-9])", re.IGNORECASE)
_FOUNDER = re.compile(r"(?<![a-z0-9])(co[\s\-_]?founder|founder)(?![a-z0-9])", re.IGNORECASE)


def seed_rocks(plan: Plan, people: Iterable[str] | None = None) -> Outcome:
    """One Compound adding the typical rocks of each person's role family (all active and
    planned people, or only ``people``), marked seeded; a quiet Refusal saying why if none."""
    catalog = {r.key: r for r in load_catalog()}
    eligible = [p for p in plan.people.values() if p.status in SEEDABLE]
    chosen = set(people) if people is not None else None
    families = {p.id: plan.family(p) for p in eligible}
    present = set(families.values())
    chief, acting, unowned = _chief_and_acting(plan, eligible, families, "pm" not in present)

    wanted: dict[str, list[str]] = {}  # person id -> catalog keys, in plan order
    for person in eligible:
        keys: list[str] = []
        family = families[person.id]
        if person.id == chief:
            keys.append(VISION)
        if family == "pm":
            keys.extend(PRODUCT_ROCKS)
            for specialist, extra in PM_GAP_ROCKS.items():
                if specialist not in present:
                    keys.extend(extra)
        else:
            keys.extend(FAMILY_ROCKS.get(family, ()))
        keys.extend(acting.get(person.id, ()))
        if keys and (chosen is None or person.id in chosen):
            wanted[person.id] = list(dict.fromkeys(keys))
    if not wanted:
        return Refusal(_nobody_reason(plan, chosen), quiet=True)

    load = _loads(plan)
    owned = _owned_titles(plan)
    per_family: dict[str, int] = {}
    for pid in wanted:
        per_family[families[pid]] = per_family.get(families[pid], 0) + 1
    areas = {pid: _area(plan, plan.people[pid], per_family[families[pid]] > 1) for pid in wanted}
    _one_owner_per_area(plan, wanted, families, areas)
    ids = _IdMaker(plan)
    children: list[C.Command] = []
    full: list[str] = []
    people_seeded = 0
    for pid, keys in wanted.items():
        person = plan.people[pid]
        todo = [catalog[k] for k in keys if catalog[k].title.casefold() not in owned.get(pid, set())]
        if not todo:
            continue
        efforts = _efforts(person, todo, load.get(pid, 0.0), scale_up=families[pid] not in DAY_JOB)
        if efforts is None:
            full.append(person.name)
            continue
        area = areas[pid]
        for item, effort in zip(todo, efforts, strict=True):
            rock = Rock(
                ids.next(),
                item.title,
                item.discipline,
                effort=effort,
                owner=pid,
                area="" if item.key == VISION else area,
                kind=item.kind,  # type: ignore[arg-type]
                context=item.description,
                seeded=True,
            )
            children.append(C.AddRock(rock))
        people_seeded += 1
    titles = {r.title.strip().casefold() for r in plan.rocks.values()}
    for key in unowned if chosen is None else ():  # a first PM's rocks: on nobody's back until one is hired
        item = catalog[key]
        if item.title.casefold() not in titles:
            rock = Rock(ids.next(), item.title, item.discipline, effort=item.effort, kind=item.kind)  # type: ignore[arg-type]
            rock.context, rock.seeded = f"{item.description} Left unowned for a first PM.".strip(), True
            children.append(C.AddRock(rock))
    if not children:
        why = f"{plural(len(full), 'person', 'people')} already at {TARGET:g}% of capacity" if full else ""
        return Refusal(
            "Nothing to seed: everyone already owns their role's typical rocks" + (f" ({why})" if why else ""),
            quiet=True,
        )
    return C.Compound(
        f"Seed {plural(len(children), 'rock')} from roles for {plural(people_seeded, 'person', 'people')}", children
    )


def count_seeded(command: C.Command) -> tuple[int, int]:
    """(rocks, people) a seeding command adds, for messages."""
    children = command.children if isinstance(command, C.Compound) else [command]
    rocks = [c.rock for c in children if isinstance(c, C.AddRock)]
    return len(rocks), len({r.owner for r in rocks if r.owner is not None})


def seed_in_place(plan: Plan) -> str:
    """Seed ``plan`` directly (the CLI's ``import --seed-rocks``); returns the note to print."""
    outcome = seed_rocks(plan)
    if isinstance(outcome, Refusal):
        return f"no rocks seeded: {outcome.reason}"
    outcome.apply(C.Document(plan))
    rocks, people = count_seeded(outcome)
    children = outcome.children if isinstance(outcome, C.Compound) else [outcome]
    unowned = [c.rock.title for c in children if isinstance(c, C.AddRock) and c.rock.owner is None]
    left = f"; {', '.join(unowned)} left unowned for a first PM" if unowned else ""
    return (
        f"seeded {plural(rocks, 'rock')} on {plural(people, 'person', 'people')} from their roles "
        f"(estimates marked seeded: adjust the efforts){left}"
    )


# ------------------------------------------------------------------ helpers


def _chief_and_acting(
    plan: Plan, eligible: list[Person], families: dict[str, str], no_pm: bool
) -> tuple[str | None, dict[str, list[str]], list[str]]:
    """The chief executive (gets the vision), with no PM who acts as PM with which product rocks, and the
    product rocks left unowned for a first PM."""
    ceos = [p.id for p in eligible if _CEO.search(p.role)]
    founders = [p.id for p in eligible if _FOUNDER.search(p.role)]
    chief = (ceos or founders)[0] if ceos or founders else None
    if not no_pm:
        return chief, {}, []
    takers = ceos[:1] or founders or [r for r in [_biggest_root(plan, eligible)] if r is not None]
    acting: dict[str, list[str]] = {}
    taken: set[str] = set()
    for family, keys in FUNCTION_ROCKS.items():
        leader = _function_leader(plan, eligible, families, family, exclude={*takers})
        if leader is not None:
            acting.setdefault(leader, []).extend(keys)
            taken.update(keys)
    rest = [key for key in PRODUCT_ROCKS if key not in taken]
    if not takers:
        return chief, acting, []
    if chief is None:
        chief = takers[0]
    eng_leader = next((pid for pid, keys in acting.items() if "backlog" in keys), None)
    if eng_leader is not None:  # the founders keep the direction: day-to-day PM work is not theirs
        acting[eng_leader].extend(k for k in rest if k in ENG_LEADER_EXTRA)
        return chief, acting, [k for k in rest if k not in ENG_LEADER_EXTRA]
    for i, key in enumerate(rest):  # dealt in turn among co-founders
        acting.setdefault(takers[i % len(takers)], []).append(key)
    return chief, acting, []


def _one_owner_per_area(
    plan: Plan, wanted: dict[str, list[str]], families: dict[str, str], areas: dict[str, str]
) -> None:
    """Several people of one family in one area (a team) would own rocks of the same title there: two
    owners of one area. PMs each own their own part of it (the area names the PM too); specialists
    share the family's rocks out, one owner each, the most senior first (higher in the tree, then
    leading more people), in turn; with more people than rocks each owns their own part too."""
    groups: dict[tuple[str, str], list[str]] = {}
    for pid in wanted:
        if families[pid] in FAMILY_ROCKS:
            groups.setdefault((families[pid], areas[pid]), []).append(pid)
    depth = _depths(plan)
    size = _sizes(plan)
    for (family, area), members in groups.items():
        if len(members) < 2:
            continue
        shared = [k for k in FAMILY_ROCKS[family] if all(k in wanted[m] for m in members)]
        if family == "pm" or len(members) > len(shared):
            for pid in members:
                areas[pid] = f"{area}: {plan.people[pid].name}" if area else plan.people[pid].name
            continue
        members.sort(key=lambda pid: (depth.get(pid, 0), -size.get(pid, 1)))
        for i, key in enumerate(shared):
            for j, pid in enumerate(members):
                if j != i % len(members):
                    wanted[pid].remove(key)


def _depths(plan: Plan) -> dict[str, int]:
    depth: dict[str, int] = {}
    for pid in _top_down(plan):
        manager = plan.people[pid].manager
        depth[pid] = depth[manager] + 1 if manager in depth else 0
    return depth


def _function_leader(
    plan: Plan, eligible: list[Person], families: dict[str, str], family: str, exclude: set[str]
) -> str | None:
    """The highest person of ``family`` in the reporting tree (a leader by title, for engineering),
    the one with the most people under them on a tie; None if the family has nobody."""
    people = [
        p for p in eligible
        if families[p.id] == family and p.id not in exclude and (family != "eng" or _LEADER.search(p.role))
    ]  # fmt: skip
    if not people:
        return None
    depth = _depths(plan)
    size = _sizes(plan)
    return min(people, key=lambda p: (depth.get(p.id, 0), -size.get(p.id, 1))).id


def _sizes(plan: Plan) -> dict[str, int]:
    """Person id -> people in their reporting tree, themselves included."""
    size = dict.fromkeys(plan.people, 1)
    for pid in reversed(_top_down(plan)):
        manager = plan.people[pid].manager
        if manager in size:
            size[manager] += size[pid]
    return size


def _biggest_root(plan: Plan, eligible: list[Person]) -> str | None:
    """The seedable root with the most people under them (first in plan order on a tie)."""
    size = _sizes(plan)
    roots = [p.id for p in eligible if p.manager not in plan.people]
    return max(roots, key=lambda r: size[r], default=None)


def _top_down(plan: Plan) -> list[str]:
    """People with every manager before their reports (the plan has no cycles)."""
    reports: dict[str | None, list[str]] = {}
    for p in plan.people.values():
        reports.setdefault(p.manager if p.manager in plan.people else None, []).append(p.id)
    order: list[str] = []
    stack = list(reversed(reports.get(None, [])))
    while stack:
        pid = stack.pop()
        order.append(pid)
        stack.extend(reversed(reports.get(pid, [])))
    return order


def _loads(plan: Plan) -> dict[str, float]:
    load: dict[str, float] = {}
    for r in plan.rocks.values():
        if r.owner is not None and r.state == "active":
            load[r.owner] = load.get(r.owner, 0.0) + r.effort
    return load


def _owned_titles(plan: Plan) -> dict[str, set[str]]:
    owned: dict[str, set[str]] = {}
    for r in plan.rocks.values():
        if r.owner is not None:
            owned.setdefault(r.owner, set()).add(r.title.strip().casefold())
    return owned


def _efforts(person: Person, todo: list[CatalogRock], existing: float, scale_up: bool) -> list[float] | None:
    """Whole-percent efforts landing the person's load at TARGET% of capacity; None if already there."""
    room = person.capacity * TARGET / 100.0 - existing
    if room < len(todo):  # not even 1% per rock left
        return None
    total = sum(r.effort for r in todo)
    factor = room / total if scale_up or total > room else 1.0
    efforts = [max(1.0, float(round(r.effort * factor))) for r in todo]
    while sum(efforts) > room:  # rounding up overshot: trim the biggest, which stays above 1
        i = efforts.index(max(efforts))
        efforts[i] -= 1.0
    return efforts


def _area(plan: Plan, person: Person, several: bool) -> str:
    team = plan.teams.get(person.team) if person.team else None
    if team is not None:
        return team.name
    return person.name if several else ""


def _nobody_reason(plan: Plan, chosen: set[str] | None) -> str:
    if not plan.people:
        return "Nothing to seed: the plan has no people"
    if chosen is not None:
        return "Nothing to seed: none of the chosen people has a role with typical rocks (engineers get none)"
    return "Nothing to seed: nobody active or planned has a role with typical rocks (engineers get none)"


class _IdMaker:
    """Fresh rock ids r<n>, in order, never taken in the plan."""

    def __init__(self, plan: Plan):
        self.taken = plan.rocks
        self.n = len(plan.rocks)

    def next(self) -> str:
        self.n += 1
        while f"r{self.n}" in self.taken:
            self.n += 1
        return f"r{self.n}"
