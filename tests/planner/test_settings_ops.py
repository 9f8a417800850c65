"""planner.editing.settings_ops: the checks' settings as one undoable command, refused with reasons."""

from __future__ import annotations

import copy

import pytest

from models import BASELINE, Plan
from planner.checks.analysis import Analysis
from planner.checks.rules import ALL_RULES, SETTINGS, values_of
from planner.core.errors import CommandError
from planner.editing.document import Document
from planner.editing.operations import Refusal
from planner.editing.settings_ops import SetRuleSettings, current, describe, field_problems, set_rule_settings
from planner.planfile import fileio
from planner.whatif.scenarios import CreateScenario, SwitchScenario


def snapshot(plan: Plan) -> tuple[dict, list]:
    rules = plan.settings.rules
    return copy.deepcopy(rules.values), list(rules.disabled)


def command(plan: Plan, values: dict, disabled: list[str]) -> SetRuleSettings:
    outcome = set_rule_settings(plan, values, disabled)
    assert isinstance(outcome, SetRuleSettings), outcome
    return outcome


def test_apply_stores_every_value_and_undo_redo_are_exact(plan):
    before = snapshot(plan)
    document = Document(plan)
    cmd = command(plan, {"overload_warning": 90, "span_of_control": "5"}, ["orphan-rock", "unicorn"])
    assert cmd.label == "Change check settings"
    changes = document.run(cmd)
    assert changes.settings and not changes.people and not changes.rocks
    rules = plan.settings.rules
    # What differs from the defaults, in declaration order (as the loader keeps it); whole numbers as such.
    assert rules.values == {"overload_warning": 90, "span_of_control": 5}
    assert list(rules.values) == ["overload_warning", "span_of_control"]
    assert isinstance(rules.values["span_of_control"], int)
    assert SETTINGS["pm_eng_target"].of(plan) == 10  # missing: the default
    document.revert(cmd)  # undo and redo, as the undo stack does them
    document.run(cmd)
    assert rules.disabled == ["orphan-rock", "unicorn"]
    after = snapshot(plan)

    document.revert(cmd)
    assert snapshot(plan) == before
    assert list(plan.settings.rules.values) == list(before[0])  # the same keys, in the same order
    document.run(cmd)
    assert snapshot(plan) == after
    document.revert(cmd)
    assert snapshot(plan) == before


def test_the_analysis_follows_the_settings_and_their_undo(plan):
    document = Document(plan)
    assert not any(k[0] == "overload" for k in document.analysis.findings)
    cmd = command(plan, {"overload_warning": 50, "overload_error": 60}, ["orphan-rock"])
    document.run(cmd)
    findings = document.analysis.findings
    assert any(k[0] == "overload" for k in findings)  # Cy at 55%, Dee at 28 of 80...
    assert not any(k[0] == "orphan-rock" for k in findings)
    assert findings == Analysis(plan).findings  # exactly what a fresh analysis finds
    document.revert(cmd)
    assert document.analysis.findings == Analysis(plan).findings
    assert any(k[0] == "orphan-rock" for k in document.analysis.findings)
    assert not any(k[0] == "overload" for k in document.analysis.findings)


def test_a_change_on_a_scenario_reaches_the_baseline(plan):
    """Scenarios share the settings: the baseline's cached analysis must not keep old findings."""
    document = Document(plan)
    document.run(CreateScenario("What if"))
    assert document.active == "What if"
    change = command(document.plan, {"overload_warning": 50, "overload_error": 60}, [])
    document.run(change)
    assert document.book.scenarios["What if"].settings.rules.values["overload_warning"] == 50
    switch = SwitchScenario(BASELINE)
    document.run(switch)
    assert plan.settings.rules.values["overload_warning"] == 50
    assert document.analysis.findings == Analysis(plan).findings
    assert any(k[0] == "overload" for k in document.analysis.findings)
    document.revert(switch)  # back on the scenario
    document.revert(change)  # the settings as they were, for both
    document.run(SwitchScenario(BASELINE))
    assert document.analysis.findings == Analysis(plan).findings
    assert not any(k[0] == "overload" for k in document.analysis.findings)


def test_bounds_and_order_are_refused_naming_the_setting(plan):
    before = snapshot(plan)
    outcome = set_rule_settings(plan, {"overload_warning": 0}, [])
    assert isinstance(outcome, Refusal) and not outcome.quiet
    assert outcome.field == "overload_warning"
    assert "overload_warning: expected a number above 0 to 1000, got 0" in outcome.reason

    outcome = set_rule_settings(plan, {"pm_eng_min": 11}, [])  # target stays at 10
    assert isinstance(outcome, Refusal) and outcome.field == "pm_eng_min"
    assert "pm_eng_min: 11 is above pm_eng_target (10); expected pm_eng_min <= pm_eng_target" in outcome.reason

    outcome = set_rule_settings(plan, {"span_of_control": 2.5}, [])
    assert isinstance(outcome, Refusal) and "span_of_control: expected a whole number from 1 to 100000, got 2.5" in (
        outcome.reason
    )
    outcome = set_rule_settings(plan, {"overload_warning": "lots"}, [])
    assert isinstance(outcome, Refusal) and 'got "lots"' in outcome.reason
    outcome = set_rule_settings(plan, {"overlaod_warning": 90}, [])
    assert isinstance(outcome, Refusal) and "overlaod_warning: no such setting; expected one of" in outcome.reason
    assert snapshot(plan) == before


def test_an_unknown_rule_id_is_refused_but_one_the_file_had_is_kept(plan):
    outcome = set_rule_settings(plan, {}, ["overlaod"])
    assert isinstance(outcome, Refusal) and outcome.field == "disabled"
    assert 'disabled: no rule with id "overlaod"; expected one of pm-eng-ratio' in outcome.reason
    # A plan from a newer version may switch off a rule this one does not know: kept as it was.
    plan.settings.rules.disabled = ["from-the-future", "unicorn"]
    cmd = command(plan, {"overload_warning": 90}, ["unicorn", "from-the-future"])
    Document(plan).run(cmd)
    assert plan.settings.rules.disabled == ["unicorn", "from-the-future"]


def test_the_command_checks_again_when_applied(plan):
    before = snapshot(plan)
    with pytest.raises(CommandError, match=r"overload_warning: 100 is above overload_error \(90\)"):
        Document(plan).run(SetRuleSettings({"overload_warning": 100, "overload_error": 90}, []))
    with pytest.raises(CommandError, match='no rule with id "nope"'):
        Document(plan).run(SetRuleSettings({}, ["nope"]))
    assert snapshot(plan) == before


def test_nothing_to_change_is_a_quiet_refusal(plan):
    values, disabled = current(plan)
    assert values == values_of(plan) and disabled == ["unicorn"]
    outcome = set_rule_settings(plan, values, disabled)
    assert isinstance(outcome, Refusal) and outcome.quiet
    # The same rules off in another order, values given in full or left to their defaults: unchanged.
    assert set_rule_settings(Plan(), {}, []) == outcome
    fresh = Plan()
    fresh.settings.rules.disabled = ["unicorn", "overload"]
    assert isinstance(set_rule_settings(fresh, current(fresh)[0], ["overload", "unicorn"]), Refusal)


def test_a_save_and_load_gives_the_same_plan_and_file(plan):
    values = {**current(plan)[0], "overload_warning": 87.5, "unicorn_min_share": 12.25}  # defaults given too
    Document(plan).run(command(plan, values, ["overload"]))
    assert plan.settings.rules.values == {"overload_warning": 87.5, "span_of_control": 3, "unicorn_min_share": 12.25}
    text = fileio.dumps(plan)
    loaded = fileio.loads(text)
    assert loaded.settings.rules.values == plan.settings.rules.values
    assert list(loaded.settings.rules.values) == list(plan.settings.rules.values)
    assert loaded.settings.rules.disabled == ["overload"]
    assert fileio.dumps(loaded) == text
    assert loaded == plan


def test_every_rule_can_be_switched_off_and_on(plan):
    document = Document(plan)
    cmd = command(plan, {}, [r.id for r in ALL_RULES])
    document.run(cmd)
    assert document.analysis.findings == {}
    document.revert(cmd)
    assert document.analysis.findings == Analysis(plan).findings != {}


def test_field_problems_tell_an_order_problem_in_the_other_settings_words():
    problems = field_problems({"overload_warning": 130, "overload_error": 120, "pm_eng_target": 0})
    assert problems == {
        "overload_warning": "expected at most 120% (load above which it is an error), got 130%",
        "pm_eng_target": "expected a number above 0 to 1000, got 0",
    }
    assert field_problems({name: s.default for name, s in SETTINGS.items()}) == {}


def test_describe_says_what_changed():
    defaults = {name: s.default for name, s in SETTINGS.items()}
    assert describe(defaults, [], {**defaults, "overload_warning": 85}, ["unicorn"]) == (
        "overload_warning 100% → 85%, Spread across disciplines off"
    )
    assert describe(defaults, ["unicorn"], defaults, []) == "Spread across disciplines on"
    many = describe(defaults, [], defaults, [r.id for r in ALL_RULES])
    assert many.endswith("and 9 more")
    assert describe(defaults, [], defaults, []) == "unchanged"
