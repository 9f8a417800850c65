"""Hostile plan files: refused with a clear, short message, without hanging or eating memory."""

from __future__ import annotations

import os
import sys
import threading
import tracemalloc

import orjson
import pytest

from planner.core.errors import FieldError, PlanFileError
from planner.core.fields import parse_capacity, parse_when
from planner.editing import commands as C
from planner.planfile import fileio
from planner.planfile.schema import SCHEMA_VERSION
from tests.planner.strategies import sample_plan


def doc_of_sample() -> dict:
    return fileio.plan_to_dict(sample_plan())


def write(tmp_path, doc, name: str = "bad.rocks.json"):
    path = tmp_path / name
    path.write_bytes(doc if isinstance(doc, bytes) else orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    return path


def load_error(path) -> PlanFileError:
    with pytest.raises(PlanFileError) as info:
        fileio.load(path)
    assert str(path) in str(info.value)
    return info.value


# ------------------------------------------------------------ 1. error floods


def test_a_flood_of_empty_records_is_refused_in_bounded_memory(tmp_path):
    path = write(tmp_path, b'{"schema_version": 1, "people": [' + b"{}," * 200_000 + b"{}]}")
    tracemalloc.start()
    try:
        error = load_error(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Formatting all 400,000 errors took ~400 MB of Python objects; the listing stops at the cap.
    assert peak < 40e6, f"peak {peak / 1e6:.0f} MB"
    assert "people[0].id: required field is missing" in str(error)
    assert len(error.details) <= fileio.MAX_DETAILS + 1
    assert "maybe more" in error.details[-1]


def test_a_flood_of_unknown_keys_is_refused_in_bounded_memory(tmp_path):
    keys = b",".join(b'"k%d": 0' % i for i in range(150_000))
    path = write(tmp_path, b'{"schema_version": 1, "people": [{"id": "a", "name": "A", ' + keys + b"}]}")
    tracemalloc.start()
    try:
        error = load_error(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 60e6, f"peak {peak / 1e6:.0f} MB"
    assert 'people[0].k0 (person "A"): unknown field' in str(error)
    assert len(error.details) <= fileio.MAX_DETAILS + 1


def test_many_dangling_references_are_counted_not_all_listed(tmp_path):
    doc = doc_of_sample()
    doc["rocks"] = [
        {"id": f"x{i}", "title": "X", "discipline": "product", "owner": "ghost"} for i in range(50_000)
    ]
    error = load_error(write(tmp_path, doc))
    assert "50000 problem(s)" in str(error)
    assert error.details[-1] == f"... and {50_000 - fileio.MAX_DETAILS} more"


# ------------------------------------------------- 2. pipes, devices, sizes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.rocks.json"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def run():
        try:
            fileio.load(fifo)
            outcome.append(None)
        except BaseException as e:  # noqa: BLE001 - handed to the test thread
            outcome.append(e)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # blocked in open(): give it a writer so the thread ends, then fail
        with open(fifo, "wb"):
            pass
        worker.join(5)
        pytest.fail("loading a named pipe blocked")
    assert isinstance(outcome[0], PlanFileError)
    assert "named pipe" in str(outcome[0]) and str(fifo) in str(outcome[0])


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_unread():
    with pytest.raises(PlanFileError) as info:
        fileio.load("/dev/zero")
    assert "/dev/zero: is a device" in str(info.value)


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.rocks.json"
    with open(path, "wb") as fh:
        fh.truncate(fileio.MAX_FILE_BYTES + 1)  # sparse: nothing written, nothing should be read
    error = load_error(path)
    assert f"{(fileio.MAX_FILE_BYTES + 1) / 1e6:,.1f} MB" in str(error)
    assert f"up to {fileio.MAX_FILE_BYTES / 1e6:,.0f} MB" in str(error)


def test_reading_stops_at_the_limit(tmp_path):
    path = write(tmp_path, b'{"schema_version": 1, "name": "' + b"x" * 500 + b'"}')
    with pytest.raises(PlanFileError) as info:
        fileio.read_plan_bytes(path, limit=100)
    assert "up to 0 MB" in str(info.value) or "MB" in str(info.value)
    assert fileio.read_plan_bytes(path, limit=10_000).endswith(b'"}')


# ----------------------------------------------------- 3. strict numbers


@pytest.mark.parametrize("version", ['"2"', "2.0", "true", '"1"', "1.0"])
def test_schema_version_must_be_a_json_integer(tmp_path, version):
    path = write(tmp_path, b'{"schema_version": ' + version.encode() + b"}")
    error = load_error(path)
    assert "schema_version" in str(error)
    assert f"understands schema_version {SCHEMA_VERSION}" in str(error)


def test_a_huge_schema_version_is_newer_not_version_1(tmp_path):
    error = load_error(write(tmp_path, b'{"schema_version": 18446744073709551616}'))
    assert "newer version" in str(error) and "18446744073709551616" in str(error)


@pytest.mark.parametrize(
    "section,key,value",
    [
        ("people", "capacity", True),
        ("rocks", "effort", True),
        ("teams", "headcount", True),
        ("teams", "headcount", 3.0),
        ("people", "capacity", "80"),
    ],
)
def test_numbers_are_not_booleans_or_text(tmp_path, section, key, value):
    doc = doc_of_sample()
    doc[section][0][key] = value
    error = load_error(write(tmp_path, doc))
    assert f"{section}[0].{key}" in str(error)


@pytest.mark.parametrize("key", ["pm_eng_max", "overload_error", "span_of_control"])
def test_rule_thresholds_are_not_booleans(tmp_path, key):
    doc = doc_of_sample()
    doc["settings"]["rules"][key] = True
    error = load_error(write(tmp_path, doc))
    assert f"settings.rules.{key}" in str(error) and "not true or false" in str(error)


def test_whole_numbers_still_load_where_decimals_are_allowed(tmp_path):
    doc = doc_of_sample()
    doc["people"][0]["capacity"] = 80
    doc["rocks"][0]["effort"] = 12.5
    plan = fileio.load(write(tmp_path, doc))
    assert plan.people["p1"].capacity == 80.0 and isinstance(plan.people["p1"].capacity, float)


# ------------------------------------------- 4. the commands' rules, on load


@pytest.mark.parametrize("capacity", [5e-324, 0.5])
def test_a_tiny_capacity_is_refused_by_loader_and_field_parser(tmp_path, capacity):
    doc = doc_of_sample()
    doc["people"][0]["capacity"] = capacity
    assert "people[0].capacity" in str(load_error(write(tmp_path, doc)))
    with pytest.raises(FieldError):
        parse_capacity(capacity)
    assert parse_capacity(1) == 1.0


def test_own_dotted_line_manager_is_refused(tmp_path):
    doc = doc_of_sample()
    doc["people"][2]["dotted"] = [doc["people"][2]["id"]]
    error = load_error(write(tmp_path, doc))
    assert "people[2]" in str(error) and "own dotted-line manager" in str(error)


@pytest.mark.parametrize("section,key", [("people", "name"), ("rocks", "title"), ("teams", "name")])
def test_blank_names_are_refused(tmp_path, section, key):
    doc = doc_of_sample()
    doc[section][1][key] = " \t\u3000"
    error = load_error(write(tmp_path, doc))
    assert f"{section}[1].{key}: must not be empty" in str(error)


@pytest.mark.parametrize(
    "when,ok",
    [
        ("2026-11-02T09:00:00+00:00", True),
        ("2026-11-02T09:00", True),
        ("2026-11-02", False),
        ("yesterday", False),
        ("", False),
    ],
)
def test_move_times_are_iso_8601_date_times(tmp_path, when, ok):
    doc = doc_of_sample()
    doc["moves"][0]["when"] = when
    path = write(tmp_path, doc)
    if ok:
        assert fileio.load(path).moves[0].when == when
        assert parse_when(when) == when
    else:
        assert "moves[0].when: expected an ISO 8601 date-time" in str(load_error(path))
        with pytest.raises(FieldError):
            parse_when(when)


def test_moves_may_name_people_and_rocks_removed_since(tmp_path):
    plan = sample_plan()
    rock = next(r for r in plan.rocks.values() if r.owner)
    C.MoveRocks([rock.id], None, when="2026-01-01T00:00:00+00:00").apply(C.Document(plan))
    giver = plan.moves[-1].from_
    C.RemoveRock(rock.id).apply(C.Document(plan))
    assert giver is not None
    C.RemovePerson(giver).apply(C.Document(plan))
    path = tmp_path / "history.rocks.json"
    fileio.save(plan, path)
    again = fileio.load(path)  # what the commands produce always loads
    assert again.moves[-1].rock == rock.id and again.moves[-1].from_ == giver
    assert fileio.dumps(again) == path.read_bytes()


@pytest.mark.parametrize(
    "rules,field",
    [
        ({"pm_eng_min": 20, "pm_eng_max": 12}, "pm_eng_min"),
        ({"pm_eng_target": 15, "pm_eng_max": 12}, "pm_eng_target"),
        ({"pm_eng_target": 4, "pm_eng_min": 6}, "pm_eng_min"),  # the minimum is above the target
        ({"overload_warning": 150, "overload_error": 120}, "overload_warning"),
    ],
)
def test_rule_thresholds_must_be_ordered(tmp_path, rules, field):
    doc = doc_of_sample()
    doc["settings"]["rules"].update(rules)
    error = load_error(write(tmp_path, doc))
    assert f"settings.rules.{field}" in str(error)


def test_a_repeated_key_is_refused_with_its_path(tmp_path):
    text = fileio.dumps(sample_plan()).replace(b'"capacity": 80,', b'"capacity": 80, "capacity": 180,', 1)
    assert text.count(b'"capacity": 180') == 1
    error = load_error(write(tmp_path, text))
    assert 'people[3]: key "capacity" appears more than once' in str(error)


def test_a_repeated_key_in_settings_is_refused(tmp_path):
    text = fileio.dumps(sample_plan()).replace(b'"pm_eng_max": 12,', b'"pm_eng_max": 12, "pm_eng_max": 1,', 1)
    error = load_error(write(tmp_path, text))
    assert 'settings.rules: key "pm_eng_max" appears more than once' in str(error)


def test_colons_in_text_and_hand_formatting_are_not_mistaken_for_keys(tmp_path):
    plan = sample_plan()
    plan.rocks["r1"].context = ': starts with a colon, "quoted": inside, and \\": too'
    plan.people["p1"].role = "CEO : founder"
    text = fileio.dumps(plan)
    assert fileio.dumps(fileio.loads(text)) == text
    hand = text.replace(b'"name": ', b'"name" :  ').replace(b'"role": ', b'"role"\n:')
    again = fileio.load(write(tmp_path, hand))
    assert fileio.dumps(again) == text


def test_an_unknown_key_after_a_valid_record_is_refused(tmp_path):
    doc = doc_of_sample()
    doc["moves"][0]["colour"] = "red"
    doc["settings"]["rules"]["strictness"] = 3
    error = load_error(write(tmp_path, doc))
    text = error.full_text()
    assert "moves[0].colour: unknown field" in text and "settings.rules.strictness: unknown field" in text


# ------------------------------------------------------ 5. readable messages


def test_long_names_are_elided_in_messages(tmp_path):
    doc = doc_of_sample()
    doc["people"][2]["name"] = "N" * 500
    doc["people"][2]["manager"] = "ghost"
    error = load_error(write(tmp_path, doc))
    assert "N" * 59 + "…" in str(error) and "N" * 61 not in str(error)


def test_a_long_reporting_cycle_names_a_few_people(tmp_path):
    people = [{"id": f"p{i}", "name": f"Person {i}", "manager": f"p{(i + 1) % 40}"} for i in range(40)]
    error = load_error(write(tmp_path, {"schema_version": 1, "people": people}))
    assert "reporting cycle: Person 0 -> Person 1" in str(error)
    assert "… 35 more -> Person 0" in str(error)
    assert "Person 20" not in str(error)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_gets_a_hint(tmp_path, encoding):
    path = write(tmp_path, fileio.dumps(sample_plan()).decode().encode(encoding))
    error = load_error(path)
    assert "UTF-16" in str(error) and "save it as UTF-8" in str(error)


def test_a_bad_structure_message_names_the_record_briefly(tmp_path):
    doc = doc_of_sample()
    doc["people"][3]["name"] = "Dee " + "x" * 400
    doc["people"][3]["capacity"] = "lots"
    error = load_error(write(tmp_path, doc))
    assert "people[3].capacity" in str(error) and "…" in str(error)
    assert len(str(error)) < 400 + len(str(tmp_path))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_valid_sample_round_trips_unchanged(tmp_path):
    path = tmp_path / "ok.rocks.json"
    fileio.save(sample_plan(), path)
    assert fileio.dumps(fileio.load(path)) == path.read_bytes()
