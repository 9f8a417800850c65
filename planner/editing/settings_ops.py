"""Changing the checks' settings: every threshold and which rules are switched off.

``set_rule_settings`` is the operation (a command, or a Refusal naming the setting
at fault and what was expected); ``SetRuleSettings`` the command, one undo step
for a whole "Check settings" dialog. Both read the settings the rules declare
(planner.checks.rules), so a new rule's thresholds are editable without touching this.

A plan stores only the values that differ from their defaults, in declaration
order, as the file loader keeps them, so a save and load gives back the same plan. The
settings object is shared by the baseline and its scenarios, so a change here
applies to every scenario (the analysis of each is recomputed from SETTINGS).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models import Plan
from planner.checks.rules import ALL_RULES, RULES, SETTINGS, check_values
from planner.checks.rules.catalog import ORDERED
from planner.core.changes import SETTINGS as SETTINGS_CHANGED
from planner.core.changes import Changes
from planner.core.errors import CommandError
from planner.editing.document import Command, Document
from planner.editing.operations import Outcome, Refusal

LABEL = "Change check settings"


def current(plan: Plan) -> tuple[dict[str, float], list[str]]:
    """The plan's effective values (every setting) and its switched-off rule ids."""
    rules = plan.settings.rules
    return {name: s.of(plan) for name, s in SETTINGS.items()}, list(rules.disabled)


def problems_of(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(setting, problem) for values out of bounds, unknown names and settings out of order."""
    return check_values(values)[1]


def field_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Each setting's problem in the words a form shows beside its field (the first one
    per setting). An ordering problem is told with the other setting's words."""
    kept, problems = check_values(values)
    out: dict[str, str] = {}
    for name, problem in problems:
        if name in out:
            continue
        pair = next(((low, high) for low, high in ORDERED if low == name), None)
        if pair is not None and name in kept and pair[1] in kept and kept[name] > kept[pair[1]]:
            high = SETTINGS[pair[1]]
            out[name] = (
                f"expected at most {high.shown(kept[pair[1]])} ({high.words}), got {SETTINGS[name].shown(kept[name])}"
            )
        else:
            out[name] = problem
    return out


def _clean(plan: Plan, values: Mapping[str, Any], disabled: Iterable[str]) -> tuple[dict[str, float], list[str]]:
    """The values and switched-off ids to store, or CommandError naming what is wrong.

    Values: checked, only those that differ from their defaults, in declaration order
    (a missing one takes its default). Disabled: rule ids in the rules' order; an
    unknown id is refused unless the plan already had it (a file from a newer version
    keeps its rules switched off)."""
    kept, problems = check_values(values)
    if problems:
        raise CommandError("\n".join(f"{name}: {problem}" for name, problem in problems))
    wanted = list(dict.fromkeys(disabled))
    if any(not isinstance(rid, str) for rid in wanted):
        raise CommandError(f"disabled: expected rule ids (text), got {wanted!r}"[:300])
    had = plan.settings.rules.disabled
    unknown = [rid for rid in wanted if rid not in RULES and rid not in had]
    if unknown:
        raise CommandError(f'disabled: no rule with id "{unknown[0][:60]}"; expected one of {", ".join(RULES)}')
    order = {r.id: i for i, r in enumerate(ALL_RULES)}
    known = sorted((rid for rid in wanted if rid in RULES), key=order.__getitem__)
    return (
        {name: kept[name] for name, s in SETTINGS.items() if name in kept and kept[name] != s.default},
        known + [rid for rid in wanted if rid not in RULES],
    )


class SetRuleSettings(Command):
    """Replace a plan's rule values and switched-off rules; undo puts back exactly what was there."""

    label = LABEL

    def __init__(self, values: Mapping[str, Any], disabled: Iterable[str]):
        self.values = dict(values)
        self.disabled = list(disabled)
        self._old: tuple[dict[str, float], list[str]] | None = None

    def apply(self, document: Document) -> Changes:
        plan = document.plan
        values, disabled = _clean(plan, self.values, self.disabled)  # before touching the plan
        rules = plan.settings.rules
        self._old = (rules.values, rules.disabled)  # the very objects, untouched from here on
        rules.values, rules.disabled = values, disabled
        return Changes(kinds={SETTINGS_CHANGED})

    def undo(self, document: Document) -> Changes:
        plan = document.plan
        if self._old is None:
            raise CommandError("Check settings: nothing to undo (the change was never applied)")
        rules = plan.settings.rules
        rules.values, rules.disabled = self._old
        self._old = None
        return Changes(kinds={SETTINGS_CHANGED})


def set_rule_settings(plan: Plan, values: Mapping[str, Any], disabled: Iterable[str]) -> Outcome:
    """Set every threshold (missing ones: their default) and the rules switched off.

    A Refusal names every setting at fault and what was expected (``errors``; its
    ``field`` is the first of them, or "disabled"); a quiet one when nothing would change."""
    disabled = list(disabled)
    try:
        new_values, new_disabled = _clean(plan, values, disabled)
    except CommandError as e:
        errors = dict(problems_of(values)) or {"disabled": str(e)}
        return Refusal(f"Check settings: {e}", errors=errors)
    old_values, old_disabled = current(plan)
    effective = {name: new_values.get(name, s.default) for name, s in SETTINGS.items()}
    if effective == old_values and set(new_disabled) == set(old_disabled):
        return Refusal("The check settings are unchanged", quiet=True)
    return SetRuleSettings(new_values, new_disabled)


def describe(
    old_values: Mapping[str, float],
    old_disabled: Iterable[str],
    new_values: Mapping[str, float],
    new_disabled: Iterable[str],
    limit: int = 3,
) -> str:
    """What changed, in a line: "overload_warning 100% → 85%, Spread across disciplines off"."""
    was_off, now_off = set(old_disabled), set(new_disabled)
    parts = [
        f"{name} {s.shown(old_values.get(name, s.default))} → {s.shown(new_values.get(name, s.default))}"
        for name, s in SETTINGS.items()
        if old_values.get(name, s.default) != new_values.get(name, s.default)
    ]
    parts += [
        f"{r.title} {'off' if r.id in now_off else 'on'}" for r in ALL_RULES if (r.id in was_off) != (r.id in now_off)
    ]
    if not parts:
        return "unchanged"
    if len(parts) > limit:
        return ", ".join(parts[:limit]) + f" and {len(parts) - limit} more"
    return ", ".join(parts)
