"""`rocks team` and `rocks rock`: show and edit growth plans and kept rocks from the command line."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from models import Person, Plan, Rock, Team
from planner.cli.main import main
from planner.planfile import fileio
from planner.whatif.scenarios import copy_plan

ROOT = Path(__file__).resolve().parents[2]


def make_plan() -> Plan:
    plan = Plan(name="Acme")
    plan.settings.first_quarter = "2027-Q1"
    plan.teams = {
        "t1": Team("t1", "Payments", lead="p2", headcount=12),
        "t2": Team("t2", "Growth", headcount=8, growth=[8, 10]),
    }
    for p in (
        Person("p1", "Ana Ruiz", "Co-founder & CEO"),
        Person("p2", "Ben Okafor", "Product Manager", manager="p1", team="t1"),
        Person("p3", "Cy Park", "Product Manager", manager="p1"),
        Person("p4", "Cy Park", "Product Designer", manager="p1"),
    ):
        plan.people[p.id] = p
    for r in (
        Rock("r1", "Company strategy", "strategy", 10, "p1", kind="strategic"),
        Rock("r2", "Roadmap", "product", 20, "p2"),
        Rock("r3", "Roadmap", "product", 20, "p3"),
        Rock("r4", "Pricing", "operations", 10, None),
        Rock("r5", "Pricing research", "operations", 10, "p2"),
    ):
        plan.rocks[r.id] = r
    return plan


@pytest.fixture
def path(tmp_path) -> Path:
    path = tmp_path / "acme.rocks.json"
    plan = make_plan()
    plan.scenarios["Hire"] = copy_plan(plan)
    fileio.save(plan, path)
    return path


def rocks(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def one_line_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rocks: "), err
    assert "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------- team


def test_team_prints_the_team_and_changes_nothing(path):
    before = path.read_bytes()
    code, out, err = rocks("team", str(path), "  GROWTH ")
    assert (code, err) == (0, "")
    assert out == (
        "Growth (t2)\n"
        "  engineers: 8 (not listed as people)\n"
        "  people: 0 on this team\n"
        "  lead: none\n"
        "  growth: 2027-Q1 8, 2027-Q2 10\n"
    )
    assert path.read_bytes() == before
    code, out, _ = rocks("team", str(path), "t1")  # by id too
    assert code == 0 and "lead: Ben Okafor (p2)" in out and "growth: none (no growth plan)" in out


def test_team_edits_growth_headcount_and_lead_in_one_write(path):
    code, out, err = rocks(
        "team", str(path), "payments", "--growth", "8, 11,15", "--headcount", "14", "--lead", "ana ruiz"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[:4] == [
        "Set the engineers of Payments to 14",
        "Ana Ruiz leads Payments",
        "Set the growth plan of Payments to 8, 11, 15",
        f"wrote {path}",
    ]
    assert "growth: 2027-Q1 8, 2027-Q2 11, 2027-Q3 15" in out
    team = fileio.load(path).teams["t1"]
    assert (team.growth, team.headcount, team.lead) == ([8, 11, 15], 14, "p1")


def test_team_growth_empty_clears_it_and_an_empty_lead_is_nobody(path):
    code, out, _ = rocks("team", str(path), "Growth", "--growth", "")
    assert code == 0 and "Clear the growth plan of Growth" in out
    assert fileio.load(path).teams["t2"].growth == []
    code, out, _ = rocks("team", str(path), "Payments", "--lead", "")
    assert code == 0 and "Payments has no lead" in out and "lead: none" in out
    assert fileio.load(path).teams["t1"].lead is None


def test_team_same_values_write_nothing(path):
    before = path.read_bytes()
    code, out, err = rocks("team", str(path), "Growth", "--growth", "8,10")
    assert code == 0 and "wrote" not in out
    assert "already has these values; nothing changed, nothing written" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--growth", "8, 11, x"], "rocks: growth: quarter 3: expected a whole number of engineers, got 'x'"),
        (["--growth", "1,2,3,4,5,6,7,8,9,10,11,12,13"], "rocks: growth: expected at most 12 quarters, got 13"),
        (["--growth", "-4"], "rocks: growth: quarter 1: expected a whole number of engineers from 0 to 1,000,000"),
        (["--headcount", "lots"], 'rocks: headcount: expected a whole number of engineers, 0 or more, got "lots"'),
        (["--lead", "Nobody Here"], 'rocks: lead: no person with id or name "Nobody Here" in this plan'),
        (["--lead", "cy park"], 'rocks: lead: "cy park" matches 2 people: Cy Park (p3), Cy Park (p4); give the id'),
    ],
)
def test_team_bad_values_exit_2_with_one_line_and_write_nothing(path, args, message):
    before = path.read_bytes()
    code, out, err = rocks("team", str(path), "Payments", *args)
    assert code == 2 and out == ""
    assert one_line_error(err).startswith(message)
    assert path.read_bytes() == before


def test_team_unknown_lists_the_teams(path):
    code, _, err = rocks("team", str(path), "Platform", "--growth", "1")
    assert code == 2
    assert one_line_error(err) == (
        'rocks: No team called "Platform"; this plan has: Payments (t1), Growth (t2) (add one with --new)'
    )


def test_team_ambiguous_name_lists_ids(path):
    plan = fileio.load(path)
    plan.teams["t3"] = Team("t3", "growth")
    fileio.save(plan, path)
    code, _, err = rocks("team", str(path), "Growth")
    assert code == 2
    assert one_line_error(err) == 'rocks: "Growth" matches 2 teams: Growth (t2), growth (t3); give the id instead'
    assert rocks("team", str(path), "t3")[0] == 0


def test_team_new_creates_it(path):
    code, out, err = rocks("team", str(path), "Data Platform", "--new", "--headcount", "5", "--growth", "5,7")
    assert (code, err) == (0, "")
    assert out.startswith(f"Add team Data Platform\nwrote {path}\nData Platform (t3)\n")
    plan = fileio.load(path)
    assert list(plan.teams) == ["t1", "t2", "t3"]
    team = plan.teams["t3"]
    assert (team.name, team.headcount, team.growth, team.lead) == ("Data Platform", 5, [5, 7], None)
    code, out, _ = rocks("team", str(path), "Infra", "--new")  # no other field: an empty team
    assert code == 0 and fileio.load(path).teams["t4"].headcount == 0


def test_team_new_refuses_a_taken_name_and_bad_fields(path):
    before = path.read_bytes()
    code, _, err = rocks("team", str(path), " payments ", "--new")
    assert code == 2
    assert one_line_error(err) == 'rocks: name: a team called "Payments" already exists (t1)'
    code, _, err = rocks("team", str(path), "Data", "--new", "--growth", "1,,2")
    assert code == 2 and "growth: quarter 2" in one_line_error(err)
    code, _, err = rocks("team", str(path), "   ", "--new")
    assert code == 2 and one_line_error(err) == "rocks: name: must not be empty"
    assert path.read_bytes() == before


def test_team_output_refuses_to_overwrite_unless_forced(path, tmp_path):
    out_path = tmp_path / "after.rocks.json"
    out_path.write_text("keep me")
    before = path.read_bytes()
    code, _, err = rocks("team", str(path), "Growth", "--growth", "9", "-o", str(out_path))
    assert code == 2
    assert one_line_error(err) == f"rocks: {out_path}: already exists (use --force to overwrite)"
    assert out_path.read_text() == "keep me" and path.read_bytes() == before

    code, out, _ = rocks("team", str(path), "Growth", "--growth", "9", "-o", str(out_path), "--force")
    assert code == 0 and f"wrote {out_path}" in out
    assert fileio.load(out_path).teams["t2"].growth == [9]
    assert path.read_bytes() == before  # FILE is left as it was

    code, out, _ = rocks("team", str(path), "Growth", "--growth", "7", "-o", str(path))  # OUT is FILE: no --force
    assert code == 0 and fileio.load(path).teams["t2"].growth == [7]


def test_team_output_without_an_edit_is_refused(path, tmp_path):
    code, _, err = rocks("team", str(path), "Growth", "-o", str(tmp_path / "x.rocks.json"))
    assert code == 2
    assert "nothing to write; give --growth, --headcount, --lead or --new" in one_line_error(err)
    assert not (tmp_path / "x.rocks.json").exists()


def test_team_scenario_edits_only_that_scenario(path):
    code, out, _ = rocks("team", str(path), "Growth", "--growth", "20, 30", "--scenario", "Hire")
    assert code == 0 and f"wrote {path} (scenario Hire)" in out
    book = fileio.load(path)
    assert book.scenarios["Hire"].teams["t2"].growth == [20, 30]
    assert book.teams["t2"].growth == [8, 10]
    code, out, _ = rocks("team", str(path), "Growth", "--scenario", "Hire")
    assert "2027-Q1 20, 2027-Q2 30" in out
    code, _, err = rocks("team", str(path), "Growth", "--growth", "1", "--scenario", "Nope")
    assert code == 2 and one_line_error(err) == 'rocks: No scenario called "Nope"; this plan has: baseline, Hire'


def test_team_names_print_as_plain_terminal_text(path):
    plan = fileio.load(path)
    plan.teams["t2"].name = "Growth\x1b[2J"
    fileio.save(plan, path)
    code, out, _ = rocks("team", str(path), "t2")
    assert code == 0 and "\x1b" not in out and "Growth\\x1b[2J (t2)" in out


# ------------------------------------------------------------------- rock


def test_rock_prints_title_owner_discipline_effort_and_kept(path):
    before = path.read_bytes()
    code, out, err = rocks("rock", str(path), "company   STRATEGY")
    assert (code, err) == (0, "")
    assert out == (
        "Company strategy (r1)\n"
        "  owner: Ana Ruiz (p1)\n"
        "  discipline: Strategy / planning (strategy)\n"
        "  effort: 10% of a week\n"
        "  kept: yes (by default: the founder keeps the company's direction)\n"
    )
    assert path.read_bytes() == before
    code, out, _ = rocks("rock", str(path), "r4")
    assert code == 0 and "owner: nobody (unowned)" in out and "kept: no (by default)" in out


def test_rock_kept_yes_no_default(path):
    code, out, err = rocks("rock", str(path), "Company strategy", "--kept", "no")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == ["Mark 'Company strategy' not kept", f"wrote {path}"]
    assert "kept: no (marked not kept; the default is yes: the founder keeps the company's direction)" in out
    assert fileio.load(path).rocks["r1"].kept is False

    code, out, _ = rocks("rock", str(path), "r4", "--kept", "YES")
    assert code == 0 and "kept: yes (marked kept; the default is no)" in out
    assert fileio.load(path).rocks["r4"].kept is True

    code, out, _ = rocks("rock", str(path), "r1", "--kept", "default")
    assert code == 0 and "kept: yes (by default: the founder keeps" in out
    assert fileio.load(path).rocks["r1"].kept is None


def test_rock_kept_unchanged_writes_nothing(path):
    before = path.read_bytes()
    code, out, err = rocks("rock", str(path), "r1", "--kept", "default")
    assert code == 0 and "wrote" not in out
    assert "rocks: note: 'Company strategy' is already on the default; nothing changed" in err
    assert path.read_bytes() == before


def test_rock_bad_kept_value_names_the_field(path):
    before = path.read_bytes()
    code, out, err = rocks("rock", str(path), "r1", "--kept", "maybe")
    assert code == 2 and out == ""
    assert one_line_error(err) == 'rocks: kept: expected yes, no or default, got "maybe"'
    assert path.read_bytes() == before


def test_rock_ambiguous_title_lists_ids_and_owners(path):
    code, _, err = rocks("rock", str(path), "roadmap", "--kept", "yes")
    assert code == 2
    assert one_line_error(err) == (
        'rocks: "roadmap" matches 2 rocks: r2 (owner: Ben Okafor), r3 (owner: Cy Park); give the id instead'
    )
    code, out, _ = rocks("rock", str(path), "r3", "--kept", "yes")
    assert code == 0 and fileio.load(path).rocks["r3"].kept is True


def test_rock_unknown_suggests_titles_containing_it(path):
    code, _, err = rocks("rock", str(path), "pric")
    assert code == 2
    assert one_line_error(err) == (
        'rocks: No rock with id or title "pric" in this plan; titles containing it: Pricing (r4), Pricing research (r5)'
    )
    code, _, err = rocks("rock", str(path), "Hiring")
    assert one_line_error(err) == 'rocks: No rock with id or title "Hiring" in this plan'


def test_rock_output_and_scenario(path, tmp_path):
    out_path = tmp_path / "out.rocks.json"
    out_path.write_text("{}")
    code, _, err = rocks("rock", str(path), "r2", "--kept", "yes", "-o", str(out_path), "--scenario", "Hire")
    assert code == 2 and "already exists (use --force to overwrite)" in one_line_error(err)
    code, out, _ = rocks("rock", str(path), "r2", "--kept", "yes", "-o", str(out_path), "--scenario", "Hire", "--force")
    assert code == 0 and f"wrote {out_path} (scenario Hire)" in out
    book = fileio.load(out_path)
    assert book.scenarios["Hire"].rocks["r2"].kept is True and book.rocks["r2"].kept is None
    assert fileio.load(path).scenarios["Hire"].rocks["r2"].kept is None


def test_edit_commands_in_a_real_process(path):
    """As a user runs them: exit codes, one line on stderr, no traceback, no Qt."""
    code = "import sys; from ui.window.launcher import main; sys.exit(main(sys.argv[1:]))"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
        )

    result = run("team", str(path), "Growth", "--growth", "8, 11, 15")
    assert result.returncode == 0, result.stderr
    assert "growth: 2027-Q1 8, 2027-Q2 11, 2027-Q3 15" in result.stdout
    result = run("rock", str(path), "missing-file-rock", "--kept", "yes")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = run("rock", str(path.with_name("nope.rocks.json")), "r1")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
