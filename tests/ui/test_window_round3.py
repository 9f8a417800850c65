"""The window as a new user tries it (round 3): quitting, undoing a hire, bad plans,
the import dialog, Move to..., chip order on undo, Compare, import warnings, Timeline."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabBar,
)

from models import Person, Plan, Team
from planner.planfile.templates import load_template
from tests.ui.helpers import (
    CTRL_ALT,
    Paints,
    card_pos,
    chip_pos,
    choose,
    click_menu,
    click_row,
    click_widget,
    compare_row,
    drag,
    error_box_at_start,
    new_scenario,
    open_window,
    press_key,
    visible_box,
    wait_for,
    when_dialog,
    when_modal,
)
from ui.core.dialogs import PersonPicker
from ui.files.import_mapping import ImportMappingDialog

# ------------------------------------------------------------ 18. quit, Discard


@pytest.mark.parametrize("first", ["window", "controller"])
def test_quit_discard_then_teardown_prints_no_error(qtbot, tmp_path, capfd, first):
    """Ctrl+Q, Discard: at exit Python deletes the window and the controller in either
    order; the undo stack's last clear() (cleanChanged) must reach nothing deleted."""
    win = open_window(qtbot, tmp_path, closed_by_test=True)
    controller = win.controller
    drag(win.view, chip_pos(win.view, win.board, "r1"), card_pos(win.view, win.board, "cy"))
    assert controller.is_modified()

    def discard(box):
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)

    when_modal(discard, QMessageBox)
    QTest.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not win.isVisible()
    assert controller.is_modified()  # discarded: the stack is still dirty when it goes
    capfd.readouterr()
    with qtbot.captureExceptions() as exceptions:
        order = [win, controller] if first == "window" else [controller, win]
        for obj in order:
            shiboken6.delete(obj)
        qtbot.wait(10)
    err = capfd.readouterr().err
    assert not exceptions, exceptions
    assert "already deleted" not in err and "Traceback" not in err, err


def test_a_controller_deleted_before_its_open_window_prints_no_error(qtbot, tmp_path, capfd):
    """At exit the controller may go first while the window was never closed (the app quit)."""
    win = open_window(qtbot, tmp_path, closed_by_test=True)
    controller = win.controller
    drag(win.view, chip_pos(win.view, win.board, "r1"), card_pos(win.view, win.board, "cy"))
    assert controller.is_modified() and win.isVisible()
    capfd.readouterr()
    with qtbot.captureExceptions() as exceptions:
        shiboken6.delete(controller)  # its undo stack's clear() says cleanChanged(True) as it goes
        qtbot.wait(10)
        shiboken6.delete(win)
    err = capfd.readouterr().err
    assert not exceptions, exceptions
    assert "already deleted" not in err and "Traceback" not in err, err


# ------------------------------------------------- 19. undoing an applied hire


def backing_store(window, widget):
    """What is on screen now (the window's backing store, not a fresh render) inside ``widget``."""
    QApplication.processEvents()
    top_left = widget.mapTo(window, widget.rect().topLeft())
    shot = window.screen().grabWindow(window.winId()).toImage()
    return shot.copy(top_left.x(), top_left.y(), widget.width(), widget.height())


def test_undoing_an_applied_hire_leaves_no_stale_card_on_the_board(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path, load_template("solo-founder"))
    c = window.controller
    viewport = window.view.viewport()
    paints = Paints(viewport)
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.hires.dialog is not None and window.hires.dialog.isVisible())
    dialog = window.hires.dialog
    qtbot.waitUntil(lambda: not dialog.pending and dialog.apply_button.isEnabled())
    founder = dialog.manager_combo.chosen()
    assert c.plan.people[founder].name == "Maya Okafor"  # her card moves over her new report, then back
    paints.count = 0
    QTest.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.hires.dialog is None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    paints.wait_for_paint(qtbot)  # the board has drawn the hire
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(c.plan.people) == 7
    paints.wait_for_paint(qtbot)  # ... and the undo
    painted = backing_store(window, viewport)
    viewport.repaint()  # everything drawn afresh
    fresh = backing_store(window, viewport)
    assert painted == fresh, "a card was left painted where it was before the undo"


# ------------------------------------------- 20. a bad plan given at start


def test_a_bad_plan_at_start_shows_its_whole_error_and_says_the_sample_is_open(tmp_path):
    """`rocks bad.rocks.json` on a 1920x1080 screen: the error is shown uncut, and says the
    sample plan was opened instead (the window shows it, unsaved)."""
    bad = tmp_path / "bad.rocks.json"
    bad.write_text("hello")
    seen = error_box_at_start(tmp_path, bad, (1920, 1080))
    assert seen["title"] == "Cannot open the plan"
    assert "bad.rocks.json" in seen["text"] and "line 1 column 1" in seen["text"]
    assert all(seen["fits"]), seen  # every label shows its whole text ("...at line 1 co" was cut)
    from planner.planfile import templates

    sample = templates.load_template(templates.SAMPLE).name
    assert f"The sample plan “{sample}” is open instead" in seen["informative"]
    assert "sample plan" in seen["status"]
    assert seen["window"].startswith(f"{sample} (not saved)")


# ---------------------------------- 21, 25. the import dialog stays on a failing step


def answer_files(monkeypatch, *paths) -> list[str]:
    """The file dialogs answer with ``paths`` in turn ("" is Cancel); returns the titles asked."""
    answers, asked = [str(p) for p in paths], []

    def ask(_parent, title, *_args, **_kwargs):
        asked.append(title)
        return (answers.pop(0) if answers else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))
    return asked


def test_a_failed_import_keeps_the_preview_open_on_the_failing_step(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, tmp_path)
    people = tmp_path / "people.csv"
    people.write_text("name,title,manager,boss\nAnn,CEO,,\nBob,PM,Nobody Here,Ann\n")
    bad_rocks = tmp_path / "rocks.csv"
    bad_rocks.write_text("title,discipline,effort,owner\nPricing,ops,S,Bob\nRoadmap,product,lots,Ann\n")
    good_rocks = tmp_path / "rocks-fixed.csv"
    good_rocks.write_text("title,discipline,effort,owner\nPricing,ops,S,Bob\nRoadmap,product,M,Ann\n")
    asked = answer_files(monkeypatch, people, bad_rocks, good_rocks)
    before = window.controller.plan
    seen: dict[str, object] = {}

    def steps(dialog: ImportMappingDialog) -> None:
        click_widget(dialog.findChild(QPushButton, "import_button"))
        wait_for(lambda: dialog.problems.isVisible() and not dialog.busy)
        # 1. The people file fails: listed in the dialog, nothing imported, no rocks file asked for yet.
        seen["people problems"] = dialog.problems.toPlainText()
        seen["people title"] = dialog.findChild(QLabel, "problems_title").text()
        seen["asked after people"] = list(asked)
        seen["plan kept"] = window.controller.plan is before
        choose(dialog.findChild(QComboBox, "column_3"), "")  # the manager is in "boss", not "manager"
        choose(dialog.findChild(QComboBox, "column_4"), "manager")
        click_widget(dialog.findChild(QPushButton, "import_button"))
        wait_for(lambda: dialog.problems.isVisible() and not dialog.busy)
        # 2. People passed, then the rocks file was asked for; it fails: the dialog is on the rocks step.
        seen["asked after rocks"] = list(asked)
        seen["rocks problems"] = dialog.problems.toPlainText()
        seen["rocks title"] = dialog.findChild(QLabel, "problems_title").text()
        seen["rocks buttons"] = [
            b.isVisible() for b in (dialog.findChild(QPushButton, n) for n in ("other_rocks", "without_rocks"))
        ]
        seen["columns kept"] = dialog.findChild(QComboBox, "column_4").currentData()
        click_widget(dialog.findChild(QPushButton, "other_rocks"))  # 3. another rocks file: no start over

    when_dialog(steps)
    click_menu(window, qtbot, "File", "Import spreadsheets...")

    assert 'manager "Nobody Here" not found' in seen["people problems"]
    assert seen["people title"].startswith("people.csv cannot be imported")
    assert seen["asked after people"] == ["Import people (name, role, manager...)"]  # the rocks come after
    assert seen["plan kept"]
    assert len(seen["asked after rocks"]) == 2 and "rocks" in seen["asked after rocks"][1]
    assert "rocks.csv:3" in seen["rocks problems"] and "lots" in seen["rocks problems"]
    assert seen["rocks title"].startswith("rocks.csv cannot be imported")
    assert seen["rocks buttons"] == [True, True]
    assert seen["columns kept"] == "manager"
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)
    assert job.state == "done", job.error and job.error.full_text()
    plan = window.controller.plan
    assert {p.name: p.manager for p in plan.people.values()} == {"Ann": None, "Bob": "ann"}
    assert sorted(r.title for r in plan.rocks.values()) == ["Pricing", "Roadmap"]
    assert not any(isinstance(w, ImportMappingDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_column_notes_confirmed_in_the_preview_are_not_warned_about_again(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, tmp_path)
    people = tmp_path / "hr.csv"
    people.write_text("Name,Title,Manager,Badge Colour\nAnn,CEO,,red\nBob,PM,Ann,blue\n")
    answer_files(monkeypatch, people, "")
    seen = {}

    def confirm(dialog: ImportMappingDialog) -> None:
        seen["summary"] = dialog.findChild(QLabel, "mapping_summary").text()
        click_widget(dialog.findChild(QPushButton, "import_button"))

    when_dialog(confirm)
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)
    assert job.state == "done"
    assert "Ignores Badge Colour." in seen["summary"]  # what the user confirmed
    # The finished import says so in the status bar, in the same step that would show a warnings box.
    assert window.statusBar().currentMessage() == "Imported 2 people and 0 rocks"
    assert visible_box("import_warnings") is None  # no "Import finished with warnings" for it


# --------------------------------------------- 22. Move to... starts on a person


def test_move_to_starts_on_the_first_person_so_enter_never_unowns_a_rock(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    c = window.controller
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        chip_pos(window.view, window.board, "r3"),
    )
    assert c.selected_rocks == ["r3"] and c.plan.rocks["r3"].owner == "cy"
    seen = {}

    def enter(picker: PersonPicker) -> None:
        seen["current"] = picker.current_id()
        seen["first row"] = picker.visible_ids()[0]
        QTest.keyClick(picker.filter_edit, Qt.Key.Key_Return)

    when_modal(enter, PersonPicker)
    QTest.keyClick(window.view, Qt.Key.Key_M)
    assert seen == {"current": "ana", "first row": None}  # "(nobody...)" is still offered, first
    assert c.plan.rocks["r3"].owner == "ana"  # not unowned


def test_report_to_still_starts_on_the_current_manager(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        card_pos(window.view, window.board, "dee"),
    )
    seen = {}

    def look(picker: PersonPicker) -> None:
        seen["current"] = picker.current_id()
        QTest.keyClick(picker.filter_edit, Qt.Key.Key_Escape)

    when_modal(look, PersonPicker)
    QTest.keyClick(window.view, Qt.Key.Key_R)
    assert seen == {"current": "cy"}


# -------------------------------------- 23. undo puts a chip back in its place


def chips_of(window, pid: str) -> list[str]:
    return [chip.rock_id for chip in window.board.cards[pid].chips]


def test_undoing_a_move_puts_the_chip_back_in_its_old_place(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    c = window.controller
    assert chips_of(window, "ben") == ["r1", "r2"]
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    assert c.plan.rocks["r1"].owner == "cy" and chips_of(window, "ben") == ["r2"]
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert c.plan.rocks["r1"].owner == "ben"
    assert chips_of(window, "ben") == ["r1", "r2"]  # first again, as before the move (not last)
    assert chips_of(window, "cy") == ["r3", "r4"]
    QTest.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo, then undo again
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert chips_of(window, "ben") == ["r1", "r2"]


# ------------------------------------------------ 24. Compare beside the board


def test_compare_docks_beside_the_board_and_has_a_close_button(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    c = window.controller
    new_scenario(window, "Hire a TPM")
    qtbot.waitUntil(lambda: c.document.active == "Hire a TPM")
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    press_key(window, Qt.Key.Key_C, CTRL_ALT)
    view = window.scenarios.compare_view
    qtbot.waitUntil(lambda: view is not None and view.isVisible())
    assert view.window() is window  # docked in the main window, not a window of its own over the board
    dock = view.parentWidget()
    assert isinstance(dock, QDockWidget) and window.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea
    assert not dock.geometry().intersects(window.view.geometry())  # the board stays in sight

    click_row(view, compare_row(view, "Rocks moved", "Pricing: Ben Park -> Cy Moss"))
    assert c.selected_rocks == ["r1"]
    card = window.board.cards["cy"]
    chip = next(rect for rid, rect in card.chip_scene_rects() if rid == "r1")
    assert window.view.viewport().rect().contains(window.view.mapFromScene(chip.center()))  # visible, not covered

    close = view.findChild(QPushButton, "compare_close")
    assert close is not None and close.text() == "Close"
    QTest.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not view.isVisible() and not dock.isVisible()
    press_key(window, Qt.Key.Key_C, CTRL_ALT)  # back where it was
    qtbot.waitUntil(view.isVisible)
    assert window.scenarios.compare_view is view


# ---------------------------------------------- 10. Timeline of a blank plan


def open_timeline(window, qtbot):
    bar = next(b for b in window.findChildren(QTabBar) if "Timeline" in [b.tabText(i) for i in range(b.count())])
    index = [bar.tabText(i) for i in range(bar.count())].index("Timeline")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.timeline is not None and window.timeline.draw_count >= 1, timeout=20_000)
    return window.timeline


@pytest.mark.parametrize(
    "plan,says",
    [
        (Plan(name="Blank"), "This plan is empty: add a team with its engineers per quarter (Board > New team..."),
        (
            Plan(name="People only", people={"ann": Person("ann", "Ann", "CEO")}),
            "No teams yet: add a team with its engineers per quarter (Board > New team...",
        ),
        (Plan(name="No growth", teams={"t1": Team("t1", "Core", headcount=6)}), "No team has a growth plan yet"),
    ],
    ids=["blank", "people-only", "teams-without-growth"],
)
def test_the_timeline_of_a_plan_without_a_forecast_says_what_to_add(qtbot, tmp_path, plan, says):
    window = open_window(qtbot, tmp_path, plan)
    panel = open_timeline(window, qtbot)  # any exception in a slot fails the test (pytest-qt)
    assert panel.notice.isVisible() and panel.notice.textFormat() == Qt.TextFormat.PlainText
    assert panel.notice.text().startswith(says)
    assert not panel.canvas.isVisible() and panel.forecast is None


def test_the_timeline_of_teams_without_people_draws_their_growth(qtbot, tmp_path):
    plan = Plan(name="Teams only", teams={"t1": Team("t1", "Core", headcount=6, growth=[6, 8, 10])})
    window = open_window(qtbot, tmp_path, plan)
    panel = open_timeline(window, qtbot)
    assert not panel.notice.isVisible() and panel.forecast is not None
    assert panel.hiring_text().startswith("1. 2027-Q3: 10 engineers call for 1 PM")
