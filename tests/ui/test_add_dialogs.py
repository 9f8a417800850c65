"""Add person / Add rock dialogs, driven with real key presses and clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from models import Person, Plan, Rock
from planner.editing.commands import AddPerson, AddRock
from planner.editing.document import Document
from tests.ui.helpers import open_dialog as opened
from ui.dialogs.add import AddPersonDialog, AddRockDialog


@pytest.fixture
def plan() -> Plan:
    plan = Plan(name="Demo")
    for p in (
        Person("p1", "Ana Ruiz", "Head of Product"),
        Person("p2", "Ben Okafor", "Product Manager", manager="p1"),
        Person("p3", "Dana <b>Scully</b>", "Engineering Manager"),
    ):
        plan.people[p.id] = p
    plan.rocks["r1"] = Rock("r1", "Roadmap", "product", 20, owner="p2", area="Payments")
    return plan


def retype(edit, text: str) -> None:
    edit.selectAll()
    QTest.keyClicks(edit, text)


# ------------------------------------------------------------------ person


def test_add_person_fills_every_field_and_files_under_the_selected(qtbot, plan):
    dialog = opened(qtbot, AddPersonDialog(plan, manager="p2"))
    assert dialog.manager_combo.currentText().startswith("Ben Okafor")  # the default, visible
    assert not dialog.ok_button.isEnabled()  # no name yet
    assert not dialog.errors["name"].isVisible()  # and no red line before the user typed
    assert not dialog.start_edit.isEnabled()  # active: no start date

    QTest.keyClicks(dialog.name_edit, "Priya Shah")
    retype(dialog.role_combo.lineEdit(), "Technical Program Manager")
    assert "TPM / program manager" in dialog.family_label.text()  # the family, live
    retype(dialog.role_combo.lineEdit(), "Growth marketer")
    assert "Marketing" in dialog.family_label.text()  # a function of its own, not a PM (models.roles)
    retype(dialog.role_combo.lineEdit(), "Office manager")
    assert "Other" in dialog.family_label.text()
    retype(dialog.role_combo.lineEdit(), "Senior Product Manager")
    assert "Product manager" in dialog.family_label.text()

    dialog.status_combo.setFocus()
    QTest.keyClick(dialog.status_combo, Qt.Key.Key_Down)  # Active -> Planned hire
    assert dialog.status_combo.currentData() == "planned"
    assert dialog.start_edit.isEnabled()
    QTest.keyClicks(dialog.start_edit, "2027-Q2")
    retype(dialog.capacity_edit, "80")
    retype(dialog.manager_combo.lineEdit(), "ruiz")  # part of a name picks the one match
    assert dialog.ok_button.isEnabled()

    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    command = dialog.outcome
    assert isinstance(command, AddPerson)
    Document(plan).run(command)
    person = plan.people[command.person.id]
    assert (person.name, person.role, person.manager, person.status, person.start, person.capacity) == (
        "Priya Shah",
        "Senior Product Manager",
        "p1",
        "planned",
        "2027-Q2",
        80,
    )


def test_add_person_refusals_show_beside_their_field(qtbot, plan):
    dialog = opened(qtbot, AddPersonDialog(plan))
    assert dialog.manager_combo.currentIndex() == 0  # nobody selected: top of the chart, changeable
    QTest.keyClicks(dialog.name_edit, "Ida")
    retype(dialog.capacity_edit, "lots")
    assert dialog.errors["capacity"].isVisible()
    assert "capacity: expected a percent of a full-time week" in dialog.errors["capacity"].text()
    assert not dialog.errors["name"].isVisible()
    assert not dialog.ok_button.isEnabled()
    QTest.keyClick(dialog.capacity_edit, Qt.Key.Key_Return)  # Enter does not get past it
    assert dialog.isVisible()

    retype(dialog.capacity_edit, "50")
    retype(dialog.manager_combo.lineEdit(), "Zed")
    assert 'manager: nobody matches "Zed"' in dialog.errors["manager"].text()
    retype(dialog.manager_combo.lineEdit(), "a")  # Ana, Ben Okafor... more than one
    assert "people match" in dialog.errors["manager"].text()
    retype(dialog.manager_combo.lineEdit(), "Dana <b>Scully</b>")  # markup in a name is just text
    assert not dialog.errors["manager"].isVisible() and dialog.ok_button.isEnabled()

    dialog.name_edit.selectAll()
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Delete)
    assert dialog.errors["name"].text() == "name: must not be empty"
    assert dialog.errors["name"].isVisible()
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Escape)  # Escape cancels
    assert dialog.result() == QDialog.DialogCode.Rejected


# -------------------------------------------------------------------- rock


def test_add_rock_from_the_catalog_prefills_discipline_effort_and_kind(qtbot, plan):
    dialog = opened(qtbot, AddRockDialog(plan, owner="p2"))
    assert dialog.owner_combo.currentText().startswith("Ben Okafor")
    assert not dialog.ok_button.isEnabled()
    QTest.keyClicks(dialog.title_edit, "Launch management")  # a catalog title
    assert dialog.discipline_combo.currentData() == "marketing"
    assert dialog.effort_combo.currentText() == "M"
    assert dialog.effort_hint.text() == "= 20% of a week (M)"
    assert dialog.kind_combo.currentData() == "tactical"
    assert dialog.about_label.isVisible() and "launches" in dialog.about_label.text()

    retype(dialog.effort_combo.lineEdit(), "L")
    assert dialog.effort_hint.text() == "= 35% of a week (L)"
    QTest.keyClicks(dialog.area_combo.lineEdit(), "Payments")
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    command = dialog.outcome
    assert isinstance(command, AddRock)
    rock = command.rock
    assert (rock.title, rock.discipline, rock.effort, rock.owner, rock.kind, rock.area) == (
        "Launch management",
        "marketing",
        35,
        "p2",
        "tactical",
        "Payments",
    )


def test_add_rock_free_title_percent_effort_and_refusals(qtbot, plan):
    dialog = opened(qtbot, AddRockDialog(plan))
    assert dialog.owner_combo.currentIndex() == 0  # (unowned)
    QTest.keyClicks(dialog.title_edit, "Partner portal")
    assert dialog.discipline_combo.currentData() == "product"  # nothing prefilled
    retype(dialog.effort_combo.lineEdit(), "150")
    assert "effort: expected a percent of a week from 0 to 100" in dialog.errors["effort"].text()
    assert dialog.errors["effort"].isVisible() and not dialog.ok_button.isEnabled()
    retype(dialog.effort_combo.lineEdit(), "15")
    assert dialog.effort_hint.text() == "= 15% of a week"
    dialog.kind_combo.setFocus()
    QTest.keyClick(dialog.kind_combo, Qt.Key.Key_Down)  # tactical -> strategic
    QTest.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    rock = dialog.outcome.rock
    assert (rock.title, rock.effort, rock.owner, rock.kind) == ("Partner portal", 15, None, "strategic")
