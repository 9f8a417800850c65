"""Role families recognised from free-text job titles.

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

# The product families, engineering and founders, then the company's other functions (issue 16: real
# HR exports are mostly people in those), then "other". Names are stored in plans: never rename one.
FAMILIES: tuple[str, ...] = (
    "pm", "tpm", "pmm", "strategy", "ops", "design", "eng", "founder", "marketing", "sales", "hr", "finance", "other",
)  # fmt: skip

FAMILY_LABELS: dict[str, str] = {
    "pm": "Product manager",
    "tpm": "TPM / program manager",
    "pmm": "Product marketing",
    "strategy": "Strategy",
    "ops": "Product ops / analytics",
    "design": "Design / UX",
    "eng": "Engineering",
    "founder": "Founder",
    "marketing": "Marketing",
    "sales": "Sales / business development",
    "hr": "HR / people",
    "finance": "Finance",
    "other": "Other",
}

# Phrase -> family, checked in this order; phrases match whole words.
# Founders first: "Co-founder & Head of Product" is a founder acting as PM
# (docs/rules.md, "Acting as PM"). A CTO is an engineering leader unless
# the title says founder ("Co-founder & CTO"); a "vice president" is read as "vp"
# (RoleTable.family), so "president" alone is the company's.
DEFAULT_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("co-founder", "founder"),
    ("cofounder", "founder"),
    ("founder", "founder"),
    ("ceo", "founder"),
    ("president", "founder"),
    ("chief executive", "founder"),
    ("managing director", "founder"),
    ("cto", "eng"),
    ("chief technology officer", "eng"),
    ("chief technical officer", "eng"),
    ("vp engineering", "eng"),
    ("vp of engineering", "eng"),
    ("vp technology", "eng"),
    ("vp of technology", "eng"),
    ("head of engineering", "eng"),
    ("head of technology", "eng"),
    ("technology director", "eng"),
    ("director of technology", "eng"),
    ("tech manager", "eng"),
    ("technology manager", "eng"),
    ("qa lead", "eng"),
    ("qa manager", "eng"),
    ("test lead", "eng"),
    ("test manager", "eng"),
    ("sales engineer", "sales"),
    ("solutions engineer", "sales"),
    ("solution engineer", "sales"),
    ("presales", "sales"),
    ("pre-sales", "sales"),
    ("recruiter", "hr"),
    ("recruiting", "hr"),
    ("recruitment", "hr"),
    ("talent", "hr"),
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
    # A brand (or marketing) designer designs the brand, not the product: marketing.
    ("brand designer", "marketing"),
    ("marketing designer", "marketing"),
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
    ("chief marketing officer", "marketing"),
    ("cmo", "marketing"),
    ("marketing", "marketing"),
    ("marketer", "marketing"),
    ("brand", "marketing"),
    ("demand generation", "marketing"),
    ("demand gen", "marketing"),
    ("seo", "marketing"),
    ("social media", "marketing"),
    ("content writer", "marketing"),
    ("copywriter", "marketing"),
    ("communications", "marketing"),
    ("public relations", "marketing"),
    ("chief revenue officer", "sales"),
    ("cro", "sales"),
    ("sales", "sales"),
    ("account executive", "sales"),
    ("account manager", "sales"),
    ("account director", "sales"),
    ("key account", "sales"),
    ("business development", "sales"),
    ("bdr", "sales"),
    ("sdr", "sales"),
    ("partnerships", "sales"),
    ("chief people officer", "hr"),
    ("chro", "hr"),
    ("human resources", "hr"),
    ("hr", "hr"),
    ("hrbp", "hr"),
    ("hris", "hr"),
    ("people partner", "hr"),
    ("people business partner", "hr"),
    ("people operations", "hr"),
    ("people ops", "hr"),
    ("head of people", "hr"),
    ("vp people", "hr"),
    ("vp of people", "hr"),
    ("people director", "hr"),
    ("director of people", "hr"),
    ("learning and development", "hr"),
    ("cfo", "finance"),
    ("chief financial officer", "finance"),
    ("finance", "finance"),
    ("financial", "finance"),
    ("controller", "finance"),
    ("comptroller", "finance"),
    ("accountant", "finance"),
    ("accounting", "finance"),
    ("accounts payable", "finance"),
    ("accounts receivable", "finance"),
    ("bookkeeper", "finance"),
    ("payroll", "finance"),
    ("treasury", "finance"),
    ("fp&a", "finance"),
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
    # Marketing owns positioning and launches where nobody does product marketing; sales and
    # business development carry the go-to-market rocks a PM otherwise fills in for (docs/rules.md,
    # "Discipline fit"). HR and finance fit no product discipline.
    "marketing": ("marketing",),
    "sales": ("marketing",),
    "hr": (),
    "finance": (),
    "other": (),
}


# Where the head of a title ends: "Product Manager, Payments", "PM - Growth", "PM (Data)".
_HEAD_SPLIT = re.compile(r"\s*(?:,|;|\||\(|\s[-–—]\s)\s*")


# "Vice President of Sales" is a VP, not the company's president.
_VICE = re.compile(r"(?<![a-z0-9])vice[\s\-_]*president(?![a-z0-9])")


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
        text = _VICE.sub("vp", role.lower())
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
