"""File > Print...: the chart's pages in Qt's print preview, printed from its toolbar.

The preview asks for its pages through ``paintRequested`` (once when it opens,
again when the page setup changes, and on the real printer when the user
prints); every request draws the whole chart with ui.export.chart.paint_pages,
the painter the PDF export uses, on the paper the PDF export uses (A3 landscape,
ui/export/chart_output.py ``default_page_layout``), so what prints is what a PDF
export writes: the same fit, the same pages. On smaller paper (a printer without
A3, or a page setup changed to A4) the same pages print shrunk to fit it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from planner.core.errors import PlanError
from planner.exports.exporting import ChartOptions, no_progress
from ui.export.chart_output import default_page_layout


class PrintPreview(QPrintPreviewDialog):
    """The chart of the plan shown (baseline or scenario), every page, ready to print."""

    def __init__(self, controller, parent: QWidget | None, options: ChartOptions | None = None):
        self.page_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self.page_printer, parent)
        self.setObjectName("print_preview")
        self.setWindowTitle("Print preview")
        if options is not None and options.depth is not None:
            self.setWindowTitle(f"Print preview — the top {options.depth + 1} levels (File > Export draws them all)")
        self.c = controller
        self.options = options or ChartOptions()
        self.error: str = ""  # why the last request drew nothing (shown once the preview closes)
        self.pages = 0  # pages drawn by the last request
        self.page_printer.setDocName(controller.plan.name[:200])
        # The export's paper and margins, not the printer's default (often A4 with 3.5 mm margins, on
        # which an 11-person chart that fills one A3 page took two).
        if not self.page_printer.setPageLayout(default_page_layout()):  # a printer without A3
            self.page_printer.setPageOrientation(QPageLayout.Orientation.Landscape)  # org charts are wide
        self.paintRequested.connect(self._paint)
        self.resize(useful_size(parent))

    def preview_widget(self) -> QPrintPreviewWidget | None:
        return self.findChild(QPrintPreviewWidget)

    def _paint(self, printer: QPrinter) -> None:
        from ui.export.chart import paint_pages

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pages = paint_pages(printer, self.c.plan, self.options, no_progress, analysis=self.c.analysis,
                                     like=default_page_layout())  # fmt: skip
            self.error = ""
        except PlanError as e:
            self.pages, self.error = 0, str(e)
        finally:
            QGuiApplication.restoreOverrideCursor()


def useful_size(parent: QWidget | None) -> QSize:
    """Most of the screen (the parent window's screen), so a page reads without zooming;
    Qt's own default is a small 692 x 666."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
    width, height = round(area.width() * 0.85), round(area.height() * 0.9)
    if parent is not None and parent.isVisible():
        width, height = max(width, parent.width()), max(height, parent.height())
    return QSize(min(width, area.width()), min(height, area.height()))


def print_chart(window, options: ChartOptions) -> PrintPreview:
    """Open the print preview over ``window`` and wait until it closes; an error while
    drawing is shown after it closes (the preview itself then shows a blank page)."""
    preview = PrintPreview(window.controller, window, options)
    preview.exec()
    if preview.error:
        from ui.core.dialogs import show_error

        show_error(window, "Cannot print the chart", preview.error)
    return preview
