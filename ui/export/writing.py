"""Writing an export: where (the folder last used, a file name from the plan's) and how
(behind a cancellable progress dialog; an error in a plain-text box naming the file).
Shared by the export dialog and the review pack (ui/export/dialog.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QWidget

from models import BASELINE
from planner.core.errors import PlanError
from planner.core.text import one_line
from planner.exports import exporting
from planner.exports.exporting import Cancelled
from planner.planfile.atomic import safe_file_name

FOLDER_KEY = "export/folder"  # the last folder exported to


def mnemonic_safe(text: str) -> str:
    """Button and radio texts treat '&' as a shortcut marker; plan text shows it literally."""
    return text.replace("&", "&&")


def plain_label(text: str = "", style: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    if name:
        label.setObjectName(name)
    return label


def ensure_renderers() -> None:
    """Lend the Qt chart/report renderers to planner.exports.exporting (ui.window.app does it at start;
    windows made without the app, as in scripts and tests, do it here)."""
    from ui.export import install

    install()


def remembered_folder(settings: QSettings, fallback: Path | None) -> str:
    value = settings.value(FOLDER_KEY, "")
    if value and Path(str(value)).is_dir():
        return str(value)
    return str(fallback) if fallback is not None else ""


def default_name(controller) -> str:
    """The plan's name (and the scenario's), as a legal file name without a suffix."""
    name = controller.plan.name or "plan"
    active = controller.document.active
    if active != BASELINE:
        name = f"{name} - {active}"
    return safe_file_name(name)


def run_with_progress(
    parent: QWidget, path: Path, write: Callable[[exporting.Progress], None], status: Callable[[str], None]
) -> bool:
    """Run ``write(progress)`` behind a cancellable progress dialog; True when the file was written.

    Cancel makes the progress callback return False, the writer raises Cancelled and
    nothing is written; an error is shown in a plain-text box naming the file.
    """
    dialog = QProgressDialog(parent)
    dialog.setObjectName("export_progress")
    dialog.setWindowTitle("Exporting")
    label = plain_label(f"Writing {path.name}...")
    dialog.setLabel(label)  # plain text: "what" can quote plan names
    dialog.setCancelButtonText("Cancel")
    dialog.setRange(0, 0)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumWidth(420)
    dialog.show()
    QApplication.processEvents()

    def progress(done: int, total: int, what: str) -> bool:
        if dialog.wasCanceled():
            return False
        if total > 0:
            if dialog.maximum() != total:
                dialog.setRange(0, total)
            dialog.setValue(max(0, min(done, total)))
        if what:
            count = f" ({done:,} of {total:,})" if total > 0 else ""
            label.setText(f"Writing {path.name}: {one_line(what, 120)}{count}")
        QApplication.processEvents()
        return not dialog.wasCanceled()

    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        write(progress)
    except Cancelled:
        status("Export cancelled; nothing was written")
        return False
    except (PlanError, OSError) as e:
        _show_write_error(parent, path, e)
        return False
    finally:
        QGuiApplication.restoreOverrideCursor()
        dialog.close()
        dialog.deleteLater()
    status(f"Exported {path}")
    return True


def _show_write_error(parent: QWidget, path: Path, error: Exception) -> None:
    from ui.core.dialogs import show_error

    if isinstance(error, OSError):
        text = f"{path}: {error.strerror or error}"
    else:
        text = str(error)
        if str(path) not in text and path.name not in text:
            text = f"{path}: {text}"
    details = "\n".join(error.details) if isinstance(error, PlanError) else ""
    box = show_error(parent, "Cannot export", f"Could not write {path.name}.\n\n{text}", details)
    box.setObjectName("export_error")
