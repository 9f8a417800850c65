"""The owned index keeps each person's rocks in the order a full pass lists them (the plan's
order, which is the order rocks were made): after moves and their undo, the board's chips
stand where they stood and where reopening the file would put them."""

from __future__ import annotations

import random

from planner.checks.analysis import Analysis
from planner.editing.commands import MoveRocks
from planner.editing.document import Document
from planner.planfile.templates import load_template


def owned(analysis: Analysis) -> dict[str, list[str]]:
    return {pid: list(rids) for pid, rids in analysis.owned.items() if rids}


def test_undoing_moves_restores_each_owners_rock_order():
    doc = Document(load_template("series-b"))
    before = owned(doc.analysis)
    plan = doc.plan
    rng = random.Random(7)
    people = list(plan.people)
    commands = []
    for _ in range(40):
        rocks = rng.sample(list(plan.rocks), rng.randint(1, 3))
        command = MoveRocks(rocks, rng.choice(people))
        doc.run(command)
        commands.append(command)
        assert owned(doc.analysis) == owned(Analysis(plan))  # as a fresh pass (reopening) lists them
    for command in reversed(commands):
        doc.revert(command)
    assert owned(doc.analysis) == before
