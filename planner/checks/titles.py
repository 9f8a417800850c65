"""How the analysis compares rock titles: folded text, (area, title) groups, rocks in the
order they were made, and the index of close titles (planner.checks.rules.ownership)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from operator import attrgetter

from models import Rock
from planner.checks.rules.ownership import MAX_TITLE_WORDS, words_of
from planner.checks.rules.rocks import is_launch

Words = frozenset[str]

NORMALISED: dict[str, str] = {}


def normalise(text: str) -> str:
    """Case and spacing folded; cached, as titles and areas repeat across a plan."""
    out = NORMALISED.get(text)
    if out is None:
        out = " ".join(text.split()).lower()
        if len(NORMALISED) < 200_000:
            NORMALISED[text] = out
    return out


def group_key(area: str, title: str) -> tuple[str, str]:
    return (normalise(area), normalise(title))


def in_id_order(rids: Iterable[str]) -> list[str]:
    """'r2' before 'r10': ids in the order they were made, whatever order they arrived in.
    Sorted by (length, text) with C-level keys only: by text, then (stably) by length."""
    out = sorted(rids)
    out.sort(key=len)
    return out


class CloseTitles:
    """A title's telling words -> its active owned rocks, and, for each such word set,
    the word sets in the plan that contain it."""

    def __init__(self) -> None:
        self.of_rock: dict[str, Words] = {}
        self.rocks: dict[Words, dict[str, None]] = {}
        self._wider: dict[Words, set[Words]] = {}

    def add(self, rid: str, title: str) -> None:
        words = words_of(title)
        if not words or len(words) > MAX_TITLE_WORDS:
            return
        self.of_rock[rid] = words
        members = self.rocks.get(words)
        if members is None:
            members = self.rocks[words] = {}
            for k in range(1, len(words)):
                for part in combinations(sorted(words), k):
                    self._wider.setdefault(frozenset(part), set()).add(words)
        members[rid] = None

    def remove(self, rid: str) -> Words | None:
        """Take a rock out; returns the words it was indexed under."""
        words = self.of_rock.pop(rid, None)
        if words is None:
            return None
        members = self.rocks.get(words)
        if members is not None:
            members.pop(rid, None)
            if not members:
                del self.rocks[words]
                for k in range(1, len(words)):
                    for part in combinations(sorted(words), k):
                        wider = self._wider.get(frozenset(part))
                        if wider is not None:
                            wider.discard(words)
                            if not wider:
                                del self._wider[frozenset(part)]
        return words

    def pairs(self, words: Words) -> list[tuple[Words, Words]]:
        """The (narrow, wide) pairs a word set takes part in: with each narrower set
        inside it, and each wider set around it."""
        narrower = [frozenset(p) for k in range(1, len(words)) for p in combinations(sorted(words), k)]
        return [(narrow, words) for narrow in narrower] + [(words, wide) for wide in self._wider.get(words, ())]


_OWNER = attrgetter("owner")


def index_rocks(
    rocks: Mapping[str, Rock],
    rock_owner: dict[str, str | None],
    rock_group: dict[str, tuple[str, str]],
    owned: dict[str, dict[str, None]],
    efforts: dict[str, dict[str, list[float]]],
    unowned: dict[str, None],
    dropped: dict[str, None],
    launches: dict[str, None],
    groups: dict[tuple[str, str], str | dict[str, None]],
    titles: CloseTitles,
) -> None:
    """The analysis' indexes of every rock, built in bulk (planner.checks.analysis: _index_rock
    with group_key and CloseTitles.add inlined; a title's first rock goes through add, which
    indexes its words). Titles repeat across a plan: what the loop needs of one is worked out once.
    ``efforts`` gets each owner's efforts by discipline, in rock order, for their loads
    (planner.checks.loads.load_from): read here, the rocks are not looked up again per person."""
    norm = NORMALISED
    titled, title_rocks = titles.of_rock, titles.rocks
    seen_titles: dict[str, tuple[str, Words | None, bool]] = {}  # title -> folded, words, launch
    rock_owner.update(zip(rocks, map(_OWNER, rocks.values())))  # every rock's: at C speed
    for rid, r in rocks.items():
        owner = r.owner
        if r.state != "active":
            dropped[rid] = None
            continue
        title = r.title
        known = seen_titles.get(title)
        if known is None:
            found = words_of(title)
            known = seen_titles[title] = (
                normalise(title),
                found if found and len(found) <= MAX_TITLE_WORDS else None,
                "aunch" in title and is_launch(r),
            )
        folded, words, launch = known
        if launch:
            launches[rid] = None
        if owner is None:
            unowned[rid] = None
        else:
            area = r.area
            group = rock_group[rid] = (norm.get(area) or normalise(area), folded)
            mine = owned.get(owner)
            if mine is None:
                owned[owner] = {rid: None}
                efforts[owner] = {r.discipline: [r.effort]}
            else:
                mine[rid] = None
                by = efforts[owner]
                spent = by.get(r.discipline)
                if spent is None:
                    by[r.discipline] = [r.effort]
                else:
                    spent.append(r.effort)
            members = groups.get(group)
            if members is None:
                groups[group] = rid
            elif isinstance(members, str):
                groups[group] = {members: None, rid: None}
            else:
                members[rid] = None
            if words is not None:
                same = title_rocks.get(words)
                if same is None:
                    titles.add(rid, title)
                else:
                    titled[rid] = words
                    same[rid] = None
