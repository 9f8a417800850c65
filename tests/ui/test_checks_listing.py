"""The Checks list of a big plan is listed in chunks after the window is up (ui.panels.checks):
the group titles count every finding at once, the rows follow in order, and a change or a
filter that arrives meanwhile sees the whole list. Real keys and clicks (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from models import Person, Plan, Rock
from planner.editing.commands import EditPerson, MoveRocks
from ui.core.controller import DocController
from ui.panels import ChecksPanel
from ui.panels import checks as checks_module


def busy_plan(people: int = 24) -> Plan:
    """Everyone over capacity (an overload finding each), a few far over (errors)."""
    plan = Plan(name="Busy")
    plan.people["lead"] = Person("lead", "Lead", "VP Product")
    for i in range(people):
        pid = f"p{i}"
        plan.people[pid] = Person(pid, f"Person {i:02d}", "Product Manager", manager="lead")
        for k in range(3):
            effort = 50 if i % 5 == 0 else 36
            plan.rocks[f"r{i}-{k}"] = Rock(f"r{i}-{k}", f"Work {i} {k}", "product", effort, owner=pid)
    return plan


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(checks_module, "FIRST_ROWS", 5)
    monkeypatch.setattr(checks_module, "CHUNK_ROWS", 4)


def rows(panel: ChecksPanel) -> dict[str, list[str]]:
    """The rows each group lists, in order, by their text."""
    out = {}
    for severity, group in panel.groups.items():
        out[severity] = [group.child(i).text(0) for i in range(group.childCount())]
    return out


def listed_at_once(controller: DocController, qtbot) -> dict[str, list[str]]:
    panel = ChecksPanel(controller)  # the whole list in one go (FIRST_ROWS as shipped)
    qtbot.addWidget(panel)
    assert not panel.pending
    return rows(panel)


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(420, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def test_a_long_list_counts_everything_at_once_and_lists_the_rest_in_order(qtbot, small_chunks, monkeypatch):
    controller = DocController(busy_plan())
    findings = controller.analysis.findings
    panel = ChecksPanel(controller)  # not shown yet: only the first rows are listed
    qtbot.addWidget(panel)
    assert len(panel.items) == 5 and panel.pending
    for severity, group in panel.groups.items():
        total = sum(1 for f in findings.values() if f.severity == severity)
        assert group.text(0) == f"{checks_module.GROUP_TITLES[severity]} ({total})", "counted before listed"
    show(qtbot, panel)
    qtbot.waitUntil(lambda: not panel.pending)
    assert set(panel.items) == set(findings)
    monkeypatch.setattr(checks_module, "FIRST_ROWS", 10_000)
    assert rows(panel) == listed_at_once(controller, qtbot)

    late = panel.items[("overload", "p23")]  # one of the last rows listed
    with qtbot.waitSignal(controller.focus_requested):
        panel.tree.scrollToItem(late)
        qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=panel.tree.visualItemRect(late).center())
    assert controller.selected_people == ["p23"]


def test_a_change_while_listing_lands_in_its_place(qtbot, small_chunks, monkeypatch):
    controller = DocController(busy_plan())
    panel = ChecksPanel(controller)
    qtbot.addWidget(panel)
    assert panel.pending
    controller.push(MoveRocks(["r3-0", "r3-1"], "p7"))  # p3 is fine now, p7 far over: an error
    controller.push(EditPerson("p11", capacity=200))
    show(qtbot, panel)
    qtbot.waitUntil(lambda: not panel.pending)
    assert ("overload", "p3") not in panel.items
    assert panel.items[("overload", "p7")].parent() is panel.groups["error"]
    monkeypatch.setattr(checks_module, "FIRST_ROWS", 10_000)
    assert rows(panel) == listed_at_once(controller, qtbot)


def test_a_filter_typed_while_listing_sees_every_row(qtbot, small_chunks, monkeypatch):
    monkeypatch.setattr(ChecksPanel, "_list_more_soon", lambda self: None)  # the next chunks are slow to come
    controller = DocController(busy_plan())
    panel = show(qtbot, ChecksPanel(controller))
    assert panel.pending and len(panel.items) == 5
    qtbot.mouseClick(panel.filter_edit, Qt.LeftButton)
    qtbot.keyClicks(panel.filter_edit, "Person 2")  # Person 20 to 23: most not listed yet
    assert not panel.pending
    shown = [k for k, item in panel.items.items() if not item.isHidden()]
    assert sorted(k[1] for k in shown if k[0] == "overload") == ["p20", "p21", "p22", "p23"]
    warnings = sum(1 for f in controller.analysis.findings.values() if f.severity == "warning")
    visible = sum(1 for k in shown if controller.analysis.findings[k].severity == "warning")
    assert panel.groups["warning"].text(0) == f"Warnings ({visible} of {warnings})"
    QTest.keyClick(panel.filter_edit, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(panel.filter_edit, Qt.Key_Delete)
    assert all(not item.isHidden() for item in panel.items.values())
