"""Plan text shown as text: a name like ``<img src=file:///etc/passwd>`` must not be rendered.

QLabels take ``Qt.TextFormat.PlainText`` where they show plan text. Tooltips have no
such switch (Qt renders one as HTML when its first line looks like markup), so plan
text goes through ``tip``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QMessageBox, QWidget


def tip(text: str) -> str:
    """A tooltip that shows ``text`` literally; text that cannot pass for markup is returned as it is."""
    if not GuiQt.mightBeRichText(text):
        return text
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def message_box(
    icon: QMessageBox.Icon, title: str, text: str, name: str, parent: QWidget | None, informative: str = ""
) -> QMessageBox:
    """A message box named ``name`` (tests find it by name) whose text shows literally: it
    quotes file names and plan text, which may look like HTML. The caller adds the buttons."""
    box = QMessageBox(icon, title, "", parent=parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    return box
