"""Role families recognised from free-text job titles (issue [1/4], domain.md).

A person's ``role`` is whatever their HR system says ("Sr. Product Manager,
Payments"); the family is what the rules reason about. Recognition is a table
of phrases checked in order, the first match wins, so more specific phrases
("product marketing", "technical program manager") come before generic ones
("product manager"). Users prepend their own phrases per plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.disciplines import BUILTIN_IDS

FAMILIES: tuple[str, ...] = ("pm", "tpm", "pmm", "strategy", "ops", "design", "eng", "founder", "other")

FAMILY_LABELS: dict[str, str] = {
    "pm": "Product manager",
    "tpm": "TPM / program manager",
    "pmm": "Product marketing",
    "strategy": "Strategy",
    "ops": "Product ops / analytics",
    "design": "Design / UX",
    "eng": "Engineering",
    "founder": "Founder",
    "other": "Other",
}

# Phrase -> family, checked in this order; phrases match whole words.
# Founders first: "Co-founder & Head of Product" is a founder acting as PM
# (domain.md, "Who else is acting as PM?").
DEFAULT_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("co-founder", "founder"),
    ("cofounder", "founder"),
    ("founder", "founder"),
    ("ceo", "founder"),
    ("cto", "founder"),
    ("president", "founder"),
    ("chief executive", "founder"),
    ("chief technology officer", "founder"),
    ("product marketing", "pmm"),
    ("pmm", "pmm"),
    ("go-to-market", "pmm"),
    ("technical program manager", "tpm"),
    ("technical project manager", "tpm"),
    ("program manager", "tpm"),
    ("program management", "tpm"),
    ("programme management", "tpm"),
    ("programme manager", "tpm"),
    ("project manager", "tpm"),
    ("tpm", "tpm"),
    ("scrum master", "tpm"),
    # Engineers whose title names design: they build the UI, they do not design it.
    ("design engineer", "eng"),
    ("ux engineer", "eng"),
    ("ui engineer", "eng"),
    ("product designer", "design"),
    ("ux", "design"),
    ("ui designer", "design"),
    ("designer", "design"),
    ("design", "design"),
    ("user researcher", "design"),
    ("ux researcher", "design"),
    ("product operations", "ops"),
    ("product ops", "ops"),
    ("product analyst", "ops"),
    ("analytics", "ops"),
    ("data analyst", "ops"),
    ("product strategy", "strategy"),
    ("strategist", "strategy"),
    ("strategy", "strategy"),
    ("market research", "strategy"),
    ("product manager", "pm"),
    ("product owner", "pm"),
    ("product lead", "pm"),
    ("head of product", "pm"),
    ("director of product", "pm"),
    ("vp of product", "pm"),
    ("vp product", "pm"),
    ("vice president of product", "pm"),
    ("chief product officer", "pm"),
    ("cpo", "pm"),
    ("group pm", "pm"),
    ("senior pm", "pm"),
    ("principal pm", "pm"),
    ("pm", "pm"),
    ("engineering manager", "eng"),
    ("engineer", "eng"),
    ("engineering", "eng"),
    ("developer", "eng"),
    ("software eng", "eng"),
    ("eng manager", "eng"),
    ("dev manager", "eng"),
    ("development manager", "eng"),
    ("tech lead", "eng"),
    ("technical lead", "eng"),
    ("full stack dev", "eng"),
    ("sdet", "eng"),
    ("quality assurance", "eng"),
    ("swe", "eng"),
    ("sde", "eng"),
    ("qa", "eng"),
    ("sre", "eng"),
    ("devops", "eng"),
    ("architect", "eng"),
    ("programmer", "eng"),
    ("tester", "eng"),
    ("data scientist", "eng"),
)

# Which disciplines each family fits. `pm` is the generalist and fits all six
# (and any the user adds); `eng` and `other` fit none (issue [1/4]).
FAMILY_FITS: dict[str, tuple[str, ...]] = {
    "pm": BUILTIN_IDS,
    "tpm": ("project",),
    "pmm": ("marketing",),
    "strategy": ("strategy",),
    "ops": ("operations",),
    "design": ("design",),
    "founder": BUILTIN_IDS,
    "eng": (),
    "other": (),
}


# Where the head of a title ends: "Product Manager, Payments", "PM - Growth", "PM (Data)".
_HEAD_SPLIT = re.compile(r"\s*(?:,|;|\||\(|\s[-–—]\s)\s*")


@dataclass(slots=True)
class RoleTable:
    """Compiled synonym table; classification results are cached per role text."""

    synonyms: tuple[tuple[str, str], ...]
    _patterns: list[tuple[re.Pattern[str], str]]
    _cache: dict[str, str]

    @classmethod
    def build(cls, user_synonyms: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> RoleTable:
        synonyms = (*tuple((p, f) for p, f in user_synonyms), *DEFAULT_SYNONYMS)
        patterns = []
        for phrase, family in synonyms:
            words = r"[\s\-_/]+".join(re.escape(w) for w in re.split(r"[\s\-_/]+", phrase.strip().lower()) if w)
            if words:
                patterns.append((re.compile(r"(?<![a-z0-9])" + words + r"(?![a-z0-9])"), family))
        return cls(synonyms, patterns, {})

    def family(self, role: str) -> str:
        """The family of a job title. The head of the title decides first:
        "Engineering Manager, Design Systems" is an engineer, not a designer."""
        cached = self._cache.get(role)
        if cached is not None:
            return cached
        text = role.lower()
        head = _HEAD_SPLIT.split(text, maxsplit=1)[0]
        found = self._match(head) if head != text else None
        if found is None:
            found = self._match(text) or "other"
        self._cache[role] = found
        return found

    def _match(self, text: str) -> str | None:
        for pattern, family in self._patterns:
            if pattern.search(text):
                return family
        return None


def fits(family: str, discipline: str, discipline_families: tuple[str, ...] = ()) -> bool:
    """Whether a family fits a discipline; ``discipline_families`` are a custom discipline's own."""
    if family in ("pm", "founder"):
        return True
    return discipline in FAMILY_FITS.get(family, ()) or family in discipline_families
