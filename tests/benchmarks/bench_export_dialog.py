"""File > Export's previews and the print preview at 1k and 10k people (synthetic orgs).

Run on demand: ``python3 tests/benchmarks/bench_export_dialog.py``. Prints, per
size: opening the dialog, each preview (the chart, measured first from 150
people to choose its resolution; a table's first 50 rows; the graph counts), a
chart under one person with depth 2, writing the workbook through the progress
dialog, and laying out the print preview's pages.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from synth import make_plan  # noqa: E402

from ui.core.controller import DocController  # noqa: E402
from ui.export.dialog import ExportDialog  # noqa: E402


def ms(t0: float) -> str:
    return f"{(time.perf_counter() - t0) * 1000:9.1f} ms"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from ui.export import install

    install()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        for n in (1_000, 10_000):
            controller = DocController(make_plan(n))
            plan = controller.plan
            print(f"{n:>6} people, {len(plan.rocks)} rocks")
            t0 = time.perf_counter()
            dialog = ExportDialog(controller, settings)
            dialog.show()
            app.processEvents()
            print(f"  open dialog                        {ms(t0)}")
            for suffix in (".pdf", ".xlsx", ".graphml"):
                dialog.format_box.setCurrentIndex(dialog.format_box.findData(suffix))
                t0 = time.perf_counter()
                dialog.refresh_preview()
                app.processEvents()
                image = dialog._image
                size = f"{image.width()}x{image.height()} px" if suffix == ".pdf" and image is not None else ""
                print(f"  preview {suffix:<9}                  {ms(t0)}  {size} {dialog.preview_note.text()[:70]}")
            root = next(p.id for p in plan.people.values() if p.manager is None)
            controller.select([root])
            dialog2 = ExportDialog(controller, settings)
            dialog2.subtree.setChecked(True)
            dialog2.depth_box.setValue(2)
            dialog2.format_box.setCurrentIndex(dialog2.format_box.findData(".png"))
            t0 = time.perf_counter()
            dialog2.refresh_preview()
            print(f"  preview .png, root, depth 2        {ms(t0)}")
            dialog.format_box.setCurrentIndex(dialog.format_box.findData(".xlsx"))
            t0 = time.perf_counter()
            ok = dialog.export_to(Path(folder) / f"org{n}.xlsx")
            print(f"  export .xlsx with progress         {ms(t0)}  written={ok}")
            from PySide6.QtPrintSupport import QPrinter

            from ui.export.printing import PrintPreview

            preview = PrintPreview(controller, None)
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(Path(folder) / f"print{n}.pdf"))
            t0 = time.perf_counter()
            preview._paint(printer)
            print(f"  print: paint every page            {ms(t0)}  ({preview.pages} pages)")
            for widget in (dialog, dialog2, preview):
                widget.close()
                widget.deleteLater()
            app.processEvents()


if __name__ == "__main__":
    main()
