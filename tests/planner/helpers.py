"""Helpers shared by several planner test files (a test file never imports another test file)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import strategies as st

from models import Person, Plan, Rock, Team
from planner.core.errors import PlanError, PlanImportError
from planner.planfile import fileio
from tests.planner.strategies import commands

ROOT = Path(__file__).resolve().parents[2]

# ROCKS_PROPERTY_EXAMPLES=2000 for a longer soak; 60 keeps the everyday suite fast.
EXAMPLES = int(os.environ.get("ROCKS_PROPERTY_EXAMPLES", "60"))


# ------------------------------------------------------------------ plans


def small_plan() -> Plan:
    """Ana (a PM) manages Ben (an engineer); Ana owns 'Pricing'."""
    plan = Plan(name="Q3 org")
    plan.people["p1"] = Person("p1", "Ana Ruiz", "Product Manager")
    plan.people["p2"] = Person("p2", "Ben Okafor", "Engineer", manager="p1")
    plan.rocks["r1"] = Rock("r1", "Pricing", "product", 20, owner="p1")
    return plan


def growth_plan() -> Plan:
    """10 engineers growing to 30 over five quarters; one PM whose project rock grows with Payments."""
    plan = Plan(name="Growco")
    plan.settings.first_quarter = "2027-Q1"
    plan.teams = {
        "t1": Team("t1", "Payments", headcount=6, growth=[6, 9, 12, 16, 20]),
        "t2": Team("t2", "Growth", headcount=4),  # no plan: keeps its headcount
    }
    for p in (
        Person("p1", "Dana", "Senior Product Manager"),
        Person("p2", "Eli", "Software Engineer", team="t2"),  # counts as today
        Person("p3", "Ira", "Product Designer"),
    ):
        plan.people[p.id] = p
    plan.teams["t2"].headcount = 3  # 3 + Eli = 4 in Growth
    plan.teams["t2"].growth = [3, 3, 5, 7, 9]
    for r in (
        Rock("r1", "Release train", "project", 20, owner="p1", area="payments", grows=True),
        Rock("r2", "Roadmap", "product", 40, owner="p1"),
        Rock("r3", "Design system", "design", 50, owner="p3"),
        Rock("r4", "Launch notes", "marketing", 0, owner="p1"),  # launches exist: product marketing is due at scale
    ):
        plan.rocks[r.id] = r
    return plan


def seeded(plan: Plan) -> Plan:
    """``plan`` with its rocks seeded from roles (planner.imports.seed), run as one command."""
    from planner.editing import commands as C
    from planner.editing.document import Document
    from planner.imports import seed

    outcome = seed.seed_rocks(plan)
    assert isinstance(outcome, C.Command), outcome
    Document(plan).run(outcome)
    return plan


def owned(plan: Plan, pid: str) -> list[Rock]:
    """The rocks ``pid`` owns, in plan order."""
    return [r for r in plan.rocks.values() if r.owner == pid]


# ------------------------------------------------------------------ the command line


def rocks(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the same entry point as the installed `rocks` script."""
    code = "import sys; from ui.window.launcher import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120
    )


def planned_pm_book(tmp_path: Path) -> Path:
    """Six engineers and no PM; scenario "Hire a PM" adds a PM as a planned hire (no start date)."""
    from planner.editing.commands import AddPerson
    from planner.editing.document import Document
    from planner.whatif import scenarios as sc

    plan = Plan(name="Seed")
    plan.people["ana"] = Person("ana", "Ana", "CEO")
    plan.teams["t1"] = Team("t1", "Core", headcount=6)
    document = Document(plan)
    document.run(sc.CreateScenario("Hire a PM"))
    document.run(AddPerson(Person("pm", "New PM", "Product Manager", manager="ana", status="planned")))
    path = tmp_path / "seed.rocks.json"
    fileio.save(document.book, path)
    return path


def run_cli(*argv: str) -> tuple[int, str, str]:
    """The command line in this process: (exit code, stdout, stderr)."""
    from planner.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------ files


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """``folder/name`` holding ``content`` (text is written as UTF-8)."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_rows(folder: Path, name: str, rows: list[list[str]]) -> Path:
    """A CSV file of ``rows`` (the first is the header, if any) in ``folder``."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return write(folder, name, buffer.getvalue())


def import_fails(*args, **kwargs) -> PlanImportError:
    """``import_sheets(*args, **kwargs)`` raises a PlanImportError: returned for its message and details."""
    from planner.imports.importer import import_sheets

    with pytest.raises(PlanImportError) as info:
        import_sheets(*args, **kwargs)
    return info.value


def dead_pid() -> int:
    """The pid of a process that has finished (and been reaped)."""
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


# ------------------------------------------------------------------ commands


def roundtrip(plan, command):
    """Apply then undo; return the changes of both, asserting the plan comes back exactly."""
    from planner.editing.document import Document

    before = fileio.dumps(plan)
    document = Document(plan)  # every command takes the Document
    applied = command.apply(document)
    after = fileio.dumps(plan)
    assert after != before
    fileio.loads(after)  # the changed plan is still a valid file
    undone = command.undo(document)
    assert fileio.dumps(plan) == before
    command.apply(document)  # redo gives the same result
    assert fileio.dumps(plan) == after
    return applied, undone


def refused(plan, make, error=PlanError, match=None):
    """``make().apply(Document(plan))`` raises ``error`` and leaves the plan exactly as it was."""
    from planner.editing.document import Document

    before = fileio.dumps(plan)
    with pytest.raises(error, match=match) as info:
        make().apply(Document(plan))
    assert fileio.dumps(plan) == before
    return info.value


def try_push(doc, data: st.DataObject):
    """Draw a command against the Document's plan and run it; None if refused (plan unchanged)."""
    make = data.draw(commands(doc.plan))
    before = fileio.dumps(doc.plan)
    findings = dict(doc.analysis.findings)
    try:
        command = make()
        doc.run(command)
    except PlanError:
        assert fileio.dumps(doc.plan) == before, "a refused command changed the plan"
        assert doc.analysis.findings == findings
        return None
    return command


# ------------------------------------------------------------------ layout


@st.composite
def forests(draw):
    """(roots, children, sizes) for a random forest of up to 40 nodes.

    Each node i picks a parent among earlier nodes (or becomes a root); "local"
    mode prefers recent parents, which yields deep, chain-like shapes.
    """
    n = draw(st.integers(0, 40))
    local = draw(st.booleans())
    roots, children = [], {}
    for i in range(1, n + 1):
        parent = draw(st.integers(max(0, i - 3) if local else 0, i - 1))
        if parent == 0:
            roots.append(i)
        else:
            children.setdefault(parent, []).append(i)
    dims = st.tuples(st.floats(0.5, 300, allow_nan=False), st.floats(0.5, 200, allow_nan=False))
    sizes = {k: draw(dims) for k in range(1, n + 1)}
    return roots, children, sizes
