"""The review pack's findings pages (each finding under its check's name, then what each
check looks for and why) and its before / after pages (planner.whatif.diff.compare).

``r`` is the pack being laid out (ui/export/report.py ``Report``): its fonts, widths and
``flow``, which pours blocks onto pages."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtGui import QColor

from planner.checks.headline import PLANNED, ratio_text
from planner.checks.rules import RULES, SEVERITIES, title_of, values_of
from planner.core.errors import PlanError
from planner.core.text import one_line
from planner.whatif.diff import PLANNED_METRICS, planned_shown
from ui.export.review.blocks import INK, MUTED, SEVERITY_COLORS, SEVERITY_TITLES, Block, Heading, Row, Space

MAX_FINDINGS = 2000  # findings listed per severity; the rest are counted
PER_RULE_BIG = 12  # in the pack of a big org, findings listed per check (the most serious first)
MAX_ROWS = 400  # rows per before/after section
MAX_ROWS_BIG = 25  # in the pack of a big org
ALL_LISTED = "the Checks panel of the app lists them all"


def findings_pages(r: Any, big: bool) -> None:
    """Findings grouped by severity, each under its check's name; then the checks that fired,
    each with what it looks for (with this plan's thresholds) and the idea behind it. ``big``:
    at most PER_RULE_BIG findings a check, the rest counted."""
    findings = r.analysis.sorted_findings()
    section = "Findings"
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    sub = ", ".join(f"{counts[s]} {SEVERITY_TITLES[s].lower()}" for s in SEVERITIES)
    sub += ". Each finding names the check that raised it; what each check looks for, and why, follows the list."
    blocks: list[Block] = []
    if not findings:
        blocks.append(r.text("No findings: every check passes.", color=MUTED))
    rule_w = 165.0  # a check's name on one line, mostly
    message_w = r.width - rule_w
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        blocks.append(Space(4))
        blocks.append(Heading(r.device, f"{SEVERITY_TITLES[severity]} ({len(group)})", r.f_h2, r.width,
                              QColor(SEVERITY_COLORS[severity]).name(), after=4))  # fmt: skip
        listed = Counter[str]()
        left_out = Counter[str]()
        for f in group:
            if (big and listed[f.rule] >= PER_RULE_BIG) or sum(listed.values()) >= MAX_FINDINGS:
                left_out[f.rule] += 1
                continue
            listed[f.rule] += 1
            cells = [
                r.text(title_of(f.rule), r.f_bold, SEVERITY_COLORS[severity], width=rule_w - 8, max_lines=3),
                r.text(one_line(f.message, 600), width=message_w - 10),
            ]
            blocks.append(Row(cells, [rule_w, message_w]))
        if left_out:
            more = ", ".join(f"{n} more {title_of(rule)}" for rule, n in left_out.items())
            blocks.append(r.text(f"… and {more} ({ALL_LISTED})", color=MUTED, after=4))
    fired = [RULES[rule] for rule in dict.fromkeys(f.rule for f in findings) if rule in RULES]
    if fired:
        values = values_of(r.plan)
        blocks.append(Space(8))
        blocks.append(Heading(r.device, "The checks behind these findings", r.f_h2, r.width, after=4))
        for rule in sorted(fired, key=lambda x: list(RULES).index(x.id)):
            blocks.append(Heading(r.device, rule.title, r.f_bold, r.width, after=1))
            blocks.append(r.text(f"Looks for: {rule.threshold(values)}.", indent=10, after=1))
            blocks.append(r.text(rule.why, color=MUTED, indent=10, after=5))
    r.flow(section, section, sub, blocks)


def compare_pages(r: Any, a_name: str, b_name: str, big: bool = False) -> None:
    """The before / after pages of scenarios ``a_name`` and ``b_name`` (resolved in the pack's book);
    ``big``: at most MAX_ROWS_BIG lines a section, the rest counted."""
    from planner.core.errors import CommandError
    from planner.whatif.diff import compare
    from planner.whatif.scenarios import resolve

    try:
        a, b = resolve(r.book, a_name), resolve(r.book, b_name)
    except CommandError as exc:
        raise PlanError(f"--compare: {exc}") from None
    diff = compare(a, b, a_name, b_name)
    an, bn = one_line(a_name, 40), one_line(b_name, 40)
    section = "Before / after"
    title = f"Before / after: {an} → {bn}"
    headline = diff.review_text().split("\n", 1)[0]
    blocks: list[Block] = [r.text(one_line(headline, 900), r.f_body, INK, after=8)]
    # Headline numbers side by side.
    ta, tb = diff.totals.get("a", {}), diff.totals.get("b", {})
    metrics = [
        ("people", "people"), ("active_rocks", "active rocks"), ("engineers", "engineers"), ("pms", "PMs"),
        ("pms_planned", f"PMs ({PLANNED})"), ("tpms", "TPMs"), ("engineers_per_pm", "engineers per PM"),
        ("engineers_per_pm_planned", f"engineers per PM ({PLANNED})"), ("overloaded", "overloaded people"),
        ("max_load", "highest load"), ("unowned_rocks", "unowned rocks"), ("errors", "errors"),
        ("warnings", "warnings"), ("infos", "info"),
    ]  # fmt: skip
    if not planned_shown(diff.totals):  # the planned rows would repeat today's
        metrics = [(key, label) for key, label in metrics if key not in PLANNED_METRICS]
    widths = [180.0, 110.0, 110.0, 110.0]
    blocks.append(Heading(r.device, "Headline numbers", r.f_h2, r.width, after=4))
    header = [r.text(t, r.f_bold, MUTED, width=w - 6) for t, w in zip(("", an, bn, "change"), widths)]
    blocks.append(Row(header, widths))
    for key, label in metrics:
        old, new = ta.get(key), tb.get(key)
        changed = old != new
        font = r.f_bold if changed else r.f_body
        cells = [r.text(label, width=widths[0] - 6), r.text(_metric(key, old), font, width=widths[1] - 6),
                 r.text(_metric(key, new), font, width=widths[2] - 6),
                 r.text(_change(key, old, new) if changed else "", font, width=widths[3] - 6)]  # fmt: skip
        blocks.append(Row(cells, widths))

    def who(pid: str | None) -> str:
        return "unowned" if pid is None else one_line(diff.people_names.get(pid, pid), 50)

    sections: list[tuple[str, list[str]]] = [
        ("Rocks moved", [f"{one_line(m.title, 80)}: {who(m.from_)} → {who(m.to)}" for m in diff.rocks_moved]),
        ("People added", [one_line(i.name, 80) for i in diff.people_added]),
        ("People removed", [one_line(i.name, 80) for i in diff.people_removed]),
        ("People re-parented", [f"{one_line(e.name, 60)}: reports to {who(e.old)} → {who(e.new)}"
                                for e in diff.people_reparented]),
        ("Rocks added", [one_line(i.name, 80) for i in diff.rocks_added]),
        ("Rocks removed", [one_line(i.name, 80) for i in diff.rocks_removed]),
        ("Rocks dropped", [one_line(i.name, 80) for i in diff.rocks_dropped]),
        ("Rocks restored", [one_line(i.name, 80) for i in diff.rocks_restored]),
        ("Load changes", [f"{one_line(d.name, 60)}: {_pct(d.old)} → {_pct(d.new)}" for d in diff.loads]),
        ("Findings resolved", [f"{title_of(d.rule)}: {one_line(d.old or '', 300)}" for d in diff.findings_resolved]),
        ("Findings new", [f"{title_of(d.rule)}: {one_line(d.new or '', 300)}" for d in diff.findings_introduced]),
        ("Findings changed", [f"{title_of(d.rule)}: {one_line(d.old or '', 200)} → {one_line(d.new or '', 200)}"
                              for d in diff.findings_changed]),
    ]  # fmt: skip
    if diff.is_empty():
        blocks.append(Space(8))
        blocks.append(r.text(f"No differences between {an} and {bn}.", color=MUTED))
    for name, lines in sections:
        if not lines:
            continue
        blocks.append(Space(6))
        blocks.append(Heading(r.device, f"{name} ({len(lines)})", r.f_h2, r.width, after=3))
        most = MAX_ROWS_BIG if big else MAX_ROWS
        for line in lines[:most]:
            blocks.append(r.text("•  " + line, indent=6, after=2, hang=r._bullet_w))
        if len(lines) > most:
            more = len(lines) - most
            blocks.append(r.text(f"… and {more} more (a comparison in the app lists them all)", color=MUTED))
    r.flow(section, title, "", blocks)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}%"


def _metric(key: str, value: Any) -> str:
    if key.startswith("engineers_per_pm"):
        return ratio_text(value, " : ")
    if value is None:
        return "–"
    if key == "max_load":
        return f"{value:.0f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _change(key: str, old: Any, new: Any) -> str:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        delta = new - old
        text = f"{delta:+.0f}" if not key.startswith("engineers_per_pm") else f"{delta:+.1f}"
        return text + (" pts" if key == "max_load" else "")
    return "changed"
