"""Scenarios: named what-ifs kept beside the baseline in one plan file.

A scenario is a whole plan (people, rocks, teams, move log) sharing the
baseline's name and settings. Creating, switching, renaming, deleting and
promoting are undoable commands on the Document (the one Command protocol of
planner.editing.document); each returns a Changes record with the SCENARIOS
kind when the list changed and SCENARIO when another plan is now the one shown
(every view starts over). A plain switch changes only the plan shown, so it is
announced once, as SCENARIO. The ``create_scenario``,
``switch_scenario``... functions are the intent layer (planner.editing.operations' style): a command or
a Refusal with its reason.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from models import BASELINE, Plan
from planner.checks.analysis import Analysis
from planner.core.changes import SCENARIO, SCENARIOS, Changes
from planner.core.errors import CommandError
from planner.core.text import elide
from planner.editing.commands import _insert_at
from planner.editing.document import Command, Document
from planner.editing.operations import Outcome, Refusal

MAX_NAME = 200
PREVIOUS_BASELINE = "previous baseline"  # what a promoted scenario's old baseline is called


def check_name(book: Plan, name: Any, allow: str | None = None) -> str:
    """A usable new scenario name (spaces folded); raises CommandError saying why not."""
    text = " ".join(str(name).split()) if isinstance(name, str) else ""
    if not text or len(text) > MAX_NAME:
        raise CommandError(f"A scenario name must be 1 to {MAX_NAME} characters")
    if text.lower() == BASELINE:
        raise CommandError(f'"{BASELINE}" is the plan itself; choose another name')
    if text in book.scenarios and text != allow:
        raise CommandError(f'A scenario called "{elide(text)}" already exists')
    return text


def copy_plan(source: Plan) -> Plan:
    """A scenario's own copy of a plan's people, rocks, teams and moves (settings shared).

    Field by field rather than copy.deepcopy: the records hold only strings,
    numbers and lists of strings, and this is ~10x faster at 10,000 people."""
    return Plan(
        name=source.name,
        people={k: replace(p, dotted=list(p.dotted)) for k, p in source.people.items()},
        rocks={k: replace(r, contributors=list(r.contributors)) for k, r in source.rocks.items()},
        teams={k: replace(t, growth=list(t.growth)) for k, t in source.teams.items()},
        moves=[replace(m) for m in source.moves],
        settings=source.settings,
    )


def _require(book: Plan, name: str, verb: str) -> None:
    """Raise CommandError unless ``book`` has the scenario ``name`` (``verb``: what was to be done)."""
    if name not in book.scenarios:
        raise CommandError(f'No scenario called "{elide(name)}" to {verb}')


def _switched(document: Document, name: str, listed: bool = True) -> Changes:
    """Show ``name``; ``listed``: the list of scenarios changed too (created, deleted, promoted)."""
    document.activate(name)
    return Changes(kinds={SCENARIO, SCENARIOS} if listed else {SCENARIO})


class CreateScenario(Command):
    """A new scenario copied from ``source`` (default: the one shown), then shown."""

    def __init__(self, name: str, source: str | None = None):
        self.name = name
        self.source = source
        self.previous = BASELINE
        self.label = f"New scenario '{elide(name, 40)}'"

    def apply(self, document: Document) -> Changes:
        book = document.book
        self.name = check_name(book, self.name)
        source = document.active if self.source is None else self.source
        try:
            plan = copy_plan(document.scenario(source))
        except KeyError:
            raise CommandError(f'No scenario called "{elide(source)}" to copy') from None
        self.previous = document.active
        book.scenarios[self.name] = plan
        return _switched(document, self.name)

    def undo(self, document: Document) -> Changes:
        document.activate(self.previous)
        del document.book.scenarios[self.name]
        document.analyses.pop(self.name, None)
        return Changes(kinds={SCENARIO, SCENARIOS})


class SwitchScenario(Command):
    def __init__(self, name: str):
        self.name = name
        self.previous = BASELINE
        self.label = f"Show scenario '{elide(name, 40)}'" if name != BASELINE else "Show the baseline"

    def apply(self, document: Document) -> Changes:
        try:
            document.scenario(self.name)
        except KeyError:
            raise CommandError(f'No scenario called "{elide(self.name)}"') from None
        self.previous = document.active
        return _switched(document, self.name, listed=False)

    def undo(self, document: Document) -> Changes:
        return _switched(document, self.previous, listed=False)


class RenameScenario(Command):
    def __init__(self, old: str, new: str):
        self.old = old
        self.new = new
        self.label = f"Rename scenario '{elide(old, 30)}' to '{elide(new, 30)}'"

    def apply(self, document: Document) -> Changes:
        book = document.book
        _require(book, self.old, "rename")
        self.new = check_name(book, self.new, allow=self.old)
        self._rename(document, self.old, self.new)
        return Changes(kinds={SCENARIOS})

    def undo(self, document: Document) -> Changes:
        self._rename(document, self.new, self.old)
        return Changes(kinds={SCENARIOS})

    @staticmethod
    def _rename(document: Document, old: str, new: str) -> None:
        _rekey(document.book, old, new)
        if old in document.analyses:
            document.analyses[new] = document.analyses.pop(old)
        if document.active == old:
            document.active = new


class DeleteScenario(Command):
    """Delete a scenario (the baseline cannot be deleted); the baseline is shown if it was."""

    def __init__(self, name: str):
        self.name = name
        self.index = 0
        self.plan: Plan | None = None
        self.was_active = False
        self.label = f"Delete scenario '{elide(name, 40)}'"

    def apply(self, document: Document) -> Changes:
        book = document.book
        _require(book, self.name, "delete")
        self.index = list(book.scenarios).index(self.name)
        self.was_active = document.active == self.name
        if self.was_active:
            document.activate(BASELINE)
        self.plan = book.scenarios.pop(self.name)
        document.analyses.pop(self.name, None)
        return Changes(kinds={SCENARIO, SCENARIOS} if self.was_active else {SCENARIOS})

    def undo(self, document: Document) -> Changes:
        assert self.plan is not None
        book = document.book
        book.scenarios = _insert_at(book.scenarios, self.index, self.name, self.plan)
        if self.was_active:
            return _switched(document, self.name)
        return Changes(kinds={SCENARIOS})


class PromoteScenario(Command):
    """The scenario becomes the baseline; the old baseline is kept as a scenario
    (``keep_as``), so nothing is lost and the swap can be undone."""

    def __init__(self, name: str, keep_as: str = PREVIOUS_BASELINE):
        self.name = name
        self.keep_as = keep_as
        self.previous = BASELINE
        self.label = f"Make '{elide(name, 40)}' the baseline"

    def apply(self, document: Document) -> Changes:
        book = document.book
        _require(book, self.name, "promote")
        self.keep_as = _free_name(book, self.keep_as, allow=self.name)
        self.previous = document.active
        self._promote(document, self.name, self.keep_as)
        return Changes(kinds={SCENARIO, SCENARIOS})

    def undo(self, document: Document) -> Changes:
        self._promote(document, self.keep_as, self.name)
        return _switched(document, self.previous)

    @staticmethod
    def _promote(document: Document, name: str, keep_as: str) -> None:
        """Swap the scenario ``name`` with the baseline, keep the old baseline as ``keep_as``, show it."""
        book = document.book
        other = book.scenarios[name]
        for key in ("people", "rocks", "teams", "moves"):
            mine, theirs = getattr(book, key), getattr(other, key)
            setattr(book, key, theirs)
            setattr(other, key, mine)
        _rekey(book, name, keep_as)
        document.analyses.clear()
        document.analyses[BASELINE] = Analysis(book)
        document.active = BASELINE


def _rekey(book: Plan, old: str, new: str) -> None:
    """Rename a scenario in place, keeping its position in the list."""
    book.scenarios = {(new if k == old else k): v for k, v in book.scenarios.items()}


def _free_name(book: Plan, wanted: str, allow: str | None = None) -> str:
    """``wanted``, or ``wanted (2)``... so promoting never fails for want of a name."""
    name, n = wanted, 1
    while name in book.scenarios and name != allow:
        n += 1
        name = f"{wanted} ({n})"
    return name


# ------------------------------------------------------------------ intents


def _named(document: Document, name: Any, allow: str | None, command: Command) -> Outcome:
    """``command`` if ``name`` is a usable new scenario name, else a refusal naming the field."""
    try:
        check_name(document.book, name, allow=allow)
    except CommandError as e:
        return Refusal.of(str(e), "name")
    return command


def create_scenario(document: Document, name: Any, source: str | None = None) -> Outcome:
    return _named(document, name, None, CreateScenario(name, source))


def switch_scenario(document: Document, name: str) -> Outcome:
    if name == document.active:
        return Refusal(f'Already showing "{elide(name)}"', quiet=True)
    if name != BASELINE and name not in document.book.scenarios:
        return Refusal(f'No scenario called "{elide(name)}"; there are: {", ".join(names(document.book))}')
    return SwitchScenario(name)


def rename_scenario(document: Document, old: str, new: Any) -> Outcome:
    if old == BASELINE:
        return Refusal("The baseline keeps its name; rename a scenario, or promote one to baseline")
    if isinstance(new, str) and " ".join(new.split()) == old:
        return Refusal("Same name", quiet=True)
    return _named(document, new, old, RenameScenario(old, new))


def delete_scenario(document: Document, name: str) -> Outcome:
    if name == BASELINE:
        return Refusal("The baseline cannot be deleted; promote a scenario to replace it")
    if name not in document.book.scenarios:
        return Refusal(f'No scenario called "{elide(name)}"')
    return DeleteScenario(name)


def promote_scenario(document: Document, name: str) -> Outcome:
    if name == BASELINE:
        return Refusal("This is already the baseline", quiet=True)
    if name not in document.book.scenarios:
        return Refusal(f'No scenario called "{elide(name)}"')
    return PromoteScenario(name)


def label_of(name: str) -> str:
    """How a scenario is named in lists and titles (the baseline as the word)."""
    return "baseline" if name == BASELINE else elide(" ".join(name.split()), 60)


def names(book: Plan) -> list[str]:
    """Every scenario name, the baseline first."""
    return [BASELINE, *book.scenarios]


def resolve(book: Plan, name: str | None) -> Plan:
    """The plan a ``--scenario NAME`` option means; CommandError listing the names if unknown."""
    if name is None or name == BASELINE:
        return book
    if name in book.scenarios:
        return book.scenarios[name]
    raise CommandError(f'No scenario called "{elide(name)}"; this plan has: {", ".join(names(book))}')
