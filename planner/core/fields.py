"""Parsing and checking single field values typed by users or read from sheets.

Shared by commands (inspector edits), the importer and the CLI, so a value is
accepted or refused with the same words everywhere. Each parser raises
FieldError naming the field and what was expected.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from models import PERSON_STATUSES, ROCK_KINDS, ROCK_STATES, TSHIRT_SIZES, DisciplineTable
from planner.core.errors import FieldError

MAX_CAPACITY = 200.0
MIN_CAPACITY = 1.0  # below 1% a load is meaningless ("inf%" for 5e-324)
MAX_EFFORT = 100.0
MAX_NAME = 500  # names and titles, once whitespace is normalised
MAX_SHORT_TEXT = 500  # role, email, start
MAX_TEXT = 10_000  # notes and roadmap fields
MAX_HEADCOUNT = 1_000_000  # engineers on a team, now or in a quarter of its growth plan
MAX_GROWTH_QUARTERS = 12  # quarters in a team's growth plan (the plan file's limit too)


def _number(field: str, value: Any, expected: str) -> float:
    if isinstance(value, bool):
        raise FieldError(field, f"expected {expected}, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _decimal_text(str(value).strip().rstrip("%").strip())
        try:
            number = float(text)
        except ValueError:
            raise FieldError(field, f'expected {expected}, got "{value}"') from None
    if not math.isfinite(number):
        raise FieldError(field, f"expected {expected}, got {value!r}")
    return number


def _decimal_text(text: str) -> str:
    """'1,200' -> '1200' (thousands), '12,5' -> '12.5' (decimal comma), else unchanged."""
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        return text.replace(",", "")
    if re.fullmatch(r"-?\d+,\d{1,2}", text):
        return text.replace(",", ".")
    return text


def parse_effort(value: Any, field: str = "effort") -> float:
    """Percent of a week, or a T-shirt size XS/S/M/L/XL (5/10/20/35/50)."""
    if isinstance(value, str) and value.strip().upper() in TSHIRT_SIZES:
        return TSHIRT_SIZES[value.strip().upper()]
    expected = "a percent of a week from 0 to 100 or a size XS/S/M/L/XL"
    number = _number(field, value, expected)
    if not 0 <= number <= MAX_EFFORT:
        raise FieldError(field, f"expected {expected}, got {value}")
    return number


def parse_capacity(value: Any, field: str = "capacity") -> float:
    """Percent of a full-time week, from 1 to 200 (the plan file's range too)."""
    expected = "a percent of a full-time week from 1 to 200 (100 = full time)"
    number = _number(field, value, expected)
    if not MIN_CAPACITY <= number <= MAX_CAPACITY:
        raise FieldError(field, f"expected {expected}, got {value}")
    return number


def parse_headcount(value: Any, field: str = "engineers") -> int:
    expected = "a whole number of engineers, 0 or more"
    number = _number(field, value, expected)
    if number < 0 or not number.is_integer() or number > MAX_HEADCOUNT:
        raise FieldError(field, f"expected {expected}, got {value}")
    return int(number)


_GROWTH_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+")
_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")


def parse_growth(value: Any, field: str = "growth") -> list[int]:
    """A team's growth plan: engineers planned per quarter, as a list or text like "8, 11, 15".

    Commas, semicolons or spaces separate quarters; empty text (or None) is no plan.
    At most 12 quarters, each a whole number from 0 to 1,000,000; a bad quarter is named
    by its position ("growth: quarter 3: expected a whole number of engineers, got 'x'").
    """
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip().strip(",;").strip()
        items: list[Any] = _GROWTH_SEPARATORS.split(text) if text else []
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        items = [value]  # one quarter, as a spreadsheet cell holding a single number
    else:
        raise FieldError(
            field, f"expected whole numbers of engineers per quarter, such as 8, 11, 15, got {str(value)[:40]!r}"
        )
    if len(items) > MAX_GROWTH_QUARTERS:
        raise FieldError(field, f"expected at most {MAX_GROWTH_QUARTERS} quarters, got {len(items)}")
    return [_quarter_headcount(item, field, i) for i, item in enumerate(items, 1)]


def _quarter_headcount(item: Any, field: str, quarter: int) -> int:
    where = f"quarter {quarter}: expected a whole number of engineers"
    if isinstance(item, str) and not item.strip():
        raise FieldError(field, f"{where}, got nothing")
    shown = str(item)[:40]
    if isinstance(item, int | float) and not isinstance(item, bool):
        number = float(item)
    elif isinstance(item, str) and _NUMBER.fullmatch(item.strip()):
        number = float(item.strip())
    else:
        raise FieldError(field, f"{where}, got {shown!r}")
    if not math.isfinite(number) or not number.is_integer() or not 0 <= number <= MAX_HEADCOUNT:
        raise FieldError(field, f"{where} from 0 to {MAX_HEADCOUNT:,}, got {shown!r}")
    return int(number)


def parse_kept(value: Any, field: str = "kept") -> bool | None:
    """Whether the owner keeps a rock: yes / no, or the default ("", "default", None)."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in ("", "default", "auto"):
        return None
    if text in ("yes", "true", "1", "y", "kept", "keep"):
        return True
    if text in ("no", "false", "0", "n"):
        return False
    raise FieldError(field, f'expected yes, no or default, got "{str(value)[:60]}"')


def parse_choice(value: Any, field: str, choices: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in choices:
        raise FieldError(field, f'expected one of {", ".join(choices)}, got "{value}"')
    return text


def parse_status(value: Any) -> str:
    return parse_choice(value, "status", PERSON_STATUSES)


def parse_kind(value: Any) -> str:
    return parse_choice(value, "kind", ROCK_KINDS)


def parse_state(value: Any) -> str:
    return parse_choice(value, "state", ROCK_STATES)


def parse_discipline(value: Any, table: DisciplineTable, field: str = "discipline") -> str:
    found = table.resolve(str(value))
    if found is None:
        raise FieldError(field, f'unknown discipline "{value}"; expected one of {", ".join(table.accepted())}')
    return found


def parse_name(value: Any, field: str = "name") -> str:
    """A name or title, stored whitespace-normalised (one line, single spaces)."""
    text = " ".join(str(value).split())
    if not text:
        raise FieldError(field, "must not be empty")
    if len(text) > MAX_NAME:
        raise FieldError(field, f"must be at most {MAX_NAME} characters")
    return text


def parse_when(value: Any, field: str = "when") -> str:
    """An ISO 8601 date-time such as 2026-11-02T09:00:00+00:00 (a move's time), kept as written."""
    expected = "an ISO 8601 date-time such as 2026-11-02T09:00:00+00:00"
    text = str(value)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f'expected {expected}, got "{text[:60]}"') from None
    try:
        date.fromisoformat(text)
    except ValueError:
        return text
    raise FieldError(field, f'expected {expected} (a time too, not only a date), got "{text}"')


def parse_text(value: Any, field: str, limit: int = MAX_TEXT) -> str:
    text = str(value).strip()
    if len(text) > limit:
        raise FieldError(field, f"must be at most {limit} characters")
    return text
