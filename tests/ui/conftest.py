"""Fixtures shared by the UI tests: the main window, the board alone, a plan opened from disk.

``window`` opens the board test plan (tests/ui/helpers.py) at 1400x900, active, centred on the
cards, moves without the hand-off note. A module opens another plan by overriding the
``window_plan`` fixture, and changes the rest with a marker, e.g.
``pytestmark = pytest.mark.window(size=(1600, 1000), centre=False)`` (the keywords of
``helpers.open_window``).
"""

from __future__ import annotations

import pytest

from models import Plan
from planner.planfile import fileio
from tests.ui.helpers import make_plan, open_board, open_window


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "window(**options): how the `window` fixture opens (helpers.open_window)")


@pytest.fixture(autouse=True)
def _app(qapp):
    """A QApplication (not only the QGuiApplication a chart test could make first) for every UI test."""
    return qapp


@pytest.fixture
def window_plan() -> Plan:
    """The plan the ``window`` fixture opens; override it in a module to open another."""
    return make_plan()


@pytest.fixture
def window(request, qtbot, tmp_path, window_plan):
    """The main window on ``window_plan``; options from the closest ``window`` marker."""
    marker = request.node.get_closest_marker("window")
    return open_window(qtbot, tmp_path, window_plan, **(marker.kwargs if marker else {}))


@pytest.fixture
def opened(window, tmp_path):
    """The window with the board test plan opened from disk: (window, path)."""
    path = tmp_path / "team.rocks.json"
    fileio.save(make_plan(), path)
    assert window.docs.open_path(path, ask=False)
    window.view.resetTransform()
    window.view.centerOn(window.board.visible_cards_rect().center())
    return window, path


@pytest.fixture
def board(qtbot):
    """The board view alone on the board test plan, at 100% and centred on the cards: (controller, scene, view)."""
    controller, scene, view = open_board(qtbot)
    view.resetTransform()
    view.centerOn(scene.visible_cards_rect().center())
    return controller, scene, view
