"""Helpers shared by the UI test files: the board test plan, real mouse and keyboard gestures,
waiting for modal dialogs. A test file imports these, never another test file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from models import Person, Plan, Rock, Team
from planner.planfile.recovery import RecoveryStore
from tests.planner.helpers import small_plan
from ui.board.scene import BoardScene
from ui.board.view import BoardView
from ui.core.controller import DocController
from ui.window.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]

NO_MOD = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def tool(name: str) -> str:
    """The path of an optional outside program (qpdf, pdftoppm...); the test is skipped without it."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


# ------------------------------------------------------------------ plans


def make_plan() -> Plan:
    """The board test plan: Ana heads Ben and Cy (110%, overloaded); Dee reports to Cy; 'Design system' unowned."""
    plan = Plan(name="Board test")
    for p in (
        Person("ana", "Ana Head", "Head of Product"),
        Person("ben", "Ben Park", "Product Manager", manager="ana"),
        Person("cy", "Cy Moss", "Product Manager", manager="ana"),
        Person("dee", "Dee Lin", "Product Designer", manager="cy"),
    ):
        plan.people[p.id] = p
    for r in (
        Rock("r1", "Pricing", "operations", 40, "ben"),
        Rock("r2", "Roadmap", "product", 30, "ben"),
        Rock("r3", "Launches", "marketing", 70, "cy"),
        Rock("r4", "Stand-ups", "project", 40, "cy"),
        Rock("r5", "Design system", "design", 20, None),
    ):
        plan.rocks[r.id] = r
    return plan


def seed_plan() -> Plan:
    """A founder and a team of six engineers: no PM yet."""
    plan = Plan(name="Seed")
    plan.people["ana"] = Person("ana", "Ana Head", "CEO")
    plan.teams["t1"] = Team("t1", "Core", headcount=6)
    return plan


def imported_org() -> Plan:
    """What `rocks import` leaves: a CEO and four engineers, no rocks (ready to seed)."""
    plan = Plan(name="Imported")
    plan.people["ceo"] = Person("ceo", "Ada Byron", "CEO")
    for i in range(4):
        plan.people[f"e{i}"] = Person(f"e{i}", f"Eng {i}", "Software Engineer", manager="ceo")
    return plan


def planned_pm():
    """The command that adds a planned PM (no start date) under Ana of ``seed_plan``."""
    from planner.editing.commands import AddPerson

    return AddPerson(Person("pm", "New PM", "Product Manager", manager="ana", status="planned"))


# ------------------------------------------------------------------ windows


def open_window(
    qtbot,
    tmp_path: Path,
    plan: Plan | None = None,
    *,
    size: tuple[int, int] = (1400, 900),
    handoff_note: bool = False,
    show: bool = True,
    active: bool = True,
    centre: bool = True,
    closed_by_test: bool = False,
) -> MainWindow:
    """The main window on ``plan`` (the board test plan by default), settings and recovery in ``tmp_path``.

    ``handoff_note``: ask for a note on every move (off: moves happen at once). ``active``: the
    window is made active, as shortcuts and focus-out commits need. ``centre``: the view is at
    100% and centred on the cards. ``closed_by_test``: the test closes the window itself (qtbot
    does not, and nothing unsaved is silenced at teardown).
    """
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    if not handoff_note:
        settings.setValue("board/skip_handoff_note", True)
    win = MainWindow(
        DocController(plan if plan is not None else make_plan()), settings, recovery_dir=tmp_path / "recovery"
    )
    if not closed_by_test:  # closed after the test, with nothing unsaved to ask about
        qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    if not show:
        return win
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    if active:
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
    if centre:
        QApplication.processEvents()  # the window's first framing (view.show_top) is queued: let it pass first
        win.view.resetTransform()
        win.view.centerOn(win.board.visible_cards_rect().center())
    return win


def open_board(qtbot, plan: Plan | None = None, size: tuple[int, int] = (1200, 800)):
    """A board view alone (no window) on ``plan``: (controller, scene, view)."""
    controller = DocController(plan if plan is not None else make_plan())
    scene = BoardScene(controller)
    view = BoardView(scene)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return controller, scene, view


def open_dialog(qtbot, dialog: QDialog) -> QDialog:
    """Show ``dialog`` (non-modally) and make it the active window, as for a user."""
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # shortcuts and focus need the window active, as for a user
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


# ------------------------------------------------------------------ where things are on the board


def chip_pos(view: BoardView, scene: BoardScene, rock_id: str) -> QPoint:
    """The viewport point of a rock's chip, on its owner's card or in a tray."""
    for card in scene.cards.values():
        for rid, rect in card.chip_scene_rects():
            if rid == rock_id:
                return view.mapFromScene(rect.center())
    for tray in (scene.unowned_tray, scene.ground_tray):
        for chip, rect in zip(tray.chips, tray.chip_rects):
            if chip.rock_id == rock_id:
                local = rect.translated(8.0, 28.0).center()
                return view.mapFromScene(tray.pos()) + QPoint(int(local.x()), int(local.y()))
    raise AssertionError(f"no chip for {rock_id}")


def card_pos(view: BoardView, scene: BoardScene, pid: str) -> QPoint:
    """The viewport point of a person's card header."""
    card = scene.cards[pid]
    return view.mapFromScene(card.scenePos() + QPointF(120.0, 20.0))


def tray_pos(view: BoardView, scene: BoardScene, kind: str) -> QPoint:
    """The viewport point of the unowned tray (``kind="unowned"``) or the dropped-rocks tray."""
    tray = scene.unowned_tray if kind == "unowned" else scene.ground_tray
    return view.mapFromScene(tray.pos()) + QPoint(150, 10)


# ------------------------------------------------------------------ gestures


def click_board(window, pos: QPoint, modifier=NO_MOD) -> None:
    """A left click at ``pos`` on the window's board viewport."""
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def drag(view: BoardView, start: QPoint, end: QPoint, modifier=NO_MOD) -> None:
    """Press, six moves and release on the viewport: an in-scene drag as a user makes it."""
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, modifier, start)
    steps = 6
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        QTest.mouseMove(vp, p)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, modifier, end)


def move_r1_to_cy(window) -> None:
    """Drag 'Pricing' from Ben to Cy on the board."""
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    assert window.controller.plan.rocks["r1"].owner == "cy"


def click_widget(widget) -> None:
    """A left click; on a check box, on its box (the widget may be wider than its text)."""
    at = QPoint(8, widget.height() // 2) if isinstance(widget, QCheckBox) else QPoint()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, NO_MOD, at)


def press_button(button) -> None:
    """A left click on a button."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def click_box_button(box: QMessageBox, text: str) -> None:
    """Click the message box button labelled ``text`` (mnemonics ignored)."""
    texts = [b.text().replace("&", "") for b in box.buttons()]
    assert text in texts, (box.text(), texts)
    button = box.buttons()[texts.index(text)]
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def press_key(window, key, modifier=NO_MOD) -> None:
    """A key on the board; the window is active again first, as for a user after a dialog closed
    (the offscreen platform leaves focus on a closed dialog or combo popup)."""
    window.activateWindow()
    for _ in range(100):
        if QApplication.activeWindow() is window:
            break
        QTest.qWait(10)
    assert QApplication.activeWindow() is window
    QTest.keyClick(window.view, key, modifier)


def press_save(window, shift: bool = False) -> None:
    """Ctrl+S (Ctrl+Shift+S) as a user types it; the window is active again after an earlier dialog."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    mods = CTRL
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.view, Qt.Key.Key_S, mods)


def click_menu(window, qtbot, title: str, text: str) -> None:
    """Open a menu bar menu with the mouse and click one of its actions (mnemonics ignored)."""
    bar = window.menuBar()
    menu_action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu_action).center())
    menu = menu_action.menu()
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled(), f"{text} is enabled"
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def choose(combo: QComboBox, field: str) -> None:
    """Pick a field as a keyboard user does: focus the combo, Home, then Down until it shows."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == field:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"no {field!r} in the combo")


def new_scenario(window, name: str) -> None:
    """Scenario > New scenario from this one... (Ctrl+Alt+N), type a name, Enter."""
    from ui.whatif.scenarios import NameDialog

    def fill(dialog: NameDialog) -> None:
        QTest.keyClicks(dialog.edit, name)
        QTest.keyClick(dialog.edit, Qt.Key.Key_Return)

    when_modal(fill, NameDialog)
    press_key(window, Qt.Key.Key_N, CTRL_ALT)


# ------------------------------------------------------------------ compare view


def compare_row(view, section: str, text: str):
    """The compare tree's row holding ``text`` under the section starting with ``section``."""
    tree = view.tree
    for i in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(i)
        if head.text(0).startswith(section):
            for j in range(head.childCount()):
                if text in head.child(j).text(0):
                    return head.child(j)
    raise AssertionError(f"no row {text!r} under {section!r}")


def click_row(view, item) -> None:
    """A left click on a row of the compare tree."""
    tree = view.tree
    tree.scrollToItem(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


# ------------------------------------------------------------------ modal dialogs and message boxes


def when_modal(callback, kind=QWidget) -> None:
    """Run ``callback(dialog)`` once a modal dialog of ``kind`` is up (dialogs use exec())."""

    def poll():
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind) or not widget.isVisible():
            QTimer.singleShot(20, poll)
            return
        callback(widget)

    QTimer.singleShot(20, poll)


def message_boxes() -> list[QMessageBox]:
    """The message boxes on screen."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def visible_box(name: str) -> QMessageBox | None:
    """The message box on screen whose object name is ``name``, if any."""
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == name:
            return w
    return None


class Paints(QObject):
    """Counts the paint events ``widget`` receives: wait for ``count`` to grow, not for a fixed time."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False

    def wait_for_paint(self, qtbot) -> None:
        """Wait until the widget has been painted since the last call (or since this counter was made)."""
        qtbot.waitUntil(lambda: self.count > 0, timeout=5000)
        self.count = 0


def wait_for(condition, timeout: float = 20.0) -> bool:
    """Process events until ``condition()`` (inside a modal dialog's loop, where qtbot cannot wait)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTest.qWait(20)
    return True


def when_dialog(action) -> None:
    """Run ``action(dialog)`` once the modal import preview is up (it blocks the test in exec())."""
    from ui.files.import_mapping import ImportMappingDialog

    def poll() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, ImportMappingDialog) and w.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(20, poll)
        else:
            try:
                action(dialog)
                # The preview stays open while the import runs, and on a failing step.
                wait_for(lambda: not dialog.isVisible() or (dialog.problems.isVisible() and not dialog.busy))
            finally:  # a failed step must not leave the modal dialog blocking the test forever
                if dialog.isVisible():
                    dialog.reject()

    QTimer.singleShot(0, poll)


def save_answers(monkeypatch, *answers: Path | str) -> list[str]:
    """The save dialog answers with ``answers`` in turn ("" is Cancel); returns the start paths it was given."""
    queue = [str(a) for a in answers]
    starts: list[str] = []

    def dialog(_parent, _title, start, _filter, *args, **kwargs):
        starts.append(start)
        return (queue.pop(0) if queue else ""), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return starts


def accept_preview() -> None:
    """The column preview comes up before every import: accept its guesses with a click."""
    from ui.files.import_mapping import ImportMappingDialog

    tries = [250]  # a file the preview cannot read goes straight to the import's error: stop looking

    def poll() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, ImportMappingDialog) and w.isVisible()), None
        )
        if dialog is not None:
            QTest.mouseClick(dialog.findChild(QPushButton, "import_button"), Qt.MouseButton.LeftButton)
        elif tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def pick_files(monkeypatch, *paths: Path | str) -> None:
    """The two file dialogs (people, then rocks) answer with ``paths``; "" is Cancel."""
    answers = [str(p) for p in paths]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (answers.pop(0) if answers else "", ""))
    )


# ------------------------------------------------------------------ recovery


def crashed_sessions(folder: Path, names: list[tuple[str, str | None, str]]) -> RecoveryStore:
    """Recovery copies left by a dead process: (session id, original path or None, plan name)."""
    store = RecoveryStore(folder)
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    for n, (sid, original, name) in enumerate(names):
        plan = small_plan()
        plan.name = name
        store.write(plan, original, sid)
        path = store.meta_path(sid)
        meta = json.loads(path.read_text())
        meta.update(pid=process.pid, saved_at=f"2024-05-0{n + 1}T10:00:00+00:00")
        path.write_text(json.dumps(meta))
    return store


def run_recovery_dialog(window, steps) -> bool:
    """offer_recovery() with the dialog driven by ``steps(dialog)`` once it is up."""
    from ui.files.recovery import RecoveryDialog

    seen = []
    when_modal(lambda dialog: (seen.append(dialog), steps(dialog)), RecoveryDialog)
    result = window.docs.offer_recovery()
    assert seen, "the recovery dialog was shown"
    return result


# ------------------------------------------------ the real app started on a file

_STARTUP = """
import json, sys
sys.path.insert(0, {repo!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from ui.window.app import create_app, run

app = create_app(["rocks"])

def fits(label):
    if not label.isVisible() or not label.text():
        return True
    inside = label.geometry().right() < label.parentWidget().width()
    if label.wordWrap():
        return inside and label.heightForWidth(label.width()) <= label.height()
    return inside and label.sizeHint().width() <= label.width()

def look():
    boxes = [w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    if not boxes:
        QTimer.singleShot(50, look)
        return
    box = boxes[0]
    labels = [box.findChild(QLabel, n) for n in ("qt_msgbox_label", "qt_msgbox_informativelabel")]
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "RocksMainWindow")
    seen = dict(
        title=box.windowTitle(),
        text=box.text(),
        informative=box.informativeText(),
        details=box.detailedText(),
        fits=[fits(label) for label in labels if label is not None],
        status=window.statusBar().currentMessage(),
        window=window.windowTitle(),
    )
    print(json.dumps(seen))
    sys.stdout.flush()
    box.close()
    window.controller.undo_stack.setClean()
    app.quit()

QTimer.singleShot(0, look)
QTimer.singleShot(20000, app.quit)
run({path!r})
"""


def error_box_at_start(tmp_path: Path, path: Path, screen_size: tuple[int, int]) -> dict:
    """Start the real app on ``path`` as a fresh user on a screen of ``screen_size`` and report
    the error box it shows (title, texts, whether each label shows its whole text), the status
    bar and the window title."""
    import os

    screen = tmp_path / "screen.json"
    width, height = screen_size
    screen.write_text(
        json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}]})
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the app's QSettings: a fresh user
        "XDG_DATA_HOME": str(tmp_path / "data"),  # its recovery folder: empty
        "HOME": str(tmp_path),
    }
    code = _STARTUP.format(repo=str(REPO), path=str(path))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-3000:]
    return json.loads(lines[-1])
