"""Built-in templates and the rock catalog: they load, are canonical, and show what they are for."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from models import BUILTIN_IDS, ROCK_KINDS, TSHIRT_SIZES, Plan
from planner.checks.analysis import Analysis
from planner.checks.titles import group_key
from planner.core.errors import PlanError
from planner.planfile import fileio, templates

NAMES = ["solo-founder", "first-pm", "series-b", "scale-up"]
GENERATOR = Path(__file__).resolve().parents[1] / "data" / "make_templates.py"


def _analysis(name: str) -> tuple[Plan, Analysis]:
    plan = templates.load_template(name)
    return plan, Analysis(plan)


def _rules(analysis: Analysis) -> set[str]:
    return {f.rule for f in analysis.findings.values()}


def _of_family(plan: Plan, family: str, status: str = "active") -> list[str]:
    return [p.id for p in plan.people.values() if plan.family(p) == family and p.status == status]


# ------------------------------------------------------------------ index


def test_index_lists_the_four_templates_in_order():
    infos = templates.list_templates()
    assert [t.name for t in infos] == NAMES
    for t in infos:
        assert t.title and t.description and "\n" not in t.description
    assert templates.SAMPLE in NAMES


def test_every_template_file_is_in_the_index():
    on_disk = sorted(p.name[: -len(fileio.EXTENSION)] for p in templates.TEMPLATES_DIR.glob(f"*{fileio.EXTENSION}"))
    assert on_disk == sorted(NAMES)


def test_unknown_template_names_the_known_ones():
    with pytest.raises(PlanError) as info:
        templates.load_template("series-z")
    message = str(info.value)
    assert "series-z" in message
    for name in NAMES:
        assert name in message


def test_load_template_returns_a_fresh_plan():
    first = templates.load_template("first-pm")
    first.people.clear()
    assert templates.load_template("first-pm").people


# ------------------------------------------------------ every template


@pytest.mark.parametrize("name", NAMES)
def test_template_is_canonical(name):
    path = templates.TEMPLATES_DIR / f"{name}{fileio.EXTENSION}"
    assert fileio.dumps(templates.load_template(name)) == path.read_bytes()


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("make_templates", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_template_matches_its_generator(name, generator):
    """tests/data/make_templates.py still builds exactly the shipped file."""
    module = generator
    path = templates.TEMPLATES_DIR / f"{name}{fileio.EXTENSION}"
    assert fileio.dumps(module.BUILDERS[name]()) == path.read_bytes(), "run python tests/data/make_templates.py"


@pytest.mark.parametrize("name", NAMES)
def test_template_rocks_come_from_the_catalog(name):
    catalog = {r.title: r for r in templates.load_catalog()}
    plan = templates.load_template(name)
    for rock in plan.rocks.values():
        assert rock.title in catalog, rock.title
        assert rock.discipline == catalog[rock.title].discipline
        assert rock.kind == catalog[rock.title].kind


@pytest.mark.parametrize("name", NAMES)
def test_template_names_and_roles_are_filled_in(name):
    plan = templates.load_template(name)
    assert plan.name.strip()
    for person in plan.people.values():
        assert person.role.strip()
        assert person.status != "active" or plan.family(person) != "other", person.role


# ------------------------------------------------------ per template


def test_solo_founder_is_an_acting_pm_and_a_unicorn():
    plan, a = _analysis("solo-founder")
    (founder,) = _of_family(plan, "founder")
    assert len(_of_family(plan, "eng")) == 6
    assert _of_family(plan, "pm") == []
    assert len(a.loads[founder].by_discipline) >= 4
    assert ("acting-pm", founder) in a.findings
    assert ("unicorn", founder) in a.findings
    assert "pm-eng-ratio" in _rules(a)  # engineers and no PM


def test_first_pm_is_overloaded():
    plan, a = _analysis("first-pm")
    (pm,) = _of_family(plan, "pm")
    assert _of_family(plan, "founder")
    assert 10 <= a.engineers <= 14
    assert ("overload", pm) in a.findings
    assert a.loads[pm].percent > 100
    assert "pm-eng-ratio" not in _rules(a)  # 12 engineers per PM is within 1:12


def test_series_b_sample_tells_its_story():
    plan, a = _analysis("series-b")
    summary = a.summary()
    assert summary["pms"] == 3 and summary["tpms"] == 0
    assert 33 <= summary["engineers"] <= 37 and len(plan.teams) == 3
    assert len(_of_family(plan, "design")) == 1
    assert any(p.role == "Head of Product" for p in plan.people.values())
    rules = _rules(a)
    assert {"tpm-needed", "overload", "orphan-rock", "shared-ownership", "acting-pm"} <= rules
    assert rules.isdisjoint({"pm-eng-ratio", "unicorn", "span-of-control", "discipline-fit"})
    assert summary["errors"] == 0
    assert summary["overloaded"] == 1 and summary["unowned_rocks"] == 1 and summary["dropped_rocks"] == 1
    # The shared rock is Pricing in Payments, held by two PMs.
    (shared,) = [f for f in a.findings.values() if f.rule == "shared-ownership"]
    assert "'Pricing' in Payments" in shared.message
    # Founders act as PM.
    acting = {f.subjects[0] for f in a.findings.values() if f.rule == "acting-pm"}
    assert acting and all(plan.family(plan.people[p]) == "founder" for p in acting)
    # Hiring plans: a planned hire for 2027-Q1 and an open vacancy.
    assert any(p.status == "planned" and p.start == "2027-Q1" for p in plan.people.values())
    assert any(p.status == "open" for p in plan.people.values())
    # A move log with notes, including the dropped rock.
    assert len(plan.moves) >= 2 and all(m.note for m in plan.moves)
    dropped = [r.id for r in plan.rocks.values() if r.state == "dropped"]
    assert any(m.rock in dropped for m in plan.moves)
    # Every product person (PMs and the designer) carries 6-9 rocks, with context notes around.
    for pid in _of_family(plan, "pm") + _of_family(plan, "design"):
        assert 6 <= len(a.owned.get(pid, ())) <= 9, plan.people[pid].name
    assert sum(1 for r in plan.rocks.values() if r.context) >= 10


def test_series_b_is_the_sample():
    assert templates.SAMPLE == "series-b"


def test_scale_up_is_a_clean_reference():
    plan, a = _analysis("scale-up")
    summary = a.summary()
    # No finding at all, not even an info: in particular strategy specialists who own strategy
    # rocks are doing their own job, not acting as PM.
    assert a.findings == {}, [f.message for f in a.sorted_findings()]
    assert summary["errors"] == summary["warnings"] == summary["infos"] == 0
    strategists = _of_family(plan, "strategy")
    assert strategists
    for pid in strategists:
        owned = a.owned.get(pid, ())
        assert owned and all(plan.rocks[r].discipline == "strategy" for r in owned), plan.people[pid].name
    assert 190 <= summary["engineers"] <= 210
    assert 9 <= summary["engineers_per_pm"] <= 11
    assert 12 <= len(plan.teams) <= 15
    families = Counter(plan.family(p) for p in plan.people.values())
    for family in ("pm", "tpm", "pmm", "strategy", "ops", "design", "eng", "founder"):
        assert families[family] >= 1, family
    assert families["pm"] >= 18
    for pid, load in a.loads.items():
        assert load.percent <= 100 and len(load.by_discipline) < 4, plan.people[pid].name
    owners: dict[tuple[str, str], set[str]] = {}
    for r in plan.rocks.values():
        owners.setdefault(group_key(r.area, r.title), set()).add(r.owner or "")
    assert all(len(o) == 1 for o in owners.values())


# ----------------------------------------------------------------- catalog


def test_catalog_covers_every_discipline():
    catalog = templates.load_catalog()
    assert len(catalog) >= 40
    by = Counter(r.discipline for r in catalog)
    assert set(by) == set(BUILTIN_IDS)
    assert min(by.values()) >= 5


def test_catalog_entries_are_valid():
    catalog = templates.load_catalog()
    keys = [r.key for r in catalog]
    titles = [r.title.lower() for r in catalog]
    assert len(set(keys)) == len(keys)
    assert len(set(titles)) == len(titles)
    sizes = set(TSHIRT_SIZES.values())
    for r in catalog:
        assert r.discipline in BUILTIN_IDS
        assert r.kind in ROCK_KINDS
        assert r.effort in sizes, (r.key, r.effort)
        assert r.title.strip() and r.description.strip() and "\n" not in r.description
    assert {r.kind for r in catalog} == set(ROCK_KINDS)


def test_catalog_includes_the_gap_filling_rocks():
    titles = {r.title for r in templates.load_catalog()}
    assert {"Sales support on deals", "Solution consulting", "Business development and partnerships"} <= titles
    assert {"Positioning document", "Daily stand-ups", "Unified Gantt chart", "Design system"} <= titles
