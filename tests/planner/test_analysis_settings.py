"""Rules' settings and docs, disabled rules, `rocks check` output and incremental updates.

(Each rule's own firing conditions: test_analysis.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models import Person, Plan, Rock, RuleSettings
from planner.checks.analysis import Analysis
from planner.checks.rules import RULES, names, rules_markdown
from planner.editing import commands as C
from planner.editing.document import Document
from tests.planner.strategies import WHEN, sample_plan

# ------------------------------------------------------- settings and rules


def test_every_rule_is_documented_in_docs_rules_md():
    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert rule.source == f"{rule.title}: {rule.idea}"  # the check by name and idea, never a path
        assert f"## {rule.section}\n" in text and f"`{rule.id}`" in text
        assert len(rule.why) > 80  # the reasoning, in words, not just a number


def test_docs_rules_md_is_generated_from_the_rules():
    """docs/rules.md is the rules' own text with the default thresholds: regenerate with
    `python3 -m planner.checks.rules > docs/rules.md` when a rule changes."""
    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == rules_markdown()


def test_thresholds_in_words_follow_the_plan_settings():
    settings = RuleSettings(values={"overload_warning": 90, "overload_error": 150, "span_of_control": 7})
    assert RULES["overload"].threshold(settings.values) == "load above 90% of capacity (warning), above 150% (error)"
    assert RULES["span-of-control"].threshold(settings.values) == "a manager with more than 7 direct reports"
    assert "1:12" in RULES["pm-eng-ratio"].threshold() and "4 disciplines or more" in RULES["unicorn"].threshold()


def busy_plan() -> Plan:
    plan = sample_plan()
    plan.settings.rules.disabled = []
    plan.settings.rules.values.update(unicorn_disciplines=2, specialists_from=10)  # 15 engineers: specialists' size
    plan.rocks["r7"].owner = "p6"  # Gus (eng) runs growth experiments: a discipline misfit
    plan.rocks["r4"].kept = False  # Ana's vision: unmarked, so she is acting as PM
    return plan


def test_sample_plan_fires_most_rules():
    rules = {f.rule for f in Analysis(busy_plan()).findings.values()}
    assert {"orphan-rock", "discipline-fit", "acting-pm", "unicorn", "pm-eng-ratio"} <= rules


@pytest.mark.parametrize("rule", sorted(RULES))
def test_disabled_rules_produce_nothing(rule):
    plan = busy_plan()
    plan.settings.rules.values.update(span_of_control=1, overload_warning=10, specialists_from=10)
    plan.people["p5"].status = "active"  # Eve the designer, here and idle ...
    plan.rocks["r8"] = Rock("r8", "Wireframes", "design", 5, "p4")  # ... while Dee (PM) draws wireframes
    plan.rocks["r1"].discipline = "project"
    plan.rocks["r1"].effort = 40
    plan.rocks["r6"].state = "active"
    plan.rocks["r6"].title = "Roadmap"
    plan.rocks["r6"].area = "Payments"
    assert rule in {f.rule for f in Analysis(plan).findings.values()}
    plan.settings.rules.disabled = [rule]
    doc = Document(plan)
    assert rule not in {f.rule for f in doc.analysis.findings.values()}
    doc.run(C.MoveRocks(["r1", "r2", "r3", "r4"], "p4", when=WHEN))
    assert rule not in {f.rule for f in doc.analysis.findings.values()}


def test_changed_thresholds_apply_after_settings_changed():
    plan = busy_plan()
    doc = Document(plan)
    assert not any(f.rule == "span-of-control" for f in doc.analysis.findings.values())
    events = []
    doc.listeners.append(lambda changes, keys: events.append((changes, keys)))
    plan.settings.rules.values["span_of_control"] = 2
    plan.settings.rules.disabled = ["orphan-rock"]
    doc.settings_changed()
    keys = events[-1][1]
    assert ("span-of-control", "p2") in keys and ("orphan-rock", "r5") in keys
    assert ("span-of-control", "p2") in doc.analysis.findings
    assert ("orphan-rock", "r5") not in doc.analysis.findings
    assert doc.analysis.findings == Analysis(plan).findings


def test_role_synonyms_apply_after_settings_changed():
    plan = busy_plan()
    plan.people["p6"].role = "Chief Gadgeteer"
    doc = Document(plan)
    assert doc.analysis.family("p6") == "other"
    plan.settings.role_synonyms.insert(0, ("gadgeteer", "eng"))
    doc.settings_changed()
    assert doc.analysis.family("p6") == "eng"


# ----------------------------------------------------------- rocks check


def test_check_json_is_the_standard_encoders_text_and_stays_valid_with_lone_surrogates():
    """json_text writes with orjson for speed: the same text as json.dumps(indent=2), with DEL,
    C1 and bidi characters escaped; a lone surrogate (valid in a JSON file's \\u escapes, refused
    by orjson) falls back to the standard encoder instead of failing."""
    import io
    import json

    from planner.cli.text import json_text

    class Utf8(io.StringIO):
        encoding = "utf-8"

    hostile = "Eve\x1b]0;pwned\x07\nALL\u202e\x9b2J\x7f\u2028 é ✓ \U0001f600"
    doc = {"summary": {"n": 1, "ratio": 10.1, "none": None}, "findings": [{"message": hostile, "subjects": []}]}
    text = json_text(doc, Utf8())
    assert json.loads(text) == doc
    assert text == json.dumps(doc, indent=2, ensure_ascii=False).replace("\x7f", "\\u007f").replace(
        "\u202e", "\\u202e"
    ).replace("\x9b", "\\u009b").replace("\u2028", "\\u2028")
    assert not any(0x7F <= ord(ch) < 0xA0 or ch in "\u202e\u2028" for ch in text)
    surrogate = json_text({"name": "Ann\ud800"}, Utf8())
    assert json.loads(surrogate) == {"name": "Ann\ud800"}


def test_check_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """`rocks check` pauses the cyclic GC while it works (millions of objects at 100k people)
    and must turn it back on: main() also runs inside the app's tests and tools."""
    import gc
    import io

    from planner.cli.main import main
    from planner.planfile import fileio

    path = tmp_path / "plan.rocks.json"
    fileio.save(busy_plan(), path)
    assert gc.isenabled()
    out = io.StringIO()
    assert main(["check", str(path), "--json"], out=out, err=io.StringIO()) in (0, 1)
    assert gc.isenabled()
    assert '"findings"' in out.getvalue()


# ------------------------------------------------------------- incremental


def test_move_updates_only_what_changed():
    plan = busy_plan()
    plan.rocks["r5"].effort = 90
    doc = Document(plan)
    changed = doc.analysis.update(doc.run(C.MoveRocks(["r5"], "p4", when=WHEN)))
    assert changed == set()  # run already applied it; a second update finds nothing new
    assert ("orphan-rock", "r5") not in doc.analysis.findings
    assert doc.analysis.findings[("overload", "p4")].severity == "error"
    assert doc.analysis.findings == Analysis(plan).findings


def test_listener_gets_changed_keys():
    doc = Document(busy_plan())
    events = []
    doc.listeners.append(lambda changes, keys: events.append(keys))
    command = C.MoveRocks(["r5"], "p3", when=WHEN)
    doc.run(command)
    assert ("orphan-rock", "r5") in events[-1]
    doc.revert(command)
    assert ("orphan-rock", "r5") in events[-1]
    assert ("orphan-rock", "r5") in doc.analysis.findings


def test_rename_updates_messages_naming_the_person():
    plan = busy_plan()
    doc = Document(plan)
    doc.run(C.EditPerson("p1", name="Anabel Ruiz"))
    assert "Anabel Ruiz" in doc.analysis.findings[("acting-pm", "p1")].message
    assert doc.analysis.findings == Analysis(plan).findings


def test_summary():
    plan = busy_plan()
    plan.people["p7"] = Person("p7", "Fay", "Product Manager", status="planned")
    summary = Analysis(plan).summary()
    assert summary["people"] == 7 and summary["active_people"] == 5
    assert summary["rocks"] == 7 and summary["dropped_rocks"] == 1 and summary["unowned_rocks"] == 1
    assert summary["engineers"] == 15 and summary["pms"] == 3
    assert summary["engineers_per_pm"] == 5.0
    assert summary["pms_planned"] == 4 and summary["engineers_per_pm_planned"] == 3.8


def test_names_helper():
    assert names([]) == "" and names(["A"]) == "A"
    assert names(["A", "B", "C"]) == "A, B and C"
    assert names(["A", "B", "C", "D", "E", "F"]) == "A, B, C, D and 2 more"


def test_readme_table_of_checks_is_current():
    """The README's checks table is generated from the rules too (planner.checks.rules.rules_table)."""
    from planner.checks.rules import rules_table

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert rules_table() in readme


def test_readme_and_ci_use_the_same_test_command():
    root = Path(__file__).parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command.startswith("python3 -m venv .venv && ")
    assert f"```sh\n{command}\n```" in readme
    assert "../shared" not in readme and "domain.md" not in readme
