"""File > Export..., Print... and Export review pack..., driven with real keys and clicks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
)

from models import Person, Plan
from planner.whatif import scenarios as sc
from tests.ui.helpers import make_plan, open_window, save_answers, when_modal
from ui.export.dialog import FOLDER_KEY, FORMATS, ExportDialog
from ui.window.main_window import MainWindow


def make_window(qtbot, tmp_path, plan: Plan | None = None) -> MainWindow:
    return open_window(qtbot, tmp_path, plan, centre=False)


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def open_export(window: MainWindow, qtbot) -> ExportDialog:
    window.activateWindow()  # active again after an earlier dialog: shortcuts work in the active window
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.exports.dialog is not None and window.exports.dialog.isVisible())
    return window.exports.dialog


def choose_format(dialog: ExportDialog, suffix: str) -> None:
    """Home, then Down until the format is shown, as a user does in the focused combo."""
    combo = dialog.format_box
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(len(FORMATS)):
        if combo.currentData() == suffix:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == suffix


def chart_shown(dialog: ExportDialog) -> bool:
    pixmap = dialog.preview_image.pixmap()
    return (
        dialog.preview_stack.currentWidget() is dialog.preview_scroll
        and pixmap is not None
        and not pixmap.isNull()
        and pixmap.width() > 10
    )


def click(widget) -> None:
    """A left click where a user aims: a check or radio box on its indicator, anything else in its middle."""
    if isinstance(widget, QCheckBox | QRadioButton):  # only the box and its text take the click
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo not installed")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def visible(kind, name: str):
    for w in QApplication.topLevelWidgets():
        if isinstance(w, kind) and w.objectName() == name and w.isVisible():
            return w
    return None


# ------------------------------------------------------------ the menu


def test_file_menu_lists_export_print_and_review_pack_before_quit(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert texts.index("Export...") < texts.index("Print...") < texts.index("Quit")
    assert "Export review pack..." in texts
    assert window.exports.export_action.shortcut().toString() == "Ctrl+E"
    assert window.exports.print_action.shortcut().toString() == "Ctrl+P"


# -------------------------------------------------------------- export


def test_ctrl_e_exports_an_excel_workbook(window, out, qtbot, monkeypatch):
    import openpyxl
    starts = save_answers(monkeypatch, out / "team")  # typed without the extension
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".xlsx")
    qtbot.waitUntil(lambda: dialog.preview_stack.currentWidget() is dialog.preview_table)
    qtbot.waitUntil(lambda: dialog.preview_table.rowCount() == 4)  # the four people of the plan
    headers = [dialog.preview_table.horizontalHeaderItem(i).text() for i in range(dialog.preview_table.columnCount())]
    cells = {dialog.preview_table.item(r, c).text() for r in range(4) for c in range(len(headers))}
    assert "Ana Head" in cells and "Dee Lin" in cells

    click(dialog.export_button)
    written = out / "team.xlsx"
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert starts and starts[0].endswith("Board test.xlsx")
    book = openpyxl.load_workbook(written, read_only=True)
    assert "people" in [s.lower() for s in book.sheetnames]
    sheet = book[next(s for s in book.sheetnames if s.lower() == "people")]
    values = {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    assert {"Ana Head", "Ben Park", "Cy Moss", "Dee Lin"} <= values
    book.close()
    assert str(written) in window.statusBar().currentMessage()
    assert sorted(p.name for p in out.iterdir()) == ["team.xlsx"]  # no temporary file left beside it


def test_pdf_export_previews_the_chart_and_writes_pages(window, out, qtbot, monkeypatch):
    save_answers(monkeypatch, out / "chart.pdf")
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".pdf")
    qtbot.waitUntil(lambda: chart_shown(dialog))
    assert not dialog.dpi.isVisible()  # resolution is a PNG option
    fitted = dialog.preview_image.pixmap().width()
    assert fitted <= dialog.preview_scroll.viewport().width()
    click(dialog.fit)  # off: the chart at screen size, scrolled
    assert dialog.preview_image.pixmap().width() == dialog._image.width() > fitted
    click(dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    data = (out / "chart.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(out / "chart.pdf") >= 1


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_every_chart_format_shows_an_image_preview(window, qtbot, suffix):
    dialog = open_export(window, qtbot)
    choose_format(dialog, suffix)
    qtbot.waitUntil(lambda: chart_shown(dialog))
    assert dialog.dpi.isVisible() == (suffix == ".png")
    if suffix == ".png":  # the PNG's size follows the resolution typed; the preview stays at screen resolution
        width = dialog._image.width()
        dialog.dpi.setFocus()
        QTest.keyClick(dialog.dpi, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(dialog.dpi, "192")  # twice the preview's 96 dpi
        assert f"the PNG will be {2 * width} ×" in dialog.preview_note.text()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_only_under_the_selected_person_draws_a_smaller_chart(window, out, qtbot, monkeypatch):
    window.controller.select(["cy"])  # Cy Moss and Dee Lin below them
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".png")
    qtbot.waitUntil(lambda: chart_shown(dialog))
    whole = dialog._image.size()
    assert dialog.subtree.isEnabled() and dialog.subtree.text() == "Only under Cy Moss"
    click(dialog.subtree)
    qtbot.waitUntil(lambda: dialog._image is not None and dialog._image.size() != whole)
    part = dialog._image.size()
    assert part.width() * part.height() < whole.width() * whole.height()
    assert dialog.chart_options().root == "cy"

    save_answers(monkeypatch, out / "cy.png")
    click(dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert (out / "cy.png").read_bytes().startswith(b"\x89PNG")


def test_depth_typed_into_the_box_limits_the_chart(window, qtbot):
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".png")
    qtbot.waitUntil(lambda: chart_shown(dialog))
    whole = dialog._image.size()
    dialog.depth_box.setFocus()
    QTest.keyClick(dialog.depth_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.depth_box, "0")
    assert dialog.chart_options().depth == 0
    qtbot.waitUntil(lambda: dialog._image is not None and dialog._image.size() != whole)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_graph_formats_preview_the_counts_the_export_writes(qtbot, tmp_path, out, monkeypatch):
    from planner.exports.graphs import plan_graph

    plan = make_plan()
    plan.people["dee"].dotted = ["ben"]
    plan.rocks["r1"].contributors = ["cy", "gone"]  # an unknown id makes no edge
    window = make_window(qtbot, tmp_path, plan)
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".graphml")
    qtbot.waitUntil(lambda: dialog.preview_stack.currentWidget() is dialog.preview_graph)
    qtbot.waitUntil(lambda: "nodes" in dialog.preview_graph.text())
    lines = dialog.preview_graph.text().splitlines()
    graph = plan_graph(plan)
    assert lines[0] == f"{graph.number_of_nodes()} nodes: 4 people, 5 rocks"
    assert lines[1] == f"{graph.number_of_edges()} edges: 3 reports, 1 dotted, 4 owns, 1 contributes"

    save_answers(monkeypatch, out / "org")
    choose_format(dialog, ".dot")
    click(dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    text = (out / "org.dot").read_text(encoding="utf-8")
    assert text.lstrip().startswith(("digraph", "strict digraph")) and "Ana Head" in text


def test_csv_writes_the_table_chosen(window, out, qtbot, monkeypatch):
    save_answers(monkeypatch, out / "rocks")
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".csv")
    dialog.table_box.setFocus()
    QTest.keyClick(dialog.table_box, Qt.Key.Key_Home)
    QTest.keyClick(dialog.table_box, Qt.Key.Key_Down)  # people -> rocks
    assert dialog.table_name() == "rocks"
    qtbot.waitUntil(lambda: "rocks:" in dialog.preview_note.text())
    click(dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    text = (out / "rocks.csv").read_text(encoding="utf-8-sig")
    assert "Pricing" in text and "Design system" in text
    assert "Ana Head" not in text  # the rocks table, not the people


def test_export_writes_the_scenario_shown(qtbot, tmp_path, out, monkeypatch):
    plan = make_plan()
    plan.scenarios["First TPM"] = tpm = sc.copy_plan(plan)
    tpm.people["tpm"] = Person("tpm", "Tia Pham", "Technical Program Manager", manager="ana")
    window = make_window(qtbot, tmp_path, plan)
    QTest.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # next scenario
    assert window.controller.document.active == "First TPM"
    starts = save_answers(monkeypatch, out / "people.csv")
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".csv")
    qtbot.waitUntil(lambda: dialog.preview_table.rowCount() == 5)
    click(dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Path(starts[0]).name == "Board test - First TPM.csv"
    assert "Tia Pham" in (out / "people.csv").read_text(encoding="utf-8-sig")


# ------------------------------------------------ names, folders, errors


def test_markup_in_names_stays_literal(qtbot, tmp_path):
    plan = make_plan()
    plan.people["dee"] = Person("dee", "<b>x</b>", "Designer & <i>friend</i>", manager="cy")
    plan.name = "<h1>Plan</h1>"
    window = make_window(qtbot, tmp_path, plan)
    window.controller.select(["dee"])
    dialog = open_export(window, qtbot)
    assert dialog.subtree.text().replace("&&", "&") == "Only under <b>x</b>"
    subject = dialog.findChild(type(dialog.preview_note), "export_subject")
    assert subject.textFormat() == Qt.TextFormat.PlainText and "<h1>Plan</h1>" in subject.text()
    choose_format(dialog, ".csv")
    qtbot.waitUntil(lambda: dialog.preview_table.rowCount() == 4)
    cells = [dialog.preview_table.item(r, c) for r in range(4) for c in range(dialog.preview_table.columnCount())]
    assert any(cell is not None and cell.text() == "<b>x</b>" for cell in cells)
    assert dialog.preview_note.textFormat() == Qt.TextFormat.PlainText
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_long_names_and_control_characters_do_not_stretch_the_dialog(qtbot, tmp_path):
    plan = make_plan()
    plan.name = "Q" * 500
    plan.people["cy"].name = "Cy\x1b[31m" + "y" * 500
    window = make_window(qtbot, tmp_path, plan)
    window.controller.select(["cy"])
    dialog = open_export(window, qtbot)
    assert "\x1b" not in dialog.subtree.text() and len(dialog.subtree.text()) <= 80
    assert dialog.minimumSizeHint().width() < 1400
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_replacing_an_extended_name_asks_first_and_no_keeps_the_file(window, out, qtbot, monkeypatch):
    existing = out / "budget.csv"
    existing.write_text("precious")
    starts = save_answers(monkeypatch, out / "budget", "")  # typed without the extension, then Cancel
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".csv")
    seen: list[str] = []
    when_modal(lambda box: (seen.append(box.text()), click_box(box, "No")), QMessageBox)
    click(dialog.export_button)
    assert seen and "budget.csv already exists" in seen[0]
    assert existing.read_text() == "precious"
    assert len(starts) == 2  # asked for another name after "No"
    assert dialog.isVisible()  # nothing written: the dialog stays for another try

    save_answers(monkeypatch, out / "budget")
    when_modal(lambda box: click_box(box, "Yes"), QMessageBox)
    click(dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Pricing" in existing.read_text(encoding="utf-8-sig") or "Ana Head" in existing.read_text(
        encoding="utf-8-sig"
    )


def click_box(box: QMessageBox, text: str) -> None:
    texts = [b.text().replace("&", "") for b in box.buttons()]
    assert text in texts, (box.text(), texts)
    click(box.buttons()[texts.index(text)])


def test_the_last_export_folder_is_remembered(window, out, qtbot, monkeypatch):
    save_answers(monkeypatch, out / "first.csv")
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".csv")
    click(dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Path(str(window.settings.value(FOLDER_KEY))) == out

    starts = save_answers(monkeypatch, "")
    dialog = open_export(window, qtbot)
    assert dialog.format_box.currentData() == ".csv"  # the last format too
    click(dialog.export_button)
    assert Path(starts[0]).parent == out and Path(starts[0]).suffix == ".csv"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_an_unwritable_place_shows_a_plain_error_naming_the_file(window, out, qtbot, monkeypatch):
    target = out / "missing folder" / "<b>chart</b>.csv"
    save_answers(monkeypatch, target)
    dialog = open_export(window, qtbot)
    choose_format(dialog, ".csv")
    click(dialog.export_button)
    qtbot.waitUntil(lambda: visible(QMessageBox, "export_error") is not None)
    box = visible(QMessageBox, "export_error")
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "<b>chart</b>.csv" in box.text()
    assert not target.parent.exists()
    assert dialog.isVisible()
    click_box(box, "OK")


# -------------------------------------------------------------- cancel


def test_cancel_during_a_big_export_writes_nothing(qtbot, tmp_path, monkeypatch):
    from tests.benchmarks.synth import make_plan as synth_plan

    window = make_window(qtbot, tmp_path, synth_plan(3000))
    out = tmp_path / "out"
    out.mkdir()
    save_answers(monkeypatch, out / "big.xlsx")
    dialog = open_export(window, qtbot)
    assert dialog.depth_box.value() == 2  # a big org's chart: three levels unless asked for all
    choose_format(dialog, ".xlsx")
    qtbot.waitUntil(lambda: dialog.preview_table.rowCount() == 50, timeout=30000)
    clicked: list[int] = []

    def cancel_when_working() -> None:
        box = visible(QProgressDialog, "export_progress")
        if box is None or clicked or box.maximum() == 0:  # the writer has not reported yet
            return
        clicked.append(box.value())
        click(next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == "Cancel"))

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(cancel_when_working)
    timer.start()
    click(dialog.export_button)
    timer.stop()
    assert clicked, "the progress dialog was shown"
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written"
    assert list(out.iterdir()) == []  # neither the file nor a temporary part of it
    assert dialog.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


# --------------------------------------------------------------- print


def test_ctrl_p_previews_the_chart_pages(window, qtbot):
    seen: dict[str, object] = {}

    def look(preview) -> None:
        widget = preview.preview_widget()
        qtbot.waitUntil(lambda: widget.pageCount() >= 1)
        seen["pages"] = widget.pageCount()
        seen["drawn"] = preview.pages
        screen = preview.screen().availableGeometry()
        seen["size"] = (preview.width() / screen.width(), preview.height() / screen.height())
        QTest.keyClick(preview, Qt.Key.Key_Escape)

    when_modal(look, QPrintPreviewDialog)
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert seen["pages"] >= 1 and seen["drawn"] >= 1
    assert min(seen["size"]) >= 0.8  # most of the screen, not Qt's 692 x 666
    assert visible(QPrintPreviewDialog, "print_preview") is None


# --------------------------------------------------------- review pack


def test_review_pack_compares_two_scenarios(qtbot, tmp_path, monkeypatch):
    plan = make_plan()
    plan.scenarios["Hire a <TPM>"] = tpm = sc.copy_plan(plan)
    tpm.people["tpm"] = Person("tpm", "Tia Pham", "Technical Program Manager", manager="ana")
    tpm.rocks["r4"].owner = "tpm"
    window = make_window(qtbot, tmp_path, plan)
    out = tmp_path / "out"
    out.mkdir()
    save_answers(monkeypatch, out / "review")
    window.exports.review_action.trigger()
    qtbot.waitUntil(lambda: window.exports.review is not None and window.exports.review.isVisible())
    review = window.exports.review
    assert review.combo_b.currentText() == "Hire a <TPM>"
    assert not review.pair.isEnabled()
    click(review.compare)
    assert review.pair.isEnabled()
    assert review.options().compare == ("baseline", "Hire a <TPM>")
    click(review.ok)
    qtbot.waitUntil(lambda: (out / "review.pdf").exists(), timeout=60000)
    assert (out / "review.pdf").read_bytes().startswith(b"%PDF")
    assert pdf_pages(out / "review.pdf") >= 2
    assert "review.pdf" in window.statusBar().currentMessage()


def test_review_pack_refuses_comparing_a_scenario_with_itself(qtbot, tmp_path):
    plan = make_plan()
    plan.scenarios["Other"] = sc.copy_plan(plan)
    window = make_window(qtbot, tmp_path, plan)
    window.exports.review_action.trigger()
    qtbot.waitUntil(lambda: window.exports.review is not None and window.exports.review.isVisible())
    review = window.exports.review
    click(review.compare)
    review.combo_b.setFocus()
    QTest.keyClick(review.combo_b, Qt.Key.Key_Home)  # baseline, as A
    assert not review.ok.isEnabled()
    assert review.error.isVisible() and "two different" in review.error.text()
    QTest.keyClick(review, Qt.Key.Key_Escape)
