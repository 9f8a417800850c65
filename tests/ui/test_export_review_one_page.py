"""The review pack's org chart of a ~40-person org on one page (ui/export/review/charts.py ``on_paper``):
too big for one A4 page at a readable size, it gets one A3 landscape page with fewer rows of rocks per
card, every card inside the page and every name in the PDF's text; smaller orgs keep their A4 page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from planner.exports.exporting import ReportOptions
from planner.planfile import fileio
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import tool
from ui.export.chart import FIT_SCALE
from ui.export.chart_cards import MAX_CHIP_ROWS

ROOT = Path(__file__).resolve().parents[2]
DATE = "4 December 2026"


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def forty(qapp):
    plan = make_plan(40)  # a CEO with eleven reports, four of them managers of 3-9 people; ~7 rocks a person
    assert len(plan.people) == 40 and len(plan.rocks) > 200
    return plan


def test_a_40_person_chart_is_one_readable_a3_page_with_every_card_inside(forty):
    from ui.export.report import lay_out

    report = lay_out(forty, ReportOptions(), date_text=DATE)
    sections = [p.section for p in report.pack.pages]
    assert sections.count("Org chart") == 1  # was four pages
    chart, size = report.chart, report.chart_size
    assert chart.count == 1 and chart.scale >= FIT_SCALE  # names at 7 pt or more
    page = report.pack.pages[report.chart_first - 1]
    assert page.section == "Org chart" and page.paper is not None
    paper = page.paper.paintRect(page.paper.Unit.Point)
    assert paper.width() > report.width and size.width() <= paper.width()  # a bigger page, the chart within it
    area = QRectF(0, 0, size.width(), size.height())
    rects = chart.card_rects(0)
    assert sorted(pid for pid, _r in rects) == sorted(forty.people)
    assert all(area.contains(r) for _p, r in rects)
    # Cards keep some of their rocks ("+N more rocks" for the rest): fewer rows, not none.
    shown = [card for card in chart.cards.values() if card.chips]
    assert shown and any(card.more for card in chart.cards.values())
    assert max(len({r.top() for r in card.chip_rects}) for card in shown) < MAX_CHIP_ROWS


def test_the_40_person_pdf_has_an_a3_chart_page_naming_everyone(forty, tmp_path):
    from ui.export.report import lay_out, write_report

    out = tmp_path / "review.pdf"
    write_report(forty, out, ReportOptions(), date_text=DATE)
    first = lay_out(forty, ReportOptions(), date_text=DATE).chart_first
    text = run(tool("pdftotext"), "-f", str(first), "-l", str(first), str(out), "-")
    assert set(re.findall(r"Person \d+", text)) == {p.name for p in forty.people.values()}
    info = run(tool("pdfinfo"), "-f", "1", "-l", str(first + 1), str(out))
    sizes = dict(re.findall(r"Page\s+(\d+) size:\s+[\d.]+ x [\d.]+ pts \((\w+)", info))
    assert sizes == {"1": "A4", str(first): "A3", str(first + 1): "A4"}  # only the chart page is bigger


@pytest.mark.parametrize("people", [11, 20])
def test_smaller_orgs_keep_one_a4_chart_page(qapp, people):
    from ui.export.report import lay_out

    plan = fileio.load(ROOT / "resources" / "templates" / "series-b.rocks.json") if people == 11 else make_plan(people)
    assert len(plan.people) == people
    report = lay_out(plan, ReportOptions(), date_text=DATE)
    assert [p.section for p in report.pack.pages].count("Org chart") == 1
    assert report.pack.pages[report.chart_first - 1].paper is None  # the pack's own A4 page
