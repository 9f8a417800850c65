"""Side panels over a DocController: inspector, checks, load chart, move history, people table.

Each panel reads the controller's plan and analysis, listens to its one change
signal and refreshes only when the Changes record touches what it shows.
Importing this package does not import matplotlib; the load chart imports it
when it is created.
"""

from ui.panels.checks import ChecksPanel
from ui.panels.history import HistoryPanel
from ui.panels.inspector import InspectorPanel
from ui.panels.load_chart import LoadChartPanel
from ui.panels.people import PeoplePanel

__all__ = ["ChecksPanel", "HistoryPanel", "InspectorPanel", "LoadChartPanel", "PeoplePanel"]
