"""What a rock is, beyond its discipline: kept by its owner, the rock that defines a
specialist, part of a product line.

Read from docs/rules.md, "What a good split respects":

- **Kept rocks.** The founder keeps the company's direction (the long-term vision,
  company strategy, partnerships); estimates belong to engineering. A kept rock
  stays with its owner: hire strategies never move it; only a move that names it
  does. ``Rock.kept`` is the user's word (True / False); None takes the defaults
  below.
- **Defining rocks.** Each specialist is defined by a few rocks (product
  marketing: positioning, messaging, launches, enablement...). A specialist hire
  takes them first; a generalist PM does not take them back from a specialist.
- **Product lines.** A rock's area is a product line unless it is company-wide:
  named in the plan's name (the company: "Fernway" in "Series B: Fernway"), or
  "company", "company-wide", "all", "global", "general".

Titles are matched by whole words, case-insensitively, so "Launch management" and
"Internal launch training" both read as launches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from models import Person, Plan, Rock

# Rocks a founder keeps by default: the company's direction.
FOUNDER_KEEPS: tuple[str, ...] = (
    "vision",
    "company strategy",
    "mission",
    "partnership",
    "partnerships",
    "business development",
    "fundraising",
    "board",
    "investor",
    "investors",
)
# Rocks engineering keeps by default: sizing the work.
ENGINEERING_KEEPS: tuple[str, ...] = ("estimate", "estimates", "estimation", "sizing", "effort and timeline")

# The rocks that define each specialist family (domain: "Specialists take the rocks that define them").
DEFINING: dict[str, tuple[str, ...]] = {
    "pmm": (
        "positioning",
        "messaging",
        "launch",
        "launches",
        "enablement",
        "value proposition",
        "sales demos",
        "roll-out order",
        "rollout",
        "go-to-market",
    ),
    "tpm": (
        "cross-team coordination",
        "coordination",
        "release",
        "releases",
        "release planning",
        "dependency",
        "dependencies",
        "stand-up",
        "stand-ups",
        "standup",
        "standups",
        "gantt",
        "who-does-what",
        "program plan",
    ),
    "design": (
        "user research",
        "ux research",
        "wireframes",
        "wireframe",
        "design system",
        "usability",
        "personas",
        "user journeys",
        "information architecture",
        "clickable prototypes",
    ),
    "ops": (
        "instrumentation",
        "dashboards",
        "dashboard",
        "kpi",
        "kpis",
        "pricing",
        "metrics",
        "path analysis",
        "product health",
    ),
    "strategy": (
        "market analysis",
        "competitive analysis",
        "competitive",
        "market requirements",
        "mrd",
        "analyst relations",
        "market research",
    ),
}


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    parts = [r"[\s\-_/]+".join(re.escape(w) for w in re.split(r"[\s\-_/]+", p) if w) for p in phrases]
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


_FOUNDER = _pattern(FOUNDER_KEEPS)
_ENGINEERING = _pattern(ENGINEERING_KEEPS)
_DEFINING = {family: _pattern(phrases) for family, phrases in DEFINING.items()}


@lru_cache(maxsize=65536)
def _lower(title: str) -> str:
    return title.casefold()


def kept_by_default(family: str, rock: Rock) -> bool:
    """The default when ``rock.kept`` is None: a founder's direction, engineering's estimates."""
    title = _lower(rock.title)
    if family == "founder":
        return bool(_FOUNDER.search(title))
    if family == "eng":
        return bool(_ENGINEERING.search(title))
    return False


def is_kept(plan: Plan, rock: Rock, owner: Person | None = None) -> bool:
    """Whether hire strategies must leave ``rock`` with its owner."""
    if rock.kept is not None:
        return rock.kept
    if owner is None:
        owner = plan.people.get(rock.owner) if rock.owner is not None else None
    if owner is None:
        return False
    return kept_by_default(plan.family(owner), rock)


def keep_reason(plan: Plan, rock: Rock) -> str:
    """Why a rock is kept, in a few words ('' if it is not)."""
    if not is_kept(plan, rock):
        return ""
    if rock.kept:
        return "marked kept"
    owner = plan.people.get(rock.owner or "")
    family = plan.family(owner) if owner else ""
    return "the founder keeps the company's direction" if family == "founder" else "estimates stay with engineering"


_DEFINED: dict[str, frozenset[str]] = {}  # title -> the families it defines (titles repeat across a plan)
DEFINED_BY: Mapping[str, frozenset[str]] = _DEFINED
"""The titles read so far -> the families they define (defining_families' cache, for hot loops)."""


def _defined_by(title: str) -> frozenset[str]:
    """The specialist families a title defines (read once per distinct title)."""
    found = _DEFINED.get(title)
    if found is None:
        folded = title.casefold()
        found = frozenset(family for family, pattern in _DEFINING.items() if pattern.search(folded))
        if len(_DEFINED) < 200_000:
            _DEFINED[title] = found
    return found


def defines(family: str, rock: Rock) -> bool:
    """Whether ``rock`` is one of the rocks that define the specialist ``family``."""
    return family in _defined_by(rock.title)


def defining_families(rock: Rock) -> frozenset[str]:
    """Every specialist family the rock defines (usually none or one)."""
    return _defined_by(rock.title)


COMPANY_WIDE = frozenset(("company", "company-wide", "company wide", "all", "global", "general", "everyone"))
_WORDS = re.compile(r"[a-z0-9]+")


def product_lines(plan: Plan) -> set[str]:
    """Folded areas that are product lines: every area but the company-wide ones."""
    company = set(_WORDS.findall(plan.name.casefold()))
    out = set()
    for r in plan.rocks.values():
        key = area_key(r)
        if not key or key in COMPANY_WIDE:
            continue
        words = set(_WORDS.findall(key))
        if words and words <= company:
            continue
        out.add(key)
    return out


def area_key(rock: Rock) -> str:
    return " ".join(rock.area.split()).casefold()


_LAUNCH = _pattern(("launch", "launches"))


def is_launch(rock: Rock) -> bool:
    """A launch rock (launch management, launch training...): product marketing's core work."""
    title = rock.title
    return "aunch" in title.casefold() and bool(_LAUNCH.search(_lower(title)))
