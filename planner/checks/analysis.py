"""Load per person and rule findings, kept up to date incrementally.

The analysis keeps a mirror of what it last saw of each rock and person
(owner, state, feature-area group; family, manager). ``update(changes)``
re-reads only the ids a command touched, moves their contributions between
the indexes, and recomputes the findings that can depend on them, so a move
at 100,000 people costs what the two people touched cost. ``Analysis(plan)``
is the same code run over every id, which is how tests prove the two agree.
Sums use math.fsum, exact whatever the order rocks were added in.
Title comparison and loads live beside it (planner.checks.titles, .loads).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from models import FAMILIES, Plan, fits
from planner.checks.loads import PersonLoad, load_from, load_of
from planner.checks.rules import (
    COVERAGE,
    OVERLOAD,
    PERSON_RULES,
    PLAN_RULES,
    ROCK_RULES,
    SHARED_OWNERSHIP,
    SPAN_OF_CONTROL,
    SPECIALISTS,
    STAGED_RULES,
    UNDER_USED,
    Finding,
    PersonRule,
    ProjectWork,
)
from planner.checks.rules.rocks import is_launch
from planner.checks.titles import CloseTitles, group_key, index_rocks
from planner.checks.titles import in_id_order as _in_id_order
from planner.core import bulk
from planner.core.changes import Changes

Key = tuple[str, ...]
Group = tuple[str, str]
FREEZE_AT = 40_000  # people and rocks from which a full pass is frozen once built (planner.core.bulk)


@dataclass(slots=True)
class _PersonSeen:
    family: str
    active: bool  # there today (status active); everyone counts once planned hires start
    manager: str | None
    team: str | None


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
        self._titles = CloseTitles()  # close titles (planner.checks.rules.ownership)
        self._launches: dict[str, None] = {}  # active launch rocks
        self.loads: dict[str, PersonLoad] = {}
        # Whose load (effort, percent or split by discipline) the last update() changed,
        # removed people included; everyone after full(). Panels read it, not work it out.
        self.loads_changed: set[str] = set()
        self.findings: dict[Key, Finding] = {}
        self.severity_counts = {"error": 0, "warning": 0, "info": 0}
        self.overloaded: set[str] = set()
        self.project_heavy: dict[str, float] = {}  # PM -> share of capacity on project rocks, at/over the threshold
        # People by role family: once planned hires start (everyone), and today (active only).
        self.counts: dict[str, int] = dict.fromkeys(FAMILIES, 0)
        self.counts_now: dict[str, int] = dict.fromkeys(FAMILIES, 0)
        self._team_counts: dict[tuple[str, str], int] = {}  # (team, family) -> people
        self._tpm_teams: dict[str, int] = {}  # team ("" = none) -> TPMs on it
        self._tpm_team_set: frozenset[str] | None = frozenset()  # cached; None when it must be rebuilt
        self.pms_on_teams = 0
        self._holders: dict[str, dict[str, float]] = {}  # discipline -> people outside its specialists -> effort
        self.active_people = 0
        self.people_counted = 0
        self.headcount = 0
        self._team_headcount: dict[str, int] = {}
        self._plan_sigs: dict[str, Hashable] = {}
        self._plan_keys: dict[str, set[Key]] = {}
        self._stages: dict[str, Hashable] = {}
        self._changed: set[Key] = set()
        # Read once: a settings change runs full() again.
        table = self.plan.discipline_table
        self._warning = OVERLOAD.WARNING.of(self.plan)
        self._specialist_disciplines = frozenset(
            d for d in table.disciplines if any(fits(f, d, _families(table, d)) for f in SPECIALISTS)
        )
        self._outsider: dict[str, frozenset[str]] = {}  # family -> disciplines they hold as outsiders
        # A full pass allocates millions of objects at 100k people, and no cycles:
        # the cyclic GC would rescan the growing heap over and over (~35% of the time).
        with bulk.building(len(self.plan.rocks) + len(self.plan.people) >= FREEZE_AT):
            self._build_all()
        self.loads_changed = set(self.loads)
        return set(self.findings)

    def _build_all(self) -> None:
        """The full pass in bulk: index everything, then create only the findings
        that exist. Tests check it agrees with the incremental path."""
        plan = self.plan
        family_of = plan.roles.family
        reports, people_seen = self.reports, self._people
        for pid, p in plan.people.items():
            seen = people_seen[pid] = _PersonSeen(family_of(p.role), p.status == "active", p.manager, p.team)
            self._count(seen, +1)
            if p.manager is not None:
                reports.setdefault(p.manager, {})[pid] = None
        # The hottest loop at 100k people (700k rocks): _index_rock of every rock, in bulk.
        efforts: dict[str, dict[str, list[float]]] = {}  # owner -> discipline -> efforts, for _load_all
        index_rocks(
            plan.rocks,
            self._rock_owner,
            self._rock_group,
            self.owned,
            efforts,
            self.unowned,
            self.dropped,
            self._launches,
            self._groups,
            self._titles,
        )
        for tid, team in plan.teams.items():
            self._team_headcount[tid] = team.headcount
            self.headcount += team.headcount
        self._load_all(efforts)
        del efforts
        for rule in STAGED_RULES:
            self._stages[rule.id] = rule.stage(self)
        # _person_findings of everyone, inlined, and _set of each finding found: no key holds one yet
        all_rocks, loads, owned = plan.rocks, self.loads, self.owned
        disabled, findings, counts, changed = (
            plan.settings.rules.disabled,
            self.findings,
            self.severity_counts,
            self._changed,
        )
        for pid, person in plan.people.items():
            family = people_seen[pid].family
            rules = _RULES_FOR.get(family) or _rules_for(family)
            load = loads[pid]
            mine = owned.get(pid)
            rocks = list(map(all_rocks.__getitem__, _in_id_order(mine))) if mine else []
            for rule in rules:
                found = rule.check(self, person, load, rocks)
                if found is not None and found.rule not in disabled:
                    key = (rule.id, pid)
                    findings[key] = found
                    counts[found.severity] += 1
                    changed.add(key)
        for rock_rule in ROCK_RULES:
            for rid, found in rock_rule.check_all(self):
                self._set((rock_rule.id, rid), found)
        for key, rids in self._groups.items():
            if not isinstance(rids, str):
                self._group_finding(key)
        for words in list(self._titles.rocks):
            self._close_findings(words)
        limit = SPAN_OF_CONTROL.LIMIT.of(plan)
        for manager, direct in reports.items():
            if len(direct) > limit:
                self._span_finding(manager)
        for tid in plan.teams:
            self._team_finding(tid)
        self._global_findings()

    # ------------------------------------------------------------ facts

    @property
    def engineers(self) -> int:
        """Engineers once planned hires start: engineering people of any status plus team headcounts."""
        return self.counts["eng"] + self.headcount

    @property
    def engineers_now(self) -> int:
        return self.counts_now["eng"] + self.headcount

    @property
    def org_size(self) -> int:
        """People in the plan (planned hires included) plus engineers not listed as people."""
        return self.people_counted + self.headcount

    @property
    def launches(self) -> int:
        return len(self._launches)

    @property
    def tpm_teams(self) -> frozenset[str]:
        if self._tpm_team_set is None:
            self._tpm_team_set = frozenset(t for t, n in self._tpm_teams.items() if n > 0)
        return self._tpm_team_set

    def team_count(self, tid: str, family: str) -> int:
        return self._team_counts.get((tid, family), 0)

    def team_engineers(self, tid: str) -> int:
        return self._team_headcount.get(tid, 0) + self._team_counts.get((tid, "eng"), 0)

    def holders(self, discipline: str) -> dict[str, float]:
        return self._holders.get(discipline, {})

    # ----------------------------------------------------------- update

    def update(self, changes: Changes) -> set[Key]:
        """Bring loads and findings up to date after a command; returns changed finding keys."""
        if changes.settings:
            before = dict(self.findings)
            self.full()
            return {k for k in set(before) | set(self.findings) if before.get(k) != self.findings.get(k)}
        self._changed = set()
        self.loads_changed = set()
        plan = self.plan
        people = set(changes.people)
        rocks = set(changes.rocks)
        groups: set[Group] = set()
        words: set[frozenset[str]] = set()
        managers: set[str] = set()
        teams: set[str] = set(changes.teams)
        on_teams = self.pms_on_teams

        for rid in changes.rocks:
            if rid in self._rock_owner:
                old_owner, old_group, old_words = self._unindex_rock(rid)
                if old_group is not None:
                    groups.add(old_group)
                if old_words is not None:
                    words.add(old_words)
                if old_owner:
                    people.add(old_owner)
            rock = plan.rocks.get(rid)
            if rock is not None:
                new_group = self._index_rock(rid, rock.owner, rock.state == "active", rock.area, rock.title)
                if new_group is not None:
                    groups.add(new_group)
                if rid in self._titles.of_rock:
                    words.add(self._titles.of_rock[rid])
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
                if old_p.team is not None:
                    teams.add(old_p.team)
                if old_p.manager:
                    self.reports.get(old_p.manager, {}).pop(pid, None)
                    managers.add(old_p.manager)
            person = plan.people.get(pid)
            if person is not None:
                new_p = _PersonSeen(plan.family(person), person.status == "active", person.manager, person.team)
                self._people[pid] = new_p
                self._count(new_p, +1)
                if new_p.team is not None:
                    teams.add(new_p.team)
                if new_p.manager:
                    self.reports.setdefault(new_p.manager, {})[pid] = None
                    managers.add(new_p.manager)
                # Rock findings name their owner: refresh them with the person.
                rocks.update(self.owned.get(pid, ()))
            managers.add(pid)
            self._load(pid)

        restage = []
        for rule in STAGED_RULES:
            stage = rule.stage(self)
            if stage != self._stages.get(rule.id):
                self._stages[rule.id] = stage
                restage.append(rule)
        for pid in people:
            self._person_findings(pid)
        for pid in managers - people:  # gaining or losing reports changes whether a specialist has room
            if pid in plan.people:
                self._person_findings(pid, rules=(UNDER_USED,))
        if restage:  # a count crossed a threshold: these rules look at everyone they can fire for again
            loads, seen = self.loads, self._people
            for rule in restage:
                only = rule.families
                for pid in plan.people:
                    if pid not in people and (only is None or seen[pid].family in only):
                        self._person_findings(pid, rules=(rule,), load=loads.get(pid))

        for rid in rocks:
            self._rock_findings(rid)
            group = self._rock_group.get(rid)
            if group is not None:
                groups.add(group)
            if rid in self._titles.of_rock:
                words.add(self._titles.of_rock[rid])
        for key in groups:
            self._group_finding(key)
        for w in words:
            self._close_findings(w)
        for pid in managers:
            self._span_finding(pid)
        if (on_teams > 0) != (self.pms_on_teams > 0):  # team coverage starts or stops being checked
            teams = set(plan.teams) | {k[2] for k in self.findings if k[:2] == (COVERAGE.id, "team")}
        for tid in teams:
            self._team_finding(tid)
        self._global_findings()
        return self._changed

    def _index_rock(self, rid: str, owner: str | None, active: bool, area: str, title: str) -> Group | None:
        """Index a rock as it is now; returns its group if it has one (active and owned)."""
        self._rock_owner[rid] = owner
        if not active:
            self.dropped[rid] = None
            return None
        if "aunch" in title and is_launch(self.plan.rocks[rid]):
            self._launches[rid] = None
        if owner is None:
            self.unowned[rid] = None
            return None
        owned = self.owned.setdefault(owner, {})
        owned[rid] = None
        # In id order (the order rocks were made, as a full pass over the plan lists them), not
        # last: an undone move puts the rock back in its place among its owner's rocks.
        key = (len(rid), rid)
        for later in [r for r in owned if (len(r), r) > key]:
            owned[later] = owned.pop(later)
        group = self._rock_group[rid] = group_key(area, title)
        members = self._groups.get(group)
        if members is None:
            self._groups[group] = rid
        elif isinstance(members, str):
            self._groups[group] = {members: None, rid: None}
        else:
            members[rid] = None
        self._titles.add(rid, title)
        return group

    def _unindex_rock(self, rid: str) -> tuple[str | None, Group | None, frozenset[str] | None]:
        """Take a rock out of the indexes as they last saw it; returns its old owner, group and title words."""
        owner = self._rock_owner.pop(rid)
        group = self._rock_group.pop(rid, None)
        self._launches.pop(rid, None)
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
        words = self._titles.remove(rid)
        return owner, group, words

    def _count(self, seen: _PersonSeen, delta: int) -> None:
        family = seen.family
        self.people_counted += delta
        self.counts[family] = self.counts.get(family, 0) + delta
        if seen.active:
            self.active_people += delta
            self.counts_now[family] = self.counts_now.get(family, 0) + delta
        if seen.team is not None:
            key = (seen.team, family)
            self._team_counts[key] = self._team_counts.get(key, 0) + delta
            if family == "pm":
                self.pms_on_teams += delta
        if family == "tpm":
            team = seen.team or ""
            self._tpm_teams[team] = self._tpm_teams.get(team, 0) + delta
            self._tpm_team_set = None

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

    def _load(self, pid: str) -> None:
        """A person's load, and the indexes built from it (overloaded, project-heavy PMs, holders)."""
        plan = self.plan
        person = plan.people.get(pid)
        self.project_heavy.pop(pid, None)
        self.overloaded.discard(pid)
        for held in self._holders.values():
            held.pop(pid, None)
        if person is None:
            if self.loads.pop(pid, None) is not None:
                self.loads_changed.add(pid)
            return
        load = load_of(plan.rocks, self.owned.get(pid, ()), person.capacity)
        if self.loads.get(pid) != load:
            self.loads_changed.add(pid)
        self._index_load(pid, person.capacity, load)

    def _load_all(self, efforts: dict[str, dict[str, list[float]]]) -> None:
        """_load of everyone in the bulk pass (nothing of theirs indexed yet), from the efforts
        index_rocks listed as it indexed each owner's rocks (the same sums as load_of)."""
        index = self._index_load
        for pid, person in self.plan.people.items():
            capacity = person.capacity
            index(pid, capacity, load_from(efforts.get(pid) or {}, capacity))

    def _index_load(self, pid: str, capacity: float, load: PersonLoad) -> None:
        self.loads[pid] = load
        if load.percent > self._warning:
            self.overloaded.add(pid)
        by_discipline = load.by_discipline
        if not by_discipline:
            return
        family = self._people[pid].family
        if family == "pm" and "project" in by_discipline:
            project = by_discipline["project"]
            if ProjectWork.heavy(project, capacity, self.plan):
                self.project_heavy[pid] = project / capacity * 100.0
        outside = self._outsider.get(family)
        if outside is None:
            outside = self._outsider[family] = self._outside_of(family)
        for d in outside.intersection(by_discipline):
            self._holders.setdefault(d, {})[pid] = by_discipline[d]

    def _outside_of(self, family: str) -> frozenset[str]:
        """The specialists' disciplines whose rocks a person of ``family`` holds as an outsider:
        all of them for a generalist, those their own role does not fit for anyone else."""
        table = self.plan.discipline_table
        return frozenset(
            d
            for d in self._specialist_disciplines
            if family in ("pm", "founder") or not fits(family, d, _families(table, d))
        )

    def _person_findings(
        self,
        pid: str,
        rules: Iterable[PersonRule] | None = None,
        load: PersonLoad | None = None,
    ) -> None:
        """Person-rule findings of one person (``rules``: all that can fire for their family);
        the bulk pass does the same for everyone (_build_all)."""
        plan = self.plan
        person = plan.people.get(pid)
        if person is None:
            for rule in PERSON_RULES:
                self._set((rule.id, pid), None)
            return
        if rules is None:
            family = self._people[pid].family
            rules = _RULES_FOR.get(family) or _rules_for(family)
            for rule in PERSON_RULES:  # their role may have changed: rules that no longer apply say nothing
                if rule not in rules:
                    self._set((rule.id, pid), None)
        load = load or self.loads[pid]
        all_rocks = plan.rocks
        owned = self.owned.get(pid)
        rocks = list(map(all_rocks.__getitem__, _in_id_order(owned))) if owned else []
        for rule in rules:
            found = rule.check(self, person, load, rocks)
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

    def _close_findings(self, words: frozenset[str]) -> None:
        """The close-title findings a word set takes part in: with each narrower set inside it,
        and each wider set around it."""
        for narrow, wide in self._titles.pairs(words):
            self._close_pair(narrow, wide)

    def _close_pair(self, narrow: frozenset[str], wide: frozenset[str]) -> None:
        key = (SHARED_OWNERSHIP.id, "close", " ".join(sorted(narrow)), " ".join(sorted(wide)))
        a, b = self._titles.rocks.get(narrow), self._titles.rocks.get(wide)
        found = SHARED_OWNERSHIP.check_close(self, _in_id_order(a), _in_id_order(b)) if a and b else None
        self._set(key, found)

    def _team_finding(self, tid: str) -> None:
        self._set((COVERAGE.id, "team", tid), COVERAGE.check_team(self, tid))

    def _span_finding(self, pid: str) -> None:
        person = self.plan.people.get(pid)
        count = len(self.reports.get(pid, ()))
        found = SPAN_OF_CONTROL.check(self, person, count) if person is not None else None
        self._set((SPAN_OF_CONTROL.id, pid), found)

    def _global_findings(self) -> None:
        """Plan rules whose inputs (their signature) changed since they last ran."""
        for rule in PLAN_RULES:
            sig = rule.signature(self)
            if self._plan_sigs.get(rule.id, _UNSET) == sig:
                continue
            self._plan_sigs[rule.id] = sig
            found = rule.check(self)
            keys = {(rule.id, *suffix): f for suffix, f in found.items()}
            for old in self._plan_keys.get(rule.id, set()) - set(keys):
                self._set(old, None)
            for key, f in keys.items():
                self._set(key, f)
            self._plan_keys[rule.id] = set(keys)

    # ---------------------------------------------------------- queries

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings.values(), key=Finding.sort_key)

    def summary(self) -> dict[str, object]:
        """Counts for status bars and `rocks check --json`; O(1), kept up to date by update().

        ``pms``, ``engineers``... are today's (people already there); the ``*_planned`` keys
        count planned hires and open roles too, as the checks do."""
        plan = self.plan
        pms, pms_planned = self.counts_now["pm"], self.counts["pm"]
        eng, eng_planned = self.engineers_now, self.engineers
        by_severity = self.severity_counts
        return {
            "people": len(plan.people),
            "active_people": self.active_people,
            "rocks": len(plan.rocks),
            "active_rocks": len(plan.rocks) - len(self.dropped),
            "unowned_rocks": len(self.unowned),
            "dropped_rocks": len(self.dropped),
            "engineers": eng,
            "pms": pms,
            "tpms": self.counts_now["tpm"],
            "engineers_per_pm": round(eng / pms, 1) if pms else None,
            "engineers_planned": eng_planned,
            "pms_planned": pms_planned,
            "tpms_planned": self.counts["tpm"],
            "engineers_per_pm_planned": round(eng_planned / pms_planned, 1) if pms_planned else None,
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


_UNSET = object()
_RULES_FOR: dict[str, tuple[PersonRule, ...]] = {}  # family -> the person rules that can fire for it


def _rules_for(family: str) -> tuple[PersonRule, ...]:
    """The person rules that can fire for ``family`` (kept in _RULES_FOR)."""
    return _RULES_FOR.setdefault(family, tuple(r for r in PERSON_RULES if r.families is None or family in r.families))


def _families(table: object, discipline: str) -> tuple[str, ...]:
    d = table.get(discipline)  # type: ignore[attr-defined]
    return d.families if d else ()
