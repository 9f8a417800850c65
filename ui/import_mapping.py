"""Import preview: the first rows of the people file, one combo per column with the guessed field.

The user corrects any column (or sets it to "ignore"), says whether the first
row is a header and whether people whose manager is not in the file become
roots, then imports. The summary line says what will be read from where. The
guessing is planner.mapping's, so the GUI and ``rocks import`` agree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlanError
from planner.importer import ImportFailed
from planner.mapping import FIELDS, Preview, preview
from planner.text import elide

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
    "start": "start date",
    "end": "termination date",
    "asof": "effective date (history rows)",
}
SHOWN_ROWS = 20


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
        self.lenient_box = QCheckBox("People whose manager is not in the file become roots (with a warning)")
        self.lenient_box.setObjectName("lenient")
        layout.addWidget(self.lenient_box)
        self.summary = QLabel()
        self.summary.setObjectName("mapping_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import_button")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill()
        self.resize(900, 520)

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
            combo.currentIndexChanged.connect(self._update)
            self.table.setCellWidget(0, col, combo)
            self.combos.append(combo)
            for row, cells in enumerate(shown.rows[:SHOWN_ROWS], start=1):
                item = QTableWidgetItem(elide(cells[col] if col < len(cells) else "", 60))
                self.table.setItem(row, col, item)  # items show text literally: no markup from cells
        self.table.resizeColumnsToContents()
        self._update()

    def _header_toggled(self, checked: bool) -> None:
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
        self.import_button.setEnabled("name" in used and not twice)

    def options(self) -> dict[str, Any]:
        return {
            "mapping": self.mapping(),
            "header": self.header_box.isChecked(),
            "lenient": self.lenient_box.isChecked(),
        }


def _with_header(path: Path) -> Preview:
    from planner.mapping import PREVIEW_READ, guess_from_headers
    from planner.sheets import read_sheet

    sheet = read_sheet(path, "people", limit=PREVIEW_READ)
    return Preview(sheet.headers, [c for _, c in sheet.rows], guess_from_headers(sheet.headers), True)


def ask_import_options(parent: QWidget | None, people: str | Path) -> dict[str, Any] | None:
    """The import's options from the column preview (always shown, so the user sees what each
    column will become before anything is imported), None on Cancel.

    A file the preview cannot read goes on to the import, which reports the error in full.
    """
    try:
        shown = preview(people)
    except PlanError:
        return {}
    dialog = ImportMappingDialog(people, shown, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.options()


def offer_lenient(
    docs: Any, people: str | Path, rocks: str | None, options: dict[str, Any]
) -> Callable[[PlanError], None]:
    """The import's error handler: the error box, plus "Import them as roots" when managers were not found.

    The GUI's ``--lenient``: the same import again, people whose manager is not in the file as roots (warned).
    """
    from ui.import_worker import ImportJob, show_import_error

    def on_error(error: PlanError) -> None:
        box = show_import_error(docs.window, error)
        if not isinstance(error, ImportFailed) or not error.hints or options.get("lenient"):
            return
        box.setInformativeText(
            "Some managers are not people of this file. Import again with those people as roots "
            "(each one listed as a warning), or correct the manager column and import again."
        )
        button = box.addButton("Import them as roots", QMessageBox.ButtonRole.AcceptRole)
        button.setObjectName("import_lenient")

        def again() -> None:
            retry = {**options, "lenient": True}
            docs.import_job = ImportJob(
                docs.window,
                docs.c,
                people,
                rocks,
                name=Path(people).stem,
                options=retry,
                on_error=offer_lenient(docs, people, rocks, retry),
            )
            docs.import_job.start()

        button.clicked.connect(again)

    return on_error
