"""Test configuration: Qt runs offscreen, set here so CI needs no display."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("MPLBACKEND", "Agg")
