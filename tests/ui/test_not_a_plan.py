"""`rocks chart.json` where chart.json is another tool's nested org chart: the app says, in one
message shown whole, that it is not a Rocks plan and how to bring its people in
(planner/planfile/plancheck.py, shown by ui/files/document_actions.py)."""

from __future__ import annotations

import json

from tests.ui.helpers import error_box_at_start


def test_a_nested_org_chart_is_said_to_be_no_plan_with_what_to_do(tmp_path):
    chart = tmp_path / "chart.json"
    chart.write_text(
        json.dumps(
            {
                "id": "1",
                "name": "Ada Boss",
                "title": "general manager",
                "children": [{"id": "2", "name": "Ben Lead", "title": "engineer", "children": []}],
            }
        ),
        encoding="utf-8",
    )
    seen = error_box_at_start(tmp_path, chart, (1600, 1000))
    assert seen["title"] == "Cannot open the plan"
    assert "chart.json: not a Rocks plan" in seen["text"] and "nested org chart" in seen["text"]
    assert "rocks import --people FILE" in seen["text"] and "Import spreadsheets" in seen["text"]
    assert "unknown field" not in seen["text"] + seen["details"]
    assert seen["details"] == ""  # one message, not a list of problems
    assert all(seen["fits"]), seen
    assert "chart.json" in seen["status"]
