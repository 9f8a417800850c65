"""Quarters as people write them ("2027-Q1") and as consecutive integers, for growth plans and the timeline."""

from __future__ import annotations

import re
from datetime import date

from models import Plan
from planner.core.errors import PlanError

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^\s*Q([1-4])\s*[-/ ]?\s*(\d{4})\s*$", re.IGNORECASE)


def quarter_index(year: int, q: int) -> int:
    """Quarters as consecutive integers, so 2027-Q4 + 1 is 2028-Q1."""
    return year * 4 + (q - 1)


def quarter_label(index: int) -> str:
    return f"{index // 4}-Q{index % 4 + 1}"


def parse_quarter(text: str) -> int | None:
    """'2027-Q1' (or '2027Q1', 'Q1 2027') as a quarter index; None if it is not a quarter."""
    m = _QUARTER.match(text)
    if m:
        return quarter_index(int(m.group(1)), int(m.group(2)))
    m = _QUARTER_FIRST.match(text)
    return quarter_index(int(m.group(2)), int(m.group(1))) if m else None


def start_quarter(start: str) -> int | None:
    """The quarter a person starts in: a quarter or an ISO date; None (already there) if unparseable."""
    found = parse_quarter(start)
    if found is not None:
        return found
    try:
        d = date.fromisoformat(start.strip()[:10])
    except ValueError:
        return None
    return quarter_index(d.year, (d.month - 1) // 3 + 1)


def first_quarter(plan: Plan, today: date | None = None) -> int:
    """``settings.first_quarter``, or the quarter after ``today``'s when it is empty."""
    text = plan.settings.first_quarter
    if not text:
        today = today or date.today()
        return quarter_index(today.year, (today.month - 1) // 3 + 1) + 1
    m = _QUARTER.match(text)
    if m is None:
        raise PlanError(f'settings.first_quarter: expected a quarter like "2027-Q1", got {text[:40]!r}')
    return quarter_index(int(m.group(1)), int(m.group(2)))
