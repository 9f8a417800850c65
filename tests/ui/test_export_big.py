"""Big orgs exported (planner/tree/wrap.py, ui/export/review/charts.py): a single-image chart keeps
a page-like shape and opens anywhere; the review pack of a big org is a summary and its teams to review."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, QSizeF

from models import Plan
from planner.core.errors import PlanError
from planner.exports.exporting import ChartOptions, ReportOptions
from planner.planfile import fileio
from tests.benchmarks.bench_export_chart import wide_org
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import tool
from ui.export.chart import ASPECT_MOST, ChartPages, write_chart
from ui.export.chart_output import MAX_PIXELS

ROOT = Path(__file__).resolve().parents[2]
DATE = "4 December 2026"


@pytest.fixture(scope="module")
def wide(qapp) -> Plan:
    return wide_org()


def test_a_wide_orgs_svg_is_page_shaped_fits_the_window_and_renders(wide, tmp_path):
    pages = ChartPages(wide, ChartOptions(), None, date_text=DATE)
    size = pages.size_pt(0)
    assert size.width() / size.height() <= ASPECT_MOST  # was 37 m x 0.6 m
    placed = [pid for pid, _rect in pages.card_rects(0)]
    assert sorted(placed) == sorted(wide.people)  # everyone, once
    rects = sorted((r for _p, r in pages.card_rects(0)), key=lambda r: (r.left(), r.top()))
    for i, a in enumerate(rects):  # no two cards overlap
        for b in rects[i + 1 :]:
            if b.left() >= a.right():
                break
            assert not a.intersects(b.adjusted(0.5, 0.5, -0.5, -0.5)), (a, b)
    path = tmp_path / "wide.svg"
    write_chart(wide, path, ChartOptions(), date_text=DATE)
    head = path.read_bytes()[:400].decode()
    box = [float(v) for v in re.search(r'viewBox="([^"]+)"', head).group(1).split()]  # type: ignore[union-attr]
    assert box[2] / box[3] <= ASPECT_MOST
    assert '<svg width="100%"' in head  # a browser fits it to the window's width: no sideways scrolling
    assert max(box[2], box[3]) * 96 / 72 < 32767  # within what rsvg-convert (and cairo) draw
    png = tmp_path / "rsvg.png"
    done = subprocess.run([tool("rsvg-convert"), "-z", "0.1", "-o", str(png), str(path)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_a_wide_orgs_png_fits_at_150_dpi_and_a_too_big_one_says_which_dpi_fits(wide, tmp_path):
    size = ChartPages(wide, ChartOptions(), None, date_text=DATE).size_pt(0)
    assert (size.width() * 150 / 72) * (size.height() * 150 / 72) <= MAX_PIXELS  # was 823 megapixels
    dense = make_plan(1500)  # seven rocks a person: too big at 150 dpi, even wrapped
    path = tmp_path / "dense.png"
    with pytest.raises(PlanError, match=r"it fits at --dpi (\d+) or lower") as caught:
        write_chart(dense, path, ChartOptions(dpi=150), date_text=DATE)
    most = int(re.search(r"--dpi (\d+) or lower", str(caught.value)).group(1))  # type: ignore[union-attr]
    assert 10 <= most < 150
    assert not path.exists()


def test_an_11_person_plan_reviews_on_one_chart_page(tmp_path):
    from ui.export.report import lay_out

    plan = fileio.load(ROOT / "resources" / "templates" / "series-b.rocks.json")
    assert len(plan.people) == 11
    report = lay_out(plan, ReportOptions(), date_text=DATE)
    sections = [p.section for p in report.pack.pages]
    assert sections.count("Org chart") == 1  # was two pages, with "continued on page 3"
    chart = report.chart
    area = QRectF(0, 0, report.chart_size.width(), report.chart_size.height())
    rects = chart.card_rects(0)
    assert sorted(p for p, _r in rects) == sorted(plan.people)
    assert all(area.contains(r) for _p, r in rects)
    # The page is used: the chart spans most of its width or height.
    right = max(r.right() for _p, r in rects)
    bottom = max(r.bottom() for _p, r in rects)
    assert right / area.width() > 0.8 or bottom / area.height() > 0.8


def test_a_1500_person_pack_is_a_summary_and_teams_to_review(wide, tmp_path):
    from ui.export.report import lay_out, write_report

    report = lay_out(wide, ReportOptions(), date_text=DATE)
    sections = Counter(p.section for p in report.pack.pages)
    assert sum(sections.values()) < 60, sections  # was 233 pages at 1,500 people
    assert sections["Org chart"] == 1 and 1 <= sections["Teams to review"] <= 25
    summary, size = report.chart, report.chart_size
    area = QRectF(0, 0, size.width(), size.height())
    assert all(area.contains(r) for _p, r in summary.card_rects(0))  # every card inside its page
    out = tmp_path / "wide.pdf"
    write_report(wide, out, ReportOptions(), date_text=DATE)
    text = subprocess.run([tool("pdftotext"), "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Teams to review" in flat and "Why this team:" in flat
    first_team = list(report.pack.starts).index("Teams to review")
    team_page = report.pack.starts["Teams to review"]
    assert first_team > 0 and f"page {team_page}" in flat  # the summary's cards point to team pages
    assert re.search(r"↑ reports to [^,]+, (in [^,]+ branch, )?page 2", flat)  # and the teams back to it
    assert "docs/" not in flat


def test_every_page_of_a_multi_page_chart_is_filled(tmp_path):
    # The review pack draws a 150-person org as a summary and its branches (ui/export/review/branches.py);
    # a chart cut into pages is still what a caller gets for a big org on an A4-sized room.
    size = QSizeF(782.0, 488.0)
    chart = ChartPages(make_plan(150), ChartOptions(), page_size_pt=size, date_text=DATE, titled=False)
    assert chart.count > 1
    assert chart.header_px[1:] == [0.0] * (chart.count - 1)  # no running header under a caller's heading
    for i in range(chart.count):
        rects = [r for _p, r in chart.card_rects(i)]
        right = max(r.right() for r in rects) / size.width()
        bottom = max(r.bottom() for r in rects) / size.height()
        assert max(right, bottom) > 0.9 or chart.page_scales[i] >= chart.scale * 1.39, (i, right, bottom)
        assert all(QRectF(0, 0, size.width(), size.height()).contains(r) for r in rects)


def test_a_wrapped_chart_gives_the_same_bytes(wide, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    write_chart(wide, a, ChartOptions(), date_text=DATE)
    write_chart(wide, b, ChartOptions(), date_text=DATE)
    assert a.read_bytes() == b.read_bytes()
