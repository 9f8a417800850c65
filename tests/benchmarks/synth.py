"""Deterministic synthetic org plans for benchmarks.

``make_plan(n)`` builds an org shaped like a real product company: a CEO, VPs
of product, engineering and design, product directors and managers, PMs at
roughly 1 per 10 engineers, some TPMs, designers, PMMs and analysts, teams of
engineers (listed people plus unlisted headcount), and rocks across the six
disciplines that mostly fit their owners' roles, with a few unowned rocks,
a few dropped ones, some overloaded people and some shared feature areas.
The same arguments always give the same plan, byte for byte once saved.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models import BUILTIN_IDS, Person, Plan, Rock, Team  # noqa: E402

# Individual contributors: (role text, weight, the rock disciplines they usually carry).
# Most engineers are team headcount, not people in the plan (Team.headcount);
# the engineers listed are tech leads who carry a rock or two.
IC_MIX: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Product Manager", 0.27, ("product", "product", "strategy", "project", "operations", "marketing")),
    ("Product Owner", 0.03, ("product", "project")),
    ("Software Engineer", 0.25, ("project",)),
    ("Product Designer", 0.14, ("design",)),
    ("Technical Program Manager", 0.08, ("project",)),
    ("Product Marketing Manager", 0.08, ("marketing",)),
    ("Product Analyst", 0.10, ("operations",)),
    ("Product Strategist", 0.05, ("strategy",)),
)
MANAGER_MIX: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Engineering Manager", 0.50, ("project",)),
    ("Group Product Manager", 0.35, ("strategy", "product", "product", "marketing")),
    ("Design Manager", 0.15, ("design",)),
)
TOP = {"Co-founder & CEO": ("strategy", "product", "marketing"), "VP Product": ("strategy", "product")}
AREAS = ("Payments", "Search", "Onboarding", "Billing", "Mobile", "Reporting", "Identity", "Growth", "Platform", "API")
TOPICS = {
    "marketing": ("Positioning doc", "Launch plan", "Sales deck", "Demo script", "Roll-out order"),
    "strategy": ("Competitive analysis", "Customer interviews", "MRD", "Three-year vision", "Analyst briefing"),
    "operations": ("KPI dashboard", "Instrumentation", "Pricing model", "Funnel analysis", "Product health"),
    "product": ("Roadmap", "PRD", "Feature prioritisation", "Requirements", "Prototype review"),
    "project": ("Stand-ups", "Release train", "Delivery Gantt", "Dependency tracking", "Status report"),
    "design": ("User research", "Personas", "Wireframes", "Design system", "Usability tests"),
}
EFFORTS = (2.0, 5.0, 5.0, 5.0, 10.0, 10.0, 10.0, 15.0)  # ~9 of these fill most of a week
ENG_ROCKS = (0, 1, 2, 3)  # engineers carry a couple of (misfit) project rocks at most


def make_plan(n_people: int, rocks_per_person: int = 7, seed: int = 0) -> Plan:
    """A plan with ``n_people`` people and about ``n_people * rocks_per_person`` rocks (deterministic)."""
    rng = random.Random(seed)
    plan = Plan(name=f"Synthetic org ({n_people} people)")
    people = plan.people
    if n_people <= 0:
        return plan

    # The reporting tree: person i reports to an earlier person, 5-12 reports each
    # on average, so about one in eight people manages (bench_layout's random_org).
    parent = [-1] + [int((i - 1) / rng.uniform(5.0, 12.0)) for i in range(1, n_people)]
    has_reports = [False] * n_people
    for i in range(1, n_people):
        has_reports[parent[i]] = True
    roles: list[tuple[str, tuple[str, ...]]] = []
    top = (("Co-founder & CEO", TOP["Co-founder & CEO"]), ("VP Product", TOP["VP Product"]))
    for i in range(n_people):
        if i < len(top) and (i == 0 or has_reports[i]):
            roles.append(top[i])
        elif has_reports[i]:
            role, _, ds = rng.choices(MANAGER_MIX, [w for _, w, _ in MANAGER_MIX])[0]
            roles.append((role, ds))
        else:
            role, _, ds = rng.choices(IC_MIX, [w for _, w, _ in IC_MIX])[0]
            roles.append((role, ds))
    for i, (role, _) in enumerate(roles):
        pid = f"p{i + 1}"
        person = Person(pid, f"Person {i + 1}", role, manager=f"p{parent[i] + 1}" if i else None)
        roll = rng.random()
        if roll < 0.03:
            person.capacity = rng.choice((50.0, 80.0))
        elif roll > 0.99:
            person.status = "planned"
        people[pid] = person

    # A team per manager below the top two levels: the manager, their reports,
    # and unlisted engineers so the org runs near 1 PM per 10 engineers.
    managers = [f"p{i + 1}" for i in range(n_people) if has_reports[i] and i >= len(top)]
    pms = sum(1 for role, _ in roles if role in ("Product Manager", "Product Owner", "Group Product Manager"))
    listed_eng = sum(1 for role, _ in roles if role in ("Software Engineer", "Engineering Manager"))
    unlisted = max(0, 10 * pms - listed_eng)
    for n, manager in enumerate(managers):
        tid = f"t{n + 1}"
        share = unlisted // len(managers) + (1 if n < unlisted % len(managers) else 0)
        plan.teams[tid] = Team(tid, f"{AREAS[n % len(AREAS)]} {n // len(AREAS) + 1}", manager, share)
        people[manager].team = tid
    for person in people.values():
        if person.team is None and person.manager and people[person.manager].team:
            person.team = people[person.manager].team

    eng_share = listed_eng / n_people
    base = max(1, round((rocks_per_person - eng_share * 1.5) / max(0.01, 1 - eng_share)))
    rid = 0
    for person, (role, fitting) in zip(people.values(), roles, strict=True):
        if role in ("Software Engineer", "Engineering Manager"):
            count = rng.choice(ENG_ROCKS)
        else:
            count = rng.randint(max(0, base - 2), base + 2)
            if rng.random() < 0.02:
                count += 6  # a few people carry far too much
        team = plan.teams.get(person.team or "")
        area = team.name if team else ""
        for _ in range(count):
            rid += 1
            discipline = rng.choice(fitting) if rng.random() < 0.92 else rng.choice(BUILTIN_IDS)
            roll = rng.random()
            plan.rocks[f"r{rid}"] = Rock(
                f"r{rid}",
                f"{rng.choice(TOPICS[discipline])} {rng.randint(1, 60)}",
                discipline,
                rng.choice(EFFORTS),
                None if roll < 0.02 else person.id,  # some orphans
                area=area,
                kind="strategic" if discipline in ("strategy", "product") and rng.random() < 0.5 else "tactical",
                state="dropped" if roll > 0.985 else "active",
                context="Handed over with notes" if rng.random() < 0.1 else "",
            )
    return plan


def write_plan(path: str | Path, n: int, rocks_per_person: int = 7, seed: int = 0) -> Path:
    """Save ``make_plan(n)`` to ``path`` (canonical form) and return the path."""
    from planner.planfile import fileio
    path = Path(path)
    fileio.save(make_plan(n, rocks_per_person, seed), path)
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = write_plan(sys.argv[2] if len(sys.argv) > 2 else f"synthetic-{n}.rocks.json", n)
    print(out, out.stat().st_size, "bytes")
