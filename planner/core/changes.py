"""What a command changed: the one record every view and the analysis read.

Each command returns a Changes record naming the ids it touched and *what
kind* of change it was, so a panel subscribes to the kinds it shows (the
History panel to ``MOVES``, the Load chart to ``LOADS``...) instead of
guessing from the plan (glue's hub: subscribers declare a filter). One hook
after every command delivers it (planner.editing.document). ``initiator`` says
who asked ("board", "inspector", "undo"...), so a panel can skip the echo of
its own edit (Anki's ``OpChanges`` carries its initiator the same way).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of change. A record carries every kind that applies.
ROCKS_OWNERSHIP = "rocks-ownership"  # owner or state (active/dropped) of rocks changed
ROCKS_EDITED = "rocks-edited"  # other fields of rocks (title, effort, discipline, area, context...)
ROCKS_ADDED = "rocks-added-removed"  # rocks created or deleted (split, add, delete)
PEOPLE_EDITED = "people-edited"  # fields of people (name, role, capacity...)
STRUCTURE = "structure"  # reporting lines, dotted lines, status, or the set of people
TEAMS = "teams"  # team fields (headcount, lead, name)
SETTINGS = "settings"  # plan settings: rule thresholds, synonyms, disciplines
MOVES = "moves"  # the move log grew or shrank
SCENARIO = "scenario"  # another scenario is now the one shown and edited: every view starts over
SCENARIOS = "scenarios"  # scenarios were created, renamed, deleted or promoted

KINDS = (ROCKS_OWNERSHIP, ROCKS_EDITED, ROCKS_ADDED, PEOPLE_EDITED, STRUCTURE, TEAMS, SETTINGS, MOVES, SCENARIO, SCENARIOS)

# Who asked for a change, for ``Changes.initiator``. Undo and redo are initiators too:
# the panel that made an edit still redraws when the user undoes it.
UNDO = "undo"
REDO = "redo"


@dataclass(slots=True)
class Changes:
    """The ids a command touched, the kinds of change it made and who asked for it."""

    people: set[str] = field(default_factory=set)
    rocks: set[str] = field(default_factory=set)
    teams: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    initiator: str = ""  # "" when nobody said (the CLI, a test): every panel takes it as news

    @property
    def structure(self) -> bool:
        """Reporting lines or the set of people changed: the board relayouts."""
        return STRUCTURE in self.kinds

    @property
    def settings(self) -> bool:
        """Plan settings changed: everything derived from them is stale."""
        return SETTINGS in self.kinds

    def has(self, *kinds: str) -> bool:
        """True if this record carries any of ``kinds``."""
        return not self.kinds.isdisjoint(kinds)

    def merge(self, other: Changes) -> Changes:
        """Add ``other``'s ids and kinds to this record (the initiator stays this one's)."""
        self.people |= other.people
        self.rocks |= other.rocks
        self.teams |= other.teams
        self.kinds |= other.kinds
        return self
