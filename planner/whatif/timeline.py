"""The growth timeline: what each quarter of the teams' headcount plans calls for.

``forecast(plan)`` walks the quarters of the teams' ``growth`` plans (engineers
per quarter, from ``settings.first_quarter``) and derives, quarter by quarter,
the product roles the rules ask for, who crosses capacity as growing rocks get
heavier, and a hiring sequence. It forecasts "if nobody moves a rock": rocks
stay with their owners, planned hires arrive at their start quarter. pandas and
matplotlib are imported inside functions, so ``rocks check`` never loads them.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from models import Plan
from planner.checks.rules import COVERAGE, OVERLOAD, PM_ENG_RATIO, PROJECT_WORK, plural, title_of
from planner.core.errors import PlanError
from planner.core.quarters import first_quarter, quarter_label, start_quarter
from planner.core.text import draw_as_typed

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

MAX_QUARTERS = 12
NO_GROWTH = (
    "No team has a growth plan yet: give a team its engineers per quarter in the Team inspector "
    "(Growth plan), or with `rocks team FILE TEAM --growth 8,11,15`"
)
CHART_FORMATS = ("png", "svg", "pdf")
COLUMNS = (
    "engineers", "pms", "tpms", "design", "pmm", "pms_needed", "pm_gap", "ratio", "project_share_max",
    "tpm_needed", "people_over_capacity", "design_covered", "marketing_covered", "findings",
)
# The rules the timeline forecasts, quarter by quarter, with the analysis's own checks.
FORECAST_RULES = (PM_ENG_RATIO.id, PROJECT_WORK.id, COVERAGE.id, OVERLOAD.id)
SPECIALIST_ORDER = ("tpm", "design", "pmm")  # when several are due at once: one a quarter, in this order


# ------------------------------------------------------------------ forecast


class Hire(NamedTuple):
    quarter: str  # "2027-Q2", or "after 2027-Q4" when a staggered hire falls past the forecast
    role: str  # role family: pm, tpm, design, pmm
    reason: str  # in the plan's numbers, naming the check it answers by its title


@dataclass(slots=True)
class Forecast:
    """``table``: one row per quarter (index "2027-Q1"...), the columns in COLUMNS.

    Each quarter's ``findings`` are the ids of the checks (FORECAST_RULES) that fire at warning
    or error on the plan as it stands that quarter if nobody moves a rock: the same rule objects
    the analysis runs, given that quarter's numbers. ``project`` holds, per quarter, each present
    PM's project effort (for the hiring sequence)."""

    table: pd.DataFrame
    has_growth: bool
    target: float  # engineers per PM the plan aims at
    ratio_max: float
    specialist_at: float  # engineers from which design and product marketing must be covered
    tpm_share: float
    project_leader: list[str] = field(default_factory=list)  # per quarter: the PM with the top project share
    project: list[list[tuple[float, float]]] = field(default_factory=list)  # per quarter: (project effort, capacity)
    plan: Plan | None = None
    _disabled: tuple[str, ...] = ()

    @property
    def quarters(self) -> list[str]:
        return [str(q) for q in self.table.index]

    def hiring_sequence(self) -> list[Hire]:
        """The hires the quarters call for, simulated forward: a suggested hire counts from its
        quarter on and takes its share of the work (a new PM takes half the coordination of the
        busiest PM), PM number n only where engineers per PM stay at or above the minimum, and
        at most one specialist role a quarter (the rest wait for the next)."""
        plan = self.plan
        assert plan is not None
        out: list[Hire] = []
        new_pms = 0
        added: set[str] = set()  # specialist roles suggested so far
        waiting: list[tuple[str, str, str]] = []  # (role, reason, quarter due) staggered to a later quarter
        disabled = set(self._disabled)
        quarters = self.quarters
        for i, (q, row) in enumerate(self.table.iterrows()):
            q = str(q)
            eng = int(row["engineers"])
            have = int(row["pms"]) + new_pms
            needed = int(row["pms_needed"])
            if needed > have and PM_ENG_RATIO.id not in disabled:
                for k in range(have + 1, needed + 1):
                    after = PM_ENG_RATIO.verdict(eng, k, plan)
                    if after.state == "below":
                        break  # never advise a state the checks warn about
                    out.append(Hire(q, "pm", (
                        f"{eng} engineers call for {plural(needed, 'PM')} at most 1:{self.ratio_max:g} "
                        f"(have {k - 1}): hire PM #{k}, {PM_ENG_RATIO.describe(eng, k)} ({title_of(PM_ENG_RATIO.id)})"
                    )))
                    new_pms += 1
            due: list[tuple[str, str]] = []
            share, who = self._project_after(i, new_pms)
            if share >= self.tpm_share - 1e-9 and not row["tpms"] and "tpm" not in added and PROJECT_WORK.id not in disabled:
                due.append(("tpm", (
                    f"project work reaches {share:.0f}% of {who}'s capacity (threshold {self.tpm_share:g}%, "
                    f"counting the PMs hired above) and no TPM: hire a first TPM ({title_of(PROJECT_WORK.id)})"
                )))
            if COVERAGE.id not in disabled:
                if not row["design_covered"] and "design" not in added:
                    due.append(("design", (
                        f"{eng} engineers (from {self.specialist_at:g} on) and no designer: hire a first designer "
                        f"({title_of(COVERAGE.id)})"
                    )))
                if not row["marketing_covered"] and "pmm" not in added:
                    due.append(("pmm", (
                        f"{eng} engineers (from {self.specialist_at:g} on), launches planned and no product "
                        f"marketer: hire a first PMM ({title_of(COVERAGE.id)})"
                    )))
            for role, reason in due:
                if all(role != r for r, _, _ in waiting):
                    waiting.append((role, reason, q))
            waiting.sort(key=lambda t: SPECIALIST_ORDER.index(t[0]))
            if waiting:
                role, reason, since = waiting.pop(0)
                added.add(role)
                out.append(Hire(q, role, reason + _staggered(since, q)))
            if i == len(quarters) - 1:
                for role, reason, since in waiting:
                    added.add(role)
                    out.append(Hire(f"after {q}", role, reason + _staggered(since, f"after {q}")))
        return out

    def _project_after(self, i: int, new_pms: int) -> tuple[float, str]:
        """The top project share among the PMs in quarter ``i`` once ``new_pms`` suggested PMs
        each take half the project work of one of the busiest PMs; and whose it is."""
        rows = sorted(self.project[i], key=lambda t: -t[0] / t[1]) if self.project else []
        if not rows:
            return 0.0, ""
        shares = [(e / c * 100.0, k) for k, (e, c) in enumerate(rows)]
        for n in range(min(new_pms, len(shares))):
            value, k = shares[n]
            shares[n] = (value / 2, k)
        top = max(shares)
        return top[0], self.project_leader[i] if top[1] == 0 else "a PM"

    def crossings(self) -> list[tuple[str, str]]:
        """(quarter, name): the first quarter each person is over capacity, in quarter order."""
        seen: set[str] = set()
        out = []
        for q, names in self.table["people_over_capacity"].items():
            for name in names:
                if name not in seen:
                    seen.add(name)
                    out.append((str(q), name))
        return out

    def to_dict(self) -> dict[str, Any]:
        """``{"quarters": [...], "hires": [...]}`` with plain JSON values in a stable order."""
        rows = []
        for q, row in self.table.iterrows():
            d: dict[str, Any] = {"quarter": str(q)}
            for col in COLUMNS:
                value = row[col]
                if col == "ratio" or col == "project_share_max":
                    value = None if value is None or math.isnan(value) else round(float(value), 1)
                elif col in ("tpm_needed", "design_covered", "marketing_covered"):
                    value = bool(value)
                elif col in ("people_over_capacity", "findings"):
                    value = list(value)
                else:
                    value = int(value)
                d[col] = value
            rows.append(d)
        hires = [{"quarter": h.quarter, "role": h.role, "reason": h.reason} for h in self.hiring_sequence()]
        return {"quarters": rows, "hires": hires}


def _staggered(due: str, hired: str) -> str:
    return "" if due == hired else f"; due from {due}, one new role a quarter"


def arrival_quarter(status: str, start: str) -> int:
    """When a person counts: active people already; planned hires and open roles from their start
    (a quarter or a date), or already when they have none (they count in the plan)."""
    if status == "active":
        return -1
    found = start_quarter(start) if start.strip() else None
    return -1 if found is None else found


def forecast(plan: Plan, quarters: int | None = None, today: date | None = None) -> Forecast:
    """Quarter by quarter: engineers, product roles present and needed, loads with growing rocks
    scaled, and the checks that fire, computed by the rules themselves (planner.checks.rules).

    ``quarters`` defaults to the longest growth plan (a team keeps its last planned headcount
    after its plan ends; a team with none keeps ``headcount``). ``today`` decides the first
    quarter when the plan names none. A plan with no people and no teams has no engineers:
    every quarter is empty, not an error.
    """
    import numpy as np
    import pandas as pd

    longest = max((len(t.growth) for t in plan.teams.values()), default=0)
    n = quarters if quarters is not None else (longest or 4)
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_QUARTERS:
        raise PlanError(f"quarters: expected a whole number from 1 to {MAX_QUARTERS}, got {n!r}")
    start = first_quarter(plan, today)
    family = plan.roles.family
    disabled = tuple(plan.settings.rules.disabled)

    pids = list(plan.people)
    people = list(plan.people.values())
    fams = [family(p.role) for p in people]
    arrival = np.array([arrival_quarter(p.status, p.start) for p in people], dtype=np.int64)
    team_ids = list(plan.teams)
    team_index = {tid: k for k, tid in enumerate(team_ids)}
    person_team = np.array([team_index.get(p.team or "", -1) for p in people], dtype=np.int64)
    team_plan = np.array(
        [[(t.growth[min(i, len(t.growth) - 1)] if t.growth else t.headcount) for i in range(n)]
         for t in plan.teams.values()],
        dtype=np.int64,
    ).reshape(len(team_ids), n)
    team_now = np.array([t.headcount for t in plan.teams.values()], dtype=np.int64)
    is_fam = {f: np.array([x == f for x in fams], dtype=bool) for f in ("pm", "tpm", "design", "pmm", "eng")}
    by_name = {t.name.strip().lower(): tid for tid, t in plan.teams.items()}

    # Engineers in a team (its planned headcount plus its engineering people there by then), and in all.
    def engineers_at(i: int, here: Any) -> tuple[int, Any]:
        listed = here & is_fam["eng"]
        per_team = team_plan[:, i].copy() if len(team_ids) else np.zeros(0, dtype=np.int64)
        in_team = person_team[listed]
        in_team = in_team[in_team >= 0]
        if len(team_ids):
            per_team += np.bincount(in_team, minlength=len(team_ids))
        return int(team_plan[:, i].sum() if len(team_ids) else 0) + int(np.count_nonzero(listed)), per_team

    # Growing rocks scale with the engineers of their area's team (or all engineers), from today's:
    # the people there now (active), whatever a planned hire's start.
    here_now = np.array([p.status == "active" for p in people], dtype=bool)
    total_now = int(team_now.sum() if len(team_ids) else 0) + int(np.count_nonzero(here_now & is_fam["eng"]))
    team_eng_now = team_now.copy()
    if len(team_ids):
        team_eng_now += np.bincount(person_team[here_now & is_fam["eng"] & (person_team >= 0)],
                                    minlength=len(team_ids))
    row_of = {pid: k for k, pid in enumerate(pids)}
    capacity = np.array([p.capacity for p in people], dtype=float)
    fixed = np.zeros(len(pids))
    project_fixed = np.zeros(len(pids))
    owns = np.zeros(len(pids), dtype=bool)
    g_row: list[int] = []
    g_team: list[int] = []  # -1: grows with all engineers
    g_effort: list[float] = []
    g_project: list[bool] = []
    launches = 0
    from planner.checks.rules.rocks import is_launch

    for r in plan.rocks.values():
        if r.state != "active":
            continue
        if is_launch(r):
            launches += 1
        k = row_of.get(r.owner) if r.owner is not None else None
        if k is None:
            continue
        owns[k] = True
        if r.grows:
            g_row.append(k)
            g_team.append(team_index.get(by_name.get(r.area.strip().lower(), ""), -1))
            g_effort.append(r.effort)
            g_project.append(r.discipline == "project")
        else:
            fixed[k] += r.effort
            if r.discipline == "project":
                project_fixed[k] += r.effort
    g_rows, g_teams = np.array(g_row, dtype=np.int64), np.array(g_team, dtype=np.int64)
    g_efforts, g_projects = np.array(g_effort, dtype=float), np.array(g_project, dtype=bool)
    warning = OVERLOAD.WARNING.of(plan)

    rows: list[dict[str, Any]] = []
    leaders: list[str] = []
    projects: list[list[tuple[float, float]]] = []
    for i in range(n):
        here = arrival <= start + i
        count = {f: int(np.count_nonzero(here & codes)) for f, codes in is_fam.items()}
        eng, team_eng = engineers_at(i, here)
        pms = count["pm"]
        verdict = PM_ENG_RATIO.verdict(eng, pms, plan)
        if len(g_rows):
            base = np.where(g_teams >= 0, team_eng_now[np.maximum(g_teams, 0)] if len(team_ids) else 0, total_now)
            then = np.where(g_teams >= 0, team_eng[np.maximum(g_teams, 0)] if len(team_ids) else 0, eng)
            factor = np.where(base > 0, then / np.maximum(base, 1), 1.0)
            scaled = g_efforts * factor
        else:
            scaled = g_efforts
        load = (fixed + np.bincount(g_rows, weights=scaled, minlength=len(pids))) / capacity * 100.0
        over = [people[k].name for k in np.flatnonzero(here & (load > warning))] if len(pids) else []
        project = project_fixed + np.bincount(g_rows[g_projects], weights=scaled[g_projects], minlength=len(pids))
        pm_rows = np.flatnonzero(here & is_fam["pm"])
        shares = project[pm_rows] / capacity[pm_rows] * 100.0 if len(pm_rows) else np.zeros(0)
        heavy = [int(k) for k, s in zip(pm_rows, shares) if PROJECT_WORK.heavy(project[k], capacity[k], plan)]
        top = int(pm_rows[int(np.argmax(shares))]) if len(pm_rows) else -1
        share = float(shares.max()) if len(pm_rows) else 0.0
        leaders.append(people[top].name if top >= 0 and share > 0 else "")
        projects.append([(float(project[k]), float(capacity[k])) for k in pm_rows if project[k] > 0])
        missing = COVERAGE.missing(eng, count["design"], count["pmm"], launches, plan)
        team_gap = False
        if len(team_ids) and pms:
            team_pms = np.bincount(person_team[here & is_fam["pm"] & (person_team >= 0)], minlength=len(team_ids))
            on_teams = int(team_pms.sum())
            team_gap = any(
                COVERAGE.team_missing_pm(int(team_eng[t]), int(team_pms[t]), on_teams, plan)
                for t in range(len(team_ids))
            )
        fires = {PM_ENG_RATIO.id: verdict.fires, PROJECT_WORK.id: bool(heavy), COVERAGE.id: bool(missing or team_gap),
                 OVERLOAD.id: bool(over)}
        rows.append({
            "engineers": eng, "pms": pms, "tpms": count["tpm"], "design": count["design"], "pmm": count["pmm"],
            "pms_needed": verdict.needed, "pm_gap": max(0, verdict.needed - pms),
            "ratio": eng / pms if pms else float("nan"), "project_share_max": share,
            "tpm_needed": bool(heavy) and count["tpm"] == 0 and PROJECT_WORK.id not in disabled,
            "people_over_capacity": over,
            "design_covered": "design" not in missing, "marketing_covered": "pmm" not in missing,
            "findings": [f for f in FORECAST_RULES if fires[f] and f not in disabled],
        })
    table = pd.DataFrame(rows, index=pd.Index([quarter_label(start + i) for i in range(n)], name="quarter"),
                         columns=list(COLUMNS))
    target, high, _ = PM_ENG_RATIO.limits(plan)
    return Forecast(
        table, longest > 0, target, high, COVERAGE.SPECIALISTS.of(plan), PROJECT_WORK.SHARE.of(plan),
        leaders, projects, plan, disabled,
    )


# --------------------------------------------------------------------- text


def text_lines(fc: Forecast) -> list[str]:
    """The table, who crosses capacity when, and the hiring sequence, as lines for a terminal."""
    headers = ["quarter", "eng", "PMs", "needed", "gap", "eng/PM", "TPMs", "design", "PMM", "proj%", "checks"]
    rows = [headers]
    for q, r in fc.table.iterrows():
        ratio = "-" if math.isnan(r["ratio"]) else f"{r['ratio']:.1f}"
        rows.append([
            str(q), str(r["engineers"]), str(r["pms"]), str(r["pms_needed"]), str(r["pm_gap"]), ratio,
            str(r["tpms"]), str(r["design"]), str(r["pmm"]), f"{r['project_share_max']:.0f}",
            "; ".join(title_of(f) for f in r["findings"]) or "-",
        ])
    widths = [max(len(row[c]) for row in rows) for c in range(len(headers))]
    lines = ["  ".join(c.ljust(widths[k]) if k in (0, 10) else c.rjust(widths[k]) for k, c in enumerate(row)).rstrip()
             for row in rows]
    crossings = fc.crossings()
    if crossings:
        lines.append("Over capacity (first quarter, growing rocks scaled):")
        lines += [f"  {q}: {name}" for q, name in crossings]
    hires = fc.hiring_sequence()
    lines.append("Hiring sequence:" if hires else "Hiring sequence: no hire called for in these quarters.")
    lines += [f"  {k}. {h.quarter}: {h.reason}" for k, h in enumerate(hires, 1)]
    return lines


# -------------------------------------------------------------------- chart

# The checks' titles, shortened to fit under a quarter on the chart.
SHORT_TITLES = {
    PM_ENG_RATIO.id: "PM ratio",
    PROJECT_WORK.id: "project work",
    COVERAGE.id: "missing roles",
    OVERLOAD.id: "overload",
}
ROLE_COLORS = {"pms": "#4c72b0", "tpms": "#dd8452", "design": "#8172b3", "pmm": "#55a868"}
ROLE_LABELS = {"pms": "PMs", "tpms": "TPMs", "design": "Design", "pmm": "Product marketing"}
ENG_COLOR = "#7f7f7f"
FIRE_COLOR = "#c0392b"


def chart(fc: Forecast, figure: Figure, title: str = "") -> None:
    """Draw the forecast on ``figure``: product roles as stacked bars with engineers on a second
    axis (top); engineers per PM against the target and limits (middle); the ids of the checks
    firing in each quarter (a strip, those quarters shaded above). ``title`` is plan text:
    drawn as typed, never as $math$ or TeX."""
    figure.clear()
    t = fc.table
    lines = max((len(f) for f in t["findings"]), default=0)
    top, bottom, strip = figure.subplots(3, 1, sharex=True, height_ratios=[3, 2, 0.3 + 0.17 * max(lines, 1)])
    xs = list(range(len(t)))
    base = [0.0] * len(t)
    handles = []
    for col in ("pms", "tpms", "design", "pmm"):
        values = [float(v) for v in t[col]]
        handles.append(top.bar(xs, values, bottom=base, width=0.6, color=ROLE_COLORS[col], label=ROLE_LABELS[col]))
        base = [b + v for b, v in zip(base, values)]
    needed = top.scatter(xs, [float(v) for v in t["pms_needed"]], marker="_", s=260, linewidths=2.2,
                         color="#1d1d1d", zorder=3, label="PMs needed")
    top.set_ylabel("product people", fontsize=8)
    top.set_ylim(0, max(max(base), float(t["pms_needed"].max()), 1.0) * 1.25)
    top.yaxis.get_major_locator().set_params(integer=True)
    eng_axis = top.twinx()
    (eng_line,) = eng_axis.plot(xs, [float(v) for v in t["engineers"]], color=ENG_COLOR, marker="o", markersize=4,
                                linewidth=1.8, label="Engineers")
    eng_axis.set_ylabel("engineers", fontsize=8, color=ENG_COLOR)
    eng_axis.set_ylim(0, max(float(t["engineers"].max()), 1.0) * 1.15)
    eng_axis.tick_params(labelsize=7.5, colors=ENG_COLOR)
    eng_axis.spines[["top"]].set_visible(False)
    if title:
        draw_as_typed([top.set_title(title, fontsize=10, loc="left")])

    ratios = [float(v) for v in t["ratio"]]
    (ratio_line,) = bottom.plot(xs, ratios, color="#4c72b0", marker="o", markersize=4, linewidth=1.8,
                                label="Engineers per PM")
    lines_at = ((fc.target, "--", f"target 1:{fc.target:g}", -1), (fc.ratio_max, ":", f"max 1:{fc.ratio_max:g}", 1))
    for y, style, label, side in lines_at:  # the max label above its line, the target's below: they stay apart
        bottom.axhline(y, color="#555555", linestyle=style, linewidth=1)
        bottom.annotate(label, (1.0, y), xycoords=("axes fraction", "data"), xytext=(3, 2 * side),
                        textcoords="offset points", va="bottom" if side > 0 else "top", fontsize=7, color="#555555")
    for i, v in enumerate(ratios):
        if math.isnan(v) and t["engineers"].iloc[i] > 0:
            bottom.annotate("no PM", (i, 0), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=7,
                            color=FIRE_COLOR)
    known = [v for v in ratios if not math.isnan(v)]
    bottom.set_ylim(0, max([*known, fc.ratio_max, fc.target]) * 1.2)
    bottom.set_ylabel("engineers per PM", fontsize=8)

    small = 6 if len(xs) <= 8 else 5
    for i, found in enumerate(t["findings"]):
        if not found:
            continue
        for ax in (top, bottom, strip):
            ax.axvspan(i - 0.45, i + 0.45, color=FIRE_COLOR, alpha=0.08, linewidth=0, zorder=0)
        strip.text(i, 0.5, "\n".join(SHORT_TITLES.get(f, f) for f in found), ha="center", va="center", fontsize=small,
                   color=FIRE_COLOR)
    strip.set_ylim(0, 1)
    strip.set_yticks([])
    strip.set_ylabel("checks", fontsize=8, rotation=0, ha="right", va="center")
    strip.spines[["top", "right", "left"]].set_visible(False)
    strip.set_xticks(xs, fc.quarters, fontsize=7.5, rotation=45 if len(xs) > 8 else 0)
    strip.set_xlim(-0.6, len(xs) - 0.4)
    for ax in (top, bottom):
        ax.tick_params(axis="y", labelsize=7.5)
        ax.tick_params(axis="x", length=0)
        ax.spines[["top"]].set_visible(False)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        ax.set_axisbelow(True)
    bottom.spines[["right"]].set_visible(False)
    figure.legend(handles=[eng_line, *handles, needed, ratio_line], loc="outside lower center", ncols=7,
                  fontsize=7.5, frameon=False, handlelength=1.2, columnspacing=1.2)


def render(fc: Forecast, fmt: str, title: str = "") -> bytes:
    """The chart as PNG, SVG or PDF bytes (Agg, no pyplot: works with no display)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if fmt not in CHART_FORMATS:
        raise PlanError(f"chart format: expected one of {', '.join(CHART_FORMATS)}, got {fmt!r}")
    figure = Figure(figsize=(max(9.0, 0.75 * len(fc.table) + 2), 6.5), layout="constrained")
    FigureCanvasAgg(figure)
    chart(fc, figure, title)
    buf = io.BytesIO()
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    figure.savefig(buf, format=fmt, dpi=150, metadata=metadata)
    return buf.getvalue()
