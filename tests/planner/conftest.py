"""Fixtures shared by the planner tests (plain pytest, no Qt)."""

from __future__ import annotations

import pytest

from models import Plan
from tests.planner.strategies import sample_plan


@pytest.fixture
def plan() -> Plan:
    """A fresh sample plan (tests/planner/strategies.py: span_of_control 3, "unicorn" switched off);
    a module starts from another plan by defining its own ``plan`` fixture."""
    return sample_plan()
