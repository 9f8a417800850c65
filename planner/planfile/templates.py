"""Built-in plan templates and the catalog of standard rocks (no Qt).

Both are data files in the ``resources`` package: ``resources/templates/`` holds
one canonical ``.rocks.json`` per template plus ``index.json`` (name, title and
a one-line description of each), and ``resources/catalog.json`` lists the
standard rocks of each discipline (models/disciplines.py). Files are read through importlib.resources
so they are found from a source checkout and from an installed wheel alike.
Regenerate the templates with ``python tests/data/make_templates.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from models import BUILTIN_IDS, ROCK_KINDS, Plan
from planner.core.errors import PlanError
from planner.planfile import fileio

SAMPLE = "series-b"  # the plan shown on first start

_RESOURCES: Traversable = files("resources")
_TEMPLATES: Traversable = _RESOURCES / "templates"
TEMPLATES_DIR = Path(str(_TEMPLATES))
INDEX_NAME = "index.json"


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str  # file stem, as passed to load_template and `rocks new --template`
    title: str
    description: str  # one line


@dataclass(frozen=True, slots=True)
class CatalogRock:
    key: str
    title: str
    discipline: str  # a built-in discipline id
    effort: float  # percent of a week
    kind: str  # strategic | tactical
    description: str  # one line, shown where a template is chosen (rocks templates, File > New from template)


def list_templates() -> list[TemplateInfo]:
    """The built-in templates in display order."""
    return list(_index())


def template_names() -> list[str]:
    return [t.name for t in _index()]


def load_template(name: str) -> Plan:
    """A fresh plan built from the named template; PlanError for an unknown name."""
    known = template_names()
    if name not in known:
        raise PlanError(f"unknown template '{name}'; built-in templates: {', '.join(known)}", source=name)
    resource = _TEMPLATES / f"{name}{fileio.EXTENSION}"
    return fileio.loads(resource.read_bytes(), source=f"template '{name}'")


def load_catalog() -> list[CatalogRock]:
    """The catalog of standard rocks, in file order (by discipline, sales side first)."""
    return list(_catalog())


@cache
def _index() -> tuple[TemplateInfo, ...]:
    doc = _read_json(_TEMPLATES / INDEX_NAME, "templates index")
    try:
        return tuple(TemplateInfo(t["name"], t["title"], t["description"]) for t in doc["templates"])
    except (KeyError, TypeError) as e:
        raise PlanError(f"templates index: malformed entry ({e})", source=INDEX_NAME) from None


@cache
def _catalog() -> tuple[CatalogRock, ...]:
    doc = _read_json(_RESOURCES / "catalog.json", "rock catalog")
    out = []
    try:
        for index, r in enumerate(doc["rocks"]):
            rock = CatalogRock(r["key"], r["title"], r["discipline"], float(r["effort"]), r["kind"], r["description"])
            if rock.discipline not in BUILTIN_IDS or rock.kind not in ROCK_KINDS or not 0 < rock.effort <= 100:
                raise PlanError(f"rock catalog: rocks[{index}] ('{rock.title}'): bad discipline, kind or effort")
            out.append(rock)
    except (KeyError, TypeError, ValueError) as e:
        raise PlanError(f"rock catalog: malformed entry ({e})", source="catalog.json") from None
    return tuple(out)


def _read_json(resource: Traversable, what: str) -> Any:
    try:
        return json.loads(resource.read_bytes())
    except (OSError, ValueError) as e:
        raise PlanError(f"{what}: cannot be read from the installed resources ({e})", source=str(resource)) from None
