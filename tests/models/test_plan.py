"""Plan data: defaults, cached tables and ids."""

from __future__ import annotations

from models import Discipline, Person, Plan, Rock, RuleSettings


def test_defaults_trace_to_domain():
    rules = RuleSettings()
    assert rules.values == {} and rules.disabled == []  # every value is its rule's default (planner.checks.rules)
    person, rock = Person("p1", "Ana"), Rock("r1", "Pricing", "operations")
    assert person.capacity == 100 and person.status == "active" and person.dotted == []
    assert rock.state == "active" and rock.owner is None and rock.contributors == []


def test_mutable_defaults_are_not_shared():
    a, b = Person("a", "A"), Person("b", "B")
    a.dotted.append("b")
    assert b.dotted == []
    p, q = Plan(), Plan()
    p.settings.rules.disabled.append("unicorn")
    assert q.settings.rules.disabled == []


def test_tables_are_cached_until_settings_change():
    plan = Plan()
    roles, table = plan.roles, plan.discipline_table
    assert plan.roles is roles and plan.discipline_table is table
    plan.settings.disciplines.append(Discipline("growth", "Growth", "#000000"))
    plan.settings.role_synonyms.append(("wizard", "pm"))
    assert plan.discipline_table.get("growth") is None  # stale until told
    plan.settings_changed()
    assert plan.discipline_table.get("growth") is not None
    assert plan.family(Person("p1", "Merlin", "Wizard")) == "pm"


def test_new_id():
    plan = Plan()
    assert plan.new_id("p") == "p1"
    plan.people["p1"] = Person("p1", "A")
    plan.rocks["r2"] = Rock("r2", "X", "product")
    assert plan.new_id("p") == "p3"
    assert plan.new_id("r") == "r3"
    assert plan.new_id("r", plan.rocks) == "r3"
    assert plan.new_id("p", plan.rocks) == "p2"


def test_caches_are_not_compared():
    a, b = Plan(), Plan()
    _ = a.roles
    assert a == b
