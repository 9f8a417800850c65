"""Plan files: exact round trips, every load error named by file and place, atomic saves."""

from __future__ import annotations

import os
import stat
import sys

import orjson
import pytest

from models import Plan
from planner.core.errors import PlanFileError
from planner.planfile import fileio
from planner.planfile.schema import SCHEMA_VERSION
from tests.planner.strategies import sample_plan


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "acme.rocks.json"
    path.write_bytes(fileio.dumps(sample_plan()))
    return path


def doc_of(plan: Plan) -> dict:
    return fileio.plan_to_dict(plan)


def write_doc(tmp_path, doc: dict, name: str = "bad.rocks.json"):
    path = tmp_path / name
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    return path


def load_error(path) -> PlanFileError:
    with pytest.raises(PlanFileError) as info:
        fileio.load(path)
    error = info.value
    assert str(path) in str(error), "the message must name the file"
    assert error.source == str(path)
    return error


# ------------------------------------------------------------- round trips


def test_load_then_save_reproduces_the_file_byte_for_byte(plan_file, tmp_path):
    original = plan_file.read_bytes()
    plan = fileio.load(plan_file)
    out = tmp_path / "again.rocks.json"
    fileio.save(plan, out)
    assert out.read_bytes() == original
    fileio.save(plan, plan_file)
    assert plan_file.read_bytes() == original


def test_save_load_save_is_stable(tmp_path):
    a, b = tmp_path / "a.rocks.json", tmp_path / "b.rocks.json"
    fileio.save(sample_plan(), a)
    fileio.save(fileio.load(a), b)
    assert a.read_bytes() == b.read_bytes()


def test_loaded_plan_equals_the_saved_one(plan_file):
    plan = fileio.load(plan_file)
    original = sample_plan()
    assert plan.people == original.people
    assert plan.rocks == original.rocks
    assert plan.teams == original.teams
    assert plan.moves == original.moves
    assert plan.settings == original.settings
    assert list(plan.people) == list(original.people)  # file order is model order


def test_canonical_form_leaves_defaults_out(plan_file):
    doc = orjson.loads(plan_file.read_bytes())
    assert doc["schema_version"] == 1  # no scenarios: readable by version 1
    ana = doc["people"][0]
    assert "capacity" not in ana and "status" not in ana and "manager" not in ana
    assert doc["people"][3]["capacity"] == 80  # whole numbers written without ".0"
    assert doc["rocks"][2]["effort"] == 12.5
    assert doc["rocks"][4]["owner"] is None  # an unowned rock says so
    assert doc["moves"][0]["from"] == "p3"
    assert plan_file.read_bytes().endswith(b"}\n")


def test_minimal_file_and_bom_and_text_input():
    plan = fileio.loads(b'\xef\xbb\xbf{"schema_version": 1}')
    assert plan.people == {} and plan.name == "Untitled plan"
    plan = fileio.loads('{"schema_version": 1, "name": "Caf\u00e9"}')
    assert plan.name == "Caf\u00e9"
    assert fileio.loads(fileio.dumps(plan)).name == "Caf\u00e9"


def test_non_ascii_text_round_trips(tmp_path):
    plan = sample_plan()
    plan.people["p1"].name = "Zoë Ångström 山田"
    plan.rocks["r1"].context = 'Line one\nline two \u2014 "quoted" \\ backslash'
    path = tmp_path / "u.rocks.json"
    fileio.save(plan, path)
    again = fileio.load(path)
    assert again.people["p1"].name == "Zoë Ångström 山田"
    assert again.rocks["r1"].context == plan.rocks["r1"].context
    assert fileio.dumps(again) == path.read_bytes()


# ------------------------------------------------------------- load errors


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.rocks.json"
    path.write_text('{\n  "schema_version": 1,\n  "people": [1,]\n}\n')
    error = load_error(path)
    assert "not valid JSON" in str(error)
    assert "line 3" in str(error) and "column" in str(error)


def test_wrong_type_names_the_json_path(tmp_path):
    doc = doc_of(sample_plan())
    doc["people"][3]["capacity"] = "abc"
    error = load_error(write_doc(tmp_path, doc))
    assert "people[3].capacity" in str(error)
    assert "Dee Lin" in str(error)  # helps find the record
    assert '"abc"' in str(error)


def test_out_of_range_value_names_the_json_path(tmp_path):
    doc = doc_of(sample_plan())
    doc["rocks"][1]["effort"] = 250
    error = load_error(write_doc(tmp_path, doc))
    assert "rocks[1].effort" in str(error)


def test_every_structure_problem_is_listed(tmp_path):
    doc = doc_of(sample_plan())
    doc["people"][0]["capacity"] = "x"
    doc["rocks"][0]["kind"] = "eternal"
    error = load_error(write_doc(tmp_path, doc))
    text = error.full_text()
    assert "people[0].capacity" in text and "rocks[0].kind" in text


def test_unknown_field(tmp_path):
    doc = doc_of(sample_plan())
    doc["rocks"][0]["colour"] = "red"
    error = load_error(write_doc(tmp_path, doc))
    assert "rocks[0].colour" in str(error)
    assert "unknown field" in str(error)


def test_missing_required_field(tmp_path):
    doc = doc_of(sample_plan())
    del doc["people"][1]["name"]
    error = load_error(write_doc(tmp_path, doc))
    assert "people[1].name" in str(error) and "missing" in str(error)


def test_missing_schema_version(tmp_path):
    error = load_error(write_doc(tmp_path, {"name": "x"}))
    assert "schema_version" in str(error)


def test_top_level_not_an_object(tmp_path):
    path = tmp_path / "list.rocks.json"
    path.write_text("[]")
    error = load_error(path)
    assert "top level" in str(error)


@pytest.mark.parametrize("section,index,first", [("people", 4, 1), ("rocks", 6, 0), ("teams", 1, 0)])
def test_duplicate_ids_name_both_indexes(tmp_path, section, index, first):
    doc = doc_of(sample_plan())
    doc[section][index]["id"] = doc[section][first]["id"]
    error = load_error(write_doc(tmp_path, doc))
    assert "duplicate id" in str(error)
    assert f"{section}[{index}].id" in str(error)
    assert f"{section}[{first}]" in str(error)


@pytest.mark.parametrize(
    "section,index,key,value,where",
    [
        ("rocks", 0, "owner", "ghost", "rocks[0]"),
        ("rocks", 1, "contributors", ["ghost"], "rocks[1]"),
        ("people", 2, "manager", "ghost", "people[2]"),
        ("people", 3, "dotted", ["ghost"], "people[3]"),
        ("people", 2, "team", "ghost", "people[2]"),
        ("teams", 0, "lead", "ghost", "teams[0]"),
    ],
)
def test_dangling_references(tmp_path, section, index, key, value, where):
    doc = doc_of(sample_plan())
    doc[section][index][key] = value
    error = load_error(write_doc(tmp_path, doc))
    assert f"{where}" in str(error) and f".{key}" in str(error)
    assert '"ghost"' in str(error)


def test_all_reference_problems_listed_in_details(tmp_path):
    doc = doc_of(sample_plan())
    doc["rocks"][0]["owner"] = "ghost1"
    doc["people"][2]["manager"] = "ghost2"
    error = load_error(write_doc(tmp_path, doc))
    assert "2 problem(s)" in str(error)
    assert any("ghost1" in d for d in error.details) and any("ghost2" in d for d in error.details)


def test_reporting_cycle_names_the_people_in_it(tmp_path):
    doc = doc_of(sample_plan())
    doc["people"][0]["manager"] = "p3"  # Ana -> Cy -> Ben -> Ana
    error = load_error(write_doc(tmp_path, doc))
    assert "reporting cycle" in str(error)
    for name in ("Ana Ruiz", "Ben Okafor", "Cy Park"):
        assert name in str(error)
    assert "Dee Lin" not in str(error)


def test_self_report_is_refused(tmp_path):
    doc = doc_of(sample_plan())
    doc["people"][1]["manager"] = "p2"
    error = load_error(write_doc(tmp_path, doc))
    assert "people[1]" in str(error) and "themselves" in str(error)


def test_find_cycles_finds_each_cycle_once():
    plan = sample_plan()
    plan.people["p1"].manager = "p2"  # Ana <-> Ben; everyone else hangs below them
    cycles = fileio.find_cycles(plan)
    assert len(cycles) == 1 and sorted(cycles[0]) == ["p1", "p2"]


def test_newer_schema_version(tmp_path):
    doc = doc_of(sample_plan())
    doc["schema_version"] = SCHEMA_VERSION + 1
    doc["people"][0]["hologram"] = True  # a newer file may have fields we do not know
    error = load_error(write_doc(tmp_path, doc))
    assert "newer version" in str(error)
    assert f"schema_version {SCHEMA_VERSION + 1}" in str(error)


def test_unknown_discipline_lists_accepted_ones(tmp_path):
    doc = doc_of(sample_plan())
    doc["rocks"][0]["discipline"] = "astrology"
    error = load_error(write_doc(tmp_path, doc))
    assert "rocks[0]" in str(error) and '"astrology"' in str(error)
    for accepted in ("marketing", "strategy", "operations", "product", "project", "design", "growth"):
        assert accepted in str(error)


def test_custom_discipline_defined_twice(tmp_path):
    doc = doc_of(sample_plan())
    doc["settings"]["disciplines"].append(dict(doc["settings"]["disciplines"][0]))
    error = load_error(write_doc(tmp_path, doc))
    assert "settings.disciplines" in str(error) and "growth" in str(error)


def test_non_utf8_bytes(tmp_path):
    path = tmp_path / "latin1.rocks.json"
    path.write_bytes('{"schema_version": 1, "name": "Caf\u00e9"}'.encode("latin-1"))
    error = load_error(path)
    assert "line 1" in str(error) and "column" in str(error)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.rocks.json"
    path.write_bytes(b"")
    error = load_error(path)
    assert "not valid JSON" in str(error)


def test_folder_path(tmp_path):
    error = load_error(tmp_path)
    assert "folder" in str(error)


def test_missing_file(tmp_path):
    error = load_error(tmp_path / "nope.rocks.json")
    assert "no such file" in str(error)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(plan_file):
    plan_file.chmod(0)
    try:
        error = load_error(plan_file)
        assert "cannot be read" in str(error)
    finally:
        plan_file.chmod(0o644)


# ------------------------------------------------------------------ saving


def leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("victim", ["replace", "fsync"])
def test_failed_save_leaves_old_file_untouched_and_no_temp(plan_file, monkeypatch, victim):
    original = plan_file.read_bytes()
    plan = fileio.load(plan_file)
    plan.people["p1"].name = "Changed"

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, victim, boom)
    with pytest.raises(PlanFileError) as info:
        fileio.save(plan, plan_file)
    monkeypatch.undo()
    assert str(plan_file) in str(info.value) and "No space left" in str(info.value)
    assert "untouched" in str(info.value)
    assert plan_file.read_bytes() == original
    assert leftovers(plan_file.parent) == []


def test_failed_write_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "new.rocks.json"
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, fd, mode):
            self.f = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(fileio.os, "fdopen", Failing)
    with pytest.raises(PlanFileError):
        fileio.save(sample_plan(), path)
    monkeypatch.undo()
    assert not path.exists()
    assert leftovers(tmp_path) == []


def test_save_into_missing_folder(tmp_path):
    path = tmp_path / "no" / "such" / "plan.rocks.json"
    with pytest.raises(PlanFileError) as info:
        fileio.save(sample_plan(), path)
    assert str(path) in str(info.value)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_save_into_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(PlanFileError) as info:
            fileio.save(sample_plan(), folder / "plan.rocks.json")
        assert "cannot write here" in str(info.value)
    finally:
        folder.chmod(0o755)


def test_save_into_a_file_used_as_folder(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(PlanFileError):
        fileio.save(sample_plan(), blocker / "plan.rocks.json")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_save_keeps_the_file_mode(plan_file):
    plan_file.chmod(0o640)
    fileio.save(fileio.load(plan_file), plan_file)
    assert stat.S_IMODE(plan_file.stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_new_file_is_not_private(tmp_path):
    path = tmp_path / "new.rocks.json"
    fileio.save(sample_plan(), path)
    umask = os.umask(0o022)  # a test may read the umask by setting it; the writer never does
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_save_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fileio.save(sample_plan(), "rel.rocks.json")
    assert fileio.load("rel.rocks.json").name == "Acme product org"


def test_json_path():
    assert fileio.json_path(("people", 3, "capacity")) == "people[3].capacity"
    assert fileio.json_path(()) == "(top level)"
    assert fileio.json_path(("settings", "rules", "disabled", 0)) == "settings.rules.disabled[0]"


def test_long_problem_lists_are_capped(tmp_path):
    doc = doc_of(sample_plan())
    doc["rocks"] = [
        {"id": f"x{i}", "title": f"X{i}", "discipline": "product", "effort": 1, "owner": "ghost", "kind": "tactical"}
        for i in range(fileio.MAX_DETAILS + 5)
    ]
    error = load_error(write_doc(tmp_path, doc))
    assert f"{fileio.MAX_DETAILS + 5} problem(s)" in str(error)
    assert len(error.details) == fileio.MAX_DETAILS + 1 and error.details[-1] == "... and 5 more"
