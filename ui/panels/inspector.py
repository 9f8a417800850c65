"""The inspector: edit the selected person or rock, or see the plan's counts.

A team has its own page (name, engineers, lead, growth plan), opened from the
plan page's team list or a person's *Edit team* button; *Back*, or selecting
something on the board, leaves it.

Each committed field (Return, focus out, a combo choice) becomes one command
through planner.editing.operations, handed to the window's runner (ui.core.runner,
so a new owner asks for the handoff note like any move). A value the plan
refuses comes back to the field that asked and shows a red line under it,
changing nothing.
Model changes (undo, edits elsewhere) re-show only the fields whose model value
changed, so text being typed in another field is left alone and nothing shown
by a refresh is ever pushed back (no feedback loop).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import FAMILY_LABELS, PERSON_STATUSES, ROCK_KINDS, ROCK_STATES
from planner.checks.rules import PM_ENG_RATIO
from planner.core.changes import MOVES, ROCKS_ADDED, ROCKS_EDITED, SCENARIO, SCENARIOS, Changes
from planner.core.errors import PlanError
from planner.core.fields import MAX_GROWTH_QUARTERS, parse_growth
from planner.core.text import plural
from planner.editing import operations as ops
from planner.editing.operations import (
    KEPT_TIP,
    Outcome,
    Refusal,
    default_kept,
    growth_quarters,
    growth_start,
    growth_text,
)
from ui.core.controller import DocController
from ui.core.deferred import Deferred
from ui.core.form import Field, FormBuilder, PeopleNames, title_label
from ui.core.runner import Runner

NO_MANAGER = "(none)"
UNOWNED = "(unowned)"
NO_LEAD = "(no lead)"
INITIATOR = "inspector"
KEPT_CHOICES = (("Default", "default"), ("Kept", "yes"), ("Not kept", "no"))
KEPT_VALUE = {None: "default", True: "yes", False: "no"}
PLANNED = "once planned hires start"
HINT_STYLE = "color: #666666;"
# The plan page counts people, rocks, teams and findings: the move log and the scenario list
# alone change none of them (a record with no kinds at all still counts as news).
PLAN_PAGE_IGNORES = frozenset({MOVES, SCENARIOS})


def _now_and_planned(now: str, planned: str, suffix: str = "") -> str:
    """'3' or '3 now, 4 once planned hires start' (only when planned hires change it)."""
    return f"{now}{suffix}" if now == planned else f"{now} now, {planned} {PLANNED}{suffix}"


def _hint_label(text: str = "") -> QLabel:
    """A grey line under a field; it may quote plan text, so plain text."""
    label = QLabel(text, wordWrap=True, textFormat=Qt.TextFormat.PlainText)
    label.setStyleSheet(HINT_STYLE)
    return label


def _ratio(value: Any) -> str:
    return "no PM" if value is None else f"{value:g}"


def _seeded_text(n: int) -> str:
    """'12 rocks to adjust' for the plan page: seeded efforts are estimates."""
    return f"{plural(n, 'rock')} to adjust (edit each one's effort)" if n else "none"


class SeededRocks:
    """The ids of the plan's seeded rocks, kept in step with change records: a rock is
    seeded or settled only by adding, removing or editing it (ROCKS_ADDED, ROCKS_EDITED), so
    a drop costs nothing here and an edit costs the rocks it names, not a walk over them all."""

    def __init__(self) -> None:
        self.ids: set[str] = set()

    def recount(self, plan: Any) -> None:
        self.ids = {rid for rid, r in plan.rocks.items() if r.seeded}

    def update(self, plan: Any, changes: Changes) -> None:
        if changes.has(SCENARIO):  # another scenario's plan: count it afresh
            self.recount(plan)
        elif changes.has(ROCKS_ADDED, ROCKS_EDITED) or not changes.kinds:
            for rid in changes.rocks:
                rock = plan.rocks.get(rid)
                if rock is not None and rock.seeded:
                    self.ids.add(rid)
                else:
                    self.ids.discard(rid)


class InspectorPanel(QWidget):
    """Edits the selected person or rock; with nothing selected, shows the plan."""

    def __init__(self, controller: DocController, parent: QWidget | None = None, runner: Runner | None = None):
        super().__init__(parent)
        self.controller = controller
        # The window's runner (it asks handoff notes); a panel on its own pushes without asking.
        self.runner = runner if runner is not None else Runner(controller, self)
        self.fields: dict[str, dict[str, Field]] = {"person": {}, "rock": {}, "team": {}}
        self._mode, self._subject = "", ""
        self._committing = False  # a handoff note dialog is up: focus-out must not commit again
        self.names = PeopleNames(self)
        self._plan_refresh = Deferred(self, self._show_plan)
        self.seeded = SeededRocks()

        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._pages: dict[str, int] = {}
        self._build_plan_page()
        self._build_person_page()
        self._build_rock_page()
        self._build_team_page()
        self.multi_label = title_label()
        self.multi_detail = QLabel(wordWrap=True)
        self._add_page("multi", [self.multi_label, self.multi_detail])

        controller.changed.connect(self._on_changed)
        controller.selection_changed.connect(self._on_selection)
        controller.document_replaced.connect(self._on_replaced)
        controller.scenario_switched.connect(self._on_replaced)
        self._on_replaced()

    # -------------------------------------------------------------- pages

    def _add_page(self, name: str, widgets: list[Any]) -> QFormLayout:
        inner = QWidget()
        box = QVBoxLayout(inner)
        for w in widgets:
            box.addWidget(w)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        box.addLayout(form)
        box.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        self._pages[name] = self.stack.addWidget(scroll)
        return form

    def _builder(self, page: str, header: list[Any]) -> FormBuilder:
        fields = self.fields[page]
        return FormBuilder(self._add_page(page, header), fields, lambda key: self._commit(page, key), self)

    def _build_plan_page(self) -> None:
        self.plan_title = title_label()
        hint = _hint_label("Select a person or a rock to edit it.")
        form = self._add_page("plan", [self.plan_title, hint])
        self.plan_counts: dict[str, QLabel] = {}
        for label in ("People", "Rocks", "Engineers", "PMs and TPMs", "Engineers per PM", "Overloaded", "Findings", "Seeded estimates"):
            self.plan_counts[label] = QLabel(wordWrap=True)
            form.addRow(label, self.plan_counts[label])
        # Teams are edited on their own page: pick one here (or from a person's Edit team button).
        self.team_picker = QComboBox()
        self.team_picker.setToolTip("Edit a team: its engineers, lead and growth plan (engineers per quarter)")
        self.team_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.team_picker.setMinimumContentsLength(16)
        self.team_picker.activated.connect(self._team_picked)
        form.addRow("Teams", self.team_picker)

    def _build_person_page(self) -> None:
        self.person_title = title_label()
        f = self._builder("person", [self.person_title])
        f.line("name", "Name")
        self.family_label = _hint_label()
        self.family_label.setWordWrap(False)
        role = f.row(
            "role", "Role", "line", QLineEdit(placeholderText="job title, e.g. Senior PM"), below=self.family_label
        )
        role.editor.textEdited.connect(self._preview_family)  # the family updates as you type
        f.people("manager", "Manager", NO_MANAGER, self.names.model)
        f.readonly("dotted", "Dotted line")
        f.line("capacity", "Capacity", "100", QLabel("% of full time"))
        self.edit_team_button = QToolButton()
        self.edit_team_button.setText("Edit team...")
        self.edit_team_button.setToolTip("Edit this person's team: engineers, lead and growth plan")
        self.edit_team_button.clicked.connect(self._edit_person_team)
        f.row("team", "Team", "combo", QComboBox(), extra=self.edit_team_button)
        f.line("email", "Email")
        f.combo("status", "Status", PERSON_STATUSES)
        f.line("start", "Start", "date or quarter, for planned hires")
        f.readonly("load", "Load")

    def _build_rock_page(self) -> None:
        self.rock_title = title_label()
        self.seeded_label = QLabel("Seeded estimate: adjust the effort", wordWrap=True)
        self.seeded_label.setStyleSheet("color: #b7791f;")
        self.seeded_label.setToolTip("Added by Seed rocks from roles with a typical effort; editing the effort settles it")
        self.seeded_label.setVisible(False)
        f = self._builder("rock", [self.rock_title, self.seeded_label])
        f.line("title", "Title")
        f.combo("discipline", "Discipline")
        f.line("effort", "Effort", "20, or a size XS/S/M/L/XL", QLabel("% of a week"))
        f.people("owner", "Owner", UNOWNED, self.names.model)
        f.readonly("contributors", "Contributors")
        f.line("area", "Area", "product line or feature area")
        f.combo("kind", "Kind", ROCK_KINDS)
        f.combo("state", "State", ROCK_STATES)
        kept = QComboBox()
        for text, value in KEPT_CHOICES:
            kept.addItem(text, value)
        kept.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        kept.setMinimumContentsLength(12)  # the default's reason can be long: never widen the dock for it
        kept.setToolTip(KEPT_TIP)
        self.kept_default = _hint_label()
        f.row("kept", "Kept by owner", "combo", kept, below=self.kept_default)
        note = QPlainTextEdit(placeholderText="What the next owner needs to know (saved when you leave the field)")
        note.setTabChangesFocus(True)
        note.setMinimumHeight(70)
        note.setMaximumHeight(140)
        f.row("context", "Context note", "note", note)
        f.line("problem", "Problem")
        f.line("impact", "Impact")
        f.line("goal", "Goal", "specific, measurable, time-bound")
        f.line("priority", "Priority", "P1, P2, ...")

    def _build_team_page(self) -> None:
        self.team_title = title_label()
        self.team_back = QToolButton()
        self.team_back.setText("← Back")
        self.team_back.setAutoRaise(True)
        self.team_back.setToolTip("Back to the selection, or to the plan")
        self.team_back.clicked.connect(self._leave_team)
        f = self._builder("team", [self.team_back, self.team_title])
        f.line("name", "Name")
        headcount = QLineEdit(placeholderText="0")
        headcount.setToolTip("Engineers on this team who are not listed as people in the plan")
        f.row("headcount", "Engineers", "line", headcount, below=_hint_label("not listed as people"))
        f.people("lead", "Lead", NO_LEAD, self.names.model)
        self.growth_hint = _hint_label()
        growth = QLineEdit(placeholderText="e.g. 8, 11, 15 (empty: no growth plan)")
        growth.setToolTip(
            f"Engineers planned on this team each quarter, up to {MAX_GROWTH_QUARTERS} quarters, separated by "
            "commas; the Timeline tab forecasts the roles they call for. Saved on Enter or when you leave the field."
        )
        f.row("growth", "Growth plan\n(engineers per quarter)", "line", growth, below=self.growth_hint)
        box = growth.parentWidget()
        label = f.form.labelForField(box) if box is not None else None
        if isinstance(label, QLabel):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)  # both lines, as the others
        growth.textEdited.connect(self._preview_growth)

    # --------------------------------------------------------- model -> view

    def _name(self, pid: str | None, none: str = "") -> str:
        if not pid:
            return none
        person = self.controller.plan.people.get(pid)
        return person.name if person else f"{pid} (removed)"

    def _model_values(self, page: str) -> dict[str, Any]:
        plan = self.controller.plan
        if page == "person":
            p = plan.people[self._subject]
            load = self.controller.analysis.loads.get(p.id)
            return {
                "name": p.name,
                "role": p.role,
                "manager": self._name(p.manager),
                "dotted": ", ".join(self._name(d) for d in p.dotted) or "—",
                "capacity": f"{p.capacity:g}",
                "team": p.team or "",
                "email": p.email,
                "status": p.status,
                "start": p.start,
                "load": f"{load.percent:.0f}% of capacity ({load.effort:g}% of a week)" if load else "—",
            }
        if page == "team":
            t = plan.teams[self._subject]
            return {
                "name": t.name,
                "headcount": str(t.headcount),
                "lead": self._name(t.lead),
                "growth": growth_text(t.growth),
            }
        r = plan.rocks[self._subject]
        plain = ("title", "discipline", "area", "kind", "state", "context", "problem", "impact", "goal", "priority")
        values = {k: getattr(r, k) for k in plain}
        values["effort"] = f"{r.effort:g}"
        values["owner"] = self._name(r.owner)
        values["contributors"] = ", ".join(self._name(c) for c in r.contributors) or "—"
        values["kept"] = KEPT_VALUE[r.kept]
        return values

    def _refresh(self, force: bool = False) -> None:
        """Show the subject's model values; only fields whose value changed are touched."""
        page = self._mode
        plan = self.controller.plan
        for key, value in self._model_values(page).items():
            field = self.fields[page][key]
            if force or value != field.shown:
                field.show(value)
        if page == "person":
            p = plan.people[self._subject]
            self.person_title.setText(p.name)
            self._preview_family(p.role)
            self.edit_team_button.setEnabled(p.team in plan.teams)
        elif page == "team":
            t = plan.teams[self._subject]
            self.team_title.setText(f"Team: {t.name}")
            self._preview_growth(self.fields["team"]["growth"].editor.text())
        else:
            r = plan.rocks[self._subject]
            self.rock_title.setText(r.title + ("  (dropped)" if r.state == "dropped" else ""))
            self.seeded_label.setVisible(r.seeded)
            self._show_kept_default(r)

    def _show_kept_default(self, rock: Any) -> None:
        """The Default choice says what the default is for this rock, and why."""
        kept, reason = default_kept(self.controller.plan, rock)
        default = f"Default: kept ({reason})" if kept else "Default: not kept"
        combo = self.fields["rock"]["kept"].editor
        combo.setItemText(0, default)
        combo.setItemData(0, default, Qt.ItemDataRole.ToolTipRole)
        combo.setToolTip(f"{KEPT_TIP}\n{default}")
        self.kept_default.setText(default if rock.kept is not None else "")
        self.kept_default.setVisible(rock.kept is not None)

    def _preview_growth(self, text: str) -> None:
        """Under the growth field: the quarters the typed plan covers, from the plan's first quarter."""
        plan = self.controller.plan
        try:
            start = growth_start(plan)
        except PlanError:
            start = "the first quarter"
        try:
            growth = parse_growth(text)
        except PlanError:
            growth = []
        if growth:
            self.growth_hint.setText(growth_quarters(plan, growth, " · "))
        else:
            self.growth_hint.setText(f"Quarter 1 is {start}; up to {MAX_GROWTH_QUARTERS} quarters")

    def _preview_family(self, role: str) -> None:
        self.family_label.setText("→ " + FAMILY_LABELS.get(self.controller.plan.roles.family(role), "Other"))

    def _show_plan(self) -> None:
        if self._mode != "plan":
            return
        s = self.controller.analysis.summary()
        self.plan_title.setText(self.controller.plan.name)
        target = PM_ENG_RATIO.TARGET.of(self.controller.plan)
        texts = {
            "People": f"{s['people']} ({s['active_people']} active)",
            "Rocks": f"{s['active_rocks']} active, {s['unowned_rocks']} unowned, {s['dropped_rocks']} dropped",
            "Engineers": _now_and_planned(str(s["engineers"]), str(s.get("engineers_planned", s["engineers"]))),
            "PMs and TPMs": _now_and_planned(
                f"{plural(s['pms'], 'PM')}, {plural(s['tpms'], 'TPM')}",
                f"{plural(s.get('pms_planned', s['pms']), 'PM')}, {plural(s.get('tpms_planned', s['tpms']), 'TPM')}",
            ),
            "Engineers per PM": "—"
            if s["engineers_per_pm"] is None and s.get("engineers_per_pm_planned") is None
            else _now_and_planned(
                _ratio(s["engineers_per_pm"]),
                _ratio(s.get("engineers_per_pm_planned", s["engineers_per_pm"])),
                f" (target {target:g})",
            ),
            "Overloaded": str(s["overloaded"]),
            "Findings": f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, {s['infos']} info",
            "Seeded estimates": _seeded_text(len(self.seeded.ids)),
        }
        for label, text in texts.items():
            self.plan_counts[label].setText(text)

    def _show_multi(self) -> None:
        c = self.controller
        rocks = [c.plan.rocks[r] for r in c.selected_rocks if r in c.plan.rocks]
        people, parts = c.selected_people, []
        if rocks:
            parts.append(plural(len(rocks), "rock"))
        if people:
            parts.append(plural(len(people), "person", "people"))
        self.multi_label.setText(" and ".join(parts) + " selected")
        detail = []
        if rocks:
            detail.append(f"Total effort: {sum(r.effort for r in rocks):g}% of a week")
        if people:
            detail.append(f"Total capacity: {sum(c.plan.people[p].capacity for p in people):g}%")
        self.multi_detail.setText("\n".join(detail))

    def _fill_teams(self) -> None:
        combo = self.fields["person"]["team"].editor
        combo.clear()
        combo.addItem("(no team)", "")
        for team in self.controller.plan.teams.values():
            combo.addItem(team.name, team.id)
        self.fields["person"]["team"].shown = object()

    def _fill_team_picker(self) -> None:
        picker, teams = self.team_picker, self.controller.plan.teams
        picker.clear()
        if teams:
            picker.addItem(f"Edit a team... ({plural(len(teams), 'team')})", "")
        else:
            picker.addItem("No teams yet (Board > New team...)", "")
        for team in teams.values():
            picker.addItem(team.name, team.id)
        picker.setEnabled(bool(teams))

    def _fill_disciplines(self) -> None:
        combo = self.fields["rock"]["discipline"].editor
        combo.clear()
        for d in self.controller.plan.discipline_table.disciplines.values():
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(d.color))
            combo.addItem(QIcon(swatch), d.label, d.id)
        self.fields["rock"]["discipline"].shown = object()

    # ----------------------------------------------------------- signals

    def _on_replaced(self) -> None:
        self.names.invalidate()
        self.seeded.recount(self.controller.plan)
        self._fill_teams()
        self._fill_team_picker()
        self._fill_disciplines()
        self._mode = ""
        self._on_selection()

    def _on_selection(self) -> None:
        c = self.controller
        people, rocks = c.selected_people, c.selected_rocks
        if len(rocks) == 1 and not people:
            mode, subject = "rock", rocks[0]
        elif len(people) == 1 and not rocks:
            mode, subject = "person", people[0]
        else:
            mode, subject = ("multi" if people or rocks else "plan"), ""
        if (mode, subject) != (self._mode, self._subject):
            self._commit_focused()
            self._mode, self._subject = mode, subject
            self.stack.setCurrentIndex(self._pages[mode])
            if mode in ("person", "rock"):
                self._refresh(force=True)
        if mode == "plan":
            self._show_plan()
        elif mode == "multi":
            self._show_multi()

    def _on_changed(self, changes: Changes, _keys: Any) -> None:
        if changes.people:
            self.names.invalidate()
        self.seeded.update(self.controller.plan, changes)
        if changes.teams:
            self._fill_teams()
            self._fill_team_picker()
        if changes.settings:
            self._fill_disciplines()
        plan, mode, sid = self.controller.plan, self._mode, self._subject
        if mode == "plan":
            if not changes.kinds or not changes.kinds <= PLAN_PAGE_IGNORES:
                self._plan_refresh.schedule()  # coalesced: summary() walks every finding
        elif mode == "multi":
            c = self.controller
            if changes.rocks & set(c.selected_rocks) or changes.people & set(c.selected_people):
                self._show_multi()
        elif mode == "person" and sid in plan.people:
            p = plan.people[sid]
            related = {sid, *([p.manager] if p.manager else []), *p.dotted}
            if changes.people & related or changes.teams or changes.settings:
                self._refresh()
        elif mode == "rock" and sid in plan.rocks:
            r = plan.rocks[sid]
            related = {*([r.owner] if r.owner else []), *r.contributors}
            if sid in changes.rocks or changes.people & related or changes.settings:
                self._refresh()
        elif mode == "team":
            if sid not in plan.teams:
                self._leave_team()  # the team was removed (an undo of its creation)
            elif sid in changes.teams or changes.people or changes.settings:
                self._refresh()

    # ------------------------------------------------------------- teams

    def show_team(self, tid: str) -> None:
        """Show the team page for ``tid`` (from the team list, a person's team, or a new team)."""
        if tid not in self.controller.plan.teams:
            return
        self._commit_focused()
        self._mode, self._subject = "team", tid
        self.stack.setCurrentIndex(self._pages["team"])
        self._refresh(force=True)

    def _leave_team(self) -> None:
        """Back to what the selection shows (a person, a rock, or the plan)."""
        self._mode = ""
        self._on_selection()

    def _team_picked(self, index: int) -> None:
        tid = self.team_picker.itemData(index)
        self.team_picker.setCurrentIndex(0)
        if tid:
            self.show_team(tid)

    def _edit_person_team(self) -> None:
        person = self.controller.plan.people.get(self._subject) if self._mode == "person" else None
        if person is not None and person.team:
            self.show_team(person.team)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FocusOut and isinstance(obj, QPlainTextEdit):
            self._commit(self._mode, "context")
        elif event.type() == QEvent.Type.FocusIn and isinstance(obj, QLineEdit):
            self.names.index(self.controller.plan)
        return super().eventFilter(obj, event)

    # ----------------------------------------------------------- commits

    def _commit_focused(self) -> None:
        """Commit the field being edited before the inspector shows another subject."""
        if self._mode not in ("person", "rock", "team"):
            return
        for field in self.fields[self._mode].values():
            if field.editor.hasFocus() and field.kind in ("line", "people", "note"):
                self._commit(self._mode, field.key)

    def _commit(self, page: str, key: str) -> None:
        if self._committing or page != self._mode:
            return  # a note dialog took the focus from this field, or another page
        if self._subject not in self._subjects(page):
            return  # the subject was just removed (an undo)
        field = self.fields[page][key]
        value = field.value()
        if value == field.shown:
            field.error.hide()
            return
        try:
            outcome = self._outcome(page, key, value)
        except PlanError as e:  # a typed name that matches nobody, or two people
            field.fail(str(e))
            return
        if outcome is None or (isinstance(outcome, Refusal) and outcome.quiet):
            field.show(field.shown)  # same value in another spelling ("80.0" for 80): show the model's
            return
        self._committing = True
        try:
            # A refusal comes back here and shows beside the field, not in the status bar.
            ok = self.runner.intent(outcome, INITIATOR).failure(lambda refusal: field.fail(refusal.reason)).run()
        finally:
            self._committing = False
        if ok:
            field.error.hide()
        elif not field.error.isVisible() and self._mode == page and self._subject in self._subjects(page):
            field.show(field.shown)  # the handoff note was cancelled: nothing changed

    def _subjects(self, page: str) -> dict[str, Any]:
        plan = self.controller.plan
        subjects: dict[str, dict[str, Any]] = {"person": plan.people, "rock": plan.rocks, "team": plan.teams}
        return subjects.get(page, {})

    def _outcome(self, page: str, key: str, value: Any) -> Outcome | None:
        """planner.editing.operations' outcome for an edit (None: unchanged); raises PlanError for an unknown name."""
        plan, sid = self.controller.plan, self._subject
        if page == "person":
            if key == "manager":
                value = self.names.resolve(plan, value, key, NO_MANAGER)
            return ops.edit_person(plan, sid, key, value)
        if page == "team":
            if key == "lead":
                value = self.names.resolve(plan, value, key, NO_LEAD)
            return ops.edit_team(plan, sid, key, value)
        if key == "owner":
            value = self.names.resolve(plan, value, key, UNOWNED)
        return ops.edit_rock(plan, sid, key, value)
