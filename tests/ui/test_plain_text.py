"""User text is text: names holding markup or $math$ show literally in every widget.

A person called ``<b>Bold</b> <img src="x.png">`` must not turn bold or load an
image in a label, a dialog, a tooltip or the status bar, and a ``$`` in a name
must not be parsed as mathtext by the load chart. Driven by clicks on the board.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolBar, QWidget

from models import Team
from tests.ui.helpers import card_pos, chip_pos, drag, make_plan, pick_files, press_key, when_modal
from tests.ui.helpers import click_board as click
from ui.core.dialogs import HandoffNoteDialog, PersonPicker
from ui.core.plain import tip

BOLD = '<b>Bold</b> <img src="x.png">'
TITLE = '<i>Pricing</i> <img src="y.png">'
MATH = r"Ann $\frac{a}{$"  # an unbalanced \frac: mathtext raises on it
CARET = "$x^$"
PLAN = "<b>Plan</b> <img src=file:///etc/passwd>"


def hostile_plan():
    plan = make_plan()
    plan.name = PLAN
    plan.people["ben"].name = BOLD
    plan.people["cy"].name = MATH
    plan.people["dee"].name = CARET
    plan.rocks["r1"].title = TITLE
    plan.teams = {"t1": Team("t1", "<u>Team</u> $y$")}
    plan.people["dee"].team = "t1"
    return plan


@pytest.fixture
def window_plan():
    return hostile_plan()


@pytest.fixture
def window(window, qtbot):
    qtbot.waitUntil(lambda: window.checks is not None and window.load_chart is not None)
    return window


def renders_literally(label: QLabel) -> bool:
    """What QLabel itself decides: PlainText, or AutoText on text that cannot pass for markup."""
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.PlainText or (fmt == Qt.TextFormat.AutoText and not GuiQt.mightBeRichText(label.text()))


def tooltip_as_seen(text: str) -> str:
    """The text a tooltip shows: Qt renders it as HTML when its first line looks like markup."""
    if not GuiQt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def labels_with_plan_text(root: QWidget) -> list[QLabel]:
    marks = ("<b>", "<i>", "<u>", "<img", "$")
    return [w for w in root.findChildren(QLabel) if any(m in w.text() for m in marks)]


def assert_all_literal(root: QWidget) -> list[QLabel]:
    labels = labels_with_plan_text(root)
    rich = [w.text() for w in labels if not renders_literally(w)]
    assert not rich, f"labels rendering plan text as HTML: {rich}"
    return labels


# ------------------------------------------------------------------ inspector


def test_inspector_shows_a_clicked_person_and_rock_literally(window, qtbot):
    click(window, card_pos(window.view, window.board, "ben"))
    assert window.controller.selected_people == ["ben"]
    inspector = window.inspector
    assert inspector.person_title.text() == BOLD
    assert renders_literally(inspector.person_title)
    assert inspector.fields["person"]["name"].editor.text() == BOLD

    click(window, chip_pos(window.view, window.board, "r1"))
    assert inspector.rock_title.text() == TITLE
    assert renders_literally(inspector.rock_title)

    click(window, card_pos(window.view, window.board, "ana"))
    click(window, QPoint(4, 4))  # an empty spot: nothing selected, the plan page with the plan's name
    qtbot.waitUntil(lambda: inspector.plan_title.text() == PLAN)
    assert not window.controller.selected_people and renders_literally(inspector.plan_title)
    assert_all_literal(window)


def test_inspector_error_line_quotes_typed_text_literally(window, qtbot):
    click(window, card_pos(window.view, window.board, "dee"))
    field = window.inspector.fields["person"]["manager"]
    qtbot.mouseClick(field.editor, Qt.MouseButton.LeftButton)
    QTest.keyClick(field.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field.editor, "<b>Nobody</b>")
    QTest.keyClick(field.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: field.error.isVisible())
    assert "<b>Nobody</b>" in field.error.text()
    assert renders_literally(field.error)


# ---------------------------------------------------------- checks and history


def test_checks_and_history_show_names_literally(window, qtbot):
    checks = window.checks
    qtbot.waitUntil(lambda: bool(checks.items))
    shown = [item.text(0) for item in checks.items.values()]
    assert any(MATH in text for text in shown), shown  # cy is overloaded: the finding names them as typed

    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "dee"))
    assert window.controller.plan.rocks["r1"].owner == "dee"
    click(window, card_pos(window.view, window.board, "ben"))
    history = window.history
    qtbot.waitUntil(lambda: history.log.topLevelItemCount() == 1)
    assert BOLD in history.title.text() and renders_literally(history.title)
    item = history.log.topLevelItem(0)
    assert [tooltip_as_seen(item.toolTip(c)) for c in (1, 2, 3)] == [TITLE, BOLD, CARET]
    given = history.given.topLevelItem(0)
    assert given.text(0) == TITLE
    assert BOLD in history.given_title.text() and renders_literally(history.given_title)
    assert_all_literal(window)

    tips = [a.toolTip() for bar in window.findChildren(QToolBar) for a in bar.actions()]
    assert any(TITLE in tooltip_as_seen(t) for t in tips), tips  # "Undo Move '<i>Pricing</i>…'" as typed


# -------------------------------------------------------------------- dialogs


def test_picker_and_handoff_dialogs_show_names_literally(window, qtbot):
    window.settings.setValue("board/skip_handoff_note", False)
    click(window, chip_pos(window.view, window.board, "r1"))
    seen = {}

    def pick(dialog):
        assert isinstance(dialog, PersonPicker)
        seen["rows"] = dialog.model.stringList()
        seen["picker"] = [w.text() for w in dialog.findChildren(QLabel) if not renders_literally(w)]
        QTest.keyClicks(dialog.focusWidget(), "Ann")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    def note(dialog):
        assert isinstance(dialog, HandoffNoteDialog)
        seen["heading"] = dialog.heading.text()
        seen["rich"] = [w.text() for w in labels_with_plan_text(dialog) if not renders_literally(w)]
        QTest.mouseClick(dialog.without_button, Qt.MouseButton.LeftButton)

    when_modal(pick, PersonPicker)
    when_modal(note, HandoffNoteDialog)
    QTest.keyClick(window.view, Qt.Key.Key_M)
    assert window.controller.plan.rocks["r1"].owner == "cy"
    assert any(row.startswith(MATH) for row in seen["rows"])
    assert seen["picker"] == []
    assert seen["heading"] == f"Moving '{TITLE}' from {BOLD} to {MATH}"
    assert seen["rich"] == []


def test_error_box_shows_a_file_name_literally(window, tmp_path, monkeypatch):
    bad = tmp_path / "<b>broken.rocks.json"  # no "/" in a file name: one tag is enough for Qt
    bad.write_text("{not json")
    pick_files(monkeypatch, bad)
    press_key(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # File > Open..., then the file
    assert window.controller.path != bad  # not opened: an error box says why
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes
    assert "<b>broken.rocks.json" in boxes[-1].text()
    assert boxes[-1].textFormat() == Qt.TextFormat.PlainText
    QTest.keyClick(boxes[-1], Qt.Key.Key_Escape)


def test_unsaved_changes_prompt_shows_the_plan_name_literally(window):
    drag(window.view, chip_pos(window.view, window.board, "r2"), card_pos(window.view, window.board, "dee"))
    seen = []

    def answer(box):
        seen.append((box.text(), box.textFormat()))
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    when_modal(answer, QMessageBox)
    press_key(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # File > Quit
    assert window.isVisible()  # Cancel kept it open
    assert seen and PLAN in seen[0][0]
    assert seen[0][1] == Qt.TextFormat.PlainText


# ----------------------------------------------------------------- status bar


def test_status_bar_shows_typed_text_literally(window):
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.find_box, "<b>zzz</b>")
    QTest.keyClick(window.find_box, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "No person or rock matches '<b>zzz</b>'"
    # QStatusBar paints its message with drawText: plain text, whatever it holds.


def test_tip_round_trips_through_the_tooltip_renderer():
    for text in (BOLD, TITLE + "\nsecond line  with  spaces & more", "plain", "a < b"):
        assert tooltip_as_seen(tip(text)) == text
    assert tip("plain") == "plain"


# ------------------------------------------------------------------ load chart


def test_load_chart_draws_dollar_names_as_typed(window, qtbot):
    chart = window.load_chart
    click(window, card_pos(window.view, window.board, "cy"))
    click(window, card_pos(window.view, window.board, "dee"), Qt.KeyboardModifier.ControlModifier)
    assert window.controller.selected_people == ["cy", "dee"]
    qtbot.waitUntil(lambda: chart.shown == ["cy", "dee"])
    chart.canvas.draw()  # raises ParseException-based ValueError if a name is parsed as mathtext
    names = [t for t in chart.axes.texts if t.get_horizontalalignment() == "right"]  # beside the bars
    assert [t.get_text() for t in names] == [MATH, CARET]
    assert all(not t.get_parse_math() for t in names)
    # The team combo: the caption names the team, as typed.
    window.controller.select()
    chart.team_combo.setFocus()
    QTest.keyClick(chart.team_combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: chart.shown == ["dee"])
    chart.canvas.draw()
    assert chart.caption.text() == "<u>Team</u> $y$" and renders_literally(chart.caption)
