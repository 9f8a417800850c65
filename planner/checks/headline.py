"""The headline numbers as people read them: engineers, PMs and PM:eng, today and once planned hires start.

``Analysis.summary()`` counts today's people (``pms``, ``engineers``, ``engineers_per_pm``) and the
plan as it will be once planned hires and open roles start (the ``*_planned`` keys), as the checks
do. The status bar, ``rocks check``, ``rocks summary``, ``rocks scenarios``, the diff, the compare
window and the review pack all word them here, so they say the same thing. When planned hires
change nothing, one set of numbers is shown, unqualified, to stay short.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.core.text import plural

PLANNED = "once planned hires start"
HEADCOUNT = ("engineers", "pms", "engineers_per_pm")  # the numbers with a ``*_planned`` twin shown here


def ratio_text(value: Any, sep: str = ":") -> str:
    """'1:6' for 6 engineers per PM, 'no PM' for None (``sep`` ' : ' for the review pack)."""
    return "no PM" if value is None else f"1{sep}{value:g}"


def planned_differs(summary: Mapping[str, Any]) -> bool:
    """Whether planned hires (or open roles) change engineers, PMs or PM:eng."""
    return any(summary.get(key) != summary.get(f"{key}_planned", summary.get(key)) for key in HEADCOUNT)


def pm_parts(summary: Mapping[str, Any], engineers: bool = True) -> tuple[str, str | None]:
    """('6 engineers, 0 PMs, PM:eng no PM', '1 PM, PM:eng 1:6'): today's numbers, and the numbers once
    planned hires start (None when they are the same). The planned part counts engineers only when
    planned hires change them; with ``engineers`` False today's part leaves them out too (shown elsewhere)."""

    def part(suffix: str, with_engineers: bool) -> str:
        pms, ratio = summary.get(f"pms{suffix}", 0), summary.get(f"engineers_per_pm{suffix}")
        text = f"{plural(int(pms or 0), 'PM')}, PM:eng {ratio_text(ratio)}"
        if with_engineers:
            text = f"{plural(int(summary.get(f'engineers{suffix}') or 0), 'engineer')}, {text}"
        return text

    today = part("", engineers)
    if not planned_differs(summary):
        return today, None
    more_engineers = summary.get("engineers") != summary.get("engineers_planned", summary.get("engineers"))
    return today, part("_planned", more_engineers)


def pm_text(summary: Mapping[str, Any], engineers: bool = True) -> str:
    """'6 engineers, 0 PMs, PM:eng no PM today; 1 PM, PM:eng 1:6 once planned hires start', or one set
    of numbers when planned hires change nothing."""
    today, planned = pm_parts(summary, engineers)
    return today if planned is None else f"{today} today; {planned} {PLANNED}"
