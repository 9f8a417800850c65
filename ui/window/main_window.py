"""The main window: the board in the middle, panels docked around it.

Menus, shortcuts, totals in the status bar and the window title live here;
opening, saving and recovery are in ui.files.document_actions, board operations in
ui.board.actions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import BASELINE
from planner.checks.headline import PLANNED, pm_parts
from planner.core.text import plural
from ui.board.actions import BoardActions
from ui.board.scene import BoardScene
from ui.board.view import BoardView
from ui.core.controller import DocController
from ui.core.deferred import Deferred
from ui.core.plain import tip
from ui.core.runner import Runner
from ui.files.document_actions import DocumentActions
from ui.whatif.hire_actions import HireActions
from ui.whatif.scenarios import ScenarioActions, label_of

if TYPE_CHECKING:  # the panels made after the window is up
    from ui.panels.checks import ChecksPanel
    from ui.panels.load_chart import LoadChartPanel
    from ui.panels.timeline import TimelinePanel

FIRST_RUN_HELP = (
    "<h3>Welcome to Rocks</h3>"
    "<p>A <b>rock</b> here is a chunk of <i>ongoing</i> product-management responsibility "
    "(roadmap, pricing, launches, dashboards...) that takes a share of someone's week. "
    "It is <b>not</b> the 90-day goal that EOS-style tools (Ninety, Traction Tools) call a Rock.</p>"
    "<p>Each card is a person with a load bar against their capacity and their rocks as chips, "
    "coloured by discipline. <b>Drag a chip</b> onto another card to hand the rock over; drag it to "
    "<i>Unowned</i> or <i>On the ground</i> to take it off everyone's back. Drag a <b>card</b> onto "
    "another to change who they report to. The <b>Checks</b> panel updates after every change; "
    "Ctrl+Z undoes anything.</p>"
)


EMPTY_PLAN_HINT = (
    "This plan has no people yet.\nAdd a person (Ctrl+Shift+N) or import a spreadsheet (File > Import spreadsheets...)."
)


class _Notice(QFrame):
    """A refusal too long for the status bar, shown in full over the top of the board
    (non-modal: the user reads it, closes it or it goes after a while)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("refusal_notice")
        self.setStyleSheet(
            "#refusal_notice { background: #fff4e5; border: 1px solid #e0a040; border-radius: 4px; }"
            "QLabel { color: #5c3b00; }"
        )
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # plan text: names may hold markup
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip("Close")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 4, 6)
        row.addWidget(self.label, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.place()
        self.show()
        self.raise_()
        self.timer.start(max(8000, 60 * len(text)))  # time to read it

    def place(self) -> None:
        parent = self.parentWidget()
        assert parent is not None  # made over the board view
        width = min(parent.width() - 40, 720)
        self.setFixedWidth(max(width, 200))
        self.adjustSize()
        self.move((parent.width() - self.width()) // 2, 12)


def _fill(holder: QWidget, panel: QWidget) -> None:
    """Put a panel made late into its place holder (a dock's widget since the window opened)."""
    layout = holder.layout()
    assert layout is not None
    layout.addWidget(panel)


def _add(target, action) -> None:
    """Add an action, a submenu or (None) a separator to a menu or toolbar."""
    if action is None:
        target.addSeparator()
    elif isinstance(action, QAction):
        target.addAction(action)
    else:
        target.addMenu(action)


class _StackButton(QAction):
    """Toolbar Undo/Redo with a short text; the full label is its tooltip."""

    def __init__(self, stack, redo: bool, parent: QWidget):
        super().__init__("Redo" if redo else "Undo", parent)
        self.triggered.connect(stack.redo if redo else stack.undo)
        # Bound methods of this QObject: Qt disconnects them when it goes.
        (stack.canRedoChanged if redo else stack.canUndoChanged).connect(self.setEnabled)
        (stack.redoTextChanged if redo else stack.undoTextChanged).connect(self._show_tip)
        self.setEnabled(stack.canRedo() if redo else stack.canUndo())

    def _show_tip(self, text: str) -> None:
        self.setToolTip(tip(text))  # "Move '<b>x</b>' to Dana": names are plan text


class MainWindow(QMainWindow):
    def __init__(self, controller: DocController, settings: QSettings | None = None, recovery_dir=None):
        super().__init__()
        self.controller = controller
        self.settings = settings or QSettings()
        self.setObjectName("RocksMainWindow")
        # The one runner for intents, handed to everything that changes the plan.
        self.runner = Runner(controller, self, self.settings)
        self.board = BoardScene(controller)
        self.view = BoardView(self.board, self, self.runner)
        self.board.setParent(self.view)  # the view goes first on teardown, then its scene
        self.setCentralWidget(self.view)
        self.actions_ = BoardActions(controller, self, self.runner)
        self.actions_.board = self.board
        self.docs = DocumentActions(self, controller, self.settings, recovery_dir)
        self.scenarios = ScenarioActions(controller, self, self.runner)
        self.hires = HireActions(controller, self, self.runner, self.board)
        self._build_panels()
        self._build_overlays()
        self._build_view_actions()
        self._build_menus()
        self._build_status()
        # Bound methods (never lambdas: Qt cannot tell whose they are), remembered so that
        # closing disconnects them: the controller outlives the window, and its undo stack
        # signals once more when deleted at exit (clear() -> cleanChanged).
        self._listening: list[tuple[SignalInstance, Callable[..., object]]] = []
        for signal, slot in (
            (controller.changed, self._on_changed),
            (controller.document_replaced, self._on_replaced),
            (controller.scenario_switched, self._on_scenario_switched),
            (controller.scenarios_changed, self.update_title),  # the shown one may be renamed
            (self.docs.title_changed, self.update_title),  # saved, saved as, reloaded, restored
            (controller.message, self._show_message),
            (self.runner.refused, self._on_refused),
            (controller.focus_requested, self._on_focus),
            (controller.undo_stack.cleanChanged, self._on_clean_changed),
        ):
            signal.connect(slot)
            self._listening.append((signal, slot))
        # A controller deleted first (at exit, the window never closed): stop before its stack goes.
        controller.destroyed.connect(self._stop_listening)
        self.view.context_requested.connect(self._context_menu)
        self.update_title()
        self._update_totals()
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.width() > 800:
            self.resize(int(screen.width() * 0.94), int(screen.height() * 0.92))
        else:
            self.resize(1400, 900)
        self._restore_layout()
        QTimer.singleShot(0, self.view.show_top)

    # ------------------------------------------------------------ panels

    def _build_panels(self) -> None:
        from ui.panels.history import HistoryPanel
        from ui.panels.inspector import InspectorPanel
        from ui.panels.people import PeoplePanel

        self.inspector = InspectorPanel(self.controller, runner=self.runner)
        self.people = PeoplePanel(self.controller, runner=self.runner)  # builds its rows when first shown
        self.history = HistoryPanel(self.controller)
        # The Checks list (0.5 s for 12k findings) and the load chart (matplotlib:
        # ~1 s to import and draw) fill in just after the window is up, so a big
        # plan shows its board first.
        self.checks: ChecksPanel | None = None
        self.load_chart: LoadChartPanel | None = None
        self._holders = {key: QWidget(self) for key in ("checks", "load", "timeline")}
        for holder in self._holders.values():
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        QTimer.singleShot(0, self._schedule_panels)
        self.docks: dict[str, QDockWidget] = {}
        for key, title, widget, area in (
            ("inspector", "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea),
            ("checks", "Checks", self._holders["checks"], Qt.DockWidgetArea.RightDockWidgetArea),
            ("load", "Load", self._holders["load"], Qt.DockWidgetArea.BottomDockWidgetArea),
            ("history", "History", self.history, Qt.DockWidgetArea.BottomDockWidgetArea),
            ("timeline", "Timeline", self._holders["timeline"], Qt.DockWidgetArea.BottomDockWidgetArea),
            ("people", "People", self.people, Qt.DockWidgetArea.BottomDockWidgetArea),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock_{key}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self.tabifyDockWidget(self.docks["load"], self.docks["history"])
        self.tabifyDockWidget(self.docks["history"], self.docks["timeline"])
        self.tabifyDockWidget(self.docks["timeline"], self.docks["people"])
        self.timeline: TimelinePanel | None = None  # the growth forecast (pandas + matplotlib): made when its tab is first shown
        self.docks["timeline"].visibilityChanged.connect(self._create_timeline)
        self.docks["load"].raise_()
        self.resizeDocks([self.docks["inspector"], self.docks["checks"]], [380, 420], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["inspector"]], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["load"]], [300], Qt.Orientation.Vertical)

    def _schedule_panels(self) -> None:
        """The deferred panels' delays count from the event loop's first turn (the window up):
        counted from the constructor, they had run out before the first paint of a big plan."""
        QTimer.singleShot(50, self._create_checks)
        QTimer.singleShot(250, self._create_load_chart)

    def _controller_gone(self) -> bool:
        """At exit the controller may be deleted before a panel's timer fires (the app quit)."""
        return not shiboken6.isValid(self.controller)

    def _create_checks(self) -> None:
        if self.checks is None and not self._controller_gone():
            from ui.panels.checks import ChecksPanel

            self.checks = ChecksPanel(self.controller)
            _fill(self._holders["checks"], self.checks)

    def _create_load_chart(self) -> None:
        if self.load_chart is None and not self._controller_gone():
            from ui.panels.load_chart import LoadChartPanel

            self.load_chart = LoadChartPanel(self.controller)
            _fill(self._holders["load"], self.load_chart)

    def _create_timeline(self, visible: bool) -> None:
        if visible and self.timeline is None and not self._controller_gone():
            from ui.panels.timeline import TimelinePanel

            self.timeline = TimelinePanel(self.controller)
            _fill(self._holders["timeline"], self.timeline)

    def _build_view_actions(self) -> None:
        def act(text, slot, shortcut=None) -> QAction:
            action = QAction(text, self)
            if shortcut:
                action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        self.zoom_in = act(
            "Zoom &in", lambda: self.view.zoom_by(1.25), [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")]
        )
        self.zoom_out = act("Zoom &out", lambda: self.view.zoom_by(0.8), [QKeySequence.StandardKey.ZoomOut])
        self.fit = act("&Fit to window", self.view.fit, "Ctrl+0")
        self.actual = act("&Actual size", self.view.reset_zoom, "Ctrl+1")
        self.expand_all = act("&Expand all", lambda: self.board.set_all_collapsed(False), "Ctrl+Shift+E")
        self.collapse_all = act("&Collapse all", lambda: self.board.set_all_collapsed(True))
        self.find_action = act("&Find...", self._focus_find, QKeySequence.StandardKey.Find)
        self.minimap_action = act("&Minimap", self._toggle_minimap, "Ctrl+Shift+M")
        self.minimap_action.setCheckable(True)
        self.minimap_action.setChecked(True)
        self.level_actions = []
        for level in range(1, 6):
            self.level_actions.append(
                act(f"Expand to level {level}", lambda _=False, n=level: self.board.expand_to_level(n))
            )

    def _toggle_minimap(self) -> None:
        self.view.minimap.wanted = self.minimap_action.isChecked()
        self.view.minimap.place()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        c = self.controller
        undo = c.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = c.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action = undo  # its text names the change Ctrl+Z will undo
        for stack_action in (undo, redo):
            self.addAction(stack_action)

        file_menu = bar.addMenu("&File")
        for action in self.docs.file_actions():
            _add(file_menu, action)
        from ui.export.dialog import install_export_actions  # File > Export..., Print... (before Quit)

        install_export_actions(self)

        edit = bar.addMenu("&Edit")
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        edit.addAction(self.find_action)
        edit.addSeparator()
        edit.addAction(self.actions_.ask_note)
        from ui.dialogs.settings import install_settings_actions  # Edit > Check settings... (Ctrl+,)

        install_settings_actions(self, edit)

        a = self.actions_
        board = bar.addMenu("&Board")
        for action in (
            a.move_to,
            a.unassign,
            a.drop,
            a.restore,
            a.split,
            a.delete_rock,
            None,
            a.report_to,
            a.add_person,
            a.add_rock,
            a.add_team,
            a.remove_person,
            None,
            a.seed,
        ):
            _add(board, action)

        bar.addMenu(self.scenarios.menu)
        bar.addMenu(self.hires.menu)

        view = bar.addMenu("&View")
        for action in (self.zoom_in, self.zoom_out, self.fit, self.actual):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.expand_all)
        view.addAction(self.collapse_all)
        levels = view.addMenu("Expand to &level")
        for action in self.level_actions:
            levels.addAction(action)
        view.addAction(self.board.compact_action)
        view.addMenu("Colour ca&rds by").addActions(self.board.color_actions)
        view.addAction(self.minimap_action)
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        from ui.panels.people import install_people_dock  # Ctrl+Shift+P shows it, Ctrl+Shift+F filters it

        view.addAction(install_people_dock(self, self.people, self.docks["people"]))

        help_menu = bar.addMenu("&Help")
        help_menu.addAction("&What are rocks?", self.show_help)

        tools = QToolBar("Main", self)
        tools.setObjectName("toolbar_main")
        tools.setMovable(False)
        # Short toolbar buttons; the full "Undo Move 'Pricing' to Dana" is in the
        # Edit menu and the buttons' tooltips.
        stack = self.controller.undo_stack
        short = [_StackButton(stack, False, self), _StackButton(stack, True, self)]
        for action in (
            self.docs.new_action,
            self.docs.open_action,
            self.docs.save_action,
            None,
            *short,
            None,
            self.zoom_out,
            self.zoom_in,
            self.fit,
            None,
            a.move_to,
            a.drop,
            self.hires.simulate,
        ):
            _add(tools, action)
        tools.addSeparator()
        tools.addWidget(self.scenarios.switcher)
        tools.addSeparator()
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find person or rock (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(280)
        self.find_box.returnPressed.connect(self.find_next)
        tools.addWidget(self.find_box)
        self.addToolBar(tools)
        self._find_hits: list[tuple[str, str]] = []
        self._find_index = -1
        self._find_text = ""

    def _build_overlays(self) -> None:
        """The empty-plan hint (centred on the board) and the refusal notice (top)."""
        self.empty_hint = QLabel(EMPTY_PLAN_HINT, self.view)
        self.empty_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #667085; font-size: 15px;")
        self.empty_hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # right-click still works
        self.notice = _Notice(self.view)
        self.view.installEventFilter(self)
        self._update_empty_hint()

    def _place_overlays(self) -> None:
        view = self.view
        width = min(view.width() - 40, 560)
        self.empty_hint.setFixedWidth(max(width, 200))
        self.empty_hint.adjustSize()
        self.empty_hint.move(
            (view.width() - self.empty_hint.width()) // 2, (view.height() - self.empty_hint.height()) // 2
        )
        if self.notice.isVisible():
            self.notice.place()

    def _update_empty_hint(self) -> None:
        empty = not self.controller.plan.people
        if empty:
            self._place_overlays()
        self.empty_hint.setVisible(empty)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.view and event.type() == QEvent.Type.Resize:
            self._place_overlays()
        return super().eventFilter(obj, event)

    def _build_status(self) -> None:
        self.totals = QLabel(self)
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.totals)
        self._totals = Deferred(self, self._update_totals)

    # ----------------------------------------------------------- updates

    def _on_changed(self, _changes, _keys) -> None:
        self._totals.schedule()
        self._update_empty_hint()

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_clean_changed(self, _clean: bool) -> None:
        self.update_title()

    def _update_totals(self) -> None:
        s = self.controller.analysis.summary()
        # PMs and PM:eng today and once planned hires start (one set when planned hires change nothing).
        today, planned = pm_parts(s, engineers=False)
        pms = today if planned is None else f"{today} today  ·  {planned} {PLANNED}"
        self.totals.setText(
            f"{plural(s['people'], 'person', 'people')}  ·  {plural(s['engineers'], 'engineer')}  ·  {pms}  ·  "
            f"{s['overloaded']} overloaded  ·  {s['unowned_rocks']} unowned  ·  "
            f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}"
        )

    def update_title(self) -> None:
        c = self.controller
        name = c.path.name if c.path else f"{c.plan.name} (not saved)"
        shown = c.document.active
        scenario = "" if shown == BASELINE else f" — {label_of(shown)}"
        self.setWindowTitle(f"{name}[*]{scenario} — Rocks")
        self.setWindowModified(c.is_modified())

    def _on_replaced(self) -> None:
        self._on_scenario_switched()
        QTimer.singleShot(0, self.view.show_top)

    def _on_scenario_switched(self) -> None:
        """Another plan or scenario shown; for a scenario the view keeps its place, for comparing."""
        self.update_title()
        self._update_totals()
        self._update_empty_hint()
        self.notice.hide()
        # The last plan's search means nothing here: clear the box and its matches.
        self.find_box.clear()
        self._find_hits, self._find_index, self._find_text = [], -1, ""

    def _on_refused(self, text: str) -> None:
        """Say why something was refused, in full: the status bar, and a notice when it would not fit."""
        bar = self.statusBar()
        bar.showMessage(text, 10000)
        room = bar.width() - self.totals.width() - 40
        if "\n" in text or bar.fontMetrics().horizontalAdvance(text) > room:
            self.notice.show_text(text)

    def _on_focus(self) -> None:
        c = self.controller
        plan = c.plan
        pid = c.selected_people[0] if c.selected_people else None
        if pid is None and c.selected_rocks:
            rock = plan.rocks.get(c.selected_rocks[0])
            pid = rock.owner if rock is not None and rock.state == "active" else None
        if pid is not None and pid in plan.people:
            self.board.reveal(pid)
            self.view.center_on_person(pid)

    def _context_menu(self, global_pos, kind: str, ident: str) -> None:
        menu = self.actions_.context_menu(kind, ident, [self.fit, self.expand_all, self.collapse_all])
        menu.popup(global_pos)

    # -------------------------------------------------------------- find

    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self) -> None:
        """Find a person or rock by name; Enter again goes to the next match."""
        text = self.find_box.text().strip().lower()
        if not text:
            return
        if text != self._find_text:
            plan = self.controller.plan
            hits = [("person", p.id) for p in plan.people.values() if text in p.name.lower()]
            hits += [("rock", r.id) for r in plan.rocks.values() if text in r.title.lower()]
            self._find_hits, self._find_index, self._find_text = hits, -1, text
        if not self._find_hits:
            self.statusBar().showMessage(f"No person or rock matches '{self.find_box.text()}'", 5000)
            return
        self._find_index = (self._find_index + 1) % len(self._find_hits)
        kind, ident = self._find_hits[self._find_index]
        if ident not in self.controller.plan.people and ident not in self.controller.plan.rocks:
            self._find_text = ""
            return
        if kind == "person":
            self.controller.focus([ident], [])
        else:
            self.controller.focus([], [ident])
        self.statusBar().showMessage(f"Match {self._find_index + 1} of {len(self._find_hits)}", 4000)

    # ----------------------------------------------------------- layout

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())

    def show_help(self) -> None:
        QMessageBox.about(self, "What are rocks?", FIRST_RUN_HELP)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.docs.maybe_save("closing"):
            event.ignore()
            return
        self.save_layout()
        self.docs.shutdown()
        self._stop_listening()
        event.accept()

    def _stop_listening(self, *_args) -> None:
        """Closed for good: nothing the controller (or its undo stack) says reaches this window again."""
        for signal, slot in self._listening:
            with contextlib.suppress(RuntimeError, TypeError):  # already gone
                signal.disconnect(slot)
        self._listening = []
