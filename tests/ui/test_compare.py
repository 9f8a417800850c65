"""The compare view: opened from the Scenario menu, rows clicked with the mouse select on the board."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from models import BASELINE, Rock
from planner.editing import operations as ops
from planner.editing.commands import AddRock
from tests.ui.helpers import CTRL, CTRL_ALT, card_pos, chip_pos, drag, new_scenario, planned_pm, seed_plan
from tests.ui.helpers import click_row as click
from tests.ui.helpers import compare_row as row
from tests.ui.helpers import press_key as press
from ui.whatif.compare import CompareView


def open_compare(window, qtbot) -> CompareView:
    press(window, Qt.Key.Key_C, CTRL_ALT)
    view = window.scenarios.compare_view
    assert view is not None
    qtbot.waitUntil(view.isVisible)
    return view


def totals(view: CompareView) -> dict[str, tuple[str, str]]:
    t = view.table
    return {t.verticalHeaderItem(r).text(): (t.item(r, 0).text(), t.item(r, 1).text()) for r in range(t.rowCount())}


def test_compare_lists_the_moved_rock_and_clicking_it_selects_it_on_the_board(window, qtbot):
    c = window.controller
    new_scenario(window, "Hire a TPM")
    qtbot.waitUntil(lambda: c.document.active == "Hire a TPM")
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    assert c.plan.rocks["r1"].owner == "cy"
    view = open_compare(window, qtbot)
    assert view.names() == (BASELINE, "Hire a TPM")
    assert view.headline.textFormat() == Qt.TextFormat.PlainText
    assert "Cy Moss takes Pricing from Ben Park" in view.headline.text()
    moved = row(view, "Rocks moved", "Pricing: Ben Park -> Cy Moss")
    numbers = totals(view)
    assert numbers["Max load"] == ("110%", "150%")
    assert numbers["PMs"] == ("3", "3")
    assert set(numbers) >= {"Engineers", "PMs", "TPMs", "PM:eng", "People over capacity", "Max load"}

    click(view, moved)
    assert c.selected_rocks == ["r1"]
    assert "r1" in window.board.cards["cy"].selected_rocks, "the chip is highlighted on the board"
    assert row(view, "Findings changed", "Overload: Cy Moss")  # the rule by its title, not its id
    assert not any(
        view.tree.topLevelItem(i).child(j).text(0).startswith("[")
        for i in range(view.tree.topLevelItemCount())
        for j in range(view.tree.topLevelItem(i).childCount())
    )
    planned = [
        r for r in range(view.table.rowCount()) if "once planned hires start" in view.table.verticalHeaderItem(r).text()
    ]
    assert len(planned) == 2 and all(view.table.isRowHidden(r) for r in planned), "no planned hire: one set of rows"


def test_compare_counts_a_planned_pm_once_planned_hires_start(window, qtbot):
    c = window.controller
    c.replace(seed_plan(), None)
    new_scenario(window, "Hire a PM")
    qtbot.waitUntil(lambda: c.document.active == "Hire a PM")
    assert window.runner.run(planned_pm())
    view = open_compare(window, qtbot)
    assert "PMs 0 -> 1, PM:eng no PM -> 1:6 once planned hires start" in view.headline.text()
    numbers = totals(view)
    assert numbers["PMs"] == ("0", "0")
    assert numbers["PMs (once planned hires start)"] == ("0", "1")
    assert numbers["PM:eng"] == ("no PM", "no PM")
    assert numbers["PM:eng (once planned hires start)"] == ("no PM", "1:6")
    rows = {view.table.verticalHeaderItem(r).text(): r for r in range(view.table.rowCount())}
    assert not view.table.isRowHidden(rows["PMs (once planned hires start)"])
    assert view.table.item(rows["PMs (once planned hires start)"], 1).font().bold()  # it differs
    assert row(view, "Findings resolved", "PM to engineering ratio: 6 engineers and no product manager")

    press(window, Qt.Key.Key_Z, CTRL)  # undo the planned PM: the scenario is the baseline again
    qtbot.waitUntil(lambda: view.headline.text() == "No differences.")
    assert view.table.isRowHidden(rows["PMs (once planned hires start)"])
    assert view.table.isRowHidden(rows["PM:eng (once planned hires start)"])


def test_a_row_only_in_the_other_scenario_switches_to_it(window, qtbot):
    c = window.controller
    new_scenario(window, "Growth")
    qtbot.waitUntil(lambda: c.document.active == "Growth")
    rock = Rock("r9", "Growth loops", "product", 10, "dee")
    assert window.runner.run(AddRock(rock))
    view = open_compare(window, qtbot)
    window.scenarios.switch_to(BASELINE)  # the baseline is shown; the new rock lives only in Growth
    assert c.document.active == BASELINE
    click(view, row(view, "Rocks added", "Growth loops"))
    assert c.document.active == "Growth", "switched to the scenario holding the rock"
    assert c.selected_rocks == ["r9"]
    assert "r9" in {rid for rid, _ in window.board.cards["dee"].chip_scene_rects()}
    assert "r9" in window.board.cards["dee"].selected_rocks


def test_compare_follows_edits_and_swaps(window, qtbot):
    c = window.controller
    new_scenario(window, "Lean")
    qtbot.waitUntil(lambda: c.document.active == "Lean")
    view = open_compare(window, qtbot)
    assert view.headline.text() == "No differences."
    window.runner.run(ops.drop_rocks(c.plan, ["r3"]))
    qtbot.waitUntil(lambda: "dropped" in view.headline.text())
    assert row(view, "Rocks dropped", "Launches")
    swap = next(b for b in view.findChildren(QToolButton) if b.toolTip() == "Swap A and B")
    QTest.mouseClick(swap, Qt.MouseButton.LeftButton)
    assert view.names() == ("Lean", BASELINE)
    assert row(view, "Rocks restored", "Launches")
    assert totals(view)["Unowned rocks"] == ("1", "1")
