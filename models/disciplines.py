"""The six PM disciplines a rock belongs to (README.md, "The file format", lists their ids).

Plain data: ids, labels, colours and the aliases accepted on input. Users can
add their own disciplines per plan (see ``Plan.settings.disciplines``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Discipline:
    id: str
    label: str
    color: str  # hex, used by every view and export so a discipline looks the same everywhere
    aliases: tuple[str, ...] = ()
    # Role families (besides the generalist `pm`) whose people fit this discipline.
    families: tuple[str, ...] = ()


# Ordered from the sales side to the engineering side: the order every view and export lists them in.
BUILTIN_DISCIPLINES: tuple[Discipline, ...] = (
    Discipline(
        "marketing",
        "Product marketing / GTM",
        "#e07a5f",
        ("gtm", "go-to-market", "go to market", "pmm", "product marketing", "mkt"),
        ("pmm",),
    ),
    Discipline(
        "strategy",
        "Strategy / planning",
        "#9b5de5",
        ("planning", "product strategy", "strat"),
        ("strategy",),
    ),
    Discipline(
        "operations",
        "Product ops / analytics",
        "#f2a541",
        ("ops", "analytics", "product ops", "product operations", "operation"),
        ("ops",),
    ),
    Discipline(
        "product",
        "Technical product mgmt",
        "#3d7dd8",
        ("pm", "technical product", "product management", "tpdm", "core"),
        (),
    ),
    Discipline(
        "project",
        "Project / program mgmt",
        "#2a9d8f",
        ("tpm", "program", "programme", "project management", "program management"),
        ("tpm",),
    ),
    Discipline(
        "design",
        "Design / UX",
        "#d65db1",
        ("ux", "ui", "ux design", "product design", "research", "user research"),
        ("design",),
    ),
)

BUILTIN_IDS: tuple[str, ...] = tuple(d.id for d in BUILTIN_DISCIPLINES)

# Effort T-shirt sizes in percent of a week (issue [1/4]).
TSHIRT_SIZES: dict[str, float] = {"XS": 5.0, "S": 10.0, "M": 20.0, "L": 35.0, "XL": 50.0}


@dataclass(slots=True)
class DisciplineTable:
    """Built-in plus user disciplines, with alias lookup."""

    disciplines: dict[str, Discipline] = field(default_factory=dict)
    _aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, custom: tuple[Discipline, ...] | list[Discipline] = ()) -> DisciplineTable:
        table = cls()
        for d in (*BUILTIN_DISCIPLINES, *custom):
            table.disciplines[d.id] = d
            table._aliases[_norm(d.id)] = d.id
            table._aliases[_norm(d.label)] = d.id
            for alias in d.aliases:
                table._aliases.setdefault(_norm(alias), d.id)
        return table

    def resolve(self, text: str) -> str | None:
        """Discipline id for an id, label or alias (case and spacing ignored), else None."""
        return self._aliases.get(_norm(text))

    def accepted(self) -> list[str]:
        return list(self.disciplines)

    def get(self, discipline_id: str) -> Discipline | None:
        return self.disciplines.get(discipline_id)


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
