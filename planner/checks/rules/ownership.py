"""Rules about who owns a rock: nobody (orphan), or more than one person (shared ownership)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from models import Rock
from planner.checks.rules.base import GENERALISTS, Facts, Finding, RockRule, Rule, names

# Words that do not tell two responsibilities apart.
_STOP = frozenset(["a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "by", "at", "&", "+", "product", "products"])
_WORD = re.compile(r"[a-z0-9]+")
MAX_TITLE_WORDS = 4  # titles with more telling words are not compared for closeness


@lru_cache(maxsize=200_000)
def words_of(text: str) -> frozenset[str]:
    """The telling words of a title or an area: case folded, without filler words."""
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in _STOP)


class OrphanRock(RockRule):
    id = "orphan-rock"
    severity = "warning"
    title = "Unowned rock"
    checks = "an active rock with no owner"
    section = "Unowned rocks"
    idea = (
        "A rock is carried, handed on or dropped on purpose; one that nobody carries is work still expected "
        "but not done."
    )
    why = (
        "A rock is carried, handed on, or dropped on purpose. One that nobody carries is work the company "
        "still expects but nobody does. Drop it (the On the ground tray) if the company should stop doing it."
    )

    def check(self, a: Facts, rock: Rock) -> Finding | None:
        if rock.owner is not None:
            return None
        return self.finding(f"'{rock.title}' ({rock.effort:g}% of a week) has no owner: give it one or drop it",
                            (rock.id,))

    def check_all(self, a: Any) -> Iterator[tuple[str, Finding]]:
        rocks = a.plan.rocks
        for rid in a.unowned:
            found = self.check(a, rocks[rid])
            if found is not None:
                yield rid, found


class SharedOwnership(Rule):
    id = "shared-ownership"
    severity = "warning"
    title = "Two owners of one area"
    scope = "area"
    checks = (
        "active rocks with the same title in the same area owned by different people, or close titles (one's "
        "words within the other's, as 'Pricing' and 'Pricing and packaging') owned by different PMs in any area"
    )
    section = "Two owners of one area"
    idea = (
        "A rock or feature area needs one accountable owner; two PMs defining variants of it without "
        "coordinating is a known failure."
    )
    why = (
        "Two PMs defining variants of the same feature area without coordinating is a known failure "
        "(encroachment). A rock or feature area needs one accountable owner; others can contribute. The "
        "same responsibility often hides under close titles in two areas: 'Pricing' in one, 'Pricing and "
        "packaging' in another. Titles are compared on their telling words (not 'and', 'the', 'product'); "
        "the same title in two areas ('Roadmap' per product line), or one naming its own area ('Payments "
        "roadmap' in Payments), is each area's own and fine."
    )

    def check(self, a: Facts, rids: list[str]) -> Finding | None:
        """``rids``: the active owned rocks sharing one (area, title), in id order."""
        plan = a.plan
        owner_ids = sorted({o for r in rids if (o := plan.rocks[r].owner) is not None})
        if len(owner_ids) < 2:
            return None
        first = plan.rocks[rids[0]]
        where = f" in {first.area}" if first.area.strip() else ""
        who = names([plan.people[o].name for o in owner_ids])
        return self.finding(
            f"'{first.title}'{where} has {len(owner_ids)} owners: {who}; name one accountable owner",
            (*rids, *owner_ids),
        )

    def check_close(self, a: Facts, narrow: list[str], wide: list[str]) -> Finding | None:
        """``narrow``: active owned rocks whose title words are a proper part of ``wide``'s
        (both in id order). Fires when PMs or founders other than each other own them."""
        plan = a.plan
        rocks = plan.rocks

        def generalist(rid: str) -> bool:
            owner = rocks[rid].owner
            return owner is not None and a.family(owner) in GENERALISTS

        left = [r for r in narrow if generalist(r)]
        right = [r for r in wide if generalist(r)]
        narrow_words = words_of(rocks[narrow[0]].title)
        involved: dict[str, None] = {}
        for w in right:
            extra = words_of(rocks[w].title) - narrow_words
            if extra <= words_of(rocks[w].area):
                continue  # "Payments roadmap" in Payments is that area's "Roadmap"
            for n in left:
                if rocks[n].owner != rocks[w].owner:
                    involved[n] = None
                    involved[w] = None
        if not involved:
            return None
        left = [r for r in left if r in involved]
        right = [r for r in right if r in involved]

        def shown(rid: str) -> str:
            r = rocks[rid]
            where = f" ({r.area})" if r.area.strip() else ""
            return f"'{r.title}'{where}, {plan.people[r.owner or ''].name}"

        listed = names([shown(r) for r in [*left, *right]], 4)
        owners = sorted({rocks[r].owner or "" for r in [*left, *right]})
        return self.finding(
            f"Close titles with different owners: {listed}; if they are one responsibility, name one accountable "
            "owner",
            (*left, *right, *owners),
        )
