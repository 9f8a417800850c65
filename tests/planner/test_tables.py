"""planner.exports.tables: the plan's tables as DataFrames, and the CSV export (neutralised as OWASP advises)."""

from __future__ import annotations

import csv
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Discipline
from planner.checks.analysis import Analysis
from planner.core.errors import PlanError
from planner.exports import tables
from planner.exports.exporting import TABLES, Cancelled
from planner.planfile import templates

HOSTILE = ["=SUM(A1)", "+Plus", "-x", "@y", "\tTabbed", "\rReturn", "<b>bold</b>", "$x^2$", "plain"]


@pytest.fixture
def plan():
    return templates.load_template("series-b")


def test_every_exported_table_builds_with_its_columns(plan):
    for name in TABLES:
        frame = tables.table(plan, name)
        assert len(frame.columns) == len(set(frame.columns)), name
    people = tables.table(plan, "people")
    assert list(people.columns[:10]) == list(tables.PEOPLE_HEAD)
    assert list(people["id"]) == list(plan.people)
    assert list(tables.table(plan, "rocks")["id"]) == list(plan.rocks)
    assert len(tables.table(plan, "moves")) == len(plan.moves)


def test_people_loads_and_matrix_agree_with_the_analysis(plan):
    analysis = Analysis(plan)
    people = tables.table(plan, "people", analysis)
    matrix = tables.table(plan, "matrix", analysis)
    disciplines = list(plan.discipline_table.disciplines)
    for pid, effort, percent in zip(plan.people, people["effort"], people["load %"], strict=True):
        load = analysis.loads[pid]
        assert effort == pytest.approx(load.effort)
        assert percent == pytest.approx(load.percent, abs=0.01)
    for d in disciplines:
        for pid, value, matrix_value in zip(plan.people, people[d], matrix[d], strict=True):
            expected = analysis.loads[pid].by_discipline.get(d)
            if expected is None:
                assert math.isnan(value) and matrix_value == 0
            else:
                assert value == pytest.approx(expected) and matrix_value == pytest.approx(expected)
    assert list(matrix["total"]) == pytest.approx([analysis.loads[p].effort for p in plan.people])


def test_findings_table_lists_every_finding_with_people_and_rocks_split(plan):
    analysis = Analysis(plan)
    frame = tables.table(plan, "findings", analysis)
    findings = analysis.sorted_findings()
    assert len(frame) == len(findings) > 0
    assert list(frame["rule"]) == [f.rule for f in findings]
    for f, people_ids, rock_ids in zip(findings, frame["people ids"], frame["rock ids"], strict=True):
        assert tables.parse_id_list(people_ids) == [s for s in f.subjects if s in plan.people]
        assert tables.parse_id_list(rock_ids) == [s for s in f.subjects if s in plan.rocks]
    assert list(frame["source"]) == [f.source for f in findings]  # the check by name and idea
    assert not any("docs/" in s for s in frame["source"])


def test_a_discipline_named_like_a_column_gets_its_own_header(plan):
    plan.settings.disciplines.append(Discipline("effort", "Effort work", "#123456"))
    plan.settings_changed()
    rock = next(iter(plan.rocks.values()))
    rock.discipline = "effort"
    frame = tables.table(plan, "people")
    assert "effort (discipline)" in frame.columns
    owner_row = list(plan.people).index(rock.owner)
    assert frame["effort (discipline)"][owner_row] == pytest.approx(rock.effort)
    assert frame["effort"][owner_row] >= rock.effort  # the total, not the discipline


def test_unknown_table_is_a_plan_error(plan):
    with pytest.raises(PlanError, match="unknown table 'salaries'"):
        tables.table(plan, "salaries")


@given(st.lists(st.text(min_size=1, max_size=8), max_size=5))
@settings(max_examples=200, deadline=None)
def test_id_lists_read_back_exactly(ids):
    assert tables.parse_id_list(tables.id_list(ids)) == ids


def test_id_lists_stay_readable_when_they_can():
    assert tables.id_list(["p3", "p7"]) == "p3, p7"
    assert tables.id_list(["a,b", "c"]) == '["a,b", "c"]'
    with pytest.raises(ValueError, match="JSON list"):
        tables.parse_id_list("[1, 2]")


def _read_csv(path):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no BOM
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_neutralises_formula_text_but_the_plan_keeps_it(plan, tmp_path):
    for person, name in zip(plan.people.values(), HOSTILE, strict=False):
        person.name = name
    out = tmp_path / "people.csv"
    assert tables.write_csv(plan, out, "people") == len(plan.people)
    rows = _read_csv(out)
    assert rows[0][:4] == ["id", "name", "role", "family"]
    names = [r[1] for r in rows[1 : len(HOSTILE) + 1]]
    expected = ["'" + n if n[0] in "=+-@\t\r" else n for n in HOSTILE]
    assert names == expected
    assert [p.name for p in list(plan.people.values())[: len(HOSTILE)]] == HOSTILE  # kept as typed in the plan
    # Numbers are plain numbers, blanks are empty.
    capacity = rows[0].index("capacity")
    assert all(r[capacity] == "100" for r in rows[1:])


def test_csv_of_each_table_and_a_manager_name_that_is_a_formula(plan, tmp_path):
    manager = next(iter(plan.people.values()))
    manager.name = '=HYPERLINK("http://evil")'
    for name in TABLES:
        out = tmp_path / f"{name}.csv"
        count = tables.write_csv(plan, out, name)
        rows = _read_csv(out)
        assert len(rows) == count + 1
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
                assert not cell.startswith("-") or cell[1:].replace(".", "").isdigit(), (name, cell)
    people = _read_csv(tmp_path / "people.csv")
    manager_col = people[0].index("manager")
    assert '\'=HYPERLINK("http://evil")' in [r[manager_col] for r in people]


def test_csv_cancel_leaves_no_file_and_keeps_the_old_one(plan, tmp_path):
    out = tmp_path / "people.csv"
    out.write_text("old")
    with pytest.raises(Cancelled):
        tables.write_csv(plan, out, "people", progress=lambda done, total, what: done == 0)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]


def test_matrix_is_the_pivot_of_the_loads_zero_where_the_people_table_is_blank(plan):
    analysis = Analysis(plan)
    disciplines = list(plan.discipline_table.disciplines)
    people = tables.table(plan, "people", analysis)
    matrix = tables.table(plan, "matrix", analysis)
    assert list(matrix.columns) == ["id", "name", "family", *disciplines, "total"]
    assert matrix[disciplines].notna().all().all()
    assert (matrix[disciplines] == people[disciplines].fillna(0.0)).all().all()
    assert matrix[disciplines].dtypes.eq(float).all() and people[disciplines].dtypes.eq(float).all()


def test_matrix_without_rocks_and_with_a_discipline_the_plan_does_not_define(plan):
    rocks = list(plan.rocks.values())
    rocks[0].discipline = "ghost"  # counted in the owner's total, no column of its own
    matrix = tables.table(plan, "matrix")
    assert "ghost" not in matrix.columns
    row = list(plan.people).index(rocks[0].owner)
    disciplines = list(plan.discipline_table.disciplines)
    assert matrix["total"][row] == pytest.approx(sum(matrix.loc[row, disciplines]) + rocks[0].effort)
    plan.rocks.clear()
    empty = tables.table(plan, "matrix")
    assert len(empty) == len(plan.people) and (empty[disciplines] == 0.0).all().all()
    assert tables.table(plan, "people")[disciplines].isna().all().all()
