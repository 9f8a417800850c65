"""Role families from free-text titles, and which families fit which disciplines."""

from __future__ import annotations

import pytest

from models import BUILTIN_IDS, FAMILIES, FAMILY_LABELS, RoleTable, fits


@pytest.mark.parametrize(
    "role,family",
    [
        ("Sr. Product Manager, Payments", "pm"),
        ("Product Owner", "pm"),
        ("VP of Product", "pm"),
        ("Co-founder & Head of Product", "founder"),
        ("CEO", "founder"),
        ("Product Marketing Manager", "pmm"),
        ("Technical Program Manager", "tpm"),
        ("Scrum Master", "tpm"),
        ("Senior Product Designer", "design"),
        ("UX Researcher", "design"),
        ("Product Analyst", "ops"),
        ("Strategy lead", "strategy"),
        ("Staff Software Engineer", "eng"),
        ("Engineering Manager", "eng"),
        ("Data Scientist", "eng"),
        ("Office manager", "other"),
        ("", "other"),
        ("Impmortant person", "other"),  # "pm" inside a word is not a match
        ("PM", "pm"),
        ("product-manager", "pm"),
        # HR-export spellings (issue [5/6])
        ("Software Engineer", "eng"),
        ("QA Engineer", "eng"),
        ("Developer", "eng"),
        ("Sr. Product Owner", "pm"),
        ("Quality Assurance Analyst", "eng"),
        ("Eng Manager", "eng"),
        ("Software Eng II", "eng"),
        ("Tech Lead", "eng"),
        ("SDET", "eng"),
        ("Dev Manager", "eng"),
        ("Design Engineer", "eng"),
        ("UX Engineer", "eng"),
        # Real titles outside product roles (issue 16)
        ("Chief Marketing Officer", "marketing"),
        ("CMO", "marketing"),
        ("Marketing Director", "marketing"),
        ("Digital Marketing Manager", "marketing"),
        ("Growth Marketing Lead", "marketing"),
        ("Brand Manager", "marketing"),
        ("Product Marketing Manager, Growth", "pmm"),
        ("CTO", "eng"),
        ("Chief Technology Officer", "eng"),
        ("Co-founder & CTO", "founder"),
        ("Founder", "founder"),
        ("VP Engineering", "eng"),
        ("Vice President of Engineering", "eng"),
        ("Technology Director", "eng"),
        ("Tech Manager", "eng"),
        ("QA Lead", "eng"),
        ("Test Lead", "eng"),
        ("Account Executive", "sales"),
        ("Sales Director", "sales"),
        ("Business Development Manager", "sales"),
        ("Sales Engineer", "sales"),
        ("Vice President, Sales", "sales"),
        ("HR Manager", "hr"),
        ("Recruiter", "hr"),
        ("Engineering Recruiter", "hr"),
        ("Talent Acquisition Partner", "hr"),
        ("People Partner", "hr"),
        ("CFO", "finance"),
        ("Controller", "finance"),
        ("Accountant", "finance"),
        ("Finance Manager", "finance"),
        ("Vice President of Product", "pm"),
        ("President", "founder"),
    ],
)
def test_default_families(role, family):
    assert RoleTable.build().family(role) == family


def test_user_synonyms_come_first():
    table = RoleTable.build([("product manager", "eng"), ("chief of staff", "strategy")])
    assert table.family("Product Manager") == "eng"
    assert table.family("Chief of Staff") == "strategy"
    assert table.family("Designer") == "design"


def test_classification_is_cached():
    table = RoleTable.build()
    table.family("Designer")
    assert table._cache == {"Designer": "design"}


def test_families_have_labels():
    assert set(FAMILY_LABELS) == set(FAMILIES)


def test_fits():
    for d in BUILTIN_IDS:
        assert fits("pm", d) and fits("founder", d)
        assert not fits("eng", d) and not fits("other", d)
    assert fits("tpm", "project") and not fits("tpm", "product")
    assert fits("pmm", "marketing") and fits("design", "design") and fits("ops", "operations")
    assert fits("strategy", "strategy") and not fits("design", "strategy")
    assert fits("ops", "growth", ("ops",)) and not fits("eng", "growth", ("ops",))
    assert fits("pm", "growth")
    assert fits("marketing", "marketing") and not fits("marketing", "product")  # a CMO is not a PM
    assert fits("sales", "marketing") and not fits("hr", "marketing") and not fits("finance", "operations")
