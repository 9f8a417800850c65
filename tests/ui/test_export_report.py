"""The review pack (ui.export.report): a multi-page PDF checked with qpdf, pdfinfo, pdftotext and pdfimages."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pytest

from models import Person, Plan, Rock
from planner.checks.analysis import Analysis
from planner.checks.rules import title_of
from planner.core.errors import PlanError
from planner.exports.exporting import Cancelled, ChartOptions, ReportOptions
from planner.whatif.scenarios import copy_plan
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import tool

DATE = "2026-12-04"
DOLLAR = "Dollar $x$ Person"
HTML = "<b>Bold</b> & Co"
MOVED = "Zebra pricing overhaul"


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def page_text(pdf: Path, page: int) -> str:
    return run(tool("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(pdf), "-")


def pages(pdf: Path) -> int:
    out = run(tool("pdfinfo"), str(pdf))
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


def book_plan() -> Plan:
    """90 people with two hostile names at the top of the load chart, and a scenario moving one rock."""
    plan = make_plan(90)
    plan.name = "Review <i>pack</i> $plan$"
    plan.people["p7x"] = Person("p7x", DOLLAR, "Product Manager", manager="p1")
    plan.people["p8x"] = Person("p8x", HTML, "Product Designer", manager="p1")
    plan.rocks["rz1"] = Rock("rz1", "Dollar load", "product", 150, owner="p7x")
    plan.rocks["rz2"] = Rock("rz2", "Html load", "design", 140, owner="p8x")
    plan.rocks["rz3"] = Rock("rz3", MOVED, "operations", 10, owner="p8x")
    scenario = copy_plan(plan)
    scenario.rocks["rz3"].owner = "p7x"
    scenario.people.pop("p90", None)
    plan.scenarios["Split"] = scenario
    return plan


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Path, list[str]]:
    from ui.export.report import page_sections, write_report

    plan = book_plan()
    out = tmp_path_factory.mktemp("report") / "review.pdf"
    options = ReportOptions(compare=("baseline", "Split"))
    write_report(plan, out, options, date_text=DATE)
    return plan, out, page_sections(plan, options, date_text=DATE)


def test_the_pack_is_a_valid_pdf_with_every_section(qapp, pack) -> None:
    plan, pdf, sections = pack
    out = subprocess.run([tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert pages(pdf) == len(sections)
    order = list(dict.fromkeys(sections))
    assert order == ["Summary", "Org chart", "Branches", "Load per person by discipline", "Findings", "Before / after"]
    assert sections.count("Summary") == 1


def test_cover_shows_the_headline_numbers_and_what_needs_attention(qapp, pack) -> None:
    plan, pdf, sections = pack
    s = Analysis(plan).summary()
    cover = page_text(pdf, 1)
    assert "Review <i>pack</i> $plan$" in cover  # the name as typed, not as markup or math
    assert "baseline" in cover and DATE in cover
    words = cover.split()
    for key in ("people", "active_rocks", "engineers_planned", "pms_planned", "errors", "warnings", "infos",
                "overloaded", "unowned_rocks"):  # fmt: skip
        assert str(s[key]) in words, key
    # PMs and the ratio once planned hires start (the plan has a planned PM), today's in the notes.
    assert s["pms"] < s["pms_planned"] and s["engineers_per_pm"] != s["engineers_per_pm_planned"]
    flat = " ".join(cover.split())
    assert f"1 : {s['engineers_per_pm_planned']:g}" in flat
    assert "once planned hires start" in flat
    assert f"today {s['pms']}" in flat and f"today 1 : {s['engineers_per_pm']:g}" in flat
    top = next(f for f in Analysis(plan).sorted_findings())
    assert top.severity == "error"
    assert top.message[:50] in " ".join(cover.split())
    assert "Contents" in cover and f"page {sections.index('Findings') + 1}" in cover


def test_every_page_has_the_footer(qapp, pack) -> None:
    _, pdf, sections = pack
    text = run(tool("pdftotext"), str(pdf), "-")
    for i in range(1, len(sections) + 1):
        assert f"page {i} of {len(sections)}" in text


def test_load_pages_are_vector_with_names_as_text(qapp, pack) -> None:
    plan, pdf, sections = pack
    first = sections.index("Load per person by discipline") + 1
    text = page_text(pdf, first)
    assert DOLLAR in text  # the most loaded: first on the first load page, "$x$" literal (no mathtext)
    assert HTML in text
    assert "load, % of capacity" in text
    last = len(sections) - sections[::-1].index("Load per person by discipline")
    listing = run(tool("pdfimages"), "-list", "-f", str(first), "-l", str(last), str(pdf))
    assert len(listing.strip().splitlines()) == 2, listing  # the header only: no raster image


def test_findings_pages_list_each_finding_with_its_rule_and_source(qapp, pack) -> None:
    plan, pdf, sections = pack
    numbers = [i + 1 for i, s in enumerate(sections) if s == "Findings"]
    text = " ".join(" ".join(page_text(pdf, n).split()) for n in numbers)
    findings = Analysis(plan).sorted_findings()
    assert "Errors (" in text and "Warnings (" in text
    cells = " ".join(run(tool("pdftotext"), "-f", str(numbers[0]), "-l", str(numbers[-1]), str(pdf), "-").split())
    for f in (findings[0], findings[len(findings) // 2], findings[-1]):
        assert " ".join(f.message.split())[:40] in text
        assert f"{title_of(f.rule)} {' '.join(f.message.split())[:40]}" in cells  # its rule's title, then it
    assert "docs/rules.md" not in text and ".md" not in text  # a document for executives: no repository paths
    # Each check that fired is explained by its name, what it looks for and the idea behind it.
    from planner.checks.rules import RULES

    assert "The checks behind these" in text  # ("findings" comes out with an fi ligature)
    overload = RULES["overload"]
    assert f"Overload Looks for: {overload.threshold()}" in text
    assert " ".join(overload.why.split())[:60] in text
    for rule in {f.rule for f in findings if "-" in f.rule}:  # ids a message would not use as words
        assert rule not in text, rule  # never its id


def test_before_after_pages_show_the_moved_rock_and_the_numbers(qapp, pack) -> None:
    plan, pdf, sections = pack
    numbers = [i + 1 for i, s in enumerate(sections) if s == "Before / after"]
    text = " ".join(" ".join(page_text(pdf, n).split()) for n in numbers)
    assert "Before / after: baseline → Split" in text
    assert f"{MOVED}: {HTML} → {DOLLAR}" in text
    assert "Rocks moved (1)" in text
    assert "People removed (1)" in text
    assert "Headline numbers" in text and "Load changes" in text
    assert "PMs (once planned hires start)" in text  # the baseline has a planned PM
    assert "Findings resolved (" in text and not re.search(r"\[[a-z-]+\]", text)  # rules by title, not [id]


def seed_pack(engineers: int, pms: int, planned: int) -> tuple[dict, list]:
    """The cover's summary and tiles for a team of ``engineers``, ``pms`` PMs and ``planned`` planned PMs."""
    from models import Team
    from ui.export.report import lay_out

    plan = Plan(name="Seed")
    plan.people["ceo"] = Person("ceo", "Ana", "CEO")
    plan.teams["t1"] = Team("t1", "Core", headcount=engineers)
    for i in range(pms + planned):
        status = "active" if i < pms else "planned"
        plan.people[f"pm{i}"] = Person(f"pm{i}", f"PM {i}", "Product Manager", manager="ceo", status=status)
    report = lay_out(plan, ReportOptions(), date_text=DATE)
    s = report.analysis.summary()
    return s, report._tiles(s)


@pytest.mark.parametrize(
    "engineers, pms, planned, big, today, alert",
    [
        (6, 0, 1, "1 : 6", "today no PM", False),  # the planned PM: 1:6, within the limits
        (13, 1, 1, "1 : 6.5", "today 1 : 13", False),  # today above 1:12; the planned PM fixes it
        (10, 1, 1, "1 : 5", "today 1 : 10", True),  # today on target; the planned PM takes it below 1:6
        (13, 1, 0, "1 : 13", "", True),  # no planned hire: one set of numbers
    ],
)
def test_cover_ratio_is_the_ratio_rules_verdict_once_planned_hires_start(
    qapp, engineers, pms, planned, big, today, alert
) -> None:
    from planner.checks.rules import PM_ENG_RATIO
    from ui.export.report import SEVERITY_COLORS

    s, tiles = seed_pack(engineers, pms, planned)
    ratio = next(t for t in tiles if t.what == "PM : engineers")
    pm_tile = next(t for t in tiles if t.what == "PMs")
    assert ratio.big == big and pm_tile.big == str(pms + planned)
    note = ratio.note.replace("\u00a0", " ")
    if today:
        assert note.startswith(f"once planned hires start; {today} · target 1 : 10")
        assert pm_tile.note.replace("\u00a0", " ").startswith(f"once planned hires start; today {pms} · ")
    else:
        assert note == "target 1 : 10, at most 1 : 12" and "today" not in pm_tile.note
    fires = PM_ENG_RATIO.verdict(s["engineers_planned"], s["pms_planned"], Plan()).fires
    assert fires is alert
    assert ratio.color == (SEVERITY_COLORS["warning"] if alert else None)


def test_same_input_gives_the_same_bytes(qapp, pack, tmp_path) -> None:
    from ui.export.report import write_report

    plan, pdf, _ = pack
    again = tmp_path / "again.pdf"
    write_report(plan, again, ReportOptions(compare=("baseline", "Split")), date_text=DATE)
    assert again.read_bytes() == pdf.read_bytes()
    stamp = re.search(rb"/CreationDate \(D:(\d{8})", again.read_bytes())
    assert stamp is not None and stamp.group(1) != datetime.date.today().strftime("%Y%m%d").encode()


def test_cancel_leaves_no_file_and_keeps_an_existing_one(qapp, tmp_path) -> None:
    from ui.export.report import write_report

    plan = make_plan(250)
    seen: list[tuple[int, int, str]] = []

    def stop_on_third_page(done: int, total: int, what: str) -> bool:
        seen.append((done, total, what))
        return what != "pages" or done < 2

    out = tmp_path / "review.pdf"
    with pytest.raises(Cancelled):
        write_report(plan, out, ReportOptions(), stop_on_third_page, date_text=DATE)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either
    pages = [s for s in seen if s[2] == "pages"]
    assert [d for d, _, _ in pages] == [0, 1, 2] and pages[0][1] > 3  # one call per page, the total known
    assert seen[0][::2] == (0, "people")  # the chart's layout reports first (the summary's, of a 250-person org)
    out.write_bytes(b"old")
    with pytest.raises(Cancelled):  # cancelled while the org chart is laid out, before any page
        write_report(plan, out, ReportOptions(), lambda done, total, what: what != "people" or done == 0)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.pdf"]


def test_scenario_name_on_the_cover_and_bad_requests_refused(qapp, tmp_path) -> None:
    from ui.export.report import write_report

    plan = make_plan(20)
    out = tmp_path / "scenario.pdf"
    write_report(plan, out, ReportOptions(chart=ChartOptions(scenario="Hire <TPM>")), date_text=DATE)
    assert "scenario: Hire <TPM>" in page_text(out, 1)
    with pytest.raises(PlanError, match="No scenario called"):
        write_report(plan, tmp_path / "x.pdf", ReportOptions(compare=("baseline", "Nope")), date_text=DATE)
    with pytest.raises(PlanError, match=r"\.pdf"):
        write_report(plan, tmp_path / "x.png", ReportOptions(), date_text=DATE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.pdf"]


def test_compare_resolves_scenarios_from_the_book(qapp, tmp_path) -> None:
    from ui.export.report import write_report

    book = book_plan()
    scenario = book.scenarios["Split"]
    out = tmp_path / "book.pdf"
    write_report(scenario, out, ReportOptions(compare=("Split", "baseline")), date_text=DATE, book=book)
    text = " ".join(run(tool("pdftotext"), str(out), "-").split())
    assert f"{MOVED}: {DOLLAR} → {HTML}" in text


def test_org_chart_pages_fit_their_area_and_refer_to_pack_page_numbers(qapp, tmp_path) -> None:
    from PySide6.QtCore import QRectF

    from ui.export.report import lay_out, write_report

    plan = make_plan(150)  # a summary of the top, then every branch (ui/export/review/branches.py)
    report = lay_out(plan, ReportOptions(), date_text=DATE)
    chart, first, size = report.chart, report.chart_first, report.chart_size
    assert first == 2 and chart.count == 1  # right after the cover
    area = QRectF(0, 0, size.width(), size.height())
    assert all(area.contains(rect) for _pid, rect in chart.card_rects(0))  # nothing reaches the heading or footer
    room = report.branch_room
    for b in report.branches:
        own = b.room if b.own else room  # a big branch has a page (or pages) of its own
        for i in range(b.chart.count):
            for pid, rect in b.chart.card_rects(i):
                if not b.own:
                    rect = rect.translated(b.x, b.y + sum(block.height for block in b.head))
                inside = QRectF(0, 0, own.width(), own.height()).adjusted(-0.01, -0.01, 0.01, 0.01)  # rounding
                assert inside.contains(rect), (b.root, pid, rect)
    out = tmp_path / "chart.pdf"
    write_report(plan, out, ReportOptions(), date_text=DATE)
    sections = [p.section for p in report.pack.pages]
    chart_pages = range(first, first + sections.count("Org chart") + sections.count("Branches"))
    text = "\n".join(page_text(out, n) for n in chart_pages)
    shown = set(re.findall(r"Person \d+", text))
    assert shown == {p.name for p in plan.people.values()}  # everyone, on the summary or in a branch
    refs = [int(n) for n in re.findall(r"(?:branch(?:es)? on pages?|reports to [^,\n]+, page) (\d+)", text)]
    assert refs and all(n in chart_pages for n in refs)  # cross-references count the cover page
