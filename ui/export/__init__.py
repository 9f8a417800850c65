"""Qt renderers lent to the CLI: the org chart (chart.py) and the review pack (report.py).

``install()`` registers small wrappers with planner.exports.exporting; they import the Qt
modules only when a chart or a pack is actually written, so `rocks export x.xlsx`
never loads Qt.
"""

from __future__ import annotations

from pathlib import Path

from planner.exports.exporting import ChartOptions, Progress, ReportOptions, register


def _chart(plan, path: Path, options: ChartOptions, progress: Progress) -> None:
    from ui.export.chart import write_chart

    write_chart(plan, path, options, progress)


def _report(plan, path: Path, options: ReportOptions, progress: Progress, book=None) -> None:
    from ui.export.report import write_report

    write_report(plan, path, options, progress, book=book)  # book: the plan file, for --compare's scenarios


def install() -> None:
    """Lend the chart and review-pack writers to planner.exports.exporting (idempotent)."""
    register(chart=_chart, report=_report)
