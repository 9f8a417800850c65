"""The board's Qt-free model (planner.tree.board) and wrapping wide levels into rows
(planner.tree.wrap): every card placed once, none over another, managers above their
reports, and a wide org wrapped to about the shape it is shown in."""

from __future__ import annotations

from models import Person, Plan
from planner.tree.board import GROW_SLACK, BoardModel
from planner.tree.layout import Box
from tests.benchmarks.synth import make_plan

CARD = 240.0


def wide_org(teams: int = 60, size: int = 3) -> Plan:
    """A head of product over ``teams`` managers with ``size`` reports each."""
    plan = Plan(name="Wide")
    plan.people["boss"] = Person("boss", "Bo", "Head of Product")
    for t in range(teams):
        plan.people[f"m{t}"] = Person(f"m{t}", f"Manager {t}", "Group Product Manager", manager="boss")
        for k in range(size):
            pid = f"m{t}r{k}"
            plan.people[pid] = Person(pid, f"Report {t}.{k}", "Product Manager", manager=f"m{t}")
    return plan


def heights(pid: str) -> float:
    return 58.0 + 24.0 * (len(pid) % 3)  # cards of a few heights


def boxes(model: BoardModel) -> dict[str, Box]:
    return {
        p: Box(model.x[p], model.band_top[model.band[p]] + model.offset.get(p, 0.0), CARD, heights(p))
        for p in model.visible
    }


def assert_sound(plan: Plan, model: BoardModel) -> None:
    placed = boxes(model)
    assert set(placed) == model.visible
    items = sorted(placed.items(), key=lambda kv: kv[1].x)
    for i, (a, ba) in enumerate(items):
        for b, bb in items[i + 1 :]:
            if bb.x >= ba.x + ba.w:
                break
            overlap = bb.y < ba.y + ba.h and ba.y < bb.y + bb.h
            assert not overlap, (a, b)
    for pid in model.visible:
        manager = plan.people[pid].manager
        if manager in model.visible:
            assert placed[manager].y + placed[manager].h <= placed[pid].y  # above its reports


def test_a_wide_level_wraps_into_rows_of_the_width_asked():
    plan = wide_org()
    model = BoardModel(CARD)
    model.start(plan.people)
    model.compact = False
    model.layout(plan.people, heights)
    assert model.width > 100 * CARD  # 180 reports side by side
    model.wrap = 4000.0
    model.layout(plan.people, heights)
    assert_sound(plan, model)
    assert model.width <= 4000.0
    assert list(model.rows) == ["boss"] and len(model.rows["boss"]) > 5  # the boss's teams, row by row
    assert [k for row in model.rows["boss"] for k in row] == [f"m{t}" for t in range(60)]  # in model order


def test_fit_shapes_a_wide_org_like_the_window():
    plan = make_plan(1500)
    model = BoardModel(CARD)
    model.start(plan.people)
    model.collapsed = set()
    model.layout(plan.people, heights)
    assert model.width / max(t + h for t, h in zip(model.band_top, model.band_height)) > 10
    assert model.shape_for(1600, 1000, heights)
    model.layout(plan.people, heights)
    assert_sound(plan, model)
    tall = max(t + h for t, h in zip(model.band_top, model.band_height))
    assert 0.8 < model.width / tall < 3.2
    assert not model.shape_for(1600, 1000, heights)  # the same window: nothing to change


def test_a_chart_that_fits_is_not_wrapped():
    plan = wide_org(teams=4)
    model = BoardModel(CARD)
    model.start(plan.people)
    model.layout(plan.people, heights)
    assert not model.shape_for(4000, 3000, heights) and model.wrap == 0.0 and not model.rows


def test_a_card_that_grows_moves_only_the_bands_below_it():
    plan = wide_org(teams=3, size=2)
    model = BoardModel(CARD)
    model.start(plan.people)
    model.compact = False
    model.layout(plan.people, heights)
    tops = list(model.band_top)
    taller = {"m1": 200.0}

    def height_of(pid: str) -> float:
        return taller.get(pid, heights(pid))

    band = model.band["m1"]
    moved, relink = model.grow({band}, height_of)
    assert moved == list(range(band + 1, len(tops)))
    assert model.band_top[: band + 1] == tops[: band + 1]
    delta = 200.0 + GROW_SLACK - max(heights(p) for p in model.bands[band])
    assert all(abs(model.band_top[b] - tops[b] - delta) < 1e-9 for b in moved)
    assert relink == {"m0", "m1", "m2"}  # their lines down to the reports that moved
    assert model.grow({band}, height_of) == ([], set())  # grown already (with slack)


def test_a_stack_restacks_below_a_card_that_grew():
    plan = wide_org(teams=1, size=5)
    model = BoardModel(CARD)
    model.start(plan.people)
    model.compact = True
    model.layout(plan.people, heights)
    assert model.stack_of["m0r0"] == "m0"
    before = dict(model.offset)
    moved = model.restack("m0", lambda p: 300.0 if p == "m0r1" else heights(p))
    assert moved == ["m0r2", "m0r3", "m0r4"]
    assert model.offset["m0r2"] == before["m0r2"] + 300.0 - heights("m0r1")
