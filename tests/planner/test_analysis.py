"""Each rule fires exactly when it should; disabled rules stay quiet; settings apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import Discipline, Person, Plan, Rock, RuleSettings, Team
from planner.checks.analysis import Analysis
from planner.checks.rules import RULES, names, rules_markdown
from planner.editing import commands as C
from planner.editing.document import Document
from tests.planner.strategies import WHEN, sample_plan


class Org:
    """A tiny plan builder: ``org.person("Ana", "Product Manager")`` returns the id."""

    def __init__(self) -> None:
        self.plan = Plan()

    def person(self, name: str, role: str = "Product Manager", manager: str | None = None, **kw) -> str:
        pid = f"p{len(self.plan.people) + 1}"
        self.plan.people[pid] = Person(pid, name, role, manager=manager, **kw)
        return pid

    def rock(self, title: str, discipline: str = "product", effort: float = 10, owner: str | None = None, **kw) -> str:
        rid = f"r{len(self.plan.rocks) + 1}"
        self.plan.rocks[rid] = Rock(rid, title, discipline, effort, owner, **kw)
        return rid

    def team(self, name: str, headcount: int, lead: str | None = None) -> str:
        tid = f"t{len(self.plan.teams) + 1}"
        self.plan.teams[tid] = Team(tid, name, lead, headcount)
        return tid

    def findings(self, rule: str) -> list:
        return [f for f in Analysis(self.plan).sorted_findings() if f.rule == rule]


@pytest.fixture
def org():
    return Org()


def only(found: list):
    assert len(found) == 1, found
    f = found[0]
    assert f.source.startswith("docs/rules.md, ")
    return f


# ------------------------------------------------------------ pm-eng-ratio


def test_pm_eng_ratio_high(org):
    pm = org.person("Pat")
    org.team("Core", 20, lead=pm)
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "warning"
    assert "20.0 engineers per PM" in f.message and "1:12" in f.message and "1:10" in f.message


def test_pm_eng_ratio_low(org):
    org.person("Pat")
    for i in range(3):
        org.person(f"Eng {i}", "Software Engineer")
    f = only(org.findings("pm-eng-ratio"))
    assert "3.0 engineers per PM" in f.message and "below 1:6" in f.message


def test_pm_eng_ratio_no_pm_is_a_warning_where_the_ratio_calls_for_one(org):
    org.team("Core", 10)
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "warning" and "10 engineers and no product manager" in f.message


def test_below_the_target_a_founder_covering_pm_work_is_information(org):
    ceo = org.person("Cy", "Founder & CEO")
    org.team("Core", 3)
    org.rock("Roadmap", "product", 30, ceo)
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "info" and "3 engineers and no product manager" in f.message
    assert "first PM from 10 engineers" in f.message


def test_a_planned_pm_counts_and_the_finding_says_today_differs(org):
    org.team("Core", 12)
    pip = org.person("Pip", "Product Manager", status="planned")  # counts once planned hires start
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "info" and "12.0 engineers per PM once planned hires start" in f.message
    assert "12 engineers, no PM" in f.message  # today's numbers
    summary = Analysis(org.plan).summary()
    assert (summary["pms"], summary["pms_planned"], summary["engineers_per_pm_planned"]) == (0, 1, 12.0)
    org.plan.people[pip].status = "active"
    assert org.findings("pm-eng-ratio") == []


@pytest.mark.parametrize("headcount", [6, 10, 12])
def test_pm_eng_ratio_within_range(org, headcount):
    org.person("Pat")
    org.team("Core", headcount)
    assert org.findings("pm-eng-ratio") == []


def test_pm_eng_ratio_empty_plan(org):
    assert org.findings("pm-eng-ratio") == []
    org.person("Pat")  # PMs but no engineers: 0 < 6
    assert len(org.findings("pm-eng-ratio")) == 1


@pytest.mark.parametrize(
    "engineers,pms,state",
    [(0, 0, "ok"), (3, 0, "no-pm-due"), (9, 0, "no-pm-due"), (10, 0, "no-pm"), (12, 1, "ok"), (13, 1, "above"),
     (11, 2, "below"), (12, 2, "ok"), (25, 2, "above"), (25, 3, "ok")],
)
def test_ratio_verdict_and_what_it_calls_for_agree(engineers, pms, state):
    from planner.checks.rules import PM_ENG_RATIO

    plan = Plan()
    v = PM_ENG_RATIO.verdict(engineers, pms, plan)
    assert v.state == state
    needed = PM_ENG_RATIO.needed(engineers, plan)
    # Having what the ratio calls for never fires, and never goes below the minimum.
    assert not PM_ENG_RATIO.verdict(engineers, needed, plan).fires
    if needed:
        assert engineers / needed >= PM_ENG_RATIO.MIN.of(plan)


# -------------------------------------------------------------- tpm-needed


def test_tpm_needed_fires_at_the_share(org):
    pat = org.person("Pat")
    kim = org.person("Kim")
    org.rock("Stand-ups", "project", 30, pat)
    org.rock("Release train", "project", 29, kim)
    f = only(org.findings("tpm-needed"))
    assert f.subjects == (pat,)
    assert "Pat spends 30%" in f.message and "Kim" not in f.message


def test_tpm_needed_uses_capacity(org):
    pat = org.person("Pat", capacity=50)
    org.rock("Stand-ups", "project", 20, pat)  # 40% of a half-time week
    assert "Pat spends 40%" in only(org.findings("tpm-needed")).message


def test_project_work_is_checked_per_pm_even_when_a_tpm_exists_elsewhere(org):
    payments, growth = org.team("Payments", 8), org.team("Growth", 8)
    pat = org.person("Pat", team=payments)
    org.rock("Release train", "project", 40, pat)
    org.person("Tia", "Technical Program Manager", team=growth)
    f = only(org.findings("tpm-needed"))
    assert "Pat spends 40%" in f.message and "work on other teams" in f.message and "Payments" in f.message
    org.plan.people["p2"].team = payments  # now the TPM is on Pat's team: hand it over
    assert "although Payments has a TPM" in only(org.findings("tpm-needed")).message


def test_tpm_needed_one_finding_per_pm_each_with_their_numbers(org):
    a = org.person("Ann")
    b = org.person("Bo")
    org.rock("X", "project", 35, a)
    org.rock("Y", "project", 50, b)
    found = org.findings("tpm-needed")
    assert {f.subjects for f in found} == {(a,), (b,)}
    assert {f.message.split(" spends ")[0].split()[-1] + f.message.split(" spends ")[1][:3] for f in found} == {
        "Ann35%",
        "Bo 50%",
    } or all(("Ann" in f.message) == ("35%" in f.message) for f in found)


def test_tpm_needed_ignores_non_pms_and_dropped(org):
    eng = org.person("Ed", "Software Engineer")
    pat = org.person("Pat")
    org.rock("X", "project", 50, eng)
    org.rock("Y", "project", 50, pat, state="dropped")
    assert org.findings("tpm-needed") == []


# ----------------------------------------------------------------- overload


@pytest.mark.parametrize(
    "efforts,capacity,severity",
    [
        ([50, 50], 100, None),
        ([50, 50, 5], 100, "warning"),
        ([50, 50, 20], 100, "warning"),  # exactly 120% is still a warning
        ([50, 50, 21], 100, "error"),
        ([50, 35], 80, "warning"),  # 106%
        ([50, 50], 80, "error"),  # 125%
    ],
)
def test_overload(org, efforts, capacity, severity):
    pat = org.person("Pat", capacity=capacity)
    for i, e in enumerate(efforts):
        org.rock(f"R{i}", "product", e, pat)
    org.rock("Dropped", "product", 50, pat, state="dropped")  # never counts
    found = org.findings("overload")
    if severity is None:
        assert found == []
    else:
        f = only(found)
        assert f.severity == severity and f.subjects == (pat,) and "Pat" in f.message


def test_load_by_discipline(org):
    pat = org.person("Pat", capacity=50)
    org.rock("A", "product", 10, pat)
    org.rock("B", "design", 5, pat)
    org.rock("C", "product", 12.5, pat)
    load = Analysis(org.plan).loads[pat]
    assert load.effort == 27.5 and load.percent == pytest.approx(55.0)
    assert load.by_discipline == {"product": 22.5, "design": 5}


# -------------------------------------------------------------- orphan-rock


def test_orphan_rock(org):
    rid = org.rock("Pricing", "operations", 20)
    org.rock("Old", "operations", 20, state="dropped")
    f = only(org.findings("orphan-rock"))
    assert f.subjects == (rid,) and "'Pricing'" in f.message and "20%" in f.message


# --------------------------------------------------------- shared-ownership


def test_shared_ownership_is_case_and_space_insensitive(org):
    a = org.person("Ann")
    b = org.person("Bo")
    r1 = org.rock("Pricing", owner=a, area="Payments")
    r2 = org.rock("  pricing ", owner=b, area="payments")
    f = only(org.findings("shared-ownership"))
    assert set(f.subjects) == {r1, r2, a, b}
    assert "Ann" in f.message and "Bo" in f.message and "2 owners" in f.message


def test_shared_ownership_not_for_same_owner_other_area_or_inactive(org):
    a = org.person("Ann")
    b = org.person("Bo")
    org.rock("Pricing", owner=a, area="Payments")
    org.rock("Pricing", owner=a, area="Payments")
    org.rock("Pricing", owner=b, area="Growth")
    org.rock("Pricing", owner=b, area="Payments", state="dropped")
    org.rock("Pricing", owner=None, area="Payments")
    assert org.findings("shared-ownership") == []


def test_shared_ownership_groups_grow_and_shrink_incrementally(org):
    """A group of one is kept as a bare id, of two or more as a set: moving rocks
    in and out of a group (retitle, drop, delete) must match a fresh analysis."""
    a, b, c = org.person("Ann"), org.person("Bo"), org.person("Cy")
    r1 = org.rock("Pricing", owner=a, area="Payments")
    r2 = org.rock("Billing", owner=b, area="Payments")
    r3 = org.rock("Pricing", owner=c, area="Payments")
    doc = Document(org.plan)

    def shared():
        assert doc.analysis.findings == Analysis(org.plan).findings
        return [f.subjects for f in doc.analysis.findings.values() if f.rule == "shared-ownership"]

    assert shared() == [(r1, r3, a, c)]
    doc.run(C.EditRock(r2, title="pricing "))  # joins the group: three owners
    assert shared() == [(r1, r2, r3, a, b, c)]
    done = [C.SetRockState([r1, r3], "dropped"), C.SetRockState([r3], "active"), C.RemoveRock(r2)]
    doc.run(done[0])  # the group shrinks to one rock
    assert shared() == []
    doc.run(done[1])  # and grows back to two
    assert shared() == [(r2, r3, b, c)]
    doc.run(done[2])
    assert shared() == []
    for command in reversed(done):
        doc.revert(command)
    assert shared() == [(r1, r2, r3, a, b, c)]


# ---------------------------------------------------------- span-of-control


@pytest.mark.parametrize("reports,fires", [(10, False), (11, True)])
def test_span_of_control(org, reports, fires):
    boss = org.person("Boss", "Engineering Manager")
    for i in range(reports):
        org.person(f"E{i}", "Software Engineer", manager=boss)
    found = org.findings("span-of-control")
    if fires:
        f = only(found)
        assert f.subjects == (boss,) and "Boss has 11 direct reports" in f.message
    else:
        assert found == []


# ----------------------------------------------------------- discipline-fit


def test_discipline_fit(org):
    ed = org.person("Ed", "Software Engineer")
    dee = org.person("Dee", "Product Designer")
    pat = org.person("Pat")
    bad = org.rock("Launch deck", "marketing", owner=ed)
    org.rock("Wireframes", "design", owner=dee)
    bad2 = org.rock("Stand-ups", "project", owner=dee)
    for d in ("marketing", "strategy", "operations", "product", "project", "design"):
        org.rock(f"PM {d}", d, owner=pat)
    found = org.findings("discipline-fit")
    assert {f.subjects for f in found} == {(ed, bad), (dee, bad2)}
    assert all(f.severity == "info" for f in found)
    ed_finding = next(f for f in found if f.subjects[0] == ed)
    assert "Ed" in ed_finding.message and "Product marketing / GTM" in ed_finding.message
    assert "Software Engineer" in ed_finding.message and "1 rock outside their role" in ed_finding.message


def test_discipline_fit_one_finding_per_person_listing_the_rocks(org):
    """A big plan must not flood the panel: one finding per owner, whatever their count of misfit rocks."""
    ed = org.person("Ed", "Technical Program Manager")
    bad = [org.rock(f"Deck {i}", "marketing", owner=ed) for i in range(12)]
    org.rock("Release train", "project", owner=ed)  # fits a TPM
    bad.append(org.rock("Vision", "strategy", owner=ed))
    f = only(org.findings("discipline-fit"))
    key = next(k for k, v in Analysis(org.plan).findings.items() if v == f)
    assert key == ("discipline-fit", ed)
    assert f.subjects == (ed, *bad)  # the person, then every misfit rock in id order
    assert "13 rocks outside their role" in f.message
    assert (
        "(Product marketing / GTM: 'Deck 0', 'Deck 1', 'Deck 2' and 9 more; Strategy / planning: 'Vision')"
        in f.message
    )
    assert "Release train" not in f.message


def test_discipline_fit_follows_moves_incrementally(org):
    ed = org.person("Ed", "Software Engineer")
    pat = org.person("Pat")
    r1 = org.rock("Deck", "marketing", owner=ed)
    r2 = org.rock("Pricing", "operations", owner=pat)
    doc = Document(org.plan)

    def fit():
        return {k: v.subjects for k, v in doc.analysis.findings.items() if v.rule == "discipline-fit"}

    assert fit() == {("discipline-fit", ed): (ed, r1)}
    doc.run(C.MoveRocks([r2], ed, when=WHEN))
    assert fit() == {("discipline-fit", ed): (ed, r1, r2)}
    doc.run(C.MoveRocks([r1, r2], pat, when=WHEN))
    assert fit() == {}
    assert doc.analysis.findings == Analysis(org.plan).findings


def test_discipline_fit_custom_discipline_families(org):
    org.plan.settings.disciplines = [Discipline("growth", "Growth", "#123456", (), ("ops",))]
    ann = org.person("Ann", "Data Analyst")
    ed = org.person("Ed", "Software Engineer")
    org.rock("Funnels", "growth", owner=ann)
    bad = org.rock("Experiments", "growth", owner=ed)
    assert [f.subjects for f in org.findings("discipline-fit")] == [(ed, bad)]


# ---------------------------------------------------------------- acting-pm


def test_acting_pm(org):
    ceo = org.person("Ana", "Co-founder & CEO")
    dee = org.person("Dee", "Product Designer")
    pat = org.person("Pat")
    r1 = org.rock("Roadmap", "product", owner=ceo)
    r2 = org.rock("Vision", "strategy", owner=ceo)
    org.rock("Launch", "marketing", owner=ceo)
    org.rock("Roadmap 2", "product", owner=pat)
    r4 = org.rock("Research plan", "strategy", owner=dee)
    found = org.findings("acting-pm")
    # The founder keeps the vision (the company's direction): that is not acting as PM.
    assert {f.subjects for f in found} == {(ceo, r1), (dee, r4)}
    ana = next(f for f in found if f.subjects[0] == ceo)
    assert ana.severity == "info" and "Ana (Co-founder & CEO) is acting as PM" in ana.message
    assert "'Roadmap'" in ana.message and "Vision" not in ana.message and "Launch" not in ana.message
    org.plan.rocks[r2].kept = False  # unmarked by the user: now it counts
    assert {f.subjects for f in org.findings("acting-pm")} == {(ceo, r1, r2), (dee, r4)}


def test_a_founder_acting_as_pm_at_a_product_leaders_scale_is_a_warning(org):
    ceo = org.person("Ana", "Co-founder & CEO")
    org.rock("Company roadmap", "product", owner=ceo)
    org.rock("3-year vision", "strategy", owner=ceo)
    org.team("Core", 48)  # 49 people: information
    assert only(org.findings("acting-pm")).severity == "info"
    org.plan.teams["t1"].headcount = 79  # 80 people
    f = only(org.findings("acting-pm"))
    assert f.severity == "warning" and "With 50+ people" in f.message and "'Company roadmap'" in f.message
    assert "vision" not in f.message


# ------------------------------------------------------------------ unicorn


@pytest.mark.parametrize("count,fires", [(3, False), (4, True)])
def test_unicorn(org, count, fires):
    pat = org.person("Pat")
    for d in ("marketing", "strategy", "operations", "product")[:count]:
        org.rock(f"R {d}", d, 30, pat)  # over capacity with four
    org.rock("Dropped", "design", 30, pat, state="dropped")
    found = org.findings("unicorn")
    if fires:
        f = only(found)
        assert f.subjects == (pat,) and "4 disciplines" in f.message and "Pat is at 120%" in f.message
        assert "Product marketing / GTM 30%, Strategy / planning 30%" in f.message  # discipline order, shares
    else:
        assert found == []


def test_unicorn_counts_a_discipline_only_above_its_share(org):
    pat = org.person("Pat")
    for d, effort in (("marketing", 25), ("strategy", 25), ("product", 40), ("operations", 10)):
        org.rock(f"R {d}", d, effort, pat)
    org.rock("More", "product", 10, pat)  # 110%: over capacity, but the 10% discipline does not count
    assert org.findings("unicorn") == []
    org.plan.rocks["r4"].effort = 15
    assert "4 disciplines" in only(org.findings("unicorn")).message


def test_a_swiss_army_knife_pm_at_a_normal_load_is_not_warned_in_a_small_company(org):
    pat = org.person("Pat")
    for d in ("marketing", "strategy", "operations", "product"):
        org.rock(f"R {d}", d, 20, pat)  # 80%: four real disciplines, a normal load
    org.team("Core", 12)
    assert org.findings("unicorn") == []
    org.plan.teams["t1"].headcount = 20  # where specialists are expected, the spread is a split candidate
    assert "Pat is at 80% across 4 disciplines" in only(org.findings("unicorn")).message


# ------------------------------------------------------- settings and rules


def test_every_rule_is_documented_in_docs_rules_md():
    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert rule.source == f"docs/rules.md, {rule.section}"
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


def test_tpm_needed_stays_fresh_with_many_heavy_pms():
    """Past 50 project-heavy PMs the analysis stops comparing their shares one by one."""
    org = Org()
    pms = [org.person(f"PM {i:02}") for i in range(60)]
    rocks = [org.rock(f"Stand-ups {i}", "project", 30 + i % 5, pm) for i, pm in enumerate(pms)]
    doc = Document(org.plan)
    assert sum(1 for k in doc.analysis.findings if k[0] == "tpm-needed") == 60
    doc.run(C.EditRock(rocks[7], effort=90))
    doc.run(C.EditPerson(pms[7], name="Zara"))
    doc.run(C.EditPerson(pms[9], capacity=200))
    doc.run(C.MoveRocks([rocks[10]], pms[11], when=WHEN))
    assert doc.analysis.findings == Analysis(org.plan).findings
    assert "Zara spends 90%" in doc.analysis.findings[("tpm-needed", pms[7])].message
    doc.run(C.AddPerson(Person("tpm", "Tia", "Technical Program Manager")))
    assert "a TPM works across teams" in doc.analysis.findings[("tpm-needed", pms[7])].message
    assert doc.analysis.findings == Analysis(org.plan).findings


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
