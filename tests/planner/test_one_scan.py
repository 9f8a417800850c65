"""The cost guard and the key check share one pass over the bytes (issue [10/10]).

planner.planfile.loadcost.check_cost counts the colons while it counts braces, brackets and
commas, and planner.planfile.plancheck.check_keys reads that count instead of scanning the
file again: the count must be exactly the one a scan gives, and a repeated or unknown key
must still be refused with the same message.
"""

from __future__ import annotations

import pytest

from planner.core.errors import PlanFileError
from planner.planfile import fileio, loadcost
from planner.planfile.plancheck import check_keys
from planner.planfile.schema import PLAN_ADAPTER
from tests.planner.strategies import sample_plan

_PLAIN = b'{"schema_version": 1, "name": "A: b", "people": [{"id": "p1", "name": "x:y"}]}'


@pytest.mark.parametrize(
    "data",
    [
        _PLAIN,
        b"{}",
        b"",
        b'{"a":"::::","b" :1,"c"\n:[{"d":{"e":2}}]}',
        b'{"s": "\\":\\"", "t": ":"}',
        b'{"schema_version": 2, "scenarios": [{"name": "B", "people": [{"id": "p1", "name": "q"}]}]}',
        "{\"n\": \"caf\u00e9: \u2603\"}".encode(),
    ],
)
def test_the_cost_guard_counts_every_colon(data):
    assert loadcost.check_cost(data, "x.rocks.json") == data.count(b":")


def test_a_sample_plan_counts_the_same_colons():
    data = fileio.dumps(sample_plan())
    assert loadcost.check_cost(data, "sample.rocks.json") == data.count(b":")


def _keys_error(data: bytes, colons: int | None) -> str:
    raw = PLAN_ADAPTER.validate_json(data)
    with pytest.raises(PlanFileError) as info:
        check_keys(raw, data, "bad.rocks.json", detail_bytes=2**20, colons=colons)
    return str(info.value)


@pytest.mark.parametrize(
    "data",
    [
        b'{"schema_version": 1, "people": [{"id": "p1", "name": "A", "name": "B"}]}',
        b'{"schema_version": 1, "people": [{"id": "p1", "name": "A", "colour": "red"}]}',
        b'{"schema_version": 1, "wat": 1, "people": []}',
    ],
)
def test_a_repeated_or_unknown_key_is_refused_alike_with_the_count_given(data):
    given = _keys_error(data, loadcost.check_cost(data, "bad.rocks.json"))
    assert given == _keys_error(data, None)
    with pytest.raises(PlanFileError) as info:
        fileio.loads(data, "bad.rocks.json")
    assert str(info.value) == given


def test_a_file_with_colons_in_its_text_still_opens():
    plan = sample_plan()
    first = next(iter(plan.rocks.values()))
    first.context = 'note: "a: b" {x: [1, 2]}'
    data = fileio.dumps(plan)
    loaded = fileio.loads(data)
    assert fileio.dumps(loaded) == data
    assert loaded.rocks[first.id].context == first.context


@pytest.mark.parametrize(
    "data",
    [
        _PLAIN,
        b'{"n": "a\\\\b"}',
        b'{"n": "\\uFFFF"}',
        b'{"n": "\\ufdd0"}',
        b'{"n": "\\"quoted\\""}',
        '{"n": "caf\u00e9"}'.encode(),
        '{"n": "x\uffff"}'.encode(),
    ],
)
def test_the_quick_look_for_non_characters_agrees_with_the_full_one(data):
    """An ASCII file with no backslash is cleared by one memchr-speed search (planner.planfile.fileio)."""
    hints = fileio._NONCHARACTER_HINTS[:1] if data.isascii() else fileio._NONCHARACTER_HINTS
    assert fileio._may_hold_noncharacters(data) == any(h.search(data) is not None for h in hints)
