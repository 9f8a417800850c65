"""Scenarios: kept in the file beside the baseline, each command undoable, analysis per scenario."""

from __future__ import annotations

import orjson
import pytest

from planner.checks.analysis import Analysis
from planner.core.changes import SCENARIO, SCENARIOS
from planner.core.errors import CommandError, PlanFileError
from planner.editing import commands as C
from planner.editing.document import Document
from planner.editing.operations import Refusal
from planner.planfile import fileio
from planner.whatif import scenarios as S
from tests.planner.strategies import WHEN, sample_plan


@pytest.fixture
def doc():
    return Document(sample_plan())


def test_a_plan_without_scenarios_is_still_written_as_version_1(doc):
    data = fileio.dumps(doc.book)
    assert orjson.loads(data)["schema_version"] == 1
    assert "scenarios" not in orjson.loads(data)


def test_create_copies_the_shown_plan_and_shows_it(doc):
    changes = doc.run(S.CreateScenario("Hire a TPM"))
    assert changes.kinds == {SCENARIO, SCENARIOS}
    assert doc.active == "Hire a TPM" and doc.plan is doc.book.scenarios["Hire a TPM"]
    assert fileio.plan_to_dict(doc.plan)["people"] == fileio.plan_to_dict(doc.book)["people"]
    doc.run(C.MoveRocks(["r5"], "p4", when=WHEN))
    assert doc.book.rocks["r5"].owner is None  # the baseline is untouched
    assert doc.plan.rocks["r5"].owner == "p4"
    assert doc.analysis.findings == Analysis(doc.plan).findings


def test_scenarios_round_trip_through_the_file(doc, tmp_path):
    doc.run(S.CreateScenario("Hire a TPM"))
    doc.run(C.MoveRocks(["r5"], "p4", when=WHEN))
    doc.run(S.CreateScenario("Lean", source="baseline"))
    path = tmp_path / "p.rocks.json"
    fileio.save(doc.book, path)
    raw = orjson.loads(path.read_bytes())
    assert raw["schema_version"] == 2
    assert [s["name"] for s in raw["scenarios"]] == ["Hire a TPM", "Lean"]
    book = fileio.load(path)
    assert list(book.scenarios) == ["Hire a TPM", "Lean"]
    assert book.scenarios["Hire a TPM"].rocks["r5"].owner == "p4"
    assert book.scenarios["Lean"].rocks["r5"].owner is None
    assert book.scenarios["Lean"].settings is book.settings
    assert fileio.dumps(book) == path.read_bytes()  # canonical: saves byte for byte as loaded


def test_a_broken_scenario_is_named_with_its_path(doc):
    doc.run(S.CreateScenario("Hire a TPM"))
    raw = orjson.loads(fileio.dumps(doc.book))
    raw["scenarios"][0]["rocks"][0]["owner"] = "ghost"
    with pytest.raises(PlanFileError, match=r'scenario "Hire a TPM".*rocks\[0\].*ghost'):
        fileio.loads(orjson.dumps(raw))
    raw["scenarios"][0]["rocks"][0]["owner"] = None
    raw["scenarios"][0]["rocks"][0]["colour"] = "red"
    with pytest.raises(PlanFileError, match=r"rocks\[0\]\.colour .*: unknown field"):
        fileio.loads(orjson.dumps(raw))


@pytest.mark.parametrize("name", ["", "   ", "baseline", "Baseline", "x" * 201])
def test_bad_scenario_names_in_a_file_are_refused(doc, name):
    doc.run(S.CreateScenario("A"))
    raw = orjson.loads(fileio.dumps(doc.book))
    raw["scenarios"][0]["name"] = name
    if name == "Baseline":  # another spelling is a name like any other in a file... unless it clashes
        fileio.loads(orjson.dumps(raw))
        return
    with pytest.raises(PlanFileError, match=r"scenarios\[0\]\.name"):
        fileio.loads(orjson.dumps(raw))


def test_duplicate_scenario_names_in_a_file_are_refused(doc):
    doc.run(S.CreateScenario("A"))
    raw = orjson.loads(fileio.dumps(doc.book))
    raw["scenarios"].append(dict(raw["scenarios"][0]))
    with pytest.raises(PlanFileError, match=r'scenarios\[1\]\.name: "A" is already used'):
        fileio.loads(orjson.dumps(raw))


def test_every_scenario_command_undoes_exactly(doc):
    before = fileio.dumps(doc.book)
    done = [
        S.CreateScenario("A"),
        C.MoveRocks(["r5"], "p4", when=WHEN),
        S.RenameScenario("A", "Hire a TPM"),
        S.SwitchScenario("baseline"),
        S.CreateScenario("B"),
        S.DeleteScenario("B"),
        S.PromoteScenario("Hire a TPM"),
    ]
    for command in done:
        doc.run(command)  # every command takes the Document: plan edits and scenario commands alike
    assert doc.active == "baseline" and doc.book.rocks["r5"].owner == "p4"
    assert list(doc.book.scenarios) == ["previous baseline"]
    assert doc.book.scenarios["previous baseline"].rocks["r5"].owner is None
    assert doc.analysis.findings == Analysis(doc.book).findings
    after = fileio.dumps(doc.book)
    for command in reversed(done):
        doc.revert(command)
        assert doc.analysis.findings == Analysis(doc.plan).findings
    assert fileio.dumps(doc.book) == before and doc.active == "baseline"
    for command in done:
        doc.run(command)
    assert fileio.dumps(doc.book) == after


def test_a_switch_is_announced_once_as_the_scenario_shown(doc):
    """Switching changes which plan is shown, not the list of scenarios: one kind, one announcement."""
    doc.run(S.CreateScenario("A"))
    seen = []
    doc.listeners.append(lambda changes, keys: seen.append((changes.kinds, keys)))
    command = S.SwitchScenario("baseline")
    assert doc.run(command).kinds == {SCENARIO}
    doc.revert(command)
    # Every view starts over on SCENARIO: the findings are not listed again one by one as changed.
    assert seen == [({SCENARIO}, set()), ({SCENARIO}, set())] and doc.active == "A"


def test_delete_the_shown_scenario_shows_the_baseline_and_undo_returns(doc):
    doc.run(S.CreateScenario("A"))
    command = S.DeleteScenario("A")
    changes = doc.run(command)
    assert doc.active == "baseline" and SCENARIO in changes.kinds
    doc.revert(command)
    assert doc.active == "A" and "A" in doc.book.scenarios


def test_refusals_say_why(doc):
    doc.run(S.CreateScenario("A"))
    assert S.create_scenario(doc, "A") == Refusal.of('A scenario called "A" already exists', "name")
    assert "cannot be deleted" in S.delete_scenario(doc, "baseline").reason
    assert S.switch_scenario(doc, "A").quiet
    refusal = S.switch_scenario(doc, "Nope")
    assert "there are: baseline, A" in refusal.reason
    assert S.rename_scenario(doc, "A", "  A ").quiet
    assert isinstance(S.rename_scenario(doc, "A", "Two"), S.RenameScenario)
    with pytest.raises(CommandError):
        doc.run(S.RenameScenario("A", "baseline"))


def test_resolve_names_the_choices(doc):
    doc.run(S.CreateScenario("A"))
    assert S.resolve(doc.book, "A") is doc.book.scenarios["A"]
    assert S.resolve(doc.book, None) is doc.book
    with pytest.raises(CommandError, match="this plan has: baseline, A"):
        S.resolve(doc.book, "B")


def test_switching_back_reuses_the_analysis(doc):
    first = doc.analysis
    doc.run(S.CreateScenario("A"))
    doc.run(S.SwitchScenario("baseline"))
    assert doc.analysis is first


def test_growth_fields_round_trip(doc):
    plan = doc.book
    plan.settings.first_quarter = "2027-Q1"
    plan.teams["t1"].growth = [14, 16, 20]
    plan.rocks["r1"].grows = True
    again = fileio.loads(fileio.dumps(plan))
    assert again.settings.first_quarter == "2027-Q1"
    assert again.teams["t1"].growth == [14, 16, 20]
    assert again.rocks["r1"].grows is True and again.rocks["r2"].grows is False
    raw = orjson.loads(fileio.dumps(plan))
    raw["teams"][0]["growth"] = [1] * 13
    with pytest.raises(PlanFileError, match="growth"):
        fileio.loads(orjson.dumps(raw))
    raw["teams"][0]["growth"] = [1]
    raw["settings"]["first_quarter"] = "Q1 2027"
    with pytest.raises(PlanFileError, match="first_quarter"):
        fileio.loads(orjson.dumps(raw))


def test_seeded_flag_round_trips_and_an_edit_can_clear_it(doc):
    plan = doc.book
    plan.rocks["r1"].seeded = True
    again = fileio.loads(fileio.dumps(plan))
    assert again.rocks["r1"].seeded is True and again.rocks["r2"].seeded is False
    doc.run(C.EditRock("r1", seeded=False, effort=25))
    assert plan.rocks["r1"].seeded is False
