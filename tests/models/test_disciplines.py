"""The discipline table: built-ins in sales-to-engineering order, aliases, user disciplines."""

from __future__ import annotations

import pytest

from models import BUILTIN_DISCIPLINES, BUILTIN_IDS, TSHIRT_SIZES, Discipline, DisciplineTable


def test_builtins_follow_domain_order():
    assert BUILTIN_IDS == ("marketing", "strategy", "operations", "product", "project", "design")
    assert len({d.color for d in BUILTIN_DISCIPLINES}) == 6


@pytest.mark.parametrize(
    "text,expected",
    [
        ("design", "design"),
        ("UX", "design"),
        ("  User   Research ", "design"),
        ("go-to-market", "marketing"),
        ("Go To Market", "marketing"),
        ("product_ops", "operations"),
        ("TPM", "project"),
        ("Technical product mgmt", "product"),  # the label itself
        ("astrology", None),
        ("", None),
    ],
)
def test_resolve(text, expected):
    assert DisciplineTable.build().resolve(text) == expected


def test_user_disciplines_are_accepted_and_resolved():
    table = DisciplineTable.build([Discipline("growth", "Growth experiments", "#000000", ("growth hacking",))])
    assert table.accepted() == [*BUILTIN_IDS, "growth"]
    assert table.resolve("Growth Hacking") == "growth"
    assert table.resolve("growth experiments") == "growth"
    assert table.get("growth").label == "Growth experiments"
    assert table.get("nope") is None


def test_user_alias_does_not_steal_a_builtin_alias():
    table = DisciplineTable.build([Discipline("research", "Research ops", "#000000", ("ux",))])
    assert table.resolve("ux") == "design"
    assert table.resolve("research") == "research"  # an id wins over an earlier alias


def test_tshirt_sizes_grow():
    values = list(TSHIRT_SIZES.values())
    assert values == sorted(values) and list(TSHIRT_SIZES) == ["XS", "S", "M", "L", "XL"]
