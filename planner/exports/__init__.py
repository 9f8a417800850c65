"""Exports: what leaves the app as a file (exporting.py holds the options and the registry).

The writer modules register the suffixes they write with planner.exports.exporting when
they are imported; importing them here means any use of this room (``export``, the CLI,
the desktop's export dialog) finds every format registered.
"""

from planner.exports import graphs as graphs
from planner.exports import tables as tables
from planner.exports import workbook as workbook
