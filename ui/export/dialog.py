"""File > Export..., File > Print... and File > Export review pack...

Export works on the plan shown (the baseline or the scenario switched to). The
dialog picks a format and its options and previews the result as the options
change: the chart as an image, a table as its first rows, a graph as its node
and edge counts. Writing runs in the GUI thread behind a progress dialog whose
Cancel stops the writer (planner.exports.exporting.Cancelled); the writers go through
planner.exports.exporting.atomic_output, so a cancelled or failed export leaves no file.
Plan text is shown as plain text everywhere (names may hold markup).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import BASELINE
from planner.core.errors import PlanError
from planner.core.text import one_line
from planner.exports import exporting
from planner.exports.exporting import TABLES, ChartOptions
from planner.tree.board import COLLAPSE_AT, OPEN_LEVELS
from ui.core.actions import make_action
from ui.core.dialogs import ERROR_STYLE, HINT_STYLE
from ui.export.review_dialog import ReviewPackDialog
from ui.export.writing import (
    FOLDER_KEY,
    default_name,
    ensure_renderers,
    mnemonic_safe,
    plain_label,
    remembered_folder,
    run_with_progress,
)
from ui.files.prompts import ask_save_path
from ui.whatif.scenarios import label_of

FORMAT_KEY = "export/format"  # the last format chosen
PREVIEW_ROWS = 50
PREVIEW_DPI = 96  # the chart preview at screen resolution (100% when not fitted)...
PREVIEW_PIXELS = 24_000_000  # ...or lower, so a big org's preview stays under ~100 MB
MEASURE_FROM = 150  # people: from here the chart is measured first to choose the preview's resolution
PREVIEW_DELAY_MS = 200  # options typed in quick succession draw one preview
ALL_LEVELS = -1  # the depth box's "All levels"


@dataclass(frozen=True)
class Format:
    suffix: str
    label: str
    kind: str  # "chart", "table" or "graph"
    filter: str


FORMATS = (
    Format(".pdf", "PDF chart", "chart", "PDF files (*.pdf)"),
    Format(".svg", "SVG chart", "chart", "SVG images (*.svg)"),
    Format(".png", "PNG chart", "chart", "PNG images (*.png)"),
    Format(".xlsx", "Excel workbook", "table", "Excel workbooks (*.xlsx)"),
    Format(".csv", "CSV table", "table", "CSV files (*.csv)"),
    Format(".graphml", "GraphML", "graph", "GraphML files (*.graphml)"),
    Format(".dot", "DOT (Graphviz)", "graph", "Graphviz DOT files (*.dot *.gv)"),
)
REVIEW_FILTER = "PDF files (*.pdf)"
COMPACT_CHOICES = (("Auto (on from the board's size)", None), ("On", True), ("Off", False))


# ------------------------------------------------------------------ export


class ExportDialog(QDialog):
    """Format, options, a live preview, then the file chooser and the export itself."""

    def __init__(self, controller, settings: QSettings, parent: QWidget | None = None, status=None):
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export")
        self.c = controller
        self.settings = settings
        self.status: Callable[[str], None] = status or (lambda _text: None)
        self.written: Path | None = None
        self.selected = next((p for p in controller.selected_people if p in controller.plan.people), None)
        self._image: QImage | None = None
        self._image_dpi = PREVIEW_DPI

        self.format_box = QComboBox(self)
        self.format_box.setObjectName("export_format")
        for fmt in FORMATS:
            self.format_box.addItem(f"{fmt.label} ({fmt.suffix})", fmt.suffix)
        last = str(settings.value(FORMAT_KEY, ".pdf"))
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(last)))

        # Chart options
        self.whole = QRadioButton("Whole organisation", self)
        self.whole.setObjectName("export_whole")
        who = one_line(controller.plan.people[self.selected].name) if self.selected else ""
        self.subtree = QRadioButton(
            mnemonic_safe(f"Only under {who}") if who else "Only under the selected person (select one first)", self
        )
        self.subtree.setObjectName("export_subtree")
        self.subtree.setEnabled(self.selected is not None)
        self.whole.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.whole)
        scope.addButton(self.subtree)
        self.depth_box = QSpinBox(self)
        self.depth_box.setObjectName("export_depth")
        self.depth_box.setRange(ALL_LEVELS, 99)
        self.depth_box.setSpecialValueText("All levels")
        self.depth_box.setValue(ALL_LEVELS)
        big = len(controller.plan.people) >= COLLAPSE_AT
        if big:  # as the board opens a big org: three levels (10k people fill ~900 PDF pages)
            self.depth_box.setValue(OPEN_LEVELS - 1)
        self.depth_box.setToolTip("Levels drawn below the top person (0: the top person only)")
        self.compact = QComboBox(self)
        self.compact.setObjectName("export_compact")
        for text, value in COMPACT_CHOICES:
            self.compact.addItem(text, value)
        self.dpi = QSpinBox(self)
        self.dpi.setObjectName("export_dpi")
        self.dpi.setRange(50, 600)
        self.dpi.setSingleStep(50)
        self.dpi.setValue(150)
        self.dpi.setSuffix(" dpi")
        self.chart_group = QGroupBox("Chart", self)
        chart_form = QFormLayout(self.chart_group)
        chart_form.addRow(self.whole)
        chart_form.addRow(self.subtree)
        chart_form.addRow("Depth:", self.depth_box)
        if big:
            chart_form.addRow(
                plain_label(
                    f"A big org: {OPEN_LEVELS} levels by default. Choose All levels to draw everyone.", HINT_STYLE
                )
            )
        chart_form.addRow("Compact layout:", self.compact)
        self.dpi_label = QLabel("Resolution:")
        chart_form.addRow(self.dpi_label, self.dpi)

        # Table options
        self.table_box = QComboBox(self)
        self.table_box.setObjectName("export_table")
        for name in (*TABLES, "teams"):
            self.table_box.addItem(name.capitalize(), name)
        self.table_hint = plain_label(style=HINT_STYLE)
        self.table_group = QGroupBox("Table", self)
        table_form = QFormLayout(self.table_group)
        self.table_label = QLabel("Table:")
        table_form.addRow(self.table_label, self.table_box)
        table_form.addRow(self.table_hint)

        self.graph_group = QGroupBox("Graph", self)
        graph_layout = QVBoxLayout(self.graph_group)
        graph_layout.addWidget(
            plain_label(
                "People and rocks as nodes; reporting and dotted lines, owners and contributors as edges.",
                HINT_STYLE,
            )
        )

        scenario = controller.document.active
        what = plain_label(
            f"Exporting {one_line(controller.plan.name, 120)}"
            + ("" if scenario == BASELINE else f" — scenario {label_of(scenario)}"),
            name="export_subject",
        )
        options = QVBoxLayout()
        options.addWidget(what)
        format_row = QFormLayout()
        format_row.addRow("Format:", self.format_box)
        options.addLayout(format_row)
        for group in (self.chart_group, self.table_group, self.graph_group):
            options.addWidget(group)
        options.addStretch(1)

        # Preview
        self.preview_image = QLabel(self)
        self.preview_image.setObjectName("export_preview_image")
        self.preview_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_scroll = QScrollArea(self)
        self.preview_scroll.setWidget(self.preview_image)
        self.preview_scroll.setWidgetResizable(False)
        self.preview_scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_scroll.setStyleSheet("QScrollArea { background: white; }")
        self.preview_table = QTableWidget(self)
        self.preview_table.setObjectName("export_preview_table")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setWordWrap(False)
        self.preview_graph = plain_label(name="export_preview_graph")
        self.preview_graph.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_stack = QStackedWidget(self)
        for widget in (self.preview_scroll, self.preview_table, self.preview_graph):
            self.preview_stack.addWidget(widget)
        self.preview_note = plain_label(style=HINT_STYLE, name="export_preview_note")
        self.fit = QCheckBox("&Fit to width", self)
        self.fit.setObjectName("export_fit")
        self.fit.setChecked(True)
        self.fit.setToolTip("Off: the chart at screen size, to read it (scroll to move around)")
        self.fit.toggled.connect(lambda _on: self._show_image())
        heading = QHBoxLayout()
        heading.addWidget(QLabel("Preview"), 1)
        heading.addWidget(self.fit)
        preview = QVBoxLayout()
        preview.addLayout(heading)
        preview.addWidget(self.preview_stack, 1)
        preview.addWidget(self.preview_note)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export...", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export_go")
        self.export_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addLayout(options, 0)
        body.addLayout(preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 640)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        for signal in (
            self.whole.toggled,
            self.depth_box.valueChanged,
            self.compact.currentIndexChanged,
            self.table_box.currentIndexChanged,
        ):
            signal.connect(lambda *_: self._timer.start())
        self.dpi.valueChanged.connect(lambda _v: self._chart_note())  # the preview stays at screen resolution
        self._format_changed()

    # ------------------------------------------------------------ options

    @property
    def format(self) -> Format:
        suffix = self.format_box.currentData()
        return next(f for f in FORMATS if f.suffix == suffix)

    def chart_options(self) -> ChartOptions:
        scenario = self.c.document.active
        return ChartOptions(
            root=self.selected if self.subtree.isChecked() else None,
            depth=None if self.depth_box.value() == ALL_LEVELS else self.depth_box.value(),
            compact=self.compact.currentData(),
            dpi=self.dpi.value(),
            scenario="" if scenario == BASELINE else scenario,
        )

    def table_name(self) -> str:
        return str(self.table_box.currentData())

    def _format_changed(self) -> None:
        fmt = self.format
        self.chart_group.setVisible(fmt.kind == "chart")
        self.table_group.setVisible(fmt.kind == "table")
        self.graph_group.setVisible(fmt.kind == "graph")
        self.fit.setVisible(fmt.kind == "chart")
        self.dpi.setVisible(fmt.suffix == ".png")
        self.dpi_label.setVisible(fmt.suffix == ".png")
        if fmt.suffix == ".xlsx":
            self.table_label.setText("Preview sheet:")
            from planner.exports.workbook import SHEETS

            self.table_hint.setText("The workbook has one sheet per table: " + ", ".join(SHEETS) + ".")
        else:
            self.table_label.setText("Table:")
            self.table_hint.setText("One table per CSV file.")
        self._timer.start()

    # ------------------------------------------------------------ preview

    def refresh_preview(self) -> None:
        """Draw the preview for the current format and options (errors show under it)."""
        kind = self.format.kind
        self.preview_note.setStyleSheet(HINT_STYLE)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if kind == "chart":
                self._preview_chart()
            elif kind == "table":
                self._preview_table()
            else:
                self._preview_graph()
        except (PlanError, OSError, ImportError) as e:
            self._image = None  # nothing stale stays on show
            self._show_image()
            self.preview_table.setRowCount(0)
            self.preview_graph.clear()
            self.preview_note.setStyleSheet(ERROR_STYLE)
            self.preview_note.setText(f"No preview: {e}")
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _preview_chart(self) -> None:
        from ui.export.chart import ChartPages, render_image

        self.preview_stack.setCurrentWidget(self.preview_scroll)
        plan, options, analysis = self.c.plan, self.chart_options(), self.c.analysis
        dpi = PREVIEW_DPI
        if len(plan.people) >= MEASURE_FROM:
            size = ChartPages(plan, options, None, analysis=analysis).size_pt(0)
            area = max(1.0, size.width() * size.height()) / 72.0**2  # square inches
            dpi = min(PREVIEW_DPI, int((PREVIEW_PIXELS / area) ** 0.5))
            if dpi < 10:
                raise PlanError(
                    f"the chart is {size.width() / 72:.0f} × {size.height() / 72:.0f} inches, too big to preview "
                    "whole; limit the depth or draw only under one person (the export itself is not limited)"
                )
        self._image = render_image(plan, options, dpi=dpi, analysis=analysis)
        self._image_dpi = dpi
        self._show_image()
        self._chart_note()

    def _chart_note(self) -> None:
        image = self._image
        if self.format.kind != "chart" or image is None:
            return
        text = "The whole chart on one canvas"
        if self.format.suffix == ".png":
            from ui.export.chart_output import MAX_PIXELS

            scale = self.dpi.value() / self._image_dpi
            w, h = round(image.width() * scale), round(image.height() * scale)
            text += f"; the PNG will be {w} × {h} px"
            if w * h > MAX_PIXELS:  # say it before the export refuses it
                most = int(self.dpi.value() * (MAX_PIXELS / (w * h)) ** 0.5)
                text += f", too big: choose {most} dpi or lower, or export an SVG or a PDF"
        elif self.format.suffix == ".pdf":
            text += "; the PDF splits it into pages"
        self.preview_note.setText(text)

    def _show_image(self) -> None:
        image = self._image
        if image is None or image.isNull():
            self.preview_image.clear()
            self.preview_image.resize(1, 1)
            return
        room = max(200, self.preview_scroll.viewport().width() - 4)
        if self.fit.isChecked() and image.width() > room:
            image = image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        self.preview_image.setPixmap(QPixmap.fromImage(image))
        self.preview_image.resize(image.size())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.format.kind == "chart":
            self._show_image()

    def _preview_table(self) -> None:
        from planner.exports.tables import table

        self.preview_stack.setCurrentWidget(self.preview_table)
        frame = table(self.c.plan, self.table_name(), self.c.analysis)
        head = frame.head(PREVIEW_ROWS)
        grid = self.preview_table
        grid.clear()
        grid.setColumnCount(len(head.columns))
        grid.setRowCount(len(head))
        grid.setHorizontalHeaderLabels([str(c) for c in head.columns])
        for r, row in enumerate(head.itertuples(index=False, name=None)):
            for col, value in enumerate(row):
                grid.setItem(r, col, QTableWidgetItem(_cell_text(value)))
        grid.resizeColumnsToContents()
        for col in range(grid.columnCount()):
            grid.setColumnWidth(col, min(grid.columnWidth(col), 320))
        total = len(frame)
        seen = f"the first {PREVIEW_ROWS} shown" if total > PREVIEW_ROWS else "all shown"
        self.preview_note.setText(f"{self.table_name()}: {total} row{'s' if total != 1 else ''}, {seen}")

    def _preview_graph(self) -> None:
        self.preview_stack.setCurrentWidget(self.preview_graph)
        nodes, edges, text = graph_summary(self.c.plan)
        self.preview_graph.setText(text)
        self.preview_note.setText(f"{self.format.label}: {nodes} nodes, {edges} edges")

    # ------------------------------------------------------------- export

    def export(self) -> None:
        fmt = self.format
        folder = remembered_folder(self.settings, self.c.path.parent if self.c.path else None)
        start = (
            str(Path(folder) / f"{default_name(self.c)}{fmt.suffix}") if folder else default_name(self.c) + fmt.suffix
        )
        extra = (".gv",) if fmt.suffix == ".dot" else ()
        path = ask_save_path(self, "Export as", start, f"{fmt.filter};;All files (*)", fmt.suffix, extra)
        if path is None:
            return
        self.settings.setValue(FOLDER_KEY, str(path.parent))
        self.settings.setValue(FORMAT_KEY, fmt.suffix)
        if self.export_to(path):
            self.accept()

    def export_to(self, path: Path) -> bool:
        """Write the export to ``path`` behind the progress dialog; True when written."""
        fmt = self.format
        plan, table, chart = self.c.plan, self.table_name(), self.chart_options()

        def write(progress: exporting.Progress) -> None:
            if fmt.kind == "chart":
                ensure_renderers()
            exporting.export(plan, path, table=table, chart=chart, progress=progress)

        ok = run_with_progress(self, path, write, self.status)
        if ok:
            self.written = path
        return ok


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell
            return ""
        return f"{value:g}"
    text = str(value)
    return "" if text in ("nan", "NaT", "<NA>", "None") else text


def graph_summary(plan) -> tuple[int, int, str]:
    """Nodes and edges the GraphML/DOT export writes (planner.exports.graphs' rules, counted without
    building the graph), and a line for each."""
    people = plan.people
    kinds = {"reports": 0, "dotted": 0, "owns": 0, "contributes": 0}
    for p in people.values():
        kinds["reports"] += p.manager is not None and p.manager in people
        kinds["dotted"] += sum(1 for d in p.dotted if d in people)
    for r in plan.rocks.values():
        kinds["owns"] += r.owner is not None and r.owner in people
        kinds["contributes"] += sum(1 for c in r.contributors if c in people)
    nodes, edges = len(people) + len(plan.rocks), sum(kinds.values())
    lines = [
        f"{nodes} nodes: {len(people)} people, {len(plan.rocks)} rocks",
        f"{edges} edges: " + ", ".join(f"{n} {kind}" for kind, n in kinds.items() if n),
    ]
    return nodes, edges, "\n".join(lines)


# ---------------------------------------------------------------- actions


class ExportActions(QObject):
    """The File menu's Export..., Export review pack... and Print... for one window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.c = window.controller
        self.settings: QSettings = window.settings
        self.dialog: ExportDialog | None = None  # the one open (tests reach it here)
        self.review: ReviewPackDialog | None = None
        self.preview = None
        self.export_action = make_action(
            window, "&Export...", self.export, "Ctrl+E", "Export the chart (PDF, SVG, PNG), tables or the graph"
        )
        self.review_action = make_action(
            window, "Export re&view pack...", self.export_review_pack, None, "A PDF of the plan for a review meeting"
        )
        self.print_action = make_action(
            window, "&Print...", self.print_chart, "Ctrl+P", "Preview the chart's pages and print them"
        )

    def actions(self) -> list[QAction]:
        return [self.export_action, self.review_action, self.print_action]

    def show_status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def export(self) -> None:
        """Open the export dialog (window-modal, so the board stays visible behind it)."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = ExportDialog(self.c, self.settings, self.window, status=self.show_status)
        self.dialog.open()

    def export_review_pack(self) -> None:
        """Ask the pack's options (window-modal), then the file, then write it with progress."""
        if self.review is not None and self.review.isVisible():
            self.review.raise_()
            return
        if self.review is not None:
            self.review.deleteLater()
        self.review = ReviewPackDialog(self.c, self.window)
        self.review.accepted.connect(self._write_review_pack)
        self.review.open()

    def _write_review_pack(self) -> None:
        assert self.review is not None
        options = self.review.options()
        folder = remembered_folder(self.settings, self.c.path.parent if self.c.path else None)
        name = f"{default_name(self.c)} review.pdf"
        start = str(Path(folder) / name) if folder else name
        path = ask_save_path(self.window, "Export review pack as", start, f"{REVIEW_FILTER};;All files (*)", ".pdf")
        if path is None:
            return
        self.settings.setValue(FOLDER_KEY, str(path.parent))
        plan, book = self.c.plan, self.c.book

        def write(progress: exporting.Progress) -> None:
            from ui.export.report import write_report

            write_report(plan, path, options, progress, book=book)

        run_with_progress(self.window, path, write, self.show_status)

    def print_chart(self) -> None:
        from ui.export.printing import print_chart

        scenario = self.c.document.active
        big = len(self.c.plan.people) >= COLLAPSE_AT  # as the board opens it; File > Export draws everyone
        options = ChartOptions(
            depth=OPEN_LEVELS - 1 if big else None, scenario="" if scenario == BASELINE else scenario
        )
        try:
            print_chart(self.window, options)
        except ImportError as e:  # the chart painter is missing from this build
            self.show_status(f"Cannot print: {e}")


def install_export_actions(window) -> ExportActions:
    """Add File > Export..., Export review pack... and Print... to ``window``'s File menu,
    after Import and before Quit; kept as ``window.exports``."""
    exports = ExportActions(window)
    window.exports = exports
    file_menu = next(
        (a.menu() for a in window.menuBar().actions() if a.menu() is not None and a.text().replace("&", "") == "File"),
        None,
    )
    if file_menu is not None:
        quit_action = getattr(getattr(window, "docs", None), "quit_action", None)
        before = quit_action if quit_action in file_menu.actions() else None
        if before is None:
            file_menu.addSeparator()
            file_menu.addActions(exports.actions())
        else:
            file_menu.insertActions(before, exports.actions())
            file_menu.insertSeparator(before)
    return exports
