"""Load per person and rule findings, kept up to date incrementally.

The analysis keeps a mirror of what it last saw of each rock and person
(owner, state, feature-area group; family, manager). ``update(changes)``
re-reads only the ids a command touched, moves their contributions between
the indexes, and recomputes the findings that can depend on them, so a move
at 100,000 people costs what the two people touched cost. ``Analysis(plan)``
is the same code run over every id, which is how tests prove the two agree.
Sums use math.fsum, exact whatever the order rocks were added in.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from models import Plan
from planner.changes import Changes
from planner.rules import (
    PERSON_RULES,
    PLAN_RULES,
    ROCK_RULES,
    SHARED_OWNERSHIP,
    SPAN_OF_CONTROL,
    Finding,
)

Key = tuple[str, ...]
Group = tuple[str, str]


@dataclass(slots=True)
class PersonLoad:
    effort: float = 0.0  # sum of effort of owned active rocks, percent of a week
    percent: float = 0.0  # effort / capacity, in percent
    by_discipline: dict[str, float] = field(default_factory=dict)  # effort per discipline


@dataclass(slots=True)
class _PersonSeen:
    family: str
    active: bool
    manager: str | None


_NORMALISED: dict[str, str] = {}


def _normalise(text: str) -> str:
    """Case and spacing folded; cached, as titles and areas repeat across a plan."""
    out = _NORMALISED.get(text)
    if out is None:
        out = " ".join(text.split()).lower()
        if len(_NORMALISED) < 200_000:
            _NORMALISED[text] = out
    return out


def group_key(area: str, title: str) -> tuple[str, str]:
    return (_normalise(area), _normalise(title))


def _in_id_order(rids: Iterable[str]) -> list[str]:
    """'r2' before 'r10': ids in the order they were made, whatever order they arrived in.
    Sorted by (length, text) with C-level keys only: by text, then (stably) by length."""
    out = sorted(rids)
    out.sort(key=len)
    return out


class Analysis:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.full()

    # ------------------------------------------------------------ state

    def full(self) -> set[Key]:
        """Recompute everything; returns the keys of every finding (all changed)."""
        # What the indexes last saw of each rock, kept lean (700k rocks at 100k people):
        # its owner, and the (area, title) group of the active owned ones; dropped is an index.
        self._rock_owner: dict[str, str | None] = {}
        self._rock_group: dict[str, Group] = {}
        self._people: dict[str, _PersonSeen] = {}
        self.owned: dict[str, dict[str, None]] = {}  # person -> active rocks owned (ordered set)
        self.unowned: dict[str, None] = {}  # active rocks without owner
        self.dropped: dict[str, None] = {}
        self.reports: dict[str, dict[str, None]] = {}  # manager -> direct reports
        # (area, title) folded -> its active owned rocks: one id alone (most groups; a dict
        # each would cost ~100 MB at 100k people), or an ordered set of two or more.
        self._groups: dict[Group, str | dict[str, None]] = {}
        self.loads: dict[str, PersonLoad] = {}
        self.findings: dict[Key, Finding] = {}
        self.severity_counts = {"error": 0, "warning": 0, "info": 0}
        self.overloaded: set[str] = set()
        self.project_heavy: dict[str, float] = {}  # active PM -> share of capacity on project rocks, at/over the threshold
        self.counts = {"eng": 0, "pm": 0, "tpm": 0}
        self.active_people = 0
        self.headcount = 0
        self._team_headcount: dict[str, int] = {}
        self._global_sig: tuple[object, ...] = ()
        self._changed: set[Key] = set()
        # A full pass allocates millions of objects at 100k people, and no cycles:
        # the cyclic GC would rescan the growing heap over and over (~35% of the time).
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build_all()
        finally:
            if paused:
                gc.enable()
        return set(self.findings)

    def _build_all(self) -> None:
        """The full pass in bulk: index everything, then create only the findings
        that exist. Tests check it agrees with the incremental path."""
        plan = self.plan
        family_of = plan.roles.family
        counts, reports, people_seen = self.counts, self.reports, self._people
        for pid, p in plan.people.items():
            family = family_of(p.role)
            active = p.status == "active"
            people_seen[pid] = _PersonSeen(family, active, p.manager)
            if active:
                self.active_people += 1
                if family in counts:
                    counts[family] += 1
            if p.manager is not None:
                reports.setdefault(p.manager, {})[pid] = None
        rock_owner, rock_group, owned, unowned, dropped = (
            self._rock_owner,
            self._rock_group,
            self.owned,
            self.unowned,
            self.dropped,
        )
        groups = self._groups
        # The hottest loop at 100k people (700k rocks): _index_rock with group_key inlined.
        norm = _NORMALISED
        for rid, r in plan.rocks.items():
            owner = rock_owner[rid] = r.owner
            if r.state != "active":
                dropped[rid] = None
            elif owner is None:
                unowned[rid] = None
            else:
                area, title = r.area, r.title
                group = rock_group[rid] = (norm.get(area) or _normalise(area), norm.get(title) or _normalise(title))
                owned.setdefault(owner, {})[rid] = None
                members = groups.get(group)
                if members is None:
                    groups[group] = rid
                elif isinstance(members, str):
                    groups[group] = {members: None, rid: None}
                else:
                    members[rid] = None
        for tid, team in plan.teams.items():
            self._team_headcount[tid] = team.headcount
            self.headcount += team.headcount
        for pid in plan.people:
            self._person_findings(pid, fresh=True)
        for rule in ROCK_RULES:
            for rid, found in rule.check_all(self):
                self._set((rule.id, rid), found)
        for key, rids in groups.items():
            if not isinstance(rids, str):
                self._group_finding(key)
        limit = plan.settings.rules.span_of_control
        for manager, direct in reports.items():
            if len(direct) > limit:
                self._span_finding(manager)
        self._global_findings(())

    @property
    def engineers(self) -> int:
        return self.counts["eng"] + self.headcount

    # ----------------------------------------------------------- update

    def update(self, changes: Changes) -> set[Key]:
        """Bring loads and findings up to date after a command; returns changed finding keys."""
        if changes.settings:
            before = dict(self.findings)
            self.full()
            return {k for k in set(before) | set(self.findings) if before.get(k) != self.findings.get(k)}
        self._changed = set()
        plan = self.plan
        people = set(changes.people)
        rocks = set(changes.rocks)
        groups: set[Group] = set()
        managers: set[str] = set()

        for rid in changes.rocks:
            if rid in self._rock_owner:
                old_owner, old_group = self._unindex_rock(rid)
                if old_group is not None:
                    groups.add(old_group)
                if old_owner:
                    people.add(old_owner)
            rock = plan.rocks.get(rid)
            if rock is not None:
                new_group = self._index_rock(rid, rock.owner, rock.state == "active", rock.area, rock.title)
                if new_group is not None:
                    groups.add(new_group)
                if rock.owner:
                    people.add(rock.owner)

        for tid in changes.teams:
            self.headcount -= self._team_headcount.pop(tid, 0)
            team = plan.teams.get(tid)
            if team is not None:
                self._team_headcount[tid] = team.headcount
                self.headcount += team.headcount

        for pid in people:
            old_p = self._people.pop(pid, None)
            if old_p is not None:
                self._count(old_p, -1)
                if old_p.manager:
                    self.reports.get(old_p.manager, {}).pop(pid, None)
                    managers.add(old_p.manager)
            person = plan.people.get(pid)
            if person is not None:
                new_p = _PersonSeen(plan.family(person), person.status == "active", person.manager)
                self._people[pid] = new_p
                self._count(new_p, +1)
                if new_p.manager:
                    self.reports.setdefault(new_p.manager, {})[pid] = None
                    managers.add(new_p.manager)
                # Rock findings name their owner: refresh them with the person.
                rocks.update(self.owned.get(pid, ()))
            managers.add(pid)
            self._person_findings(pid)

        for rid in rocks:
            self._rock_findings(rid)
            group = self._rock_group.get(rid)
            if group is not None:
                groups.add(group)
        for key in groups:
            self._group_finding(key)
        for pid in managers:
            self._span_finding(pid)
        self._global_findings(people)
        return self._changed

    def _index_rock(self, rid: str, owner: str | None, active: bool, area: str, title: str) -> Group | None:
        """Index a rock as it is now; returns its group if it has one (active and owned)."""
        self._rock_owner[rid] = owner
        if not active:
            self.dropped[rid] = None
        elif owner is None:
            self.unowned[rid] = None
        else:
            self.owned.setdefault(owner, {})[rid] = None
            group = self._rock_group[rid] = group_key(area, title)
            members = self._groups.get(group)
            if members is None:
                self._groups[group] = rid
            elif isinstance(members, str):
                self._groups[group] = {members: None, rid: None}
            else:
                members[rid] = None
            return group
        return None

    def _unindex_rock(self, rid: str) -> tuple[str | None, Group | None]:
        """Take a rock out of the indexes as they last saw it; returns its old owner and group."""
        owner = self._rock_owner.pop(rid)
        group = self._rock_group.pop(rid, None)
        if rid in self.dropped:
            del self.dropped[rid]
        elif owner is None:
            self.unowned.pop(rid, None)
        else:
            owned = self.owned.get(owner)
            if owned is not None:
                owned.pop(rid, None)
                if not owned:
                    del self.owned[owner]
        if group is not None:
            members = self._groups.get(group)
            if isinstance(members, str):
                if members == rid:
                    del self._groups[group]
            elif members is not None:
                members.pop(rid, None)
                if len(members) == 1:
                    self._groups[group] = next(iter(members))
        return owner, group

    def _count(self, seen: _PersonSeen, delta: int) -> None:
        if seen.active:
            self.active_people += delta
            if seen.family in self.counts:
                self.counts[seen.family] += delta

    def _set(self, key: Key, value: Finding | None) -> None:
        if value is not None and value.rule in self.plan.settings.rules.disabled:
            value = None
        old = self.findings.get(key)
        if old == value:
            return
        if old is not None:
            self.severity_counts[old.severity] -= 1
        if value is None:
            del self.findings[key]
        else:
            self.findings[key] = value
            self.severity_counts[value.severity] += 1
        self._changed.add(key)

    # --------------------------------------------------------- findings

    def _person_findings(self, pid: str, fresh: bool = False) -> None:
        """Load and person-rule findings of one person; ``fresh``: the bulk pass, no findings yet to clear."""
        plan = self.plan
        person = plan.people.get(pid)
        self.project_heavy.pop(pid, None)
        self.overloaded.discard(pid)
        if person is None:
            self.loads.pop(pid, None)
            for rule in PERSON_RULES:
                self._set((rule.id, pid), None)
            return
        # Sorted by id: the owned index is in arrival order, which differs between an
        # incrementally updated analysis and a fresh one; messages must not.
        all_rocks = plan.rocks
        rocks = [all_rocks[r] for r in _in_id_order(self.owned.get(pid, ()))]
        by: dict[str, list[float]] = {}
        for rock in rocks:
            by.setdefault(rock.discipline, []).append(rock.effort)
        by_discipline = {d: math.fsum(v) for d, v in by.items()}
        effort = math.fsum(e for v in by.values() for e in v)
        load = PersonLoad(effort, effort / person.capacity * 100.0, by_discipline)
        self.loads[pid] = load
        rules = plan.settings.rules
        if load.percent > rules.overload_warning:
            self.overloaded.add(pid)
        if self._people[pid].family == "pm" and person.status == "active":
            share = by_discipline.get("project", 0.0) / person.capacity * 100.0
            if share >= rules.tpm_project_share:
                self.project_heavy[pid] = share
        for rule in PERSON_RULES:
            found = rule.check(self, person, load, rocks)
            if found is not None or not fresh:
                self._set((rule.id, pid), found)

    def _rock_findings(self, rid: str) -> None:
        rock = self.plan.rocks.get(rid)
        active = rock is not None and rid in self._rock_owner and rid not in self.dropped
        for rule in ROCK_RULES:
            self._set((rule.id, rid), rule.check(self, rock) if active else None)  # type: ignore[arg-type]

    def _group_finding(self, key: Group) -> None:
        members = self._groups.get(key, ())
        rids = [members] if isinstance(members, str) else _in_id_order(members)
        self._set((SHARED_OWNERSHIP.id, *key), SHARED_OWNERSHIP.check(self, rids) if len(rids) > 1 else None)

    def _span_finding(self, pid: str) -> None:
        person = self.plan.people.get(pid)
        count = len(self.reports.get(pid, ()))
        found = SPAN_OF_CONTROL.check(self, person, count) if person is not None else None
        self._set((SPAN_OF_CONTROL.id, pid), found)

    def _global_findings(self, touched: Iterable[str]) -> None:
        rules = self.plan.settings.rules
        heavy = self.project_heavy
        sig = (
            self.engineers,
            self.counts["pm"],
            self.counts["tpm"],
            tuple(sorted(heavy.items())) if len(heavy) < 50 else len(heavy),
            (rules.pm_eng_min, rules.pm_eng_max, rules.pm_eng_target, rules.tpm_project_share),
        )
        renamed = any(p in heavy for p in touched)
        if sig == self._global_sig and not renamed:
            return
        self._global_sig = sig
        for rule in PLAN_RULES:
            self._set((rule.id,), rule.check(self))

    # ---------------------------------------------------------- queries

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings.values(), key=Finding.sort_key)

    def summary(self) -> dict[str, object]:
        """Counts for status bars and `rocks check --json`; O(1), kept up to date by update()."""
        people = self.plan.people
        pms = self.counts["pm"]
        by_severity = self.severity_counts
        return {
            "people": len(people),
            "active_people": self.active_people,
            "rocks": len(self.plan.rocks),
            "active_rocks": len(self.plan.rocks) - len(self.dropped),
            "unowned_rocks": len(self.unowned),
            "dropped_rocks": len(self.dropped),
            "engineers": self.engineers,
            "pms": pms,
            "tpms": self.counts["tpm"],
            "engineers_per_pm": round(self.engineers / pms, 1) if pms else None,
            "overloaded": len(self.overloaded),
            "errors": by_severity["error"],
            "warnings": by_severity["warning"],
            "infos": by_severity["info"],
        }

    def active_rocks(self) -> list[str]:
        """Ids of active rocks, owned or not."""
        return [*self.unowned, *(r for rids in self.owned.values() for r in rids)]

    def family(self, pid: str) -> str:
        seen = self._people.get(pid)
        return seen.family if seen else "other"
