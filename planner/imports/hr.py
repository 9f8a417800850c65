"""The words and dates of HR exports: employment statuses, leaving and joining dates, founder flags.

HR systems write a person's status in their own words ("Voluntarily Terminated",
"Terminated for Cause", "On Leave", "Active - Probation"); the importer needs one
of the plan's statuses (active / planned / open) or "leaver" (skipped and
counted). ``classify_status`` reads them case-insensitively, ignoring spacing and
punctuation; a value it does not know is None, and the importer lists every such
value once (planner.imports.people_rows). Dates come as ISO, day/month/year,
month/day/year, "31-Mar-2024" or "March 31, 2024"; ``has_left`` says whether a
termination date has passed, ``still_to_come`` whether a joining date is ahead, ``iso_date``
writes a date as YYYY-MM-DD when it reads one way only (or the column's other values settle
day/month against month/day, ``day_first``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

LEAVER = "leaver"
# Words that make a status a leaver's, alone or in a phrase ("Voluntarily Terminated").
LEAVER_WORDS = frozenset(
    (
        "terminated", "termination", "terminate", "termed", "resigned", "resignation", "retired",
        "retirement", "inactive", "leaver", "left", "former", "withdrawn", "separated", "separation",
        "exited", "departed", "dismissed", "deceased", "dead", "fired", "redundant", "redundancy",
        "discharged", "quit", "ex", "alumni", "alumnus", "offboarded", "deactivated", "retiree", "dismissal",
        "layoff", "terminee", "expired",
    )
)  # fmt: skip
LEAVER_PHRASES = ("laid off", "no longer employed", "end of contract", "contract ended", "not active", "no longer")
# Words of people who are here: leave, probation, contract types, working patterns.
ACTIVE_WORDS = frozenset(
    (
        "active", "employed", "employee", "current", "probation", "probationary", "contractor", "contract",
        "consultant", "contingent", "permanent", "temporary", "temp", "intern", "internship", "apprentice",
        "trainee", "seasonal", "regular", "leave", "loa", "sabbatical", "furlough", "furloughed", "suspended",
        "notice", "working", "hired", "rehired", "onboarding", "onboarded", "fte", "casual", "fulltime",
        "parttime", "maternity", "paternity", "parental", "sick", "medical", "military", "garden", "on",
        "present", "staff", "member", "full", "part", "time", "fixed", "term", "leaving", "with", "pay",
    )
)  # fmt: skip
PLANNED_PHRASES = (
    "pending", "pre hire", "prehire", "new hire", "offer accepted", "offer signed", "future", "future start",
    "not started", "starting", "to start", "planned", "incoming", "offer extended", "offer made", "offer sent",
    "offer pending", "offered", "accepted offer", "pre boarding", "preboarding", "pre onboarding", "not yet started",
    "awaiting start", "hired not started",
)  # fmt: skip
OPEN_PHRASES = ("vacant", "open", "open position", "open role", "tbh", "to be hired", "vacancy", "requisition", "req")
# Shown in messages: how each status is written, and what the importer makes of it.
STATUS_EXAMPLES = (
    "leavers (skipped): Terminated, Voluntarily Terminated, Terminated for Cause, Resigned, Retired, Inactive, "
    "Left, Former; active: Active, Employed, On Leave, Leave of Absence, Probation, Contractor; "
    "planned: Pending, New Hire, Offer Extended, Offer Accepted, Pre-hire; open: Vacant, TBH"
)
# PeopleSoft's one-letter employee statuses (EMPL_STATUS).
LETTER_CODES = {
    "a": "active", "l": "active", "p": "active", "s": "active", "w": "active",
    "t": LEAVER, "u": LEAVER, "v": LEAVER, "d": LEAVER, "r": LEAVER, "q": LEAVER, "x": LEAVER,
}  # fmt: skip
_WORD = re.compile(r"[^\W_]+")


def status_key(value: str) -> str:
    """ "Terminated - For Cause!" -> "terminated for cause": lower case, words only."""
    return " ".join(_WORD.findall(value.casefold()))


@lru_cache(maxsize=4096)
def classify_status(value: str) -> str | None:
    """ "active", "planned", "open", LEAVER, or None for a value nobody could read as a status.

    Leave and notice come first ("Inactive - on leave" is here, "Pending termination" has not left yet),
    then leaver words, then vacancy and planned-hire phrases, then the words of people who are here.
    """
    key = status_key(value)
    if not key:
        return "active"
    if key in LETTER_CODES:
        return LETTER_CODES[key]
    words = set(key.split())
    phrase = f" {key} "
    if "leave" in words or "loa" in words or "notice" in words or key.startswith("pending term"):
        return "active"
    if words & LEAVER_WORDS or any(f" {p} " in phrase for p in LEAVER_PHRASES):
        return LEAVER
    if any(f" {p} " in phrase for p in OPEN_PHRASES):
        return "open"
    if any(f" {p} " in phrase for p in PLANNED_PHRASES):
        return "planned"
    if words <= ACTIVE_WORDS or words & {"active", "employed", "current", "probation", "contractor"}:
        return "active"
    return None


# ------------------------------------------------------------------ dates

_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_NUMERIC = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T].*)?")
_NAMED = re.compile(
    r"(?:(\d{1,2})[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{2,4})|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))"
)
NO_DATE = frozenset(("", "-", "--", "n/a", "na", "none", "null", "nil", "0", "tbd", "not applicable", "."))
EARLIEST = 1901  # 1900-01-01 and 0000-00-00 are how some systems write "no date"


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) <= 2 else year


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_dates(text: str) -> list[dt.date] | None:
    """Every date ``text`` can mean (day/month and month/day both, when both are valid); [] for a
    "no date" value (empty, N/A, 1900-01-01); None when it is not a date at all."""
    value = text.strip().casefold()
    if value in NO_DATE:
        return []
    found: list[dt.date | None] = []
    m = _ISO.fullmatch(value)
    if m:
        found = [_date(int(m[1]), int(m[2]), int(m[3]))]
    elif (m := _NUMERIC.fullmatch(value)) is not None:
        a, b, c = m.groups()
        if len(a) == 4:
            found = [_date(int(a), int(b), int(c))]
        else:
            found = [_date(_year(c), int(b), int(a)), _date(_year(c), int(a), int(b))]
    elif (m := _NAMED.fullmatch(value)) is not None:
        day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
        number = _MONTHS.get(month[:3])
        found = [_date(_year(year), number, int(day))] if number else []
        if not found:
            return None
    elif value.isascii() and value.isdigit() and 20_000 <= int(value) <= 80_000:  # an Excel day number as text
        found = [dt.date(1899, 12, 30) + dt.timedelta(days=int(value))]
    else:
        return None
    dates = [d for d in found if d is not None]
    if not dates:
        return None
    return [] if all(d.year < EARLIEST for d in dates) else dates


def has_left(end: str, today: dt.date | None = None) -> bool:
    """A termination date on or before today, whichever way round day and month are read.

    Only a date that has passed counts: a value that is not a date ("soon", "TBC") does not
    (the importer keeps the person and warns), nor do "no date" values (N/A, 1900-01-01...).
    """
    dates = read_dates(end) or []
    when = today or dt.date.today()
    return bool(dates) and all(d <= when for d in dates)


def still_to_come(start: str, today: dt.date | None = None) -> bool:
    """A joining date after today, whichever way round day and month are read."""
    dates = read_dates(start) or []
    when = today or dt.date.today()
    return bool(dates) and all(d > when for d in dates)


def day_first(values: Iterable[str]) -> bool | None:
    """Whether a column writes day/month (True) or month/day (False), when its values say so: some
    value reads only one way ("19/11/2017") and none only the other way; None when they cannot tell."""
    dm = md = False
    for value in values:
        if "/" not in value and "." not in value and "-" not in value:
            continue
        m = _NUMERIC.fullmatch(value.strip())
        if m is None or len(m[1]) == 4:
            continue
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b:
            dm = True
        elif b > 12 >= a:
            md = True
    return dm if dm != md else None


def iso_date(text: str, first: bool | None = None) -> str | None:
    """``text`` as YYYY-MM-DD when it reads as one date (``first``: the column writes day/month, see
    day_first), "" for a "no date" value (N/A, 1900-01-01), None when it is not surely one date."""
    dates = read_dates(text)
    if dates is None:
        return None
    if not dates:
        return ""
    if len(set(dates)) == 1:
        return dates[0].isoformat()
    if first is not None and len(dates) == 2:  # read_dates lists day/month first
        return dates[0 if first else 1].isoformat()
    return None


# ------------------------------------------------------------------ founder flags

FOUNDER_YES = frozenset(("yes", "y", "true", "1", "x", "founder", "co founder", "cofounder", "co-founder", "✓", "✔"))


def is_founder_flag(value: str) -> bool:
    """A founder column's cell that says yes ("Yes", "TRUE", "x", "Co-founder")."""
    return value.strip().casefold() in FOUNDER_YES or status_key(value) in FOUNDER_YES
