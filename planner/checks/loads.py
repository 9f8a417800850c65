"""A person's load: the effort of the active rocks they own, in all and by discipline."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from models import Rock


@dataclass(slots=True)
class PersonLoad:
    effort: float = 0.0  # sum of effort of owned active rocks, percent of a week
    percent: float = 0.0  # effort / capacity, in percent
    by_discipline: dict[str, float] = field(default_factory=dict)  # effort per discipline


def load_of(rocks: Mapping[str, Rock], owned: Iterable[str], capacity: float) -> PersonLoad:
    """The load of the rocks ``owned`` (ids in ``rocks``) on ``capacity`` (percent of a week).
    Sums are exact (math.fsum), so the order rocks arrived in does not matter."""
    by: dict[str, list[float]] = {}
    for rid in owned:
        rock = rocks[rid]
        efforts = by.get(rock.discipline)
        if efforts is None:
            by[rock.discipline] = [rock.effort]
        else:
            efforts.append(rock.effort)
    return load_from(by, capacity)


def load_from(efforts: Mapping[str, list[float]], capacity: float) -> PersonLoad:
    """The load of rocks whose ``efforts`` are listed by discipline (disciplines in the order
    their first rock came), on ``capacity``: ``load_of`` once the rocks are read."""
    by_discipline = {d: math.fsum(v) for d, v in efforts.items()}
    effort = math.fsum(by_discipline.values()) if len(by_discipline) > 1 else sum(by_discipline.values())
    return PersonLoad(effort, effort / capacity * 100.0, by_discipline)
