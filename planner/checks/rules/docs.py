"""docs/rules.md and the README's table of checks, generated from the rules (tests keep both current)."""

from __future__ import annotations

from planner.checks.rules.catalog import ALL_RULES, ORDERED, SETTINGS
from planner.checks.rules.rocks import DEFINING, ENGINEERING_KEEPS, FOUNDER_KEEPS


def _severity(rule: object) -> str:
    extra = getattr(rule, "severities", "")
    return extra or getattr(rule, "severity", "")


def rules_markdown() -> str:
    """docs/rules.md: every rule, what it checks, its settings with their defaults and bounds, and why."""
    out = [
        "# The checks",
        "",
        "<!-- Generated from planner/checks/rules/ by `python3 -m planner.checks.rules > docs/rules.md`; "
        "a test keeps it current. -->",
        "",
        "Rocks checks a plan as you edit it. Each check below is a rule with a title (what the app shows), "
        "an id (used in `rocks check --json` and in the plan's `settings.rules.disabled` list to switch it "
        "off), a severity, and settings that every plan can change (*Edit → Check settings...* in the app, "
        "or the plan file's `settings.rules` section). The numbers here are the defaults; a plan's own "
        "numbers show in the app.",
        "",
        "Load per person is the effort of the active rocks they own divided by their capacity. "
        "Engineers are the people whose role is an engineering role, plus each team's headcount. "
        "Planned hires and open roles count: the plan is checked as it will be once they start, and the "
        "app shows the numbers of today beside it.",
        "",
    ]
    for rule in ALL_RULES:
        out += [
            f"## {rule.section}",
            "",
            f"- **Title:** {rule.title}; **rule id:** `{rule.id}` ({_severity(rule)})",
            f"- **Checks:** {rule.threshold()}",
        ]
        for s in rule.settings:
            out.append(f"- **Setting** `{s.name}` = {s.default:g}: {s.words} ({s.bounds_text()})")
        out += ["", rule.why, ""]
    out += [
        "## What a rock is",
        "",
        "The hire simulator and `rocks next` read more of a rock than its discipline:",
        "",
        "- **Kept rocks** stay with their owner: no strategy moves them; only a move that names the rock does. "
        "A rock can be marked kept or not kept (the Inspector, or `rocks rock FILE TITLE --kept yes|no|default`). "
        "By default a founder keeps rocks about the company's direction (titles with: "
        + ", ".join(f"*{w}*" for w in FOUNDER_KEEPS)
        + "), and engineering keeps its estimates (" + ", ".join(f"*{w}*" for w in ENGINEERING_KEEPS) + ").",
        "- **Defining rocks**: a specialist hire takes the rocks that define the role first, spread over "
        "everyone holding them; a generalist PM never takes them from a specialist.",
    ]
    for family, phrases in DEFINING.items():
        out.append(f"  - `{family}`: " + ", ".join(f"*{p}*" for p in phrases))
    out += [
        "- **Product lines**: an area naming one of the plan's teams (any area in a plan without teams). "
        "A PM hire takes whole product lines; no strategy leaves one split between two PMs when a "
        "whole-line split exists.",
        "",
        "## Changing the settings",
        "",
        "In a plan file, `settings.rules` holds " + ", ".join(f"`{n}`" for n in SETTINGS) + ", and `disabled` "
        "(a list of rule ids to switch off). "
        + "; ".join(f"`{low}` must not exceed `{high}`" for low, high in ORDERED)
        + ".",
        "",
    ]
    return "\n".join(out)


def rules_table() -> str:
    """The README's table of checks (a test keeps the README's copy current)."""
    rows = ["| check | severity | default threshold | why (docs/rules.md) |", "|---|---|---|---|"]
    for rule in ALL_RULES:
        anchor = rule.section.lower().replace(" ", "-").replace("'", "")
        rows.append(f"| {rule.title} (`{rule.id}`) | {_severity(rule)} | {rule.threshold()} | "
                    f"[{rule.section}](docs/rules.md#{anchor}) |")
    return "\n".join(rows) + "\n"
