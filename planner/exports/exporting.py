"""What leaves the app: the options of an export, progress and cancelling, and
the registries through which writers offer their formats.

The table and graph writers (tables.py, graphs.py, workbook.py in this folder)
each call ``register_format`` for the suffixes they write; planner/exports/__init__.py
imports them, so they are registered whenever this room is used, and this module
names none of them (no import circle).

The chart and the review pack are drawn with Qt (the board's own painter code,
in ui/export/), but planner/ never imports Qt. So the ``rocks`` launcher, which
lives in ui/, registers the renderers here (``register``) before running an
``export`` or ``report`` command.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from planner.core.errors import PlanError
from planner.planfile.atomic import atomic_output as atomic_output  # exports land as plan saves do

if TYPE_CHECKING:
    from models.plan import Plan

CHART_FORMATS = (".pdf", ".svg", ".png")
TABLE_FORMATS = (".xlsx", ".csv")
GRAPH_FORMATS = (".graphml", ".dot")
EXPORT_FORMATS = CHART_FORMATS + TABLE_FORMATS + GRAPH_FORMATS
TABLES = ("people", "rocks", "matrix", "findings", "moves")


class Cancelled(Exception):
    """The user cancelled a long export; no file was written."""


class Progress(Protocol):
    def __call__(self, done: int, total: int, what: str) -> bool:
        """Report progress; return False to cancel (the writer then raises Cancelled)."""
        ...


def no_progress(done: int, total: int, what: str) -> bool:
    return True


@dataclass(frozen=True)
class ChartOptions:
    """What part of the reporting tree to draw, and how."""

    root: str | None = None  # a person id: draw only their subtree
    depth: int | None = None  # levels below the root(s) to draw (0: the roots only)
    compact: bool | None = None  # leaf reports stacked; None: on from the board's size threshold
    dpi: int = 150  # PNG only
    title: str = ""  # default: the plan's name
    scenario: str = ""  # shown in the title block ('' = the baseline)


@dataclass(frozen=True)
class ReportOptions:
    compare: tuple[str, str] | None = None  # two scenario names (or "baseline") for before/after pages
    chart: ChartOptions = ChartOptions()


@dataclass(frozen=True)
class TableOptions:
    """What a table or graph writer is asked for besides the plan and the path."""

    table: str = "people"  # .csv: the one table to write
    scenario: str = ""  # shown in the workbook's Plan sheet ('' = the baseline)


ChartWriter = Callable[["Plan", Path, ChartOptions, Progress], None]
ReportWriter = Callable[["Plan", Path, ReportOptions, Progress], None]
FormatWriter = Callable[["Plan", Path, TableOptions, Progress], None]

_chart_writer: ChartWriter | None = None
_report_writer: ReportWriter | None = None
_format_writers: dict[str, FormatWriter] = {}


def register_format(suffixes: tuple[str, ...], writer: FormatWriter) -> None:
    """Called by each table/graph writer module: ``export`` hands files ending in ``suffixes`` to ``writer``."""
    for suffix in suffixes:
        _format_writers[suffix.lower()] = writer


def register(chart: ChartWriter | None = None, report: ReportWriter | None = None) -> None:
    """Called by the desktop layer (ui/) to lend its Qt renderers to the CLI."""
    global _chart_writer, _report_writer
    if chart is not None:
        _chart_writer = chart
    if report is not None:
        _report_writer = report


def chart_writer() -> ChartWriter:
    if _chart_writer is None:
        raise PlanError("charts are drawn by the app's renderer: run this as `rocks export` (the installed command)")
    return _chart_writer


def report_writer() -> ReportWriter:
    if _report_writer is None:
        raise PlanError("review packs are drawn by the app's renderer: run this as `rocks report`")
    return _report_writer


def find_person(plan: Plan, text: str) -> str:
    """A person id from an id or an exact (case-insensitive) name, for --root."""
    if text in plan.people:
        return text
    wanted = " ".join(text.split()).casefold()
    hits = [pid for pid, p in plan.people.items() if " ".join(p.name.split()).casefold() == wanted]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise PlanError(f"--root: {len(hits)} people are called '{text}'; give an id instead ({', '.join(hits[:5])})")
    raise PlanError(f"--root: nobody in the plan has the id or name '{text}'")


def export(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    table: str = "people",
    chart: ChartOptions = ChartOptions(),  # noqa: B008 (frozen, so one shared default is fine)
    progress: Progress = no_progress,
) -> None:
    """Write ``plan`` to ``path`` in the format its suffix names (EXPORT_FORMATS), atomically.

    .xlsx: every table in one workbook; .csv: the one ``table``; .graphml/.dot: the plan graph;
    .pdf/.svg/.png: the chart, drawn by the renderer the desktop layer registered."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in CHART_FORMATS:
        chart_writer()(plan, target, chart, progress)
        return
    writer = _format_writers.get(suffix)
    if writer is None:
        raise PlanError(
            f"{target}: unknown export format {suffix or '(no extension)'}; "
            f"expected a file ending in {', '.join(EXPORT_FORMATS)}"
        )
    writer(plan, target, TableOptions(table=table, scenario=chart.scenario), progress)
