"""File > Export review pack...: the pack's options (with scenarios, an optional
"compare A with B" pair); ui/export/dialog.py asks for the file and writes it."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from models import BASELINE
from planner.core.text import one_line
from planner.exports.exporting import ChartOptions, ReportOptions
from ui.core.dialogs import ERROR_STYLE, HINT_STYLE
from ui.export.writing import plain_label
from ui.whatif.scenarios import label_of


class ReviewPackDialog(QDialog):
    """Options of the review pack: with scenarios, an optional "compare A with B" pair."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("review_pack_dialog")
        self.setWindowTitle("Export review pack")
        self.c = controller
        document = controller.document
        self.names = [BASELINE, *document.book.scenarios]
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                f"A PDF for reviewing {one_line(controller.plan.name, 120)}: the headline numbers, the chart, "
                "every person's load and the checks' findings.",
            )
        )
        self.compare = QCheckBox("Compare two scenarios (before / after pages)", self)
        self.compare.setObjectName("review_compare")
        self.combo_a, self.combo_b = QComboBox(self), QComboBox(self)
        self.combo_a.setObjectName("review_a")
        self.combo_b.setObjectName("review_b")
        for combo in (self.combo_a, self.combo_b):
            for name in self.names:
                combo.addItem(label_of(name), name)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(20)
        active = document.active
        other = active if active != BASELINE else (self.names[1] if len(self.names) > 1 else BASELINE)
        self.combo_a.setCurrentIndex(0)
        self.combo_b.setCurrentIndex(max(0, self.combo_b.findData(other)))
        self.pair = QWidget(self)
        pair = QFormLayout(self.pair)
        pair.setContentsMargins(20, 0, 0, 0)
        pair.addRow("Compare:", self.combo_a)
        pair.addRow("with:", self.combo_b)
        self.error = plain_label(style=ERROR_STYLE, name="review_error")
        if len(self.names) > 1:
            layout.addWidget(self.compare)
            layout.addWidget(self.pair)
        else:
            self.compare.hide()
            self.pair.hide()
            layout.addWidget(plain_label("This plan has no scenarios, so the pack covers the plan alone.", HINT_STYLE))
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("&Export...", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("review_go")
        self.ok.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.compare.toggled.connect(lambda _on: self._validate())
        for combo in (self.combo_a, self.combo_b):
            combo.currentIndexChanged.connect(lambda _i: self._validate())
        self._validate()
        self.setMinimumWidth(460)

    def pair_chosen(self) -> tuple[str, str] | None:
        if len(self.names) <= 1 or not self.compare.isChecked():
            return None
        return (str(self.combo_a.currentData()), str(self.combo_b.currentData()))

    def _validate(self) -> None:
        on = self.compare.isChecked()
        self.pair.setEnabled(on)
        same = on and self.combo_a.currentData() == self.combo_b.currentData()
        self.error.setText("Pick two different scenarios to compare." if same else "")
        self.error.setVisible(same)
        self.ok.setEnabled(not same)

    def options(self) -> ReportOptions:
        scenario = self.c.document.active
        chart = ChartOptions(scenario="" if scenario == BASELINE else scenario)
        return ReportOptions(compare=self.pair_chosen(), chart=chart)
