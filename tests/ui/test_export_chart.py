"""The org chart export (ui/export/chart.py): PDF pages, SVG, PNG, through the CLI too."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QColor, QPageLayout, QPageSize

from models import Person, Plan
from planner.core.errors import PlanError
from planner.exports.exporting import Cancelled, ChartOptions
from planner.planfile import fileio
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import make_plan as board_test_plan
from tests.ui.helpers import tool
from ui.export.chart import (
    FIT_SCALE,
    ChartPages,
    chart_area,
    default_page_layout,
    new_pdf_writer,
    paint_pages,
    render_image,
    write_chart,
)
from ui.export.chart_layout import page_list

ROOT = Path(__file__).resolve().parents[2]
DATE = "4 December 2026"
NAME_PT_AT_BOARD = 10.0  # the board's name font; on paper it is that times scale / 0.75


@pytest.fixture(scope="module")
def a3(qapp) -> QSizeF:
    return chart_area(default_page_layout())  # A3 landscape less 10 mm margins and the footer


def small_plan() -> Plan:
    """The board test plan with what a chart draws apart: a dotted line (Cy to Ben), a planned
    hire (Dee, owning 'Design system') and an open role (Eve)."""
    plan = board_test_plan()
    plan.name = "Chart test"
    plan.people["cy"].dotted = ["ben"]
    plan.people["dee"].status, plan.people["dee"].start = "planned", "2027-Q1"
    plan.people["eve"] = Person("eve", "Eve Open", "Technical Program Manager", manager="ana", status="open")
    plan.rocks["r5"].owner = "dee"
    return plan


def pdf_text(path: Path) -> str:
    out = subprocess.run([tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return out.stdout


def page_count(path: Path) -> int:
    out = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def names_in(text: str) -> set[str]:
    return set(re.findall(r"Person \d+", text))


# ---------------------------------------------------------------- PDF


def test_small_pdf_is_one_valid_page_with_names_legend_and_title(tmp_path):
    path = tmp_path / "chart.pdf"
    write_chart(small_plan(), path, ChartOptions(scenario="Hire a TPM"), date_text=DATE)
    subprocess.run([tool("qpdf"), "--check", str(path)], check=True, capture_output=True)
    assert page_count(path) == 1
    text = pdf_text(path)
    for expected in ("Chart test", "Scenario: Hire a TPM", DATE, "Ana Head", "Dee Lin", "Pricing", "Design system"):
        assert expected in text
    assert "Planned hire" in text and "Open role" in text  # planned/open marks
    assert "dotted-line manager" in text and "Product marketing / GTM" in text  # the legend
    assert "page 1 of 1" in text


def test_1500_people_split_across_pages_every_card_inside_its_page(tmp_path, a3):
    plan = make_plan(1500)
    pages = ChartPages(plan, ChartOptions(), a3, date_text=DATE)
    assert pages.count > 1
    seen: list[str] = []
    area = a3
    for i in range(pages.count):
        for pid, rect in pages.card_rects(i):
            seen.append(pid)
            assert rect.left() >= 0 and rect.top() >= 0, (pid, i, rect)
            assert rect.right() <= area.width() + 0.01 and rect.bottom() <= area.height() + 0.01, (pid, i, rect)
    assert sorted(seen) == sorted(plan.people)  # everyone exactly once
    assert NAME_PT_AT_BOARD * pages.scale / 0.75 >= 7.0 - 1e-9  # names stay readable on paper
    # Cards on one page never overlap.
    for i in range(pages.count):
        rects = sorted((r for _p, r in pages.card_rects(i)), key=lambda r: r.left())
        for a_i, a in enumerate(rects):
            for b in rects[a_i + 1 :]:
                if b.left() >= a.right():
                    break
                assert not a.intersects(b.adjusted(0.5, 0.5, -0.5, -0.5)), (i, a, b)

    path = tmp_path / "big.pdf"
    write_chart(plan, path, ChartOptions(), date_text=DATE)
    assert page_count(path) == pages.count
    text = pdf_text(path)
    assert names_in(text) == {p.name for p in plan.people.values()}
    # A continued subtree names its manager and the manager's page; the manager says where it went.
    piece = next(p for p in pages.chart.pieces if p.up is not None)
    manager = plan.people[piece.up].name
    assert f"↑ reports to {manager}, page {pages.page_of[piece.up] + 1}" in text
    assert "→ continued on page" in text
    assert f"page {pages.count} of {pages.count}" in text


def test_a_big_orgs_first_page_is_its_top_and_each_branch_continues_top_down(a3):
    plan = make_plan(1500)
    pages = ChartPages(plan, ChartOptions(), a3, date_text=DATE)
    chart = pages.chart
    first = [piece for piece in chart.pieces if piece.page == 0]
    assert first and all(piece.up is None for piece in first)  # no continued parts mixed in
    root = next(pid for pid, p in plan.people.items() if p.manager is None)
    on_first = {pid for piece in first for pid in piece.members}
    reports = [pid for pid, p in plan.people.items() if p.manager == root]
    assert set(reports) <= on_first  # the CEO's page shows every VP
    # Everyone is drawn exactly once, and every continued part names a manager drawn elsewhere.
    drawn = [pid for piece in chart.pieces for pid in piece.members]
    assert sorted(drawn) == sorted(plan.people)
    for piece in chart.pieces:
        if piece.up is not None:
            assert piece.up in drawn and pages.page_of[piece.up] <= piece.page


def test_a_depth_limit_without_a_root_draws_only_those_levels():
    from ui.export.chart_layout import build_forest

    plan = make_plan(300)
    forest = build_forest(plan, None, 1)
    top = [pid for pid, p in plan.people.items() if p.manager is None]
    assert forest.roots == top  # people below the limit are not made roots of their own
    drawn = forest.order()
    assert set(drawn) == {*top, *(pid for pid, p in plan.people.items() if p.manager in top)}
    assert len(drawn) + sum(forest.hidden.values()) == len(plan.people)  # the rest, counted


def test_subtree_and_depth_limit(tmp_path, a3):
    plan = make_plan(300)
    root = next(pid for pid, p in plan.people.items() if p.role == "VP Product")
    kids = [pid for pid, p in plan.people.items() if p.manager == root]
    pages = ChartPages(plan, ChartOptions(root=root, depth=1), a3, date_text=DATE)
    drawn = {pid for i in range(pages.count) for pid, _r in pages.card_rects(i)}
    assert drawn == {root, *kids}
    path = tmp_path / "sub.pdf"
    write_chart(plan, path, ChartOptions(root=root, depth=1), date_text=DATE)
    text = pdf_text(path)
    assert "people not shown" in text
    assert f"under {plan.people[root].name}" in text
    with pytest.raises(PlanError, match="--root"):
        ChartPages(plan, ChartOptions(root="nobody-here"), a3)


def test_paint_pages_on_another_page_size(tmp_path):
    path = tmp_path / "a4.pdf"
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QPageLayout().margins())
    writer = new_pdf_writer(path, "A4 chart", layout)
    count = paint_pages(writer, make_plan(200), ChartOptions(), date_text=DATE)
    del writer
    assert count > 1
    assert page_count(path) == count
    assert f"page 2 of {count}" in pdf_text(path)


def test_reporting_cycle_and_several_roots_draw_everyone():
    plan = small_plan()
    plan.people["x"] = Person("x", "Loop One", manager="y")
    plan.people["y"] = Person("y", "Loop Two", manager="x")
    plan.people["solo"] = Person("solo", "Solo Root")
    pages = ChartPages(plan, ChartOptions(), None, date_text=DATE)
    drawn = [pid for pid, _r in pages.card_rects(0)]
    assert sorted(drawn) == sorted(plan.people)


# ---------------------------------------------------------------- determinism, SVG, PNG


@pytest.mark.parametrize("suffix", [".pdf", ".svg", ".png"])
def test_same_plan_same_bytes(tmp_path, suffix):
    plan = make_plan(120)
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    write_chart(plan, a, ChartOptions(dpi=72), date_text=DATE)
    write_chart(plan, b, ChartOptions(dpi=72), date_text=DATE)
    assert a.read_bytes() == b.read_bytes()
    if suffix == ".pdf":
        assert b"/CreationDate (D:20000101000000" in a.read_bytes()


def test_svg_is_valid_xml_with_text_as_text(tmp_path):
    plan = small_plan()
    plan.people["ben"].name = "Ben <b>Bold</b> & Co"
    path = tmp_path / "chart.svg"
    write_chart(plan, path, ChartOptions(), date_text=DATE)
    subprocess.run([tool("xmllint"), "--noout", str(path)], check=True, capture_output=True)
    svg = path.read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Ana Head" in texts and "Chart test" in texts
    assert "Ben &lt;b&gt;Bold&lt;/b&gt; &amp; Co" in texts  # the markup is drawn, escaped, as text
    png = tmp_path / "rsvg.png"
    subprocess.run([tool("rsvg-convert"), "-o", str(png), str(path)], check=True, capture_output=True)
    assert png.stat().st_size > 1000


def test_png_draws_text_at_the_requested_dpi(tmp_path):
    plan = small_plan()
    low = render_image(plan, ChartOptions(), dpi=72, date_text=DATE)
    high = render_image(plan, ChartOptions(), dpi=216, date_text=DATE)
    assert abs(high.width() - 3 * low.width()) <= 3 and abs(high.height() - 3 * low.height()) <= 3
    assert round(high.dotsPerMeterX() * 0.0254) == 216

    def grey(image, x, y) -> int:
        return QColor(image.pixel(x, y)).lightness()

    # The title's band (it starts 18 pt from the top, 16 pt tall), in the 216-dpi image.
    y0, y1, x1 = 18 * 3, 40 * 3, min(high.width(), 300 * 3)
    # Text drawn at 216 dpi has hard edges (a nearly black pixel beside a nearly white one);
    # a 72-dpi image scaled up smoothly has none, one scaled up by pixel repetition has only
    # uniform 3x3 blocks. Require both kinds of detail.
    hard = sum(1 for y in range(y0, y1) for x in range(x1 - 1) if abs(grey(high, x, y) - grey(high, x + 1, y)) > 150)
    mixed = sum(
        1
        for by in range(y0 // 3, y1 // 3)
        for bx in range(x1 // 3)
        if len({high.pixel(3 * bx + i, 3 * by + j) for i in range(3) for j in range(3)}) > 1
    )
    assert hard > 100 and mixed > 100
    path = tmp_path / "chart.png"
    write_chart(plan, path, ChartOptions(dpi=144), date_text=DATE)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_refuses_giant_images_and_writes_nothing(tmp_path):
    path = tmp_path / "huge.png"
    with pytest.raises(PlanError, match="--depth"):
        write_chart(make_plan(1500), path, ChartOptions(dpi=1200), date_text=DATE)
    assert list(tmp_path.iterdir()) == []


def test_dotted_lines_are_drawn():
    purple = QColor("#7a5af8")

    def purple_pixels(plan) -> int:
        image = render_image(plan, ChartOptions(), dpi=72, date_text=DATE)
        n = 0
        for y in range(0, image.height(), 2):
            for x in range(0, image.width(), 2):
                c = QColor(image.pixel(x, y))
                if abs(c.red() - purple.red()) < 40 and abs(c.green() - purple.green()) < 40 and c.blue() > 200:
                    n += 1
        return n

    with_line = small_plan()
    without = small_plan()
    without.people["cy"].dotted = []
    legend_only = purple_pixels(without)  # the legend's sample line
    assert purple_pixels(with_line) > legend_only + 5


# ---------------------------------------------------------------- progress, failures, hostile text


def test_cancel_leaves_no_file(tmp_path):
    calls = []

    def progress(done, total, what):
        calls.append((done, total, what))
        return len(calls) < 3

    path = tmp_path / "chart.pdf"
    with pytest.raises(Cancelled):
        write_chart(make_plan(400), path, ChartOptions(), progress)
    assert list(tmp_path.iterdir()) == []
    assert calls[0][2] == "people" and calls[1][0] - calls[0][0] == 100


def test_progress_reports_people_then_pages(tmp_path):
    calls = []

    def progress(done, total, what):
        calls.append((done, total, what))
        return True

    write_chart(make_plan(250), tmp_path / "c.pdf", ChartOptions(), progress, date_text=DATE)
    whats = [w for _d, _t, w in calls]
    assert whats.index("pages") > whats.index("people")
    assert calls[-1][0] == calls[-1][1]


def test_failure_keeps_the_old_file(tmp_path):
    path = tmp_path / "chart.pdf"
    path.write_bytes(b"old")
    with pytest.raises(PlanError):
        write_chart(small_plan(), path, ChartOptions(root="ghost"))
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.pdf"]
    with pytest.raises(PlanError, match="does not exist"):
        write_chart(small_plan(), tmp_path / "nope" / "c.pdf", ChartOptions())


def test_hostile_names_are_plain_text_and_keep_the_layout(tmp_path):
    plan = small_plan()
    long = "Extremely " * 30 + "Long"
    plan.people["ben"].name = "<b>B</b> $x$ =A1"
    plan.people["cy"].name = "Cy\x1b[31m\nMoss\r\x07"
    plan.people["dee"].name = long
    normal = ChartPages(small_plan(), ChartOptions(), None, date_text=DATE)
    hostile = ChartPages(plan, ChartOptions(), None, date_text=DATE)
    # Names are elided to one line: the same card sizes and places as with plain names.
    assert hostile.card_rects(0) == normal.card_rects(0)
    plan.rocks["r1"].title = "<i>Pricing</i>\n=HYPERLINK()"
    path = tmp_path / "hostile.pdf"
    write_chart(plan, path, ChartOptions(), date_text=DATE)
    text = pdf_text(path)
    assert "<b>B</b> $x$ =A1" in text
    assert "<i>Pricing</i>" in text
    assert "Extremely Extremely" in text and long not in text.replace("\n", " ")  # elided, not wrapped
    assert "\x1b" not in text and "\x07" not in text


def test_page_list_prints_runs_as_ranges():
    assert page_list([9, 3, 4, 5, 12, 13]) == "3–5, 9, 12, 13"
    assert page_list([7]) == "7"


def test_one_page_when_it_fits_readably(a3):
    pages = ChartPages(small_plan(), ChartOptions(), a3, date_text=DATE)
    assert pages.count == 1 and pages.scale >= FIT_SCALE
    assert all(p.up is None for p in pages.chart.pieces)  # drawn whole, not cut


# ---------------------------------------------------------------- the CLI


def test_rocks_export_pdf_without_a_display(tmp_path):
    plan_path = tmp_path / "plan.rocks.json"
    fileio.save(make_plan(80), plan_path)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    code = "import sys; from ui.window.launcher import main; sys.exit(main())"
    out = tmp_path / "chart.pdf"
    done = subprocess.run(
        [sys.executable, "-c", code, "export", str(plan_path), "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert page_count(out) >= 1
    assert "Person 80" in pdf_text(out)
    bad = subprocess.run(
        [sys.executable, "-c", code, "export", str(plan_path), "-o", str(tmp_path / "x.png"), "--dpi", "1200"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.png").exists()


def test_install_registers_without_loading_qt():
    code = (
        "import sys; import ui.export as e; e.install(); from planner.exports import exporting; "
        "w = exporting.chart_writer(); assert 'PySide6' not in sys.modules, 'Qt loaded'; print(w.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ui.export"


def test_page_references_follow_first_page_number(tmp_path, a3):
    from PySide6.QtGui import QPainter

    plan = make_plan(300)
    pages = ChartPages(plan, ChartOptions(), a3, date_text=DATE)
    piece = next(p for p in pages.chart.pieces if p.up is not None)
    path = tmp_path / "pack.pdf"
    writer = new_pdf_writer(path, "pack")
    painter = QPainter(writer)
    for i in range(pages.count):
        if i:
            writer.newPage()
        pages.paint(painter, i, first_page_number=10)
    painter.end()
    del writer
    text = pdf_text(path)
    manager = plan.people[piece.up].name
    assert f"↑ reports to {manager}, page {10 + pages.page_of[piece.up]}" in text
    assert f"page {10 + pages.count - 1}" in text  # the running header of the last page


def test_a_manager_with_hundreds_of_reports_continues_in_grouped_pages(tmp_path, a3):
    plan = Plan(name="Flat org")
    plan.people["boss"] = Person("boss", "Big Boss")
    for i in range(600):
        plan.people[f"s{i}"] = Person(f"s{i}", f"Staff {i}", "Store associate", manager="boss")
    pages = ChartPages(plan, ChartOptions(), a3, date_text=DATE)
    drawn = [pid for i in range(pages.count) for pid, r in pages.card_rects(i)]
    assert sorted(drawn) == sorted(plan.people)
    for i in range(pages.count):
        for _pid, r in pages.card_rects(i):
            assert r.top() >= 0 and r.bottom() <= a3.height() + 0.01 and r.right() <= a3.width() + 0.01
    continued = [p for p in pages.chart.pieces if p.up == "boss"]
    assert continued and all(len(p.members) > 20 for p in continued[:-1])  # many to a piece, not one each
    assert pages.count <= 8
    path = tmp_path / "flat.pdf"
    write_chart(plan, path, ChartOptions(), date_text=DATE)
    text = pdf_text(path)
    assert text.count("↑ reports to Big Boss, page 1") == len(continued)
    assert f"→ continued on pages 2–{pages.count}" in text


def test_date_defaults_to_today_or_source_date_epoch(monkeypatch):
    from datetime import date

    from ui.export.chart import today_text

    assert today_text(date(2026, 3, 9)) == "9 March 2026"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01
    assert ChartPages(small_plan(), ChartOptions(), None).date_text == "1 January 2000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert today_text() == today_text(date.today())


def test_dotted_line_to_another_page_is_named_with_its_page(tmp_path, a3):
    plan = make_plan(300)
    top = next(iter(plan.people))
    pages = ChartPages(plan, ChartOptions(), a3, date_text=DATE)
    far = next(pid for pid, page in pages.page_of.items() if page == pages.count - 1)
    plan.people[far].dotted = [top]
    pages = ChartPages(plan, ChartOptions(), a3, date_text=DATE)
    assert pages.page_of[far] != pages.page_of[top]
    for i in range(pages.count):  # the note's room keeps every card inside its page
        assert all(r.bottom() <= a3.height() + 0.01 for _p, r in pages.card_rects(i))
    path = tmp_path / "dotted.pdf"
    write_chart(plan, path, ChartOptions(), date_text=DATE)
    text = " ".join(pdf_text(path).split())
    assert f"dotted line to {plan.people[top].name}, page {pages.page_of[top] + 1}" in text
