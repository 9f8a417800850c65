"""The load chart: one horizontal bar per person, stacked by discipline.

One drawing (``draw_loads``) for both places it shows: the Load panel draws it
on its canvas (ui/panels/load_chart.py), the review pack on figures of a page's
size (``load_figure``). Qt-free (the review pack in ui/export/report.py draws
the SVG this module makes onto its PDF pages with QSvgRenderer, so the chart
stays vector and its text stays text). matplotlib is imported inside the functions, never when
``rocks check`` starts. Names are plan text: drawn as typed, never as $math$
or TeX, control characters replaced, long names elided.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planner.checks.rules import OVERLOAD
from planner.core.text import draw_as_typed, one_line

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

    from models import Plan
    from planner.checks.analysis import Analysis

PER_PAGE = 40  # people per load chart page
NAME_LIMIT = 34  # characters of a name on the axis before it is elided
XMAX_CAP = 300.0  # the axis stops here; longer bars say their load at the end
CAPACITY_COLOR = "#1d1d1d"
WARNING_COLOR = "#e69a28"
ERROR_COLOR = "#c0392b"
OTHER_COLOR = "#9e9e9e"  # a discipline the plan does not define
SVG_SALT = "rocks-review-pack"  # fixed ids in the SVG: same plan, same bytes


@dataclass(slots=True)
class LoadRow:
    """One bar: a person's load in percent of their capacity, split by discipline."""

    pid: str
    name: str
    percent: float
    segments: dict[str, float] = field(default_factory=dict)  # discipline id -> percent of capacity


def load_rows(plan: Plan, analysis: Analysis | None = None) -> list[LoadRow]:
    """Everyone who carries an active rock, most loaded first (then by name, then id)."""
    if analysis is None:
        from planner.checks.analysis import Analysis

        analysis = Analysis(plan)
    loads = analysis.loads
    carrying = [pid for pid in plan.people if pid in loads and loads[pid].effort > 0]
    rows = rows_for(plan, analysis, carrying)
    rows.sort(key=lambda r: (-r.percent, r.name.casefold(), r.pid))
    return rows


def rows_for(plan: Plan, analysis: Analysis, people: list[str]) -> list[LoadRow]:
    """The bars of ``people``, in that order (an empty bar for someone who carries nothing)."""
    rows = []
    for pid in people:
        person = plan.people[pid]
        load = analysis.loads.get(pid)
        capacity = person.capacity if person.capacity > 0 else 100.0
        by = load.by_discipline if load is not None else {}
        segments = {d: e / capacity * 100.0 for d, e in by.items() if e > 0}
        rows.append(LoadRow(pid, person.name, load.percent if load is not None else 0.0, segments))
    return rows


def paginate(rows: list[LoadRow], per_page: int = PER_PAGE) -> list[list[LoadRow]]:
    """Rows cut into pages of at most ``per_page``, the last ones balanced so no page holds a handful."""
    if not rows:
        return []
    pages = math.ceil(len(rows) / per_page)
    size = math.ceil(len(rows) / pages)
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def disciplines_of(plan: Plan, rows: list[LoadRow]) -> list[str]:
    """The disciplines the bars use, in the plan's order (unknown ids last, sorted)."""
    used = {d for r in rows for d in r.segments}
    known = [d for d in plan.discipline_table.disciplines if d in used]
    return known + sorted(used - set(known))


def axis_max(plan: Plan, rows: list[LoadRow]) -> float:
    """One x range for every page of a pack: past the error threshold and the top load, at most XMAX_CAP."""
    warning, error = OVERLOAD.limits(plan)
    top = max((r.percent for r in rows), default=0.0)
    wanted = max(top, error, warning, 100.0) * 1.08
    return min(math.ceil(wanted / 10.0) * 10.0, XMAX_CAP)


def fit_height(rows: int, height_pt: float, per_page: int = PER_PAGE) -> float:
    """The figure height for ``rows`` bars: a full page's bar thickness, so a short list is not a few fat bars."""
    overhead = 70.0  # legend, axis labels and margins
    per_row = max(height_pt - overhead, 1.0) / per_page
    return min(height_pt, overhead + max(rows, 8) * per_row)


def _label_width(texts: list[str], size: float) -> float:
    """The widest of ``texts`` in points at ``size`` pt (matplotlib's own text metrics, no drawing)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(8, 8, 72)
    prop = FontProperties(size=size)
    return max((renderer.get_text_width_height_descent(t, prop, ismath=False)[0] for t in texts), default=0.0)


def load_figure(
    plan: Plan,
    rows: list[LoadRow],
    width_pt: float,
    height_pt: float,
    *,
    xmax: float | None = None,
    disciplines: list[str] | None = None,
    title: str = "",
) -> Figure:
    """The stacked bar chart of ``rows`` on a new figure of the given size in points
    (1 pt = 1 figure point): the review pack's pages (see ``draw_loads``)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_pt / 72.0, height_pt / 72.0), dpi=72)
    draw_loads(figure, plan, rows, xmax=xmax, disciplines=disciplines, title=title)
    return figure


def draw_loads(
    figure: Figure,
    plan: Plan,
    rows: list[LoadRow],
    *,
    xmax: float | None = None,
    disciplines: list[str] | None = None,
    title: str = "",
    name_limit: int = NAME_LIMIT,
    legend_cols: int = 5,
) -> tuple[Axes, Legend]:
    """Draw the stacked bar chart of ``rows`` on ``figure`` (its size as it is now): a bar per
    person in % of their capacity, split by discipline, the capacity and overload lines,
    each load written at the end of its bar, the legend below. Returns the axes and legend.

    ``xmax`` and ``disciplines`` keep the scale and the legend equal across the pages of a pack.
    One collection of rectangles per discipline (not a patch per bar) and margins computed here
    (not a layout engine): a 1,000-person pack draws 25 of these."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch
    from matplotlib.transforms import offset_copy

    width_pt, height_pt = (v * 72.0 for v in figure.get_size_inches())
    table = plan.discipline_table
    warning, error = OVERLOAD.limits(plan)
    order = disciplines if disciplines is not None else disciplines_of(plan, rows)
    xmax = xmax if xmax is not None else axis_max(plan, rows)
    names = [one_line(r.name, name_limit) for r in rows]
    lines = [(100.0, CAPACITY_COLOR, "-", "capacity 100%")]
    if warning != 100.0:
        lines.append((warning, WARNING_COLOR, "--", f"warning {warning:g}%"))
    lines.append((error, ERROR_COLOR, "--", f"error {error:g}%"))
    lines = [line for line in lines if line[0] <= xmax]
    entries = len(order) + len(lines)
    ncols = min(max(entries, 1), legend_cols)
    legend_h = 11.0 * math.ceil(entries / ncols) + 6.0
    left = _label_width(names, 7) + 16.0
    bottom = legend_h + 30.0  # legend, x label, tick labels
    top = 20.0 if title else 6.0
    right = 28.0  # room for "162%" after the longest bar
    ax = figure.add_axes((left / width_pt, bottom / height_pt, max(width_pt - left - right, 10.0) / width_pt,
                          max(height_pt - bottom - top, 10.0) / height_pt))  # fmt: skip
    n = len(rows)
    ends = [0.0] * n
    half = 0.36
    handles: list[Any] = []
    for d in order:
        spec = table.get(d)
        color = spec.color if spec else OTHER_COLOR
        verts = []
        for y, r in enumerate(rows):
            w = r.segments.get(d, 0.0)
            if w > 0:
                x0 = ends[y]
                verts.append([(x0, y - half), (x0 + w, y - half), (x0 + w, y + half), (x0, y + half)])
                ends[y] = x0 + w
        label = one_line(spec.label if spec else d, 40)
        label = "\u200b" + label if label.startswith("_") else label  # matplotlib hides labels starting '_'
        ax.add_collection(PolyCollection(verts, facecolors=color, edgecolors="white", linewidths=0.3, label=label))
        handles.append(Patch(facecolor=color, label=label))
    # Names as plain texts beside the axis rather than tick labels: 40 Tick objects a page cost more
    # than the bars. x in points left of the axis, y in data (one per bar).
    beside = offset_copy(ax.get_yaxis_transform(), fig=figure, x=-4.0, y=0.0, units="points")
    draw_as_typed([ax.text(0.0, y, name, transform=beside, ha="right", va="center", fontsize=7, clip_on=False)
              for y, name in enumerate(names)])  # fmt: skip
    ax.set_yticks([])
    ax.set_ylim(n - 0.5 if n else 0.5, -0.5)  # the most loaded at the top
    ax.set_xlim(0, xmax)
    ax.set_xlabel("load, % of capacity", fontsize=7.5, labelpad=2)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    for x, color, style, label in lines:
        handles.append(ax.axvline(x, color=color, linestyle=style, linewidth=1.0, label=label))
    for y, r in enumerate(rows):
        color = ERROR_COLOR if r.percent > error else "#333333"
        ax.text(min(r.percent, xmax) + xmax * 0.006, y, f"{r.percent:.0f}%", va="center", ha="left", fontsize=6,
                color=color, clip_on=False, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4})  # fmt: skip
    if title:
        draw_as_typed([ax.set_title(one_line(title, 120), fontsize=9, loc="left")])
    legend = figure.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 2.0 / height_pt), ncols=ncols,
                           fontsize=7, frameon=False, handlelength=1.4, columnspacing=1.4)  # fmt: skip
    draw_as_typed(legend.get_texts())
    return ax, legend


def figure_svg(figure: Figure) -> bytes:
    """The figure as SVG with text kept as <text> elements, and the same bytes for the same figure."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(figure)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": SVG_SALT, "text.usetex": False}):
        figure.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()
