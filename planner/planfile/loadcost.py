"""What loading a plan file will cost in memory, known before it is parsed.

The JSON parser allocates for every value at once (150 MB of "0," took 2.5-4 GB and
aborted), so planner.planfile.fileio asks ``check_cost`` first: a file whose parse would
take more than MEMORY_BUDGET is refused with a message naming it, from counts of its
values, objects and bytes.
"""

from __future__ import annotations

import re

from planner.core.errors import PlanFileError

MEMORY_BUDGET = 1_900 * 10**6
"""The most memory loading a plan may take (``load_cost``): every plan that opens stays under 2 GB,
the same bound as importing a million people (tests/benchmarks/bench_import_1m.py), so a plan
the importer writes can be opened again."""
# What loading costs, measured on this machine (peak RSS of a process that only loads): the JSON
# parser's tree takes ~33 bytes per value whatever it is ([0,0,0...] included), every object
# that becomes a record ~475 bytes, and the text ~1.7x its size. Fitted on a million minimal
# people (0.62 GB), a million people with 230-character names (1.08 GB) and the 100,000-person
# benchmark plan (805k objects, 6.3M values, 159 MB: 0.86 GB).
COST_PER_OBJECT = 475
COST_PER_VALUE = 33
COST_PER_BYTE = 1.71
# A scenario is parsed twice (with the file, then alone, beside the built baseline): its part of
# the file costs 1.6x (a 50k-person plan with a 50k-person scenario took 1.14 GB).
SCENARIO_EXTRA = 0.6
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_SCAN = 8 * 2**20  # bytes recounted at a time when text may hold commas and braces
_NOT_COUNTED = bytes(b for b in range(256) if b not in b"{[,:")  # ':' only for the colons check_cost returns


def load_cost(objects: int, values: int, size: int) -> int:
    """Bytes of memory loading a plan of ``objects`` JSON objects, ``values`` values and ``size`` bytes takes."""
    return int(objects * COST_PER_OBJECT + values * COST_PER_VALUE + size * COST_PER_BYTE)


def structure_counts(data: bytes, pos: int = 0) -> tuple[int, int]:
    """(objects, values) in JSON ``data``, counting '{', '[' and ',' outside strings only.

    8 MB at a time, so the copy without strings stays small; a string running past a cut
    is left for the next piece, which starts at its opening quote."""
    objects = values = 0
    size = len(data)
    view = memoryview(data)
    step = _SCAN
    while pos < size:
        end = min(pos + step, size)
        if data.find(b'"', pos, end) < 0:  # no text here: count in place
            braces = data.count(b"{", pos, end)
            objects += braces
            values += braces + data.count(b"[", pos, end) + data.count(b",", pos, end)
            pos, step = end, _SCAN
            continue
        part = _JSON_STRING.sub(b"", view[pos:end])
        opened = part.find(b'"')  # every whole string is gone: a quote left opens one cut off here
        if opened >= 0 and end < size:
            restart = end - (len(part) - opened)
            if restart == pos:  # one string longer than the piece: take a bigger piece
                step *= 2
                continue
            part, end = part[:opened], restart
        braces = part.count(b"{")
        objects += braces
        values += braces + part.count(b"[") + part.count(b",")
        pos, step = end, _SCAN
    return objects, values


def check_cost(data: bytes, source: str) -> int:
    """Refuse, before parsing, a file whose parse would take more than MEMORY_BUDGET: the JSON
    parser allocates for every value at once (150 MB of "0," took 2.5-4 GB and aborted).
    Returns the number of colons in ``data``, counted in the same pass, for the key check
    (planner.planfile.plancheck.check_keys), which would otherwise scan the bytes once more."""
    # One pass keeping only '{', '[', ',' and ':' (half the time of three counts).
    kept = data.translate(None, _NOT_COUNTED)
    colons = kept.count(b":")
    counted = kept.count(b"{"), len(kept) - colons
    del kept

    def cheap(start: int) -> tuple[int, int]:
        objects = data.count(b"{", start)
        return objects, objects + data.count(b"[", start) + data.count(b",", start)

    if load_cost(*counted, len(data)) * (1 + SCENARIO_EXTRA) <= MEMORY_BUDGET:
        return colons  # it fits even if all of it were scenarios: where they start does not matter
    scenarios = data.find(b'"scenarios"')  # from there on (at most), records are parsed twice
    cost = _cost(data, counted, cheap(scenarios) if scenarios >= 0 else (0, 0), scenarios)
    if cost <= MEMORY_BUDGET:
        return colons
    counts = structure_counts(data)  # commas and braces in text do not count
    in_scenarios = structure_counts(data, scenarios) if scenarios >= 0 else (0, 0)
    cost = _cost(data, counts, in_scenarios, scenarios)
    if cost <= MEMORY_BUDGET:
        return colons
    objects, values = counts
    raise PlanFileError(
        f"{source}: too big to open: {values:,} JSON values and {objects:,} object{'' if objects == 1 else 's'} "
        f"would take about {cost / 1e6:,.0f} MB of memory to read; Rocks opens plans that take up to "
        f"{MEMORY_BUDGET / 1e6:,.0f} MB (a 100,000-person plan takes about 860 MB)",
        source=source,
    )


def _cost(data: bytes, counts: tuple[int, int], in_scenarios: tuple[int, int], scenarios: int) -> float:
    extra = load_cost(*in_scenarios, len(data) - scenarios) * SCENARIO_EXTRA if scenarios >= 0 else 0
    return load_cost(*counts, len(data)) + extra
