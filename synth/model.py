"""Domain types of a synthesis, named as analysts name them.

Every type is a frozen dataclass: state changes only by folding trail events
(see :mod:`synth.state`), never by mutating an object in place. Ids are stable:
they are made once, when the command that creates the thing runs, from the
thing's content (:func:`make_id`), and are stored in the event payload, so a
replay of the trail yields the same ids every time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

#: Who made a decision: an analyst, or a machine suggestion accepted headlessly.
Origin = Literal["analyst", "machine", "codebook"]


def make_id(prefix: str, *parts: object) -> str:
    """A short stable id: ``prefix`` plus 10 hex digits of SHA-256 over ``parts``."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:10]}"


def slugify(text: str, limit: int = 48) -> str:
    """A readable ASCII slug for ids and file names (``Songs of the Estate`` -> ``songs-of-the-estate``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "case"


@dataclass(frozen=True, slots=True)
class Field:
    """One question of a case study template."""

    id: str
    heading: str
    question: str = ""
    guidance: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    word_limit: int | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A case study template: the questions project teams answer, in order."""

    id: str
    name: str
    fields: tuple[Field, ...]
    description: str = ""
    version: int = 1

    @property
    def heading_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fields)

    def field(self, heading_id: str) -> Field:
        for f in self.fields:
            if f.id == heading_id:
                return f
        raise KeyError(heading_id)

    def heading(self, heading_id: str) -> str:
        """The heading of a field, or the id itself for a field the template lacks."""
        try:
            return self.field(heading_id).heading
        except KeyError:
            return heading_id


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """How a heading found in a form was placed under a template field."""

    heading_id: str
    heading: str
    confidence: float
    method: str = "fuzzy"  # exact | alias | fuzzy | column | manual


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A section of a form whose heading matched no template field."""

    heading: str
    text: str
    hint: str | None = None  # the nearest field id, for the analyst to consider
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class CaseStudy:
    """One project's completed form, as imported."""

    id: str
    title: str
    source: str
    sha256: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    matches: dict[str, FieldMatch] = field(default_factory=dict)
    unplaced: tuple[Unplaced, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    format: str = ""
    row: int | None = None  # the row of a spreadsheet export, counted from 1

    def answer(self, heading_id: str) -> str:
        return self.fields.get(heading_id, "")


SummaryStatus = Literal["accepted", "edited", "written"]


@dataclass(frozen=True, slots=True)
class Summary:
    """The uniform summary of one project's answer under one extraction heading.

    ``status`` says how the text came to be: a machine suggestion ``accepted``
    unchanged, a suggestion ``edited`` by an analyst, or ``written`` by hand.
    ``reviewed`` is False for machine-drafted text nobody has looked at (the
    headless ``synth run``), which the report flags.
    """

    case_id: str
    heading_id: str
    text: str
    status: SummaryStatus
    origin: Origin = "analyst"
    suggestion: str | None = None
    engine: str | None = None
    engine_version: str | None = None
    analyst: str = ""
    reviewed: bool = True


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme of one extraction heading: a similar or repeated answer across projects."""

    id: str
    heading: str  # the field id the theme belongs to
    label: str
    definition: str = ""
    case_ids: frozenset[str] = frozenset()  # case ids
    origin: Origin = "analyst"
    suggestion_key: str | None = None
    score: float | None = None
    analyst: str = ""


@dataclass(frozen=True, slots=True)
class Coding:
    """A theme applied to a span of a case's text under one field.

    ``target`` says which text the offsets count in: the accepted ``summary``
    or the original ``answer``. Offsets are Unicode code points from 0, end
    exclusive, as in REFI-QDA.
    """

    id: str
    theme_id: str
    case_id: str
    heading_id: str
    start: int
    end: int
    text: str
    target: Literal["summary", "answer"] = "summary"
    origin: Origin = "analyst"
    analyst: str = ""


@dataclass(frozen=True, slots=True)
class GeneralTheme:
    """A theme that develops from several headings (step 3), refined in step 4."""

    id: str
    label: str
    themes: tuple[str, ...] = ()  # member theme ids
    definition: str = ""
    origin: Origin = "analyst"
    analyst: str = ""


@dataclass(frozen=True, slots=True)
class Memo:
    """An analyst's note on a case, theme, general theme or the project."""

    id: str
    target: str  # "project", "case:<id>", "theme:<id>", "general:<id>", "field:<id>"
    text: str
    analyst: str = ""
    ts: str = ""


@dataclass(frozen=True, slots=True)
class CodebookEntry:
    """A code an analyst brings to the synthesis (deductive coding)."""

    name: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    heading: str | None = None  # restrict to one field, or None for every field
    parents: tuple[str, ...] = ()  # the names of the codes above it, outermost first ("Barriers", "Other")
    colour: str = ""  # "#rrggbb" as the tool that made the codebook showed it
    codable: bool = True  # False for a category that only groups codes (REFI-QDA isCodable="false")

    @property
    def path(self) -> tuple[str, ...]:
        """The code's place in its tree: the names from the outermost parent down to its own."""
        return (*self.parents, self.name)


# The domain types a project's state is built from: the snapshot (synth.snapshot) may build
# these and nothing else.
DOMAIN_TYPES = (
    Field,
    Template,
    FieldMatch,
    Unplaced,
    CaseStudy,
    Summary,
    Theme,
    Coding,
    GeneralTheme,
    Memo,
    CodebookEntry,
)
