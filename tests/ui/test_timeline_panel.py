"""The Timeline panel and its dock, driven through the controller and real mouse clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar

from planner.editing.commands import EditPerson, EditTeam
from tests.planner.helpers import growth_plan
from tests.ui.helpers import open_window
from ui.core.controller import DocController
from ui.panels.timeline import TimelinePanel


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_panel_shows_the_hiring_sequence_and_redraws_after_an_edit(qtbot):
    plan = growth_plan()
    plan.people["p1"].name = "<b>Dana</b> $x$"  # plan text: shown as typed
    controller = DocController(plan)
    panel = show(qtbot, TimelinePanel(controller))
    qtbot.waitUntil(lambda: panel.draw_count >= 1, timeout=20000)
    text = panel.hiring_text()
    assert text.splitlines()[:4] == [
        "1. 2027-Q2: 13 engineers call for 2 PMs at most 1:12 (have 1): hire PM #2, 6.5 engineers per PM "
        "(PM to engineering ratio)",
        "2. 2027-Q4: 24 engineers (from 20 on), launches planned and no product marketer: hire a first PMM "
        "(Roles missing at this size)",
        "3. 2028-Q1: 30 engineers call for 3 PMs at most 1:12 (have 2): hire PM #3, 10.0 engineers per PM "
        "(PM to engineering ratio)",
        "4. 2028-Q1: project work reaches 33% of <b>Dana</b> $x$'s capacity (threshold 30%, counting the PMs hired "
        "above) and no TPM: hire a first TPM (Project work eats PM time)",
    ]
    assert "2028-Q1: <b>Dana</b> $x$" in text  # crosses capacity as the project rock grows
    assert not panel.notice.isVisible() and panel.canvas.isVisible()
    assert len(panel.figure.axes) == 4  # roles, engineers (twin), ratio, checks strip
    assert [t.get_text() for t in panel.figure.axes[2].get_xticklabels()][0] == "2027-Q1"

    # Eli moves from engineering to product: one engineer fewer, one PM more.
    drawn = panel.draw_count
    controller.push(EditPerson("p2", role="Product Manager"))
    qtbot.waitUntil(lambda: panel.draw_count > drawn, timeout=20000)
    text = panel.hiring_text()
    assert "hire PM #2" not in text  # Eli is that PM now
    assert text.splitlines()[0].startswith("1. 2027-Q2: project work reaches 30% of <b>Dana</b> $x$'s capacity")
    assert "3. 2028-Q1: 29 engineers call for 3 PMs at most 1:12 (have 2): hire PM #3" in text
    # A team edit (TEAMS) redraws too.
    drawn = panel.draw_count
    controller.push(EditTeam("t2", headcount=5))
    qtbot.waitUntil(lambda: panel.draw_count > drawn, timeout=20000)


def test_panel_says_what_to_add_without_a_growth_plan(qtbot):
    plan = growth_plan()
    for team in plan.teams.values():
        team.growth = []
    controller = DocController(plan)
    panel = show(qtbot, TimelinePanel(controller))
    qtbot.waitUntil(lambda: panel.draw_count >= 1, timeout=20000)  # a resize may redraw again
    assert panel.notice.isVisible() and not panel.canvas.isVisible()
    assert panel.notice.text().startswith(
        "No team has a growth plan yet: give a team its engineers per quarter in the Team inspector"
    )
    assert panel.hiring_text() == ""
    # The plan replaced by one with growth: the chart comes back.
    drawn = panel.draw_count
    controller.replace(growth_plan(), None)
    qtbot.waitUntil(lambda: panel.draw_count > drawn and not panel.notice.isVisible(), timeout=20000)
    assert not panel.notice.isVisible() and panel.canvas.isVisible()
    assert panel.hiring_text().startswith("1. 2027-Q2")


def test_timeline_dock_is_made_when_its_tab_is_clicked(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, growth_plan(), handoff_note=True, active=False, centre=False)
    assert win.timeline is None  # tabbed behind Load: nothing imported or drawn yet
    bars = [b for b in win.findChildren(QTabBar) if "Timeline" in [b.tabText(i) for i in range(b.count())]]
    assert len(bars) == 1
    bar = bars[0]
    assert [bar.tabText(i) for i in range(bar.count())] == ["Load", "History", "Timeline", "People"]
    index = [bar.tabText(i) for i in range(bar.count())].index("Timeline")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: win.timeline is not None and win.timeline.draw_count >= 1, timeout=20000)
    assert win.timeline.hiring_text().startswith("1. 2027-Q2")
