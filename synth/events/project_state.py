"""The state of a synthesis project at one point of its trail: what every query reads.

The event catalogue's reducers build it (:mod:`synth.events`); :func:`synth.state.fold` runs them.
It lives here, below the reducers, so they can name it without an import cycle; :mod:`synth.state`
re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from synth.coding.model import CodingRound
from synth.model import CaseStudy, CodebookEntry, Coding, GeneralTheme, Memo, Summary, Template, Theme


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A section of the report an analyst wrote (the Discussion, the Conclusions, a general theme's narrative)."""

    section: str
    text: str
    analyst: str = ""
    ts: str = ""


@dataclass
class ProjectState:
    """Everything a synthesis holds at one point of its trail."""

    name: str = ""
    template: Template | None = None
    fields: tuple[str, ...] = ()
    cases: dict[str, CaseStudy] = field(default_factory=dict)
    summaries: dict[tuple[str, str], Summary] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    codings: dict[str, Coding] = field(default_factory=dict)
    rejected: set[tuple[str, str]] = field(default_factory=set)
    #: (heading, suggestion key or None, label) of themes and suggestions merged into another theme
    merged: set[tuple[str, str | None, str]] = field(default_factory=set)
    general_themes: dict[str, GeneralTheme] = field(default_factory=dict)
    rejected_general: set[str] = field(default_factory=set)
    memos: dict[str, Memo] = field(default_factory=dict)
    codebook: tuple[CodebookEntry, ...] = ()
    report_sections: dict[str, ReportSection] = field(default_factory=dict)  # analyst-written report prose
    rounds: dict[str, CodingRound] = field(default_factory=dict)
    imported: tuple[dict, ...] = ()  # the REFI-QDA projects brought in (project.imported payloads)
    seq: int = 0
    head: str = ""
    ts: str = ""

    # -- queries used across the core -----------------------------------------

    def case_by_sha(self, sha256: str) -> list[CaseStudy]:
        return [c for c in self.cases.values() if c.sha256 == sha256]

    def themes_of(self, heading: str) -> list[Theme]:
        return [t for t in self.themes.values() if t.heading == heading]

    def codings_of(self, theme_id: str) -> list[Coding]:
        return [c for c in self.codings.values() if c.theme_id == theme_id]

    def summary(self, case_id: str, heading_id: str) -> Summary | None:
        return self.summaries.get((case_id, heading_id))
