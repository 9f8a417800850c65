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
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from models import Plan
from planner.errors import PlanError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

MAX_QUARTERS = 12
NO_GROWTH = (
    "No team has a growth plan yet: add `growth` (engineers per quarter) to a team in the plan file, "
    'e.g. "growth": [14, 18, 24]'
)
CHART_FORMATS = ("png", "svg", "pdf")
# Timeline-only checks (not in planner.rules): a specialist role the growing team lacks.
DESIGN_COVERAGE, MARKETING_COVERAGE = "design-coverage", "marketing-coverage"
COLUMNS = (
    "engineers", "pms", "tpms", "design", "pmm", "pms_needed", "pm_gap", "ratio", "project_share_max",
    "tpm_needed", "people_over_capacity", "design_covered", "marketing_covered", "findings",
)
ROLE_ORDER = {"pm": 0, "tpm": 1, "design": 2, "pmm": 3}

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^\s*Q([1-4])\s*[-/ ]?\s*(\d{4})\s*$", re.IGNORECASE)


# ------------------------------------------------------------------ quarters


def quarter_index(year: int, q: int) -> int:
    """Quarters as consecutive integers, so 2027-Q4 + 1 is 2028-Q1."""
    return year * 4 + (q - 1)


def quarter_label(index: int) -> str:
    return f"{index // 4}-Q{index % 4 + 1}"


def parse_quarter(text: str) -> int | None:
    """'2027-Q1' (or '2027Q1', 'Q1 2027') as a quarter index; None if it is not a quarter."""
    m = _QUARTER.match(text)
    if m:
        return quarter_index(int(m.group(1)), int(m.group(2)))
    m = _QUARTER_FIRST.match(text)
    return quarter_index(int(m.group(2)), int(m.group(1))) if m else None


def start_quarter(start: str) -> int | None:
    """The quarter a person starts in: a quarter or an ISO date; None (already there) if unparseable."""
    found = parse_quarter(start)
    if found is not None:
        return found
    try:
        d = date.fromisoformat(start.strip()[:10])
    except ValueError:
        return None
    return quarter_index(d.year, (d.month - 1) // 3 + 1)


def _arrival(start: str) -> int:
    found = start_quarter(start)
    return -1 if found is None else found


def first_quarter(plan: Plan, today: date | None = None) -> int:
    """``settings.first_quarter``, or the quarter after ``today``'s when it is empty."""
    text = plan.settings.first_quarter
    if not text:
        today = today or date.today()
        return quarter_index(today.year, (today.month - 1) // 3 + 1) + 1
    m = _QUARTER.match(text)
    if m is None:
        raise PlanError(f'settings.first_quarter: expected a quarter like "2027-Q1", got {text[:40]!r}')
    return quarter_index(int(m.group(1)), int(m.group(2)))


# ------------------------------------------------------------------ forecast


class Hire(NamedTuple):
    quarter: str
    role: str  # role family: pm, tpm, design, pmm
    reason: str  # in the plan's numbers, ending with the rule id in brackets


@dataclass(slots=True)
class Forecast:
    """``table``: one row per quarter (index "2027-Q1"...), the columns in COLUMNS."""

    table: pd.DataFrame
    has_growth: bool
    target: float  # engineers per PM the plan aims at
    ratio_max: float
    ratio_min: float
    specialist_at: float  # engineers from which design and product marketing must be covered
    tpm_share: float
    project_leader: list[str] = field(default_factory=list)  # per quarter: the PM with the top project share
    _disabled: tuple[str, ...] = ()

    @property
    def quarters(self) -> list[str]:
        return [str(q) for q in self.table.index]

    def hiring_sequence(self) -> list[Hire]:
        """Hires in the order the quarters call for them: a PM per missing PM (suggested
        hires count as joined afterwards), the first TPM, then design and PMM coverage."""
        out: list[Hire] = []
        suggested_pms = 0
        tpm_done = design_done = pmm_done = False
        for i, (q, row) in enumerate(self.table.iterrows()):
            have = int(row["pms"]) + suggested_pms
            missing = int(row["pms_needed"]) - have
            if missing > 0 and "pm-eng-ratio" not in self._disabled:
                head = f"{q}: engineers {int(row['engineers'])} -> PMs needed {int(row['pms_needed'])} at 1:{self.target:g}"
                out += [Hire(str(q), "pm", f"{head} (have {have + k}): hire a PM (pm-eng-ratio)") for k in range(missing)]
                suggested_pms += missing
            if not tpm_done and row["tpm_needed"]:
                tpm_done = True
                out.append(Hire(str(q), "tpm", (
                    f"{q}: project work reaches {row['project_share_max']:.0f}% of {self.project_leader[i]}'s "
                    f"capacity (threshold {self.tpm_share:g}%) and no TPM: hire a first TPM (tpm-needed)"
                )))
            if not design_done and not row["design_covered"]:
                design_done = True
                out.append(Hire(str(q), "design", (
                    f"{q}: engineers {int(row['engineers'])} (from {self.specialist_at:g} on) and no designer: "
                    f"hire design ({DESIGN_COVERAGE})"
                )))
            if not pmm_done and not row["marketing_covered"]:
                pmm_done = True
                out.append(Hire(str(q), "pmm", (
                    f"{q}: engineers {int(row['engineers'])} (from {self.specialist_at:g} on) and no product "
                    f"marketer: hire product marketing ({MARKETING_COVERAGE})"
                )))
        return out

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


def forecast(plan: Plan, quarters: int | None = None, today: date | None = None) -> Forecast:
    """Quarter by quarter: engineers, product roles present and needed, loads with growing rocks scaled.

    ``quarters`` defaults to the longest growth plan (a team keeps its last planned
    headcount after its plan ends; a team with none keeps ``headcount``). Design and
    product marketing must be covered (someone of the family there by then) once
    engineers reach twice ``pm_eng_target`` (20 by default): the point where the team
    needs a second PM and, per docs/rules.md (discipline fit), PMs covering design and
    marketing become specialist hires. ``today`` decides the first quarter when the
    plan names none.
    """
    import numpy as np
    import pandas as pd

    longest = max((len(t.growth) for t in plan.teams.values()), default=0)
    n = quarters if quarters is not None else (longest or 4)
    if not isinstance(n, int) or not 1 <= n <= MAX_QUARTERS:
        raise PlanError(f"quarters: expected a whole number from 1 to {MAX_QUARTERS}, got {n!r}")
    start = first_quarter(plan, today)
    rules = plan.settings.rules
    family = plan.roles.family

    # Engineers: listed eng people (as today) plus each team's plan.
    eng_people_by_team: dict[str | None, int] = {}
    for p in plan.people.values():
        if p.status == "active" and family(p.role) == "eng":
            eng_people_by_team[p.team] = eng_people_by_team.get(p.team, 0) + 1
    listed_eng = sum(eng_people_by_team.values())
    team_now = {tid: t.headcount + eng_people_by_team.get(tid, 0) for tid, t in plan.teams.items()}
    team_at = {
        tid: [(t.growth[min(i, len(t.growth) - 1)] if t.growth else t.headcount) + eng_people_by_team.get(tid, 0)
              for i in range(n)]
        for tid, t in plan.teams.items()
    }
    total_now = listed_eng + sum(t.headcount for t in plan.teams.values())
    total_at = [listed_eng + sum(team_at[tid][i] - eng_people_by_team.get(tid, 0) for tid in plan.teams)
                for i in range(n)]
    by_name = {t.name.strip().lower(): tid for tid, t in plan.teams.items()}

    def factor(area_team: str | None, i: int) -> float:
        now, then = (total_now, total_at[i]) if area_team is None else (team_now[area_team], team_at[area_team][i])
        return then / now if now > 0 else 1.0  # nothing to scale from: the rock keeps its effort

    # Per person (arrays, plan order): capacity, family, arrival quarter, fixed effort; growing
    # rocks as (person, area team, effort) entries scaled per quarter (numpy: 100k people in ~1 s).
    pids = list(plan.people)
    row_of = {pid: k for k, pid in enumerate(pids)}
    people = list(plan.people.values())
    fams = [family(p.role) for p in people]
    capacity = np.array([p.capacity for p in people], dtype=float)
    never = np.iinfo(np.int64).max
    # Active people are there; planned ones from their start quarter (unparseable: already); open roles never.
    arrival = np.array(
        [never if p.status == "open" else (_arrival(p.start) if p.status == "planned" else -1) for p in people],
        dtype=np.int64,
    )
    is_pm = np.array([f == "pm" for f in fams])
    fixed = np.zeros(len(pids))
    project_fixed = np.zeros(len(pids))
    owns = np.zeros(len(pids), dtype=bool)
    keys: dict[str | None, int] = {None: 0}
    g_row: list[int] = []
    g_key: list[int] = []
    g_effort: list[float] = []
    g_project: list[bool] = []
    for r in plan.rocks.values():
        k = row_of.get(r.owner) if r.owner is not None and r.state == "active" else None
        if k is None:
            continue
        owns[k] = True
        if r.grows:
            g_row.append(k)
            g_key.append(keys.setdefault(by_name.get(r.area.strip().lower()), len(keys)))
            g_effort.append(r.effort)
            g_project.append(r.discipline == "project")
        else:
            fixed[k] += r.effort
            if r.discipline == "project":
                project_fixed[k] += r.effort
    factors = np.array([[factor(key, i) for i in range(n)] for key in keys])  # area x quarter
    g_rows, g_keys = np.array(g_row, dtype=np.int64), np.array(g_key, dtype=np.int64)
    g_efforts, g_projects = np.array(g_effort, dtype=float), np.array(g_project, dtype=bool)
    fam_codes = {f: np.array([x == f for x in fams]) for f in ("pm", "tpm", "design", "pmm")}

    disabled = tuple(rules.disabled)
    specialist_at = 2 * rules.pm_eng_target
    rows: list[dict[str, Any]] = []
    leaders: list[str] = []
    for i in range(n):
        here = arrival <= start + i
        count = {f: int(np.count_nonzero(here & codes)) for f, codes in fam_codes.items()}
        eng = total_at[i]
        pms = count["pm"]
        needed = math.ceil(eng / rules.pm_eng_target) if eng > 0 else 0
        scaled = g_efforts * factors[g_keys, i] if len(g_rows) else g_efforts
        load = (fixed + np.bincount(g_rows, weights=scaled, minlength=len(pids))) / capacity * 100.0
        over = [people[k].name for k in np.flatnonzero(here & owns & (load > rules.overload_warning))]
        project = project_fixed + np.bincount(g_rows[g_projects], weights=scaled[g_projects], minlength=len(pids))
        shares = np.where(here & is_pm, project / capacity * 100.0, 0.0)
        top = int(np.argmax(shares)) if len(pids) else 0
        share = float(shares[top]) if len(pids) else 0.0
        leader = people[top].name if share > 0 else ""
        tpm_needed = count["tpm"] == 0 and share >= rules.tpm_project_share
        ratio = eng / pms if pms else float("nan")
        design_ok = eng < specialist_at or count["design"] > 0
        pmm_ok = eng < specialist_at or count["pmm"] > 0
        fired = []
        if (pms == 0 and eng > 0) or (pms and not rules.pm_eng_min <= ratio <= rules.pm_eng_max):
            fired.append("pm-eng-ratio")
        if tpm_needed:
            fired.append("tpm-needed")
        if over:
            fired.append("overload")
        if not design_ok:
            fired.append(DESIGN_COVERAGE)
        if not pmm_ok:
            fired.append(MARKETING_COVERAGE)
        rows.append({
            "engineers": eng, "pms": pms, "tpms": count["tpm"], "design": count["design"], "pmm": count["pmm"],
            "pms_needed": needed, "pm_gap": max(0, needed - pms), "ratio": ratio, "project_share_max": share,
            "tpm_needed": tpm_needed and "tpm-needed" not in disabled, "people_over_capacity": over,
            "design_covered": design_ok, "marketing_covered": pmm_ok,
            "findings": [f for f in fired if f not in disabled],
        })
        leaders.append(leader)
    table = pd.DataFrame(rows, index=pd.Index([quarter_label(start + i) for i in range(n)], name="quarter"),
                         columns=list(COLUMNS))
    return Forecast(
        table, longest > 0, rules.pm_eng_target, rules.pm_eng_max, rules.pm_eng_min, specialist_at,
        rules.tpm_project_share, leaders, disabled,
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
            ", ".join(r["findings"]) or "-",
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
    lines += [f"  {k}. {h.reason}" for k, h in enumerate(hires, 1)]
    return lines


# -------------------------------------------------------------------- chart

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
        shown = top.set_title(title, fontsize=10, loc="left")
        shown.set_parse_math(False)
        shown.set_usetex(False)

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
        strip.text(i, 0.5, "\n".join(found), ha="center", va="center", fontsize=small, color=FIRE_COLOR)
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
