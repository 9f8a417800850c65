"""Plain data for Rocks plans. No Qt, no I/O, no analysis."""

from models.disciplines import BUILTIN_DISCIPLINES, BUILTIN_IDS, TSHIRT_SIZES, Discipline, DisciplineTable
from models.plan import (
    BASELINE,
    PERSON_STATUSES,
    ROCK_KINDS,
    ROCK_STATES,
    Move,
    Person,
    Plan,
    Rock,
    RuleSettings,
    Settings,
    Team,
)
from models.roles import FAMILIES, FAMILY_LABELS, RoleTable, fits

__all__ = [
    "BUILTIN_DISCIPLINES",
    "BUILTIN_IDS",
    "FAMILIES",
    "FAMILY_LABELS",
    "BASELINE",
    "PERSON_STATUSES",
    "ROCK_KINDS",
    "ROCK_STATES",
    "TSHIRT_SIZES",
    "Discipline",
    "DisciplineTable",
    "Move",
    "Person",
    "Plan",
    "Rock",
    "RoleTable",
    "RuleSettings",
    "Settings",
    "Team",
    "fits",
]
