"""Compare two plans: what moved, who changed, which numbers and findings moved.

``compare(a, b)`` matches people, rocks and teams by id and returns a PlanDiff
of typed change lists (planner.whatif.filediff also compares two files' scenarios);
``review_text()`` reads like a review comment, naming rocks whole (by title, plus their
owner or id where titles collide), and
``to_dict()`` feeds ``rocks diff --json``.
Qt-free: the CLI, the scenario compare and the GUI compare view share it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from models import Plan
from planner.checks.analysis import Analysis, Key
from planner.checks.headline import PLANNED, ratio_text
from planner.checks.rules import names, title_of
from planner.core.text import elide, plural

ROCK_FIELDS = ("title", "discipline", "effort", "area", "kind")
SECTION_LIMIT = 50  # bullets per section in review_text (to_dict keeps everything)
HEADLINE_MOVES = 3  # receivers named in the headline before "and N more"


@dataclass(frozen=True, slots=True)
class Item:
    """A rock or person that was added, removed, dropped or restored."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Moved:
    """A rock whose owner differs (None: unowned)."""

    rock: str
    title: str
    from_: str | None
    to: str | None


@dataclass(frozen=True, slots=True)
class Edit:
    """One field of a person, rock or team that differs between the plans."""

    id: str
    name: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class LoadDelta:
    """Load of a person touched by the changes, percent of their capacity (None: not in that plan)."""

    person: str
    name: str
    old: float | None
    new: float | None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A scenario added or removed between two plan files, by name."""

    name: str


@dataclass(frozen=True, slots=True)
class Renamed:
    """A scenario under another name: the same content, or mostly the same people and rocks
    (``changes`` then says what differs, in the plan diff's terms)."""

    old: str
    new: str
    changes: str = ""


@dataclass(frozen=True, slots=True)
class ScenarioChanged:
    """A scenario of the same name with other content; ``changes``: what differs ("2 rocks moved, 1 person added")."""

    name: str
    changes: str


@dataclass(frozen=True, slots=True)
class FindingDelta:
    """A finding resolved (new None), introduced (old None) or changed (both), matched by key."""

    rule: str
    key: tuple[str, ...]
    old: str | None
    new: str | None
    severity: str


@dataclass(slots=True)
class PlanDiff:
    a_name: str = "A"
    b_name: str = "B"
    rocks_moved: list[Moved] = field(default_factory=list)
    rocks_dropped: list[Item] = field(default_factory=list)
    rocks_restored: list[Item] = field(default_factory=list)
    rocks_added: list[Item] = field(default_factory=list)
    rocks_removed: list[Item] = field(default_factory=list)
    rocks_edited: list[Edit] = field(default_factory=list)
    people_added: list[Item] = field(default_factory=list)
    people_removed: list[Item] = field(default_factory=list)
    people_reparented: list[Edit] = field(default_factory=list)
    capacity_changes: list[Edit] = field(default_factory=list)
    role_changes: list[Edit] = field(default_factory=list)
    status_changes: list[Edit] = field(default_factory=list)
    people_renamed: list[Edit] = field(default_factory=list)
    team_changes: list[Edit] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)  # only the ones that differ
    loads: list[LoadDelta] = field(default_factory=list)  # people touched whose load differs
    findings_resolved: list[FindingDelta] = field(default_factory=list)
    findings_introduced: list[FindingDelta] = field(default_factory=list)
    findings_changed: list[FindingDelta] = field(default_factory=list)
    scenarios_added: list[Scenario] = field(default_factory=list)  # planner.whatif.filediff only
    scenarios_removed: list[Scenario] = field(default_factory=list)
    scenarios_renamed: list[Renamed] = field(default_factory=list)
    scenarios_changed: list[ScenarioChanged] = field(default_factory=list)
    totals: dict[str, dict[str, Any]] = field(default_factory=dict)  # summary of each side, for side by side
    people_names: dict[str, str] = field(default_factory=dict, repr=False)  # id -> name, either plan
    rock_names: dict[str, str] = field(default_factory=dict, repr=False)  # id -> "title (owner)" where titles collide

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in _LISTS)

    def who(self, pid: str | None) -> str:
        return "unowned" if pid is None else elide(self.people_names.get(pid, pid), 40)

    def rock(self, rid: str, title: str) -> str:
        """A rock as the diff names it: its whole title (never cut), with its owner or id where titles collide."""
        return self.rock_names.get(rid) or _whole(title)

    def _moved(self) -> dict[str, str]:
        """Each moved rock by its whole title; with its id when another rock of that title makes the same move."""
        same = Counter((m.title, m.from_, m.to) for m in self.rocks_moved)
        return {m.rock: f"{_whole(m.title)} ({m.rock})" if same[m.title, m.from_, m.to] > 1 else _whole(m.title)
                for m in self.rocks_moved}  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data in a fixed key order (``rocks diff --json``)."""
        out: dict[str, Any] = {"a": self.a_name, "b": self.b_name, "identical": self.is_empty()}
        for f in fields(self):
            if f.name in _LISTS:
                out[f.name] = [_jsonable(asdict(x)) for x in getattr(self, f.name)]
        out["totals"] = self.totals
        return out

    def review_text(self) -> str:
        """A headline like a review comment, then one bullet per change."""
        if self.is_empty():
            return "No differences."
        head = "; ".join(self._headline()) or "Details only"
        lines = [head + ".", ""]
        lines += self._details()
        return "\n".join(lines)

    # ---------------------------------------------------------- text parts

    def _load_of(self, pid: str | None) -> str:
        for d in self.loads:
            if d.person == pid:
                if d.old is None:  # new in B
                    return f"{self.who(pid)} at {_pct(d.new)}"
                if d.new is None:  # gone in B
                    return f"{self.who(pid)} was at {_pct(d.old)}"
                return f"{self.who(pid)} {_pct(d.old)} -> {_pct(d.new)}"
        return ""

    def _headline(self) -> list[str]:
        parts: list[str] = []
        by_receiver: dict[str | None, dict[str | None, list[str]]] = {}
        moved = self._moved()
        for m in self.rocks_moved:
            by_receiver.setdefault(m.to, {}).setdefault(m.from_, []).append(moved[m.rock])
        receivers = list(by_receiver.items())
        loads_said: set[str | None] = {None}  # each person's load change is told once
        for to, givers in receivers[:HEADLINE_MOVES]:
            pieces = []
            for giver, titles in givers.items():
                what = names(titles, 3)
                if to is None:
                    pieces.append(f"{self.who(giver)} lets go of {what} (now unowned)")
                elif giver is None:
                    pieces.append(f"unowned {what}")
                else:
                    pieces.append(f"{what} from {self.who(giver)}")
            text = "; ".join(pieces) if to is None else f"{self.who(to)} takes {names(pieces, 3)}"
            loads = []
            for pid in (to, *givers):
                if pid not in loads_said and (said := self._load_of(pid)):
                    loads.append(said)
                loads_said.add(pid)
            parts.append(text + (f" ({', '.join(loads)})" if loads else ""))
        if len(receivers) > HEADLINE_MOVES:
            rest = sum(len(t) for _, g in receivers[HEADLINE_MOVES:] for t in g.values())
            parts.append(f"{plural(rest, 'more move')}")
        counts = (
            (self.rocks_dropped, "rock", "dropped"),
            (self.rocks_restored, "rock", "restored"),
            (self.rocks_added, "rock", "added"),
            (self.rocks_removed, "rock", "removed"),
            (self.people_added, "person", "added"),
            (self.people_removed, "person", "removed"),
            (self.people_reparented, "person", "re-parented"),
        )
        for items, word, verb in counts:
            if items:
                parts.append(f"{plural(len(items), word, 'people' if word == 'person' else None)} {verb}")
        parts += self._pm_headline()
        for metric in self.metrics:
            if metric.name in _HEADLINE_METRICS:
                label, old, new = _HEADLINE_METRICS[metric.name], metric.old, metric.new
                parts.append(f"{label} {metric_text(metric.name, old)} -> {metric_text(metric.name, new)}")
        for verb, deltas in (("resolved", self.findings_resolved), ("introduced", self.findings_introduced)):
            by_rule: dict[str, int] = {}
            for d in deltas:
                by_rule[d.rule] = by_rule.get(d.rule, 0) + 1
            for rule, n in by_rule.items():
                parts.append(f"{title_of(rule)} {verb}" + (f" ({n})" if n > 1 else ""))
        for verb, scenarios in (
            ("added", self.scenarios_added),
            ("removed", self.scenarios_removed),
            ("renamed", self.scenarios_renamed),
            ("changed", self.scenarios_changed),
        ):
            if scenarios:
                parts.append(f"{plural(len(scenarios), 'scenario')} {verb}")
        return parts

    def _pm_headline(self) -> list[str]:
        """PMs and PM:eng: as before ("PM:eng 1:14 -> 1:24") when planned hires change nothing on
        either side; otherwise today's changes and the changes once planned hires start, each told."""
        changed = {m.name: m for m in self.metrics}
        if not planned_shown(self.totals):
            m = changed.get("engineers_per_pm")
            return [f"PM:eng {metric_text(m.name, m.old)} -> {metric_text(m.name, m.new)}"] if m else []
        out = []
        for suffix, when in (("", "today"), ("_planned", PLANNED)):
            said = [
                f"{label} {metric_text(m.name, m.old)} -> {metric_text(m.name, m.new)}"
                for name, label in (("pms", "PMs"), ("engineers_per_pm", "PM:eng"))
                if (m := changed.get(name + suffix)) is not None
            ]
            if said:
                out.append(f"{', '.join(said)} {when}")
        return out

    def _details(self) -> list[str]:
        out: list[str] = []

        def section(title: str, rows: Iterable[str]) -> None:
            rows = list(rows)
            if not rows:
                return
            out.append(f"{title}:")
            out.extend(f"- {r}" for r in rows[:SECTION_LIMIT])
            if len(rows) > SECTION_LIMIT:
                out.append(f"- … and {len(rows) - SECTION_LIMIT} more (see --json)")

        moved = self._moved()
        section(
            "Rocks moved",
            (f"{moved[m.rock]}: {self.who(m.from_)} -> {self.who(m.to)}" for m in self.rocks_moved),
        )
        for title, items in (
            ("Rocks dropped", self.rocks_dropped),
            ("Rocks restored", self.rocks_restored),
            ("Rocks added", self.rocks_added),
            ("Rocks removed", self.rocks_removed),
        ):
            section(title, (self.rock(i.id, i.name) for i in items))
        section("People added", (elide(i.name) for i in self.people_added))
        section("People removed", (elide(i.name) for i in self.people_removed))
        section("Rocks edited", (_edit_line(e, self.rock(e.id, e.name)) for e in self.rocks_edited))
        section(
            "People re-parented",
            (f"{elide(e.name)}: reports to {self.who(e.old)} -> {self.who(e.new)}" for e in self.people_reparented),
        )
        people_edits = [*self.capacity_changes, *self.role_changes, *self.status_changes, *self.people_renamed]
        section("People changed", (_edit_line(e) for e in people_edits))
        section("Teams changed", (_edit_line(e) for e in self.team_changes))
        planned = planned_shown(self.totals)  # else the planned numbers repeat today's
        section(
            "Numbers",
            (f"{METRIC_LABELS.get(m.name, m.name)}{' today' if planned and m.name in _TODAY else ''}: "
             f"{metric_text(m.name, m.old)} -> {metric_text(m.name, m.new)}"
             for m in self.metrics if planned or m.name not in PLANNED_METRICS),
        )  # fmt: skip
        section("Load", (f"{elide(d.name)}: {_pct(d.old)} -> {_pct(d.new)}" for d in self.loads))
        # Findings whole, never cut: the message is the finding (its names are elided where it is made).
        section("Findings resolved", (f"{title_of(d.rule)}: {_whole(d.old)}" for d in self.findings_resolved))
        section("Findings introduced", (f"{title_of(d.rule)}: {_whole(d.new)}" for d in self.findings_introduced))
        section(
            "Findings changed",
            (f"{title_of(d.rule)}: {_whole(d.old)} -> {_whole(d.new)}" for d in self.findings_changed),
        )
        section("Scenarios added", (_whole(x.name) for x in self.scenarios_added))
        section("Scenarios removed", (_whole(x.name) for x in self.scenarios_removed))
        section(
            "Scenarios renamed",
            (f"{_whole(x.old)} -> {_whole(x.new)}" + (f", and changed: {x.changes}" if x.changes else "")
             for x in self.scenarios_renamed),
        )  # fmt: skip
        section("Scenarios changed", (f"{_whole(x.name)}: {x.changes}" for x in self.scenarios_changed))
        return out


_NOT_LISTS = ("a_name", "b_name", "totals", "people_names", "rock_names")
_LISTS = tuple(f.name for f in fields(PlanDiff) if f.name not in _NOT_LISTS)  # the change lists
_HEADLINE_METRICS = {"overloaded": "over capacity", "tpms": "TPMs"}  # PMs and PM:eng: PlanDiff._pm_headline
METRICS = (  # the headline numbers compared, in order (PlanDiff.metrics, the compare window, the review pack)
    "engineers", "pms", "pms_planned", "tpms", "engineers_per_pm", "engineers_per_pm_planned", "overloaded",
    "max_load", "unowned_rocks", "errors", "warnings",
)  # fmt: skip
PLANNED_METRICS = ("pms_planned", "engineers_per_pm_planned")  # shown when planned hires change them
_TODAY = tuple(name.removesuffix("_planned") for name in PLANNED_METRICS)
METRIC_LABELS = {
    "people": "People",
    "active_rocks": "Active rocks",
    "engineers": "Engineers",
    "pms": "PMs",
    "pms_planned": f"PMs ({PLANNED})",
    "tpms": "TPMs",
    "engineers_per_pm": "PM:eng",
    "engineers_per_pm_planned": f"PM:eng ({PLANNED})",
    "overloaded": "People over capacity",
    "max_load": "Max load",
    "unowned_rocks": "Unowned rocks",
    "errors": "Errors",
    "warnings": "Warnings",
    "infos": "Info",
}


def planned_shown(totals: dict[str, dict[str, Any]]) -> bool:
    """Whether the "once planned hires start" numbers differ from today's on either side."""
    return any(
        t.get(name.removesuffix("_planned")) != t.get(name, t.get(name.removesuffix("_planned")))
        for t in totals.values()
        for name in PLANNED_METRICS
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k.rstrip("_"): _jsonable(v) for k, v in value.items()}  # Moved.from_ -> "from"
    return value


def _whole(text: str | None) -> str:
    """Text on one line, not elided (whitespace folded; the CLI escapes control characters)."""
    return " ".join((text or "").split())


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f}%"


def _num(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def metric_text(name: str, value: Any) -> str:
    if name.startswith("engineers_per_pm"):
        return ratio_text(value)
    if name == "max_load":
        return _pct(value)
    return _num(value)


def _edit_line(e: Edit, rock: str = "") -> str:
    """One edit; ``rock``: the rock as the diff names it (a rock's fields, titles first, are never cut)."""
    old, new = e.old, e.new
    if e.field in ("effort", "capacity"):
        old, new = f"{old:g}%", f"{new:g}%"
    elif rock:
        old, new = _whole(str(old or "-")), _whole(str(new or "-"))
    elif isinstance(old, str) or isinstance(new, str):
        old, new = elide(str(old or "-"), 40), elide(str(new or "-"), 40)
    return f"{rock or elide(e.name)}: {e.field} {old} -> {new}"


# ------------------------------------------------------------------ compare


def compare(
    a: Plan,
    b: Plan,
    a_name: str = "A",
    b_name: str = "B",
    analysis_a: Analysis | None = None,
    analysis_b: Analysis | None = None,
) -> PlanDiff:
    """What changed from ``a`` to ``b``. Pass existing analyses (the GUI's live one) to skip rebuilding them."""
    an_a = analysis_a if analysis_a is not None else Analysis(a)
    an_b = analysis_b if analysis_b is not None else Analysis(b)
    d = PlanDiff(a_name, b_name)
    d.people_names = {pid: p.name for pid, p in a.people.items()}
    d.people_names.update((pid, p.name) for pid, p in b.people.items())
    touched: dict[str, None] = {}
    _rocks(a, b, d, touched)
    _rock_names(a, b, d)
    _people(a, b, d, touched)
    for tid, team in a.teams.items():
        other = b.teams.get(tid)
        if other is None:
            d.team_changes.append(Edit(tid, team.name, "team", team.name, None))
            continue
        for name in ("headcount", "name", "lead"):
            old, new = getattr(team, name), getattr(other, name)
            if old != new:
                d.team_changes.append(Edit(tid, other.name, name, old, new))
    d.team_changes += [Edit(tid, t.name, "team", None, t.name) for tid, t in b.teams.items() if tid not in a.teams]
    _metrics(an_a, an_b, d)
    for pid in touched:
        la, lb = an_a.loads.get(pid), an_b.loads.get(pid)
        old, new = (la.percent if la else None), (lb.percent if lb else None)
        if old != new:
            d.loads.append(LoadDelta(pid, d.people_names.get(pid, pid), old, new))
    _findings(an_a.findings, an_b.findings, d)
    return d


def _rocks(a: Plan, b: Plan, d: PlanDiff, touched: dict[str, None]) -> None:
    b_rocks = b.rocks
    for rid, ra in a.rocks.items():
        rb = b_rocks.get(rid)
        if rb is None:
            d.rocks_removed.append(Item(rid, ra.title))
            if ra.owner:
                touched[ra.owner] = None
            continue
        if (
            ra.owner == rb.owner
            and ra.state == rb.state
            and ra.effort == rb.effort
            and ra.title == rb.title
            and ra.discipline == rb.discipline
            and ra.area == rb.area
            and ra.kind == rb.kind
        ):
            continue  # the common case, without the field loop below
        if ra.owner != rb.owner:
            d.rocks_moved.append(Moved(rid, rb.title, ra.owner, rb.owner))
        if ra.state != rb.state:
            (d.rocks_dropped if rb.state == "dropped" else d.rocks_restored).append(Item(rid, rb.title))
        edited = False
        for name in ROCK_FIELDS:
            old, new = getattr(ra, name), getattr(rb, name)
            if old != new:
                d.rocks_edited.append(Edit(rid, rb.title, name, old, new))
                edited = True
        if edited or ra.owner != rb.owner or ra.state != rb.state:
            for pid in (ra.owner, rb.owner):
                if pid:
                    touched[pid] = None
    a_rocks = a.rocks
    for rid, rb in b_rocks.items():
        if rid not in a_rocks:
            d.rocks_added.append(Item(rid, rb.title))
            if rb.owner:
                touched[rb.owner] = None


def _rock_names(a: Plan, b: Plan, d: PlanDiff) -> None:
    """Rocks the diff lists under one title (two rocks renamed alike; one removed, another added
    under its title): "title (owner)" as it was, or "title (owner, id)" where the owner does not
    tell them apart either. A move line names its owners already (PlanDiff._moved)."""
    listed = {m.rock: m.title for m in d.rocks_moved}
    for items in (d.rocks_dropped, d.rocks_restored, d.rocks_added, d.rocks_removed, d.rocks_edited):
        listed.update((x.id, x.name) for x in items)
    shared = Counter(listed.values())
    named: dict[str, str] = {}
    for rid, title in listed.items():
        if shared[title] > 1:
            rock = a.rocks.get(rid) or b.rocks[rid]
            named[rid] = f"{_whole(title)} ({d.who(rock.owner)})"
    twice = Counter(named.values())
    for rid, text in named.items():
        d.rock_names[rid] = f"{text[:-1]}, {rid})" if twice[text] > 1 else text


def _people(a: Plan, b: Plan, d: PlanDiff, touched: dict[str, None]) -> None:
    b_people = b.people
    for pid, pa in a.people.items():
        pb = b_people.get(pid)
        if pb is None:
            d.people_removed.append(Item(pid, pa.name))
            continue
        if pa.manager != pb.manager:
            d.people_reparented.append(Edit(pid, pb.name, "manager", pa.manager, pb.manager))
        if pa.capacity != pb.capacity:
            d.capacity_changes.append(Edit(pid, pb.name, "capacity", pa.capacity, pb.capacity))
            touched[pid] = None
        if pa.role != pb.role:
            d.role_changes.append(Edit(pid, pb.name, "role", pa.role, pb.role))
        if pa.status != pb.status:
            d.status_changes.append(Edit(pid, pb.name, "status", pa.status, pb.status))
        if pa.name != pb.name:
            d.people_renamed.append(Edit(pid, pb.name, "name", pa.name, pb.name))
    for pid, pb in b_people.items():
        if pid not in a.people:
            d.people_added.append(Item(pid, pb.name))


def _max_load(an: Analysis) -> float:
    return max((x.percent for x in an.loads.values()), default=0.0)


def _metrics(an_a: Analysis, an_b: Analysis, d: PlanDiff) -> None:
    sa, sb = an_a.summary(), an_b.summary()
    sa["max_load"], sb["max_load"] = round(_max_load(an_a), 1), round(_max_load(an_b), 1)
    d.totals = {"a": sa, "b": sb}
    for name in METRICS:
        if sa[name] != sb[name]:
            d.metrics.append(Metric(name, sa[name], sb[name]))


def _findings(fa: dict[Key, Any], fb: dict[Key, Any], d: PlanDiff) -> None:
    def order(key: Key) -> tuple[str, ...]:
        return key

    for key in sorted(fa.keys() - fb.keys(), key=order):
        f = fa[key]
        d.findings_resolved.append(FindingDelta(f.rule, key, f.message, None, f.severity))
    for key in sorted(fb.keys() - fa.keys(), key=order):
        f = fb[key]
        d.findings_introduced.append(FindingDelta(f.rule, key, None, f.message, f.severity))
    changed = [k for k, new in fb.items() if (old := fa.get(k)) is not None and old != new]
    for key in sorted(changed, key=order):
        old, new = fa[key], fb[key]
        if old.message != new.message or old.severity != new.severity:
            d.findings_changed.append(FindingDelta(new.rule, key, old.message, new.message, new.severity))
