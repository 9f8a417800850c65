"""Import preview: the first rows of the people file, one combo per column with the guessed field.

The user corrects any column (or sets it to "ignore"), says whether the first
row is a header and whether to import leniently (people whose manager is not in
the file become roots, unknown statuses import as active), then imports. The summary line says what will be read from where. The
guessing is planner.imports.mapping's, so the GUI and ``rocks import`` agree.

The dialog stays open through the import (``run_import``): the people file is
imported first; its problems are listed in the dialog, which stays on that
step for a correction. Only once it passes is the rocks file asked for, and
a rocks file that fails is listed the same way (choose another, or import
without rocks). The column notes the user confirmed here are not repeated as
warnings afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlanError
from planner.core.text import elide
from planner.imports.importer import ImportResult
from planner.imports.job import shown_details
from planner.imports.mapping import FIELDS, Preview, preview
from ui.core.dialogs import ERROR_STYLE
from ui.files.import_worker import ImportJob
from ui.files.prompts import ask_open_path

IGNORE_LABEL = "(ignore)"
FIELD_LABELS: dict[str, str] = {
    "name": "name",
    "id": "id",
    "role": "role / title",
    "manager": "manager (name, id or email)",
    "parent": "manager id",
    "dotted": "dotted-line managers",
    "capacity": "capacity %",
    "team": "team",
    "email": "email",
    "status": "status",
    "start": "start / hire date",
    "end": "termination / leaving date",
    "asof": "effective date (history rows)",
    "founder": "founder (yes / no)",
}
SHOWN_ROWS = 20
ROCKS_FILTER = "Spreadsheets (*.csv *.tsv *.txt *.xlsx);;All files (*)"


class ImportMappingDialog(QDialog):
    """The preview; ``options()`` gives import_sheets' keyword arguments (mapping, header, lenient)."""

    def __init__(self, path: str | Path, shown: Preview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_mapping")
        self.setWindowTitle("Import people: check the columns")
        self.path = Path(path)
        self.shown = shown
        self.combos: list[QComboBox] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{elide(self.path.name, 80)}: the first rows, with the field each column is read as. "
            "Correct any column, or set it to ignore."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.header_box = QCheckBox("The first row holds column names")
        self.header_box.setObjectName("has_header")
        self.header_box.setChecked(shown.has_header)
        self.header_box.toggled.connect(self._header_toggled)
        layout.addWidget(self.header_box)
        self.table = QTableWidget(self)
        self.table.setObjectName("preview_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        self.lenient_box = QCheckBox(
            "Lenient: people whose manager is not in the file become roots, and rows whose status is not "
            "an employment status import as active (each noted)"
        )
        self.lenient_box.setObjectName("lenient")
        layout.addWidget(self.lenient_box)
        self.summary = QLabel()
        self.summary.setObjectName("mapping_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        # A failed step: what is wrong, in full (plain text: cells may look like markup), and what to do.
        self.step = "people"  # the step the dialog is on: "people", or "rocks" once the people file passed
        self.problems_title = QLabel()
        self.problems_title.setObjectName("problems_title")
        self.problems_title.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_title.setWordWrap(True)
        self.problems_title.setStyleSheet(ERROR_STYLE)
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("import_problems")
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.problems.setMaximumHeight(160)
        row = QHBoxLayout()
        self.roots_button = QPushButton("Import them as &roots")
        self.roots_button.setObjectName("import_lenient")
        self.roots_button.setToolTip("Import again, people whose manager is not in the file as roots (each one warned)")
        self.active_button = QPushButton("Import those rows as &active")
        self.active_button.setObjectName("import_active")
        self.active_button.setToolTip("Import again, rows whose status is not an employment status as active (noted)")
        self.no_status_button = QPushButton("Do&n't read the status column")
        self.no_status_button.setObjectName("ignore_status")
        self.no_status_button.setToolTip(
            "Import again without reading statuses (leavers are still found by a leaving date)"
        )
        self.other_rocks_button = QPushButton("Choose another roc&ks file...")
        self.other_rocks_button.setObjectName("other_rocks")
        self.without_rocks_button = QPushButton("Import &without rocks")
        self.without_rocks_button.setObjectName("without_rocks")
        for button, action in (
            (self.roots_button, "import_as_roots"),
            (self.active_button, "import_as_active"),
            (self.no_status_button, "ignore_status"),
            (self.other_rocks_button, "other_rocks"),
            (self.without_rocks_button, "without_rocks"),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, a=action: self._step_clicked(a))
            row.addWidget(button)
        row.addStretch(1)
        for widget in (self.problems_title, self.problems):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import_button")
        self.buttons.accepted.connect(self._import_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.flow: _ImportFlow | None = None  # run_import's: Import runs the steps here instead of closing
        self.busy = False
        self.clear_problems()
        self._fill()
        self.lenient_box.toggled.connect(self._inputs_changed)
        self.resize(900, 560)

    # ------------------------------------------------------------ steps

    def _step_clicked(self, action: str) -> None:
        if self.flow is not None and not self.busy:
            getattr(self.flow, action)()

    def _import_clicked(self) -> None:
        if self.flow is None:
            self.accept()  # on its own (no run_import flow): the options are the answer
        elif not self.busy:
            self.flow.import_people()

    def set_busy(self, busy: bool) -> None:
        """A step runs: nothing to change meanwhile (Cancel still stops it)."""
        self.busy = busy
        for widget in (self.table, self.header_box, self.lenient_box, self.problems, *self._step_buttons()):
            widget.setEnabled(not busy)
        self._update()

    def _step_buttons(self) -> list[QPushButton]:
        return [
            self.roots_button,
            self.active_button,
            self.no_status_button,
            self.other_rocks_button,
            self.without_rocks_button,
        ]

    def clear_problems(self) -> None:
        for widget in (self.problems_title, self.problems, *self._step_buttons()):
            widget.hide()
        self.problems.clear()

    def show_problems(self, step: str, file_name: str, error: PlanError, fixes: Iterable[str] = ()) -> None:
        """Stay on ``step`` ("people" or "rocks") with the import's problems listed in full, each once, and
        the one-click ``fixes`` that apply (planner.imports.job.ImportFailed.fixes: "roots", "statuses")."""
        self.step = step
        fixes = set(fixes) if step == "people" else set()
        lines = [str(error), *shown_details(error)]
        if step == "people":
            offers = []
            if "statuses" in fixes:
                offers.append("import the rows with an unknown status as active, or don't read the status column")
            if "roots" in fixes:
                offers.append("import the people whose manager is not found as roots, or choose another manager column")
            what = "Correct the columns above (or the file) and Import again."
            if offers:
                text = f"{'; '.join(offers)}; or correct the file."
                what = text[0].upper() + text[1:]
        else:
            what = "Choose another rocks file, import without rocks, or correct the file and choose it again."
        self.problems_title.setText(f"{file_name} cannot be imported (nothing was). {what}")
        self.problems.setPlainText("\n".join(lines))
        for widget in (self.problems_title, self.problems):
            widget.show()
        self.roots_button.setVisible("roots" in fixes)
        self.active_button.setVisible("statuses" in fixes)
        self.no_status_button.setVisible("statuses" in fixes)
        self.other_rocks_button.setVisible(step == "rocks")
        self.without_rocks_button.setVisible(step == "rocks")

    def reject(self) -> None:
        if self.flow is not None:
            self.flow.stop()  # a step under way: cancelled, the plan is left alone
        super().reject()

    def _fill(self) -> None:
        """Row 0 holds the combos, the next rows the file's first rows; headers name the columns."""
        shown = self.shown
        self.combos = []
        self.table.clear()
        self.table.setColumnCount(len(shown.headers))
        self.table.setRowCount(1 + min(len(shown.rows), SHOWN_ROWS))
        self.table.setHorizontalHeaderLabels([elide(h, 40) for h in shown.headers])
        self.table.setVerticalHeaderLabels(["read as", *(str(n) for n in range(1, self.table.rowCount()))])
        field_of = {i: f for f, i in shown.guessed.items()}
        for col in range(len(shown.headers)):
            combo = QComboBox(self.table)
            combo.setObjectName(f"column_{col + 1}")
            combo.addItem(IGNORE_LABEL, "")
            for f in FIELDS:
                combo.addItem(FIELD_LABELS[f], f)
            combo.setCurrentIndex(max(combo.findData(field_of.get(col, "")), 0))
            combo.currentIndexChanged.connect(self._inputs_changed)
            self.table.setCellWidget(0, col, combo)
            self.combos.append(combo)
            for row, cells in enumerate(shown.rows[:SHOWN_ROWS], start=1):
                item = QTableWidgetItem(elide(cells[col] if col < len(cells) else "", 60))
                self.table.setItem(row, col, item)  # items show text literally: no markup from cells
        self.table.resizeColumnsToContents()
        self._update()

    def _header_toggled(self, checked: bool) -> None:
        self._inputs_changed()
        try:
            self.shown = preview(self.path, header=None if checked else False)
        except PlanError as e:
            self.summary.setText(str(e))
            return
        if checked and not self.shown.has_header:  # the guess says "no header": take the user's word
            self.shown = _with_header(self.path)
        self._fill()

    def twice(self) -> dict[str, list[int]]:
        """Fields chosen for more than one column (a field is read from one column): field -> columns."""
        columns: dict[str, list[int]] = {}
        for col, combo in enumerate(self.combos):
            if combo.currentData():
                columns.setdefault(combo.currentData(), []).append(col)
        return {f: cols for f, cols in columns.items() if len(cols) > 1}

    def mapping(self) -> dict[str, str]:
        """Every field: its 1-based column number, or "" (not imported)."""
        out = dict.fromkeys(FIELDS, "")
        for col, combo in enumerate(self.combos):
            if combo.currentData():
                out[combo.currentData()] = str(col + 1)
        return out

    def _update(self, *_: object) -> None:
        used = {f: int(c) - 1 for f, c in self.mapping().items() if c}
        headers = self.shown.headers
        reads = ", ".join(f'{f} from "{elide(headers[i], 30)}"' for f, i in sorted(used.items(), key=lambda x: x[1]))
        ignored = [elide(h, 30) for i, h in enumerate(headers) if i not in used.values()]
        lines = [f"Reads {reads}." if reads else "Reads nothing."]
        if ignored:
            lines.append(f"Ignores {', '.join(ignored)}.")
        if not self.header_box.isChecked():
            lines.append("The first row is a person (no header row).")
        if "parent" in used and "manager" in used:
            lines.append("If the manager ids are not ids of this file, managers are read by name instead.")
        twice = self.twice()
        for f, cols in twice.items():
            names = " and ".join(f'"{elide(headers[c], 30)}"' for c in cols)
            lines.append(f"{FIELD_LABELS[f]} is chosen for {names}: choose one column (set the others to ignore).")
        if "name" not in used:
            lines.append("Choose the column that holds the names to import.")
        self.summary.setText("\n".join(lines))
        self.import_button.setEnabled("name" in used and not twice and not self.busy)

    def _inputs_changed(self, *_: object) -> None:
        """A column, the header row or the roots option changed: the people file is imported again first."""
        if self.step == "rocks":
            self.step = "people"
            self.other_rocks_button.hide()
            self.without_rocks_button.hide()
        self._update()

    def options(self) -> dict[str, Any]:
        return {
            "mapping": self.mapping(),
            "header": self.header_box.isChecked(),
            "lenient": self.lenient_box.isChecked(),
        }


def _with_header(path: Path) -> Preview:
    from planner.imports.mapping import PREVIEW_READ, guess_from_headers, shown_rows
    from planner.imports.sheets import read_sheet

    sheet = read_sheet(path, "people", limit=PREVIEW_READ)
    return Preview(sheet.headers, shown_rows(sheet, PREVIEW_READ), guess_from_headers(sheet.headers), True)


def run_import(docs: Any, people: str | Path) -> None:
    """File > Import spreadsheets after the people file was picked: the column preview, always
    shown (the user sees what each column becomes before anything is imported), open until
    the import is done or cancelled; the rocks file is asked for once the people file passed.

    A file the preview cannot read goes on to the import, which reports the error in full.
    """
    try:
        shown = preview(people)
    except PlanError:
        docs.import_job = ImportJob(docs.window, docs.c, people, None, name=Path(people).stem)
        docs.import_job.start()
        return
    dialog = ImportMappingDialog(people, shown, docs.window)
    flow = dialog.flow = _ImportFlow(docs, Path(people), dialog)
    dialog.exec()
    flow.closed = True  # a step still ending (cancelled) reports to the status bar only
    dialog.flow = None
    dialog.deleteLater()


class _ImportStep(ImportJob):
    """One step of the import: on success the flow decides (ask for the rocks file, or finish),
    so nothing replaces the plan before the user has answered."""

    def __init__(self, on_success: Callable[[_ImportStep, ImportResult], None], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.on_success = on_success

    def _succeeded(self, result: ImportResult) -> None:
        if self._stop.is_set():
            super()._succeeded(result)  # cancelled after the last check: the plan is kept
            return
        self.dialog.hide()  # the progress bar is done; the flow may ask for a file now
        self.on_success(self, result)

    def finish(self, result: ImportResult) -> None:
        """The plan is replaced by ``result`` (and its warnings shown), as a plain import does."""
        ImportJob._succeeded(self, result)

    def passed(self, result: ImportResult) -> None:
        """The people file passed and the import goes on with the rocks: this step ends here."""
        self.result = result
        self._end("passed")


class _ImportFlow(QObject):
    """The steps behind the preview: people, then (asked for only now) rocks, each failure listed
    in the dialog, which stays on the failing step."""

    def __init__(self, docs: Any, people: Path, dialog: ImportMappingDialog):
        super().__init__(dialog)
        self.docs, self.people, self.dialog = docs, people, dialog
        self.rocks: str = ""  # the rocks file last chosen (the file dialog starts there)
        self.options: dict[str, Any] = {}
        self.job: _ImportStep | None = None
        self.closed = False

    def import_people(self) -> None:
        self.options = self.dialog.options()
        self._start(None)

    def _start(self, rocks: str | None, then: Callable[[_ImportStep, ImportResult], None] | None = None) -> None:
        """Import the people file (``rocks`` None) or both; ``then`` on success (default: the next step)."""
        step = "people" if rocks is None else "rocks"
        name = self.people.name if rocks is None else Path(rocks).name
        job = _ImportStep(
            then or (self._people_passed if rocks is None else self._done),
            self.docs.window,
            self.docs.c,
            str(self.people),
            rocks,
            name=self.people.stem,
            options=self.options,
            on_error=lambda error: self._failed(step, name, error),
        )
        job.finished.connect(self._finished)
        self.job = self.docs.import_job = job
        self.dialog.clear_problems()  # a new try: its own problems, if any, come back
        self.dialog.set_busy(True)
        job.start()

    def _people_passed(self, job: _ImportStep, result: ImportResult) -> None:
        self.dialog.clear_problems()
        rocks = self._ask_rocks()
        if rocks:
            job.passed(result)
            self._start(rocks)
        else:
            job.finish(self._unconfirmed(result))

    def _done(self, job: _ImportStep, result: ImportResult) -> None:
        job.finish(self._unconfirmed(result))

    def other_rocks(self) -> None:
        rocks = self._ask_rocks()
        if rocks:
            self._start(rocks)

    def without_rocks(self) -> None:
        self._start(None, then=self._done)  # the people file alone (no rocks file asked this time)

    def _ask_rocks(self) -> str:
        start = self.rocks or str(self.people.parent)
        title = "Import rocks (optional: Cancel to skip)"
        rocks = ask_open_path(self.dialog, title, start, ROCKS_FILTER)
        if rocks:
            self.rocks = rocks
        return rocks

    def _failed(self, step: str, name: str, error: PlanError) -> None:
        if self.closed:
            return  # the user closed the preview meanwhile: nothing was imported, nothing to correct
        fixes: list[str] = [] if self.options.get("lenient") else list(getattr(error, "fixes", []))
        self.dialog.show_problems(step, name, error, fixes)

    def _finished(self, state: str) -> None:
        if state == "passed" or self.closed:
            return  # the rocks step is under way, or nobody is looking
        self.job = None
        if state == "done":
            self.dialog.accept()
        else:  # failed (listed in the dialog) or cancelled (the status bar says so): the user goes on from here
            self.dialog.set_busy(False)

    def import_as_roots(self) -> None:
        self.dialog.lenient_box.setChecked(True)
        self.import_people()

    def import_as_active(self) -> None:
        self.dialog.lenient_box.setChecked(True)  # what --lenient does: unknown statuses import as active
        self.import_people()

    def ignore_status(self) -> None:
        """The status column is set to "ignore" (the same as --map status=), then the people import again."""
        for combo in self.dialog.combos:
            if combo.currentData() == "status":
                combo.setCurrentIndex(combo.findData(""))
        self.import_people()

    def stop(self) -> None:
        if self.job is not None and self.job.state == "running":
            self.job.cancel()

    def _unconfirmed(self, result: ImportResult) -> ImportResult:
        """The result without the notes on the people file's columns: the user chose them in the preview."""
        confirmed = (f"{self.people.name}: columns read: ", f"{self.people.name}: ignored columns: ")
        warnings = [w for w in result.warnings if not w.startswith(confirmed)]
        return ImportResult(result.plan, warnings, result.leavers)
