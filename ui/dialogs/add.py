"""Add person, Add rock and New team: one dialog each, every field checked as it is typed.

The checking is planner.editing.operations' own (``add_person`` / ``add_rock`` / ``add_team``), one
call per check: a refusal names every field at fault (``Refusal.errors``), and each
reason shows in red under its field while OK stays disabled. On OK ``.outcome``
holds the command; the caller hands it to the window's runner.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import FAMILY_LABELS, TSHIRT_SIZES, Plan
from planner.core.errors import PlanError
from planner.core.fields import MAX_GROWTH_QUARTERS, parse_effort, parse_growth
from planner.core.text import elide
from planner.editing import operations as ops
from planner.editing.commands import AddPerson, AddRock, AddTeam
from planner.editing.operations import Refusal, growth_quarters, growth_start
from ui.core.dialogs import ERROR_STYLE, HINT_STYLE, person_label
from ui.core.form import field_box

COMMON_ROLES = (
    "Product Manager",
    "Senior Product Manager",
    "Group Product Manager",
    "Head of Product",
    "VP of Product",
    "Technical Program Manager",
    "Product Marketing Manager",
    "Product Operations Manager",
    "Product Analyst",
    "Strategy & Operations Lead",
    "Product Designer",
    "UX Researcher",
    "Software Engineer",
    "Engineering Manager",
    "Co-founder & CEO",
)
STATUSES = (("Active", "active"), ("Planned hire", "planned"), ("Open role (vacancy)", "open"))
SIZE_OF = {v: k for k, v in TSHIRT_SIZES.items()}


def _add_errors(problems: dict[str, str], outcome: object) -> None:
    """Each field's problem from one refusal (a problem the form found first stays)."""
    if isinstance(outcome, Refusal):
        for key, text in (outcome.errors or {"": outcome.reason}).items():
            problems.setdefault(key, text)


def _parsed(parse: Any, value: Any) -> Any:
    """``parse(value)``, or None if it is refused (the refusal already shows under its field)."""
    try:
        return parse(value)
    except PlanError:
        return None


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # refusals quote plan text
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


def _searchable(combo: QComboBox) -> None:
    """An editable combo whose completer finds items by any part of their text."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    # Sizing to contents measures every item: slow at 10k people, so size by a typical label.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(28)
    completer = combo.completer()
    assert completer is not None  # an editable combo has one
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


class PersonCombo(QComboBox):
    """Pick a person by typing part of a name: '(none row)' first, then everyone."""

    def __init__(self, plan: Plan, none: str, current: str | None, field: str):
        super().__init__()
        self.plan, self.none, self.field = plan, none, field
        self.ids: list[str | None] = [None, *plan.people]
        _searchable(self)
        self.addItems([none, *(person_label(plan, p) for p in plan.people)])
        self.setCurrentIndex(self.ids.index(current) if current in plan.people else 0)

    def chosen(self) -> str | None:
        """The person id for the text shown (None: the none row or empty); raises PlanError."""
        text = self.currentText().strip()
        if not text or text == self.none:
            return None
        if self.itemText(self.currentIndex()) == text:
            return self.ids[self.currentIndex()]
        index = self.findText(text)
        if index >= 0:
            return self.ids[index]
        folded = text.lower()
        named = [p.id for p in self.plan.people.values() if p.name.lower() == folded]
        if len(named) == 1:
            return named[0]
        if not named:
            named = [
                pid
                for pid, i in zip(self.ids[1:], range(1, self.count()))
                if pid is not None and folded in self.itemText(i).lower()
            ]
            if len(named) == 1:
                return named[0]
        what = f'{len(named)} people match "{elide(text, 40)}"' if named else f'nobody matches "{elide(text, 40)}"'
        raise PlanError(f"{self.field}: {what}; pick a person from the list (type part of a name)")


class _FormDialog(QDialog):
    """Rows with a red problem line under each editor, and an OK that is enabled only when valid."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.outcome: Any = None
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()  # fields the user edited: only these show a problem yet
        self._tried = False
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.general = _label(style=ERROR_STYLE)  # a problem with no field of its own
        self.general.hide()
        layout.addWidget(self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def row(self, key: str, label: str, editor: QWidget, extra: QWidget | None = None, below: Any = None) -> None:
        box, error = field_box(editor, extra, below)
        self.errors[key] = error
        self.form.addRow(label, box)
        edit = editor.lineEdit() if isinstance(editor, QComboBox) and editor.isEditable() else editor
        if isinstance(edit, QLineEdit):
            edit.textEdited.connect(lambda _t: self._touch(key))
        elif isinstance(editor, QComboBox):
            editor.activated.connect(lambda _i: self._touch(key))

    def _touch(self, key: str) -> None:
        self.touched.add(key)
        self.validate()

    def problems(self) -> tuple[dict[str, str], Any]:
        raise NotImplementedError

    def validate(self) -> bool:
        problems, outcome = self.problems()
        for key, label in self.errors.items():
            text = problems.get(key, "")
            label.setText(text)
            label.setVisible(bool(text) and (key in self.touched or self._tried))
        other = [text for key, text in problems.items() if key not in self.errors]
        self.general.setText("\n".join(other))
        self.general.setVisible(bool(other))
        self.outcome = None if problems else outcome
        self.ok_button.setEnabled(not problems)
        return not problems

    def accept(self) -> None:
        self._tried = True
        if self.validate():
            super().accept()


# ------------------------------------------------------------------ person


class AddPersonDialog(_FormDialog):
    """Name, role (shows its role family live), manager, status, start, capacity."""

    def __init__(self, plan: Plan, manager: str | None = None, parent: QWidget | None = None):
        super().__init__("Add person", "Add person", parent)
        self.plan = plan
        self.name_edit = QLineEdit(placeholderText="required, e.g. Priya Shah or 'Second PM (hire)'")
        self.row("name", "&Name:", self.name_edit)
        self.role_combo = QComboBox()
        _searchable(self.role_combo)
        in_plan = [r for r, _n in Counter(p.role for p in plan.people.values() if p.role).most_common(20)]
        self.role_combo.addItems(list(dict.fromkeys([*COMMON_ROLES, *in_plan])))
        self.role_combo.setCurrentText("Product Manager")
        self.family_label = _label(style=HINT_STYLE)
        self.row("role", "&Role:", self.role_combo, below=self.family_label)
        self.manager_combo = PersonCombo(plan, "(nobody: top of the chart)", manager, "manager")
        self.row("manager", "&Reports to:", self.manager_combo)
        self.status_combo = QComboBox()
        for label, value in STATUSES:
            self.status_combo.addItem(label, value)
        self.row("status", "&Status:", self.status_combo)
        self.start_edit = QLineEdit(placeholderText="a date or quarter, e.g. 2027-03-01 or 2027-Q2")
        self.row("start", "S&tart:", self.start_edit)
        self.capacity_edit = QLineEdit("100")
        self.capacity_edit.setToolTip("Percent of a full-time week (100 = full time, 50 = half time)")
        self.row("capacity", "&Capacity:", self.capacity_edit, _label("% of full time"))

        self.role_combo.currentTextChanged.connect(self._role_changed)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        for edit in (self.name_edit, self.start_edit, self.capacity_edit):
            edit.textChanged.connect(lambda _t: self.validate())
        self.manager_combo.currentTextChanged.connect(lambda _t: self.validate())
        self._role_changed(self.role_combo.currentText())
        self._status_changed()
        self.setMinimumWidth(520)
        self.name_edit.setFocus()

    def _role_changed(self, role: str) -> None:
        family = self.plan.roles.family(role)
        self.family_label.setText(f"→ counted as: {FAMILY_LABELS.get(family, 'Other')}")
        self.validate()

    def _status_changed(self) -> None:
        self.start_edit.setEnabled(self.status_combo.currentData() != "active")
        self.validate()

    def problems(self) -> tuple[dict[str, str], Any]:
        problems: dict[str, str] = {}
        try:
            manager = self.manager_combo.chosen()
        except PlanError as e:
            problems["manager"] = str(e)
            manager = None
        status = self.status_combo.currentData()
        values = dict(
            role=self.role_combo.currentText(),
            manager=manager,
            status=status,
            start=self.start_edit.text() if status != "active" else "",
            capacity=self.capacity_edit.text(),
        )
        outcome = ops.add_person(self.plan, self.name_edit.text(), **values)
        _add_errors(problems, outcome)
        return problems, outcome if isinstance(outcome, AddPerson) else None


# -------------------------------------------------------------------- rock


def _catalog() -> list[Any]:
    try:
        from planner.planfile.templates import load_catalog

        return load_catalog()
    except PlanError:  # a broken install: the dialog works without suggestions
        return []


class AddRockDialog(_FormDialog):
    """Title (suggested from the rock catalog, which fills in discipline, effort
    and kind), discipline, effort, owner, kind and area."""

    def __init__(self, plan: Plan, owner: str | None = None, parent: QWidget | None = None, catalog: Any = None):
        super().__init__("Add rock", "Add rock", parent)
        self.plan = plan
        self.catalog = {c.title.lower(): c for c in (_catalog() if catalog is None else catalog)}
        self._applied = ""
        self.title_edit = QLineEdit(placeholderText="required; type to see standard rocks, e.g. Pricing")
        titles = sorted({c.title for c in self.catalog.values()}, key=str.lower)
        completer = QCompleter(titles, self.title_edit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.title_edit.setCompleter(completer)
        self.about_label = _label(style=HINT_STYLE)
        self.about_label.hide()
        self.row("title", "&Title:", self.title_edit, below=self.about_label)
        self.discipline_combo = QComboBox()
        for d in plan.discipline_table.disciplines.values():
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(d.color))
            self.discipline_combo.addItem(QIcon(swatch), d.label, d.id)
        self.discipline_combo.setCurrentIndex(max(self.discipline_combo.findData("product"), 0))
        self.row("discipline", "&Discipline:", self.discipline_combo)
        self.effort_combo = QComboBox()
        self.effort_combo.setEditable(True)
        self.effort_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.effort_combo.addItems(list(TSHIRT_SIZES))
        self.effort_combo.setCurrentText("S")
        self.effort_combo.setToolTip("A size (XS 5, S 10, M 20, L 35, XL 50) or a percent of a week")
        self.effort_hint = _label(style=HINT_STYLE)
        self.row("effort", "&Effort:", self.effort_combo, self.effort_hint)
        self.owner_combo = PersonCombo(plan, "(unowned)", owner, "owner")
        self.row("owner", "&Owner:", self.owner_combo)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Tactical (keeps things running)", "tactical")
        self.kind_combo.addItem("Strategic (sets direction)", "strategic")
        self.row("kind", "&Kind:", self.kind_combo)
        self.area_combo = QComboBox()
        _searchable(self.area_combo)
        self.area_combo.addItems(sorted({r.area for r in plan.rocks.values() if r.area}, key=str.lower))
        self.area_combo.setCurrentText("")
        area_edit = self.area_combo.lineEdit()
        assert area_edit is not None  # editable (_searchable)
        area_edit.setPlaceholderText("product line or feature area (optional)")
        self.row("area", "&Area:", self.area_combo)

        self.title_edit.textChanged.connect(self._title_changed)
        for combo in (self.effort_combo, self.owner_combo, self.area_combo):
            combo.currentTextChanged.connect(lambda _t: self.validate())
        for combo in (self.discipline_combo, self.kind_combo):
            combo.currentIndexChanged.connect(lambda _i: self.validate())
        self.validate()
        self.setMinimumWidth(520)
        self.title_edit.setFocus()

    def _title_changed(self, text: str) -> None:
        """A title from the catalog fills in its discipline, effort and kind (once per title picked)."""
        entry = self.catalog.get(" ".join(text.split()).lower())
        self.about_label.setVisible(entry is not None)
        if entry is not None:
            self.about_label.setText(entry.description)
            if entry.key != self._applied:
                self._applied = entry.key
                self.discipline_combo.setCurrentIndex(max(self.discipline_combo.findData(entry.discipline), 0))
                self.effort_combo.setCurrentText(SIZE_OF.get(entry.effort, f"{entry.effort:g}"))
                self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(entry.kind), 0))
        self.validate()

    def problems(self) -> tuple[dict[str, str], Any]:
        problems: dict[str, str] = {}
        try:
            owner = self.owner_combo.chosen()
        except PlanError as e:
            problems["owner"] = str(e)
            owner = None
        values = dict(
            discipline=self.discipline_combo.currentData(),
            effort=self.effort_combo.currentText(),
            owner=owner,
            kind=self.kind_combo.currentData(),
            area=self.area_combo.currentText(),
        )
        outcome = ops.add_rock(self.plan, self.title_edit.text(), **values)
        _add_errors(problems, outcome)
        effort = _parsed(parse_effort, values["effort"]) if set(problems) <= {"title"} else None
        if effort is not None:
            size = SIZE_OF.get(effort)
            self.effort_hint.setText(f"= {effort:g}% of a week" + (f" ({size})" if size else ""))
        else:
            self.effort_hint.setText("")
        return problems, outcome if isinstance(outcome, AddRock) else None


# -------------------------------------------------------------------- team


class AddTeamDialog(_FormDialog):
    """Name, engineers (headcount not listed as people), lead and growth plan
    (engineers per quarter from the plan's first quarter)."""

    def __init__(self, plan: Plan, lead: str | None = None, parent: QWidget | None = None):
        super().__init__("New team", "Add team", parent)
        self.plan = plan
        self.name_edit = QLineEdit(placeholderText="required, e.g. Payments or Platform")
        self.row("name", "&Name:", self.name_edit)
        self.headcount_edit = QLineEdit("0")
        self.headcount_edit.setToolTip("Engineers on the team who are not listed as people in the plan")
        self.row("headcount", "&Engineers:", self.headcount_edit, _label("not listed as people"))
        self.lead_combo = PersonCombo(plan, "(no lead)", lead, "lead")
        self.row("lead", "&Lead:", self.lead_combo)
        try:
            start = growth_start(plan)
        except PlanError:
            start = "the first quarter"
        self.start = start
        self.growth_edit = QLineEdit(placeholderText="optional, e.g. 8, 11, 15")
        self.growth_edit.setToolTip(
            f"Engineers planned on this team each quarter from {start}, up to {MAX_GROWTH_QUARTERS} quarters, "
            "separated by commas; the Timeline tab forecasts the roles they call for"
        )
        self.growth_hint = _label(style=HINT_STYLE)
        self.row("growth", "&Growth plan:", self.growth_edit, below=self.growth_hint)

        for edit in (self.name_edit, self.headcount_edit, self.growth_edit):
            edit.textChanged.connect(lambda _t: self.validate())
        self.lead_combo.currentTextChanged.connect(lambda _t: self.validate())
        self.validate()
        self.setMinimumWidth(480)
        self.name_edit.setFocus()

    def problems(self) -> tuple[dict[str, str], Any]:
        problems: dict[str, str] = {}
        try:
            lead = self.lead_combo.chosen()
        except PlanError as e:
            problems["lead"] = str(e)
            lead = None
        values = dict(headcount=self.headcount_edit.text(), lead=lead, growth=self.growth_edit.text())
        outcome = ops.add_team(self.plan, self.name_edit.text(), **values)
        _add_errors(problems, outcome)
        growth = _parsed(parse_growth, values["growth"]) if set(problems) <= {"name"} else None
        if growth:
            self.growth_hint.setText(growth_quarters(self.plan, growth, " · "))
        else:
            self.growth_hint.setText(f"engineers per quarter; quarter 1 is {self.start}")
        return problems, outcome if isinstance(outcome, AddTeam) else None
