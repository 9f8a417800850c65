"""The growth timeline: forecast numbers on a hand-built plan, hiring sequence, `rocks timeline`."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Person, Plan, Rock, Team
from planner.core import quarters
from planner.core.errors import PlanError
from planner.planfile import fileio
from planner.whatif import timeline
from tests.planner.helpers import growth_plan as make_plan
from tests.planner.helpers import rocks


def test_forecast_numbers_quarter_by_quarter():
    fc = timeline.forecast(make_plan())
    t = fc.table
    assert fc.quarters == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1"]
    assert list(t["engineers"]) == [10, 13, 18, 24, 30]  # growth plans + Eli
    assert list(t["pms"]) == [1] * 5
    # The ratio calls for the fewest PMs that keep engineers per PM at or under 1:12.
    assert list(t["pms_needed"]) == [1, 2, 2, 2, 3]
    assert list(t["pm_gap"]) == [0, 1, 1, 1, 2]
    assert list(t["ratio"]) == [10.0, 13.0, 18.0, 24.0, 30.0]
    # The project rock grows with Payments (area matched case-insensitively): 20% x 9/6 = 30% in Q2.
    assert [round(v, 1) for v in t["project_share_max"]] == [20.0, 30.0, 40.0, 53.3, 66.7]
    assert list(t["tpm_needed"]) == [False, True, True, True, True]
    # Dana: 40 + 20 x 16/6 = 93% in Q4, 40 + 20 x 20/6 = 107% in 2028-Q1.
    assert [list(v) for v in t["people_over_capacity"]] == [[], [], [], [], ["Dana"]]
    assert list(t["design_covered"]) == [True] * 5  # Ira
    assert list(t["marketing_covered"]) == [True, True, True, False, False]  # 24 >= 20, launches, no PMM
    assert list(t["findings"])[0] == []
    assert list(t["findings"])[1] == ["pm-eng-ratio", "tpm-needed"]
    assert list(t["findings"])[4] == ["pm-eng-ratio", "tpm-needed", "coverage", "overload"]
    assert fc.crossings() == [("2028-Q1", "Dana")]


def test_growing_rock_without_a_matching_team_grows_with_all_engineers():
    plan = make_plan()
    plan.rocks["r1"].area = "Somewhere else"
    shares = list(timeline.forecast(plan).table["project_share_max"])
    assert [round(v, 1) for v in shares] == [20.0, 26.0, 36.0, 48.0, 60.0]  # 20% x engineers / 10


def test_hiring_sequence_counts_what_a_planned_hire_takes_and_never_goes_below_the_minimum():
    hires = timeline.forecast(make_plan()).hiring_sequence()
    # PM #2 in Q2 takes half of Dana's coordination, so no TPM is due until 2028-Q1 (66.7% / 2 >= 30%).
    assert [(h.quarter, h.role) for h in hires] == [
        ("2027-Q2", "pm"),
        ("2027-Q4", "pmm"),
        ("2028-Q1", "pm"),
        ("2028-Q1", "tpm"),
    ]
    assert hires[0].reason == (
        "13 engineers call for 2 PMs at most 1:12 (have 1): hire PM #2, 6.5 engineers per PM "
        "(PM to engineering ratio)"
    )
    assert "hire PM #3, 10.0 engineers per PM" in hires[2].reason
    assert "33% of Dana's capacity" in hires[3].reason and hires[3].reason.endswith("(Project work eats PM time)")
    assert all("pm-eng-ratio" not in h.reason for h in hires)  # titles, not ids


@pytest.mark.parametrize("engineers", range(1, 61))
def test_the_timeline_never_hires_a_pm_into_a_ratio_warning(engineers):
    plan = Plan(name="ratio")
    plan.settings.first_quarter = "2027-Q1"
    plan.teams["t1"] = Team("t1", "Core", headcount=engineers, growth=[engineers])
    plan.people["p1"] = Person("p1", "Dana", "Product Manager")
    fc = timeline.forecast(plan)
    pms = 1 + sum(1 for h in fc.hiring_sequence() if h.role == "pm")
    from planner.checks.rules import PM_ENG_RATIO

    after = PM_ENG_RATIO.verdict(engineers, pms, plan)
    assert after.state != "below" or pms == 1  # never hires into "below the minimum"
    assert after.state != "above"  # and hires enough to clear "above the maximum"


def test_specialists_are_staggered_one_new_role_a_quarter():
    plan = Plan(name="Big step")
    plan.settings.first_quarter = "2027-Q1"
    plan.teams["t1"] = Team("t1", "Core", headcount=8, growth=[12, 24, 26, 28])
    plan.people["p1"] = Person("p1", "Dana", "Product Manager")
    plan.people["p2"] = Person("p2", "Kim", "Product Manager")
    plan.rocks["r1"] = Rock("r1", "Launch management", "marketing", 10, owner="p1")
    plan.rocks["r2"] = Rock("r2", "Release train", "project", 35, owner="p2")
    hires = timeline.forecast(plan).hiring_sequence()
    specialists = [(h.quarter, h.role) for h in hires if h.role != "pm"]
    # TPM, design and PMM are all due in Q2 (24 engineers): one a quarter, the TPM first.
    assert specialists == [("2027-Q1", "tpm"), ("2027-Q2", "design"), ("2027-Q3", "pmm")]
    assert "due from 2027-Q2, one new role a quarter" in hires[-1].reason
    assert len({h.quarter for h in hires if h.role != "pm"}) == len(specialists)


def test_planned_hires_arrive_at_their_start_quarter():
    plan = make_plan()
    plan.people["p4"] = Person("p4", "Noor", "Product Manager", status="planned", start="2027-Q3")
    plan.people["p5"] = Person("p5", "Tam", "Technical Program Manager", status="planned", start="2027-11-15")
    plan.people["p6"] = Person("p6", "Ola", "Product Manager", status="planned", start="soon")  # already there
    plan.people["p7"] = Person("p7", "Vac", "Product Manager", status="open")  # no start: counts in the plan
    plan.people["p8"] = Person("p8", "Ren", "Product Manager", status="open", start="2028-Q1")
    fc = timeline.forecast(plan)
    assert list(fc.table["pms"]) == [3, 3, 4, 4, 5]
    assert list(fc.table["tpms"]) == [0, 0, 0, 1, 1]
    assert list(fc.table["tpm_needed"]) == [False, True, True, False, False]  # until Tam starts in Q4
    # Enough PMs all along: no PM hire, the first TPM, product marketing at 24 engineers.
    assert [(h.quarter, h.role) for h in fc.hiring_sequence()] == [("2027-Q2", "tpm"), ("2027-Q4", "pmm")]


def snapshot(plan: Plan, fc: timeline.Forecast, i: int) -> Plan:
    """The plan as it stands in quarter ``i`` if nobody moves a rock: people not there yet left out
    (their rocks unowned), teams at their planned headcount, growing rocks scaled with their team."""
    import copy

    q = quarters.parse_quarter(fc.quarters[i])
    snap = copy.deepcopy(plan)
    gone = {pid for pid, p in snap.people.items() if timeline.arrival_quarter(p.status, p.start) > q}
    for pid in gone:
        del snap.people[pid]
    for p in snap.people.values():
        if p.manager in gone:
            p.manager = None
    eng_people = {tid: sum(1 for p in snap.people.values() if p.team == tid and plan.family(p) == "eng")
                  for tid in snap.teams}  # fmt: skip
    now = {tid: t.headcount + sum(1 for p in plan.people.values() if p.team == tid and p.status == "active"
                                  and plan.family(p) == "eng") for tid, t in plan.teams.items()}  # fmt: skip
    for t in snap.teams.values():
        if t.growth:
            t.headcount = t.growth[min(i, len(t.growth) - 1)]
    then = {tid: t.headcount + eng_people[tid] for tid, t in snap.teams.items()}
    by_name = {t.name.lower(): tid for tid, t in snap.teams.items()}
    for r in snap.rocks.values():
        if r.owner in gone:
            r.owner = None
        if r.grows:
            tid = by_name.get(r.area.strip().lower())
            if tid is not None and now[tid] > 0:
                r.effort = r.effort * then[tid] / now[tid]
    return snap


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_timeline_and_analysis_agree_on_every_quarter(data):
    """The timeline's findings are the analysis's: on the plan as it stands each quarter, the
    checks it forecasts fire at warning or error exactly where the timeline says."""
    from planner.checks.analysis import Analysis
    from planner.checks.rules import SEVERITY_RANK

    plan = make_plan()
    growth = data.draw(st.lists(st.integers(0, 40), min_size=1, max_size=6))
    plan.teams["t1"].growth = growth
    plan.teams["t2"].growth = data.draw(st.lists(st.integers(0, 20), min_size=0, max_size=6))
    extra = data.draw(st.lists(st.sampled_from(["Product Manager", "Technical Program Manager", "Product Designer",
                                                "Product Marketing Manager", "Software Engineer"]), max_size=4))
    for k, role in enumerate(extra):
        status = data.draw(st.sampled_from(["active", "planned", "open"]))
        start = data.draw(st.sampled_from(["", "2027-Q2", "2027-Q4", "2028-Q1"]))
        team = data.draw(st.sampled_from([None, "t1", "t2"]))
        plan.people[f"x{k}"] = Person(f"x{k}", f"X{k}", role, status=status, start=start, team=team)
    if data.draw(st.booleans()):
        plan.rocks["r5"] = Rock("r5", "Coordination", "project", data.draw(st.sampled_from([5, 25, 40])), owner="x0"
                                if extra else "p1")  # fmt: skip
    fc = timeline.forecast(plan)
    for i in range(len(fc.table)):
        a = Analysis(snapshot(plan, fc, i))
        fired = {f.rule for f in a.findings.values() if f.rule in timeline.FORECAST_RULES
                 and SEVERITY_RANK[f.severity] <= SEVERITY_RANK["warning"]}  # fmt: skip
        assert sorted(fired) == sorted(fc.table.iloc[i]["findings"]), fc.quarters[i]
        assert a.engineers == fc.table.iloc[i]["engineers"]


def test_every_template_has_a_growth_plan_and_a_timeline():
    from planner.planfile.templates import load_template, template_names

    for name in template_names():
        plan = load_template(name)
        fc = timeline.forecast(plan)
        assert fc.has_growth, name
        assert timeline.text_lines(fc)


def test_start_quarter_forms():
    assert quarters.start_quarter("2027-Q2") == quarters.quarter_index(2027, 2)
    assert quarters.start_quarter("Q4 2026") == quarters.quarter_index(2026, 4)
    assert quarters.start_quarter("2027-08-01") == quarters.quarter_index(2027, 3)
    assert quarters.start_quarter("") is None and quarters.start_quarter("next spring") is None
    assert quarters.quarter_label(quarters.quarter_index(2027, 4) + 1) == "2028-Q1"


def test_no_first_quarter_starts_after_today():
    plan = make_plan()
    plan.settings.first_quarter = ""
    assert timeline.forecast(plan, today=date(2026, 11, 2)).quarters[0] == "2027-Q1"
    assert timeline.forecast(plan, today=date(2027, 3, 31)).quarters[0] == "2027-Q2"


def test_bad_first_quarter_and_quarters_are_plan_errors():
    plan = make_plan()
    plan.settings.first_quarter = "Q1 of 2027"
    with pytest.raises(PlanError, match=r'settings.first_quarter: expected a quarter like "2027-Q1"'):
        timeline.forecast(plan)
    with pytest.raises(PlanError, match="quarters: expected a whole number from 1 to 12"):
        timeline.forecast(make_plan(), quarters=13)


def test_quarters_beyond_a_plan_keep_its_last_headcount():
    fc = timeline.forecast(make_plan(), quarters=7)
    assert list(fc.table["engineers"])[-3:] == [30, 30, 30]


def test_plan_without_growth_plans():
    plan = make_plan()
    for team in plan.teams.values():
        team.growth = []
    fc = timeline.forecast(plan)
    assert not fc.has_growth
    assert list(fc.table["engineers"]) == [10] * 4  # headcount 6 + 3 + Eli, flat
    assert "No team has a growth plan yet" in timeline.NO_GROWTH


def test_disabled_rules_leave_the_forecast_and_the_hires():
    plan = make_plan()
    plan.settings.rules.disabled = ["tpm-needed", "pm-eng-ratio"]
    fc = timeline.forecast(plan)
    assert not any(fc.table["tpm_needed"])
    assert [h.role for h in fc.hiring_sequence()] == ["pmm"]  # coverage is still on
    assert all("tpm-needed" not in f and "pm-eng-ratio" not in f for f in fc.table["findings"])


def test_to_dict_is_plain_json():
    plan = make_plan()
    plan.people.pop("p1")  # no PM at all: the ratio is None, not NaN
    plan.rocks.pop("r1")
    plan.rocks.pop("r2")
    doc = timeline.forecast(plan).to_dict()
    assert set(doc) == {"quarters", "hires"}
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc
    first = doc["quarters"][0]
    assert list(first) == ["quarter", *timeline.COLUMNS]
    assert first["ratio"] is None and first["findings"] == ["pm-eng-ratio"]  # 10 engineers, no PM: one is due


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_render_draws_plan_text_as_typed(fmt):
    # Parsed as mathtext, this title raises "Unknown symbol" while rendering.
    data = timeline.render(timeline.forecast(make_plan()), fmt, r"Budget $\nosuchcmd{x$ plan")
    assert data.startswith({"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt])


def test_forecast_does_not_mutate_the_plan():
    plan = make_plan()
    before = fileio.dumps(plan)
    timeline.forecast(plan).hiring_sequence()
    assert fileio.dumps(plan) == before
    assert not math.isnan(timeline.forecast(plan).table["ratio"].iloc[0])


# --------------------------------------------------------------------- CLI


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / "growco.rocks.json"
    fileio.save(make_plan(), path)
    return path


MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF"}


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_cli_writes_the_chart(plan_file, tmp_path, fmt):
    out = tmp_path / f"chart.{fmt}"
    result = rocks("timeline", str(plan_file), "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    if fmt == "svg":
        assert b"<svg" in data[:400]
    else:
        assert data.startswith(MAGIC[fmt])
    assert "2027-Q2: 13 engineers call for 2 PMs at most 1:12 (have 1): hire PM #2" in result.stdout
    assert f"wrote {out}" in result.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left behind


def test_cli_json_shape(plan_file):
    result = rocks("timeline", str(plan_file), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"quarters", "hires"}
    assert [q["quarter"] for q in doc["quarters"]] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1"]
    assert [q["pms_needed"] for q in doc["quarters"]] == [1, 2, 2, 2, 3]
    assert [h["role"] for h in doc["hires"]] == ["pm", "pmm", "pm", "tpm"]
    assert doc["quarters"][1]["findings"] == ["pm-eng-ratio", "tpm-needed"]  # ids in --json
    assert set(doc["hires"][0]) == {"quarter", "role", "reason"}


def test_cli_unknown_extension_exits_2_listing_formats(plan_file, tmp_path):
    out = tmp_path / "chart.jpg"
    result = rocks("timeline", str(plan_file), "-o", str(out))
    assert result.returncode == 2
    assert "unknown chart format .jpg; expected a file ending in .png, .svg, .pdf" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_cli_plan_without_growth_says_what_to_add(tmp_path):
    plan = make_plan()
    for team in plan.teams.values():
        team.growth = []
    path = tmp_path / "flat.rocks.json"
    fileio.save(plan, path)
    result = rocks("timeline", str(path), "-o", str(tmp_path / "c.png"))
    assert result.returncode == 2
    assert "No team has a growth plan yet: give a team its engineers per quarter" in result.stderr
    assert "rocks team FILE TEAM --growth" in result.stderr
    assert not (tmp_path / "c.png").exists()


def test_cli_bad_input_exits_2(tmp_path, plan_file):
    broken = tmp_path / "broken.rocks.json"
    broken.write_text('{"schema_version": 1, "settings": {"first_quarter": "Q1 2027"}}')
    result = rocks("timeline", str(broken))
    assert result.returncode == 2 and "first_quarter" in result.stderr and "Traceback" not in result.stderr
    result = rocks("timeline", str(plan_file), "--quarters", "0")
    assert result.returncode == 2 and "quarters: expected a whole number from 1 to 12" in result.stderr


def test_cli_names_are_cleaned(tmp_path):
    plan = make_plan()
    plan.people["p1"].name = "Dana\x1b[2J"
    path = tmp_path / "evil.rocks.json"
    fileio.save(plan, path)
    result = rocks("timeline", str(path))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "Dana\\x1b[2J" in result.stdout

