"""The file prompts every part of the window uses: open a file, save to a file (with the
suffix added when the name was typed without it), and "Replace file?".

One copy, so an open, a Save As and an export ask the same way and a test can answer
them all through ``QFileDialog`` and ``QMessageBox``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.core.plain import message_box


def confirm_replace(parent: QWidget | None, path: Path) -> bool:
    """"x already exists in folder. Do you want to replace it?"; No is the default. The
    name is plain text (a file name may look like HTML)."""
    text = f"{path.name} already exists in {path.parent}.\nDo you want to replace it?"
    box = message_box(QMessageBox.Icon.Warning, "Replace file?", text, "replace_prompt", parent)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_open_path(parent: QWidget | None, title: str, start: str, file_filter: str) -> str:
    """The file chosen to read, or "" when the user cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, start, file_filter)
    return chosen


def ask_save_path(
    parent: QWidget | None, title: str, start: str, file_filter: str, suffix: str, accepted: tuple[str, ...] = ()
) -> Path | None:
    """The file to write, or None when the user cancelled.

    A name ending in ``suffix`` or one of ``accepted`` (case ignored) is taken as typed: the
    file dialog already asked about replacing it. Any other name gets ``suffix`` added, and
    if that file exists it is confirmed here (the dialog only asked about the name as typed);
    No asks for another name.
    """
    endings = tuple(e.lower() for e in (suffix, *accepted))
    while True:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter)
        if not chosen:
            return None
        if chosen.lower().endswith(endings):
            return Path(chosen)
        path = Path(chosen + suffix)
        if path.exists() and not confirm_replace(parent, path):
            start = str(path)
            continue
        return path
