"""Rules about the shape of the organisation: the PM ratio, project work, coverage, span.

Each exposes a pure numeric check (``PmEngRatio.verdict``, ``PmEngRatio.needed``,
``ProjectWork.heavy``, ``Coverage.missing``) that the analysis, ``rocks next``, the
hire simulator, the growth timeline and the review pack all call, so they agree.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

from models import Person, Plan, Rock
from planner.checks.rules.base import Facts, Finding, Key, Load, PersonRule, PlanRule, Rule, Setting, plural


@dataclass(frozen=True, slots=True)
class RatioVerdict:
    state: str  # "ok", "no-pm-due" (engineers, no PM, none due yet), "no-pm", "above", "below"
    ratio: float | None  # engineers per PM, None without PMs
    needed: int  # PMs the ratio calls for at these engineers

    @property
    def fires(self) -> bool:
        return self.state in ("no-pm", "above", "below")


class PmEngRatio(PlanRule):
    id = "pm-eng-ratio"
    severity = "warning"
    title = "PM to engineering ratio"
    TARGET = Setting("pm_eng_target", 10.0, 0, 1000, "target engineers per PM", low_open=True)
    MAX = Setting("pm_eng_max", 12.0, 0, 1000, "most engineers per PM before a finding", low_open=True)
    MIN = Setting("pm_eng_min", 6.0, 0, 1000, "fewest engineers per PM before a finding")
    settings = (TARGET, MAX, MIN)
    checks = (
        "engineers per PM above 1:{pm_eng_max} or below 1:{pm_eng_min} (target 1:{pm_eng_target}), or no PM "
        "once the ratio calls for one"
    )
    severities = "warning; information while no PM is due yet, or when planned hires fix it"
    section = "PM to engineering ratio"
    idea = (
        "One PM per ten engineers is the common rule of thumb, a prompt to ask whether one more PM would "
        "help the business more than one more engineer."
    )
    why = (
        "One PM per ten engineers is the common rule of thumb product leaders quote. It is a prompt for a "
        "question, not a law: would one more PM accelerate the business more than one more engineer or "
        "data scientist? Engineers are people in engineering roles plus each team's headcount. Below the "
        "target a founder covering PM work is expected (information); the ratio calls for a first PM at the "
        "target, and for PM number n when engineers per PM would otherwise pass the maximum (never so many "
        "that they fall below the minimum). Planned hires and open roles count (the plan is "
        "checked as it will be once they start); when they are what fixes the ratio, the finding says so."
    )

    # ---------------------------------------------------------------- the numbers

    @staticmethod
    def limits(plan: Plan) -> tuple[float, float, float]:
        """(target, max, min) engineers per PM."""
        return PmEngRatio.TARGET.of(plan), PmEngRatio.MAX.of(plan), PmEngRatio.MIN.of(plan)

    @staticmethod
    def needed(engineers: int, plan: Plan) -> int:
        """The PMs the ratio calls for: none below the target; from there the fewest that keep
        engineers per PM at or under the maximum (never so many that they fall below the minimum).
        More than that is the ratio's own question, not a finding."""
        target, high, low = PmEngRatio.limits(plan)
        if engineers <= 0 or engineers < target:
            return 0
        least = max(1, math.ceil(engineers / high - 1e-9))
        most = max(1, math.floor(engineers / low + 1e-9)) if low > 0 else least
        return min(least, most)

    @staticmethod
    def verdict(engineers: int, pms: int, plan: Plan) -> RatioVerdict:
        target, high, low = PmEngRatio.limits(plan)
        needed = PmEngRatio.needed(engineers, plan)
        if pms <= 0:
            if engineers <= 0:
                return RatioVerdict("ok", None, 0)
            return RatioVerdict("no-pm" if needed else "no-pm-due", None, needed)
        ratio = engineers / pms
        if ratio > high + 1e-9:
            return RatioVerdict("above", ratio, needed)
        if ratio < low - 1e-9:
            return RatioVerdict("below", ratio, needed)
        return RatioVerdict("ok", ratio, needed)

    @staticmethod
    def allows_another(engineers: int, pms: int, plan: Plan) -> bool:
        """Whether one more PM keeps engineers per PM at or above the minimum (advice never goes below)."""
        return PmEngRatio.verdict(engineers, pms + 1, plan).state != "below"

    # ----------------------------------------------------------------- the check

    def signature(self, a: Facts) -> Hashable:
        return (a.engineers, a.counts["pm"], a.engineers_now, a.counts_now["pm"], self.limits(a.plan))

    def check(self, a: Facts) -> dict[Key, Finding]:
        plan = a.plan
        target, high, low = self.limits(plan)
        eng, pms = a.engineers, a.counts["pm"]
        v = self.verdict(eng, pms, plan)
        now = self.verdict(a.engineers_now, a.counts_now["pm"], plan)
        aim = f"target 1:{target:g}"
        today = ""
        if (a.engineers_now, a.counts_now["pm"]) != (eng, pms):
            today = f" once planned hires start (today {self.describe(a.engineers_now, a.counts_now['pm'])})"
        if v.state == "ok":
            if now.fires:
                return {
                    ("planned",): self.finding(
                        f"{self.describe(eng, pms)} once planned hires start: they fix today's "
                        f"{self.describe(a.engineers_now, a.counts_now['pm'])} ({aim})",
                        (),
                        "info",
                    )
                }
            return {}
        if v.state == "no-pm-due":
            return {
                (v.state,): self.finding(
                    f"{plural(eng, 'engineer')} and no product manager{today}: below the {aim} founders and "
                    f"engineers cover PM work; the ratio calls for a first PM from {target:g} engineers",
                    (),
                    "info",
                )
            }
        if v.state == "no-pm":
            return {
                (v.state,): self.finding(
                    f"{plural(eng, 'engineer')} and no product manager{today} ({aim}): time for a first PM", ()
                )
            }
        counts = f"{plural(eng, 'engineer')}, {plural(pms, 'PM')}"
        if v.state == "above":
            return {
                (v.state,): self.finding(
                    f"{v.ratio:.1f} engineers per PM ({counts}){today}: above 1:{high:g}, {aim}. The ratio calls "
                    f"for {plural(v.needed, 'PM')}; would one more PM accelerate the business more than one more "
                    "engineer?",
                    (),
                )
            }
        return {
            (v.state,): self.finding(
                f"{v.ratio:.1f} engineers per PM ({counts}){today}: below 1:{low:g}, {aim}. More PMs than the "
                "engineering team needs: give PMs whole product lines, or grow engineering first",
                (),
            )
        }

    @staticmethod
    def describe(engineers: int, pms: int) -> str:
        if pms <= 0:
            return f"{plural(engineers, 'engineer')}, no PM"
        return f"{engineers / pms:.1f} engineers per PM"


class ProjectWork(PersonRule):
    id = "tpm-needed"
    severity = "warning"
    title = "Project work eats PM time"
    families = frozenset(("pm",))
    SHARE = Setting("tpm_project_share", 30.0, 0, 100,
                    "percent of a PM's capacity on project rocks from which it is a finding", "%")
    settings = (SHARE,)
    checks = "a PM spends {tpm_project_share} or more of capacity on project rocks"
    section = "Project work eats PM time"
    idea = (
        "Without a TPM, 30-40% of a PM's time can go to project management; then the team needs another PM "
        "or its first TPM."
    )
    why = (
        "Without a technical program manager, 30-40% of a PM's time can go to project management: "
        "coordination, timelines, stand-ups. At that point the team needs another PM or its first TPM. "
        "Each PM is checked on their own: a TPM elsewhere in the company does not lighten this PM's week. "
        "The default fires at the low end of that range."
    )

    @staticmethod
    def heavy(project_effort: float, capacity: float, plan: Plan) -> bool:
        return project_effort / capacity * 100.0 >= ProjectWork.SHARE.of(plan) - 1e-9

    def stage(self, a: Facts) -> Hashable:
        """What the advice depends on: whether TPMs exist, are there today, and which teams they cover."""
        return (a.counts["tpm"], a.counts_now["tpm"] > 0, a.tpm_teams)

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        used = a.project_heavy.get(person.id)
        if used is None:
            return None
        plan = a.plan
        share = self.SHARE.of(plan)
        tpms = a.counts["tpm"]
        who = f"{person.name} spends {used:.0f}% of capacity on project work (at or above {share:g}%)"
        team = plan.teams.get(person.team or "")
        on_team = team is not None and team.id in a.tpm_teams
        if tpms == 0:
            text = f"No TPM, and {who}: time for another PM or a first TPM?"
        elif on_team or "" in a.tpm_teams:  # a TPM with no team works across teams
            where = f"{team.name} has a TPM" if on_team and team is not None else "a TPM works across teams"
            if a.counts_now["tpm"] == 0:
                where = "a TPM is planned"
            text = f"{who} although {where}: hand coordination and release work to the TPM"
        else:
            where = f" cover {team.name}" if team is not None else " take it"
            text = f"{who}; the plan's {plural(tpms, 'TPM')} work on other teams: have a TPM{where}, or hire one"
        return self.finding(text, (person.id,))


class Coverage(PlanRule):
    id = "coverage"
    severity = "warning"
    title = "Roles missing at this size"
    TEAM_PM = Setting("coverage_team_pm", 10.0, 1, 1_000_000,
                      "engineers in a team with no PM from which it is a finding", "engineers", whole=True)
    SPECIALISTS = Setting("specialists_from", 20.0, 1, 1_000_000,
                          "engineers from which specialists (design, product marketing, strategy) are expected",
                          "engineers", whole=True)
    settings = (TEAM_PM, SPECIALISTS)
    checks = (
        "a team of {coverage_team_pm} or more with no PM of its own (once PMs are put on teams); "
        "{specialists_from} or more and no designer, or no product marketer while launches are planned"
    )
    section = "Roles missing at this size"
    idea = (
        "Specialists come as a company scales: a product org this size whose PMs still do all the design or "
        "every launch is missing a role."
    )
    why = (
        "Specialists come as a company scales further: in a small company the PM is a Swiss Army knife, "
        "but a product org of twenty engineers and more whose PMs still do all the design, or run every "
        "launch, is missing a role. A team of the ratio's size with no PM of its own leans on someone "
        "else's PM. The numbers are this app's defaults (twice the ratio's target for specialists, the "
        "target for a team), not published figures: set your own."
    )

    @staticmethod
    def missing(engineers: int, designers: int, pmms: int, launches: int, plan: Plan) -> list[str]:
        """The org-wide roles missing at this size: "design", "pmm"."""
        if engineers < Coverage.SPECIALISTS.of(plan):
            return []
        out = []
        if designers <= 0:
            out.append("design")
        if pmms <= 0 and launches > 0:
            out.append("pmm")
        return out

    @staticmethod
    def team_missing_pm(team_engineers: int, team_pms: int, pms_on_teams: int, plan: Plan) -> bool:
        """A team big enough for a PM has none. Checked once the plan puts PMs on teams at all
        (``pms_on_teams``); a plan with no PM is the ratio's finding."""
        return pms_on_teams > 0 and team_pms <= 0 and team_engineers >= Coverage.TEAM_PM.of(plan)

    def signature(self, a: Facts) -> Hashable:
        counts = a.counts
        return (a.engineers, counts["design"], counts["pmm"], a.launches, self.SPECIALISTS.of(a.plan))

    def check(self, a: Facts) -> dict[Key, Finding]:
        plan = a.plan
        out: dict[Key, Finding] = {}
        eng = a.engineers
        launches: int = a.launches
        for role in self.missing(eng, a.counts["design"], a.counts["pmm"], launches, plan):
            if role == "design":
                text = (
                    f"{plural(eng, 'engineer')} and no designer: research, wireframes and usability testing fall to "
                    "PMs and engineers; time for a first designer"
                )
            else:
                text = (
                    f"{plural(eng, 'engineer')}, {plural(launches, 'launch rock')} and no product marketer: "
                    "PMs carry positioning and launches; time for a first PMM"
                )
            out[(role,)] = self.finding(text, ())
        return out

    def check_team(self, a: Facts, tid: str) -> Finding | None:
        """A team's own finding (the analysis asks for the teams a change touched)."""
        team = a.plan.teams.get(tid)
        if team is None:
            return None
        n = a.team_engineers(tid)
        if not self.team_missing_pm(n, a.team_count(tid, "pm"), a.pms_on_teams, a.plan):
            return None
        return self.finding(
            f"{team.name} has {plural(n, 'engineer')} and no PM of its own: give it a PM (set a PM's team) or a "
            "planned hire",
            (),
        )


class SpanOfControl(Rule):
    id = "span-of-control"
    severity = "warning"
    title = "Span of control"
    scope = "manager"
    LIMIT = Setting("span_of_control", 10.0, 1, 100_000, "most direct reports before a finding", "direct reports",
                    whole=True)
    settings = (LIMIT,)
    checks = "a manager with more than {span_of_control}"
    section = "Span of control"
    idea = "A leader with too many direct reports has no time left for the portfolio view."
    why = (
        "As the company grows, leaders add people and split rocks; a leader with too many direct reports "
        "has no time left to carry the portfolio view. The default of 10 is this app's choice, in line with "
        "the 1:10 habit of the PM ratio, not a published number: set your own."
    )

    def check(self, a: Facts, person: Person, reports: int) -> Finding | None:
        limit = self.LIMIT.of(a.plan)
        if reports <= limit:
            return None
        return self.finding(f"{person.name} has {reports} direct reports (more than {limit:g})", (person.id,))
