"""Hypothesis strategies for plans and commands, plus a small hand-written sample plan.

Plans drawn here are always valid (they load back through planner.planfile.fileio);
command strategies are drawn against the current plan and deliberately mix in
invalid commands (unknown ids, cycles, bad values) that must be refused cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from models import BUILTIN_IDS, Discipline, Move, Person, Plan, Rock, RuleSettings, Settings, Team
from planner.checks.rules import SETTINGS
from planner.editing import commands as C

# Few distinct values, so duplicates (same names, same titles in one area) happen often.
NAMES = ("Ana", "Ben", "Cy", "Dee", "Eve", "Ana")
ROLES = (
    "Product Manager",
    "Senior PM",
    "Software Engineer",
    "Engineering Manager",
    "Technical Program Manager",
    "Product Designer",
    "Product Marketing Manager",
    "Co-founder & CEO",
    "Data Analyst",
    "Head of Product",
    "Office manager",
    "",
)
TITLES = (
    "Pricing",
    "pricing ",
    "Pricing and packaging",
    "Roadmap",
    "Payments roadmap",
    "Launches",
    "Dashboards",
    "Research",
    "Onboarding",
    "3-year vision",
    "Effort estimates",
)
AREAS = ("", "Payments", "payments", "Growth")
EFFORTS = (0.0, 5.0, 10.0, 12.5, 20.0, 35.0, 50.0, 0.1, 100.0)
CAPACITIES = (50.0, 80.0, 100.0, 120.0, 33.3)
# Aliases and odd spellings the commands must resolve, plus ones they must refuse.
DISCIPLINE_INPUTS = (*BUILTIN_IDS, "ux", "GTM", "tpm", "Product Ops", "growth-hacking", "")
BOGUS = "nobody"
WHEN = "2024-05-01T09:00:00+00:00"


def _pick(draw: st.DrawFn, options: tuple[Any, ...] | list[Any]) -> Any:
    """One of ``options``: cheap, because ``st.integers(a, b)`` strategies are cached by hypothesis."""
    return options[draw(st.integers(0, len(options) - 1))]


def _maybe(draw: st.DrawFn, options: tuple[Any, ...] | list[Any]) -> Any:
    """One of ``options`` or None (also None when there are no options)."""
    i = draw(st.integers(-1, len(options) - 1)) if options else -1
    return None if i < 0 else options[i]


def _some(draw: st.DrawFn, options: tuple[Any, ...] | list[Any], most: int = 2) -> list[Any]:
    """Up to ``most`` distinct options, in drawn order."""
    out: list[Any] = []
    for _ in range(draw(st.integers(0, most)) if options else 0):
        choice = _pick(draw, options)
        if choice not in out:
            out.append(choice)
    return out


@st.composite
def plans(draw: st.DrawFn, max_people: int = 10, max_rocks: int = 14, max_teams: int = 3) -> Plan:
    """A random valid plan: a people forest, teams, rocks and a move log."""
    n_people = draw(st.integers(0, max_people))
    n_teams = draw(st.integers(0, max_teams))
    n_rocks = draw(st.integers(0, max_rocks))
    pids = [f"p{i}" for i in range(n_people)]
    tids = [f"t{i}" for i in range(n_teams)]
    rids = [f"r{i}" for i in range(n_rocks)]

    rules = RuleSettings(
        values={
            "span_of_control": _pick(draw, (1, 2, 10)),
            "unicorn_disciplines": _pick(draw, (2, 3, 4)),
            # (min, target, max) and (warning, error) stay ordered, as the loader requires.
            **dict(zip(("pm_eng_min", "pm_eng_target", "pm_eng_max"), _pick(draw, ((0.5, 1.0, 2.0), (0.5, 10.0, 12.0), (6.0, 10.0, 12.0))))),
            "tpm_project_share": _pick(draw, (10.0, 30.0)),
            **dict(zip(("overload_warning", "overload_error"), _pick(draw, ((40.0, 60.0), (40.0, 120.0), (100.0, 120.0))))),
            "specialists_from": _pick(draw, (3, 20)),
            "underused_below": _pick(draw, (50.0, 90.0)),
        },
        disabled=_some(draw, ("unicorn", "discipline-fit", "orphan-rock")),
    )
    # A plan keeps only the values that differ from the rules' defaults (as the loader does).
    rules.values = {k: v for k, v in rules.values.items() if v != SETTINGS[k].default}
    custom = draw(st.booleans())
    settings = Settings(
        rules=rules,
        role_synonyms=[("office manager", "ops")] if draw(st.booleans()) else [],
        disciplines=[Discipline("growth", "Growth", "#123456", ("growth hacking",), ("ops",))] if custom else [],
    )
    plan = Plan(name=_pick(draw, ("Plan", "Q3 re-org")), settings=settings)

    for i, pid in enumerate(pids):
        plan.people[pid] = Person(
            pid,
            _pick(draw, NAMES),
            _pick(draw, ROLES),
            manager=_maybe(draw, pids[:i]),  # earlier ids only: a forest
            dotted=_some(draw, pids[:i] + pids[i + 1 :]),
            capacity=_pick(draw, CAPACITIES),
            team=_maybe(draw, tids),
            status=_pick(draw, ("active", "active", "planned", "open")),
        )
    for tid in tids:
        plan.teams[tid] = Team(tid, _pick(draw, ("Core", "Payments")), _maybe(draw, pids), _pick(draw, (0, 3, 12, 40)))
    disciplines = (*BUILTIN_IDS, *(("growth",) if custom else ()))
    for rid in rids:
        plan.rocks[rid] = Rock(
            rid,
            _pick(draw, TITLES),
            _pick(draw, disciplines),
            effort=_pick(draw, EFFORTS),
            owner=_maybe(draw, pids),
            contributors=_some(draw, pids),
            area=_pick(draw, AREAS),
            kind=_pick(draw, ("strategic", "tactical")),
            state=_pick(draw, ("active", "active", "active", "dropped")),
            context=_pick(draw, ("", "Ask Dee about the 2023 pricing test")),
            kept=_pick(draw, (None, None, True, False)),
        )
    if rids and draw(st.booleans()):
        plan.moves.append(Move(rids[0], None, pids[0] if pids else None, WHEN, "initial"))
    return plan


Factory = Callable[[], C.Command]
KINDS = (
    "add_person",
    "edit_person",
    "set_manager",
    "set_capacity",
    "remove_person",
    "add_rock",
    "edit_rock",
    "remove_rock",
    "move_rocks",
    "set_state",
    "split",
    "edit_team",
    "compound",
)


@st.composite
def commands(draw: st.DrawFn, plan: Plan, depth: int = 0) -> Factory:
    """A command factory drawn against ``plan``: valid, or invalid and to be refused.

    A factory rather than a command because some constructors refuse bad input
    themselves (``SetRockState("melted")``); the caller treats that as a refusal too.
    Ids are mostly ones in the plan, sometimes one that is not (BOGUS).
    """
    pids, rids, tids = list(plan.people), list(plan.rocks), list(plan.teams)
    person_pool = (*pids, *pids, *pids, BOGUS)
    rock_pool = (*rids, *rids, *rids, BOGUS)
    team_pool = (*tids, *tids, BOGUS)

    def person() -> str:
        return _pick(draw, person_pool)

    def opt_person() -> str | None:
        return _maybe(draw, person_pool)

    def rock() -> str:
        return _pick(draw, rock_pool)

    def field(options: dict[str, Callable[[], Any]]) -> tuple[str, Any]:
        key = _pick(draw, tuple(options))
        return key, options[key]()

    kind = _pick(draw, KINDS if depth == 0 else KINDS[:-1])
    if kind == "add_person":
        new = Person(
            _pick(draw, (plan.new_id("p"), plan.new_id("p"), *pids[:1], "")),
            _pick(draw, (*NAMES, "  Zed   Zee ", "")),
            _pick(draw, ROLES),
            manager=opt_person(),
            dotted=_some(draw, person_pool),
            capacity=_pick(draw, (*CAPACITIES, 0.0, 250.0)),
            team=_maybe(draw, team_pool),
            status=_pick(draw, ("active", "planned", "fired")),
        )
        index = _maybe(draw, range(len(pids) + 2))
        return lambda: C.AddPerson(new, index)
    if kind == "edit_person":
        pid = person()
        key, value = field(
            {
                "name": lambda: _pick(draw, (*NAMES, "", "x" * 600)),
                "role": lambda: _pick(draw, ROLES),
                "manager": opt_person,
                "capacity": lambda: _pick(draw, ("80", 50, 150, "120%", "abc", 0)),
                "status": lambda: _pick(draw, ("active", "OPEN", "gone")),
                "team": lambda: _maybe(draw, team_pool),
                "dotted": lambda: [person() for _ in range(draw(st.integers(0, 2)))],
                "email": lambda: "a@b.c",
                "shoe_size": lambda: 42,
            }
        )
        return lambda: C.EditPerson(pid, **{key: value})
    if kind == "set_manager":
        pid, manager = person(), opt_person()
        return lambda: C.set_manager(plan, pid, manager)
    if kind == "set_capacity":
        pid, capacity = person(), _pick(draw, (40, 100, -5, "lots"))
        return lambda: C.EditPerson(pid, capacity=capacity)
    if kind == "remove_person":
        pid = person()
        return lambda: C.RemovePerson(pid)
    if kind == "add_rock":
        new_rock = Rock(
            _pick(draw, (plan.new_id("r"), plan.new_id("r"), *rids[:1])),
            _pick(draw, (*TITLES, "")),
            _pick(draw, DISCIPLINE_INPUTS),
            effort=_pick(draw, (*EFFORTS, -1.0, 101.0)),
            owner=opt_person(),
            contributors=[person() for _ in range(draw(st.integers(0, 2)))],
            area=_pick(draw, AREAS),
            state=_pick(draw, ("active", "dropped")),
        )
        index = _maybe(draw, range(len(rids) + 2))
        return lambda: C.AddRock(new_rock, index)
    if kind == "edit_rock":
        rid = rock()
        key, value = field(
            {
                "title": lambda: _pick(draw, (*TITLES, "")),
                "discipline": lambda: _pick(draw, DISCIPLINE_INPUTS),
                "effort": lambda: _pick(draw, ("M", "xl", 15, "200", "n/a")),
                "owner": opt_person,
                "contributors": lambda: [person() for _ in range(draw(st.integers(0, 2)))],
                "area": lambda: _pick(draw, AREAS),
                "kind": lambda: _pick(draw, ("strategic", "Tactical", "vague")),
                "state": lambda: _pick(draw, ("active", "dropped", "melted")),
                "context": lambda: "Ask Cy",
                "kept": lambda: _pick(draw, (True, False, None, "default", "maybe")),
                "colour": lambda: "red",
            }
        )
        return lambda: C.EditRock(rid, **{key: value})
    if kind == "remove_rock":
        rid = rock()
        return lambda: C.RemoveRock(rid)
    if kind == "move_rocks":
        ids = [rock() for _ in range(draw(st.integers(1, 3)))]
        to, note = opt_person(), _pick(draw, ("", "takes over pricing", "x" * 10_001))
        when = _pick(draw, (WHEN, None))
        return lambda: C.MoveRocks(ids, to, note, when)
    if kind == "set_state":
        ids = [rock() for _ in range(draw(st.integers(1, 3)))]
        state = _pick(draw, ("dropped", "active", "dropped", "active", "melted"))
        return lambda: C.SetRockState(ids, state)
    if kind == "split":
        rid = rock()
        title = _pick(draw, ("Pricing experiments", "Roadmap", ""))
        effort = _pick(draw, (0, 2.5, 5, 5, "S", "XS", 60, "huge"))
        new_id = _pick(draw, (None, None, None, "split-x", *rids[:1]))
        owner = opt_person()
        return lambda: C.SplitRock(rid, title, effort, new_id, owner)
    if kind == "edit_team":
        tid = _pick(draw, team_pool)
        key, value = field(
            {
                "name": lambda: _pick(draw, ("Core", "")),
                "headcount": lambda: _pick(draw, (0, 7, 25, -1, "ten")),
                "lead": opt_person,
                "budget": lambda: 1,
            }
        )
        return lambda: C.EditTeam(tid, **{key: value})
    # Compound: children drawn against the same starting plan, so later ones may
    # fail once earlier ones have changed it, which exercises all-or-nothing.
    children = [draw(commands(plan, depth + 1)) for _ in range(draw(st.integers(1, 3)))]
    return lambda: C.Compound("Several changes", [make() for make in children])


# ------------------------------------------------------------------ sample


def sample_plan() -> Plan:
    """A small hand-written plan touching every field the file format has."""
    settings = Settings(
        rules=RuleSettings(values={"span_of_control": 3}, disabled=["unicorn"]),
        role_synonyms=[("chief of staff", "strategy")],
        disciplines=[Discipline("growth", "Growth experiments", "#118ab2", ("growth hacking",), ("ops",))],
    )
    plan = Plan(name="Acme product org", settings=settings)
    plan.teams = {
        "t1": Team("t1", "Payments", lead="p3", headcount=14),
        "t2": Team("t2", "Growth"),
    }
    plan.people = {
        "p1": Person("p1", "Ana Ruiz", "Co-founder & CEO", email="ana@acme.test"),
        "p2": Person("p2", "Ben Okafor", "VP Product", manager="p1"),
        "p3": Person("p3", "Cy Park", "Senior Product Manager", manager="p2", team="t1"),
        "p4": Person("p4", "Dee Lin", "Product Manager", manager="p2", dotted=["p1"], capacity=80, team="t2"),
        "p5": Person("p5", "Eve Stone", "Product Designer", manager="p2", status="planned", start="2025-Q1"),
        "p6": Person("p6", "Gus Moe", "Engineering Manager", manager="p1", team="t1"),
    }
    plan.rocks = {
        "r1": Rock("r1", "Pricing", "operations", 20, "p3", area="Payments", context="Ask Ana about the 2023 test"),
        "r2": Rock("r2", "Roadmap", "product", 35, "p3", ["p4"], area="Payments", kind="strategic"),
        "r3": Rock(
            "r3", "Launches", "marketing", 12.5, "p4", problem="Launches slip", impact="High", goal="G", priority="P1"
        ),
        "r4": Rock("r4", "Vision", "strategy", 10, "p1", kind="strategic"),
        "r5": Rock("r5", "Stand-ups", "project", 15, None),
        "r6": Rock("r6", "Old reports", "operations", 5, "p2", state="dropped"),
        "r7": Rock("r7", "Funnel tests", "growth", 10, "p4"),
    }
    plan.moves = [Move("r3", "p3", "p4", WHEN, "Dee takes launches")]
    return plan


class OrgBuilder:
    """A plan built by hand in a test: ``org.person("Ana", "Product Manager")`` returns the id."""

    def __init__(self, name: str = "Acme") -> None:
        self.plan = Plan(name=name)

    def person(self, name: str, role: str = "Product Manager", **kw: Any) -> str:
        pid = f"p{len(self.plan.people) + 1}"
        self.plan.people[pid] = Person(pid, name, role, **kw)
        return pid

    def rock(self, title: str, discipline: str, effort: float, owner: str | None, **kw: Any) -> str:
        rid = f"r{len(self.plan.rocks) + 1}"
        self.plan.rocks[rid] = Rock(rid, title, discipline, effort, owner, **kw)
        return rid

    def team(self, name: str, headcount: int) -> str:
        tid = f"t{len(self.plan.teams) + 1}"
        self.plan.teams[tid] = Team(tid, name, headcount=headcount)
        return tid
