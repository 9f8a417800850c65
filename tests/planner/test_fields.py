"""Single field values as users type them."""

import pytest

from planner.core.errors import FieldError
from planner.core.fields import parse_capacity, parse_effort, parse_headcount


@pytest.mark.parametrize(
    "text, expected", [("20", 20.0), ("M", 20.0), ("xl", 50.0), ("12,5", 12.5), ("12.5%", 12.5), (" 35 ", 35.0)]
)
def test_effort(text, expected):
    assert parse_effort(text) == expected


@pytest.mark.parametrize("text", ["1,2,3", "abc", "101", "-1", "nan", "inf", ""])
def test_bad_effort_names_field_and_expectation(text):
    with pytest.raises(FieldError) as err:
        parse_effort(text)
    assert err.value.field == "effort" and "XS/S/M/L/XL" in str(err.value)


def test_thousands_separator_is_not_a_decimal_point():
    assert parse_headcount("1,200") == 1200
    assert parse_capacity("80%") == 80.0
    with pytest.raises(FieldError):
        parse_headcount("2.5")
