"""What the analyst browses, read off the project state: a case as one document, the codebook tree, case filters,
memos, rejected suggestions, and names for ids.

No Textual and no analysis here: each function is a lookup over
:class:`~synth.state.ProjectState` (or the trail, for what the state does not
keep), so the TUI and any other face show the same thing and it is tested
without a terminal.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from synth.model import CaseStudy, Theme
from synth.state import ProjectState

#: how many colours themes are told apart by; a theme's colour is stable across sessions (from its id)
COLOURS = 8


def theme_colour(theme_id: str) -> int:
    """A colour index 0..COLOURS-1 for a theme, the same every time (not the order themes happen to be in)."""
    return zlib.crc32(theme_id.encode()) % COLOURS


# -- names, never ids ---------------------------------------------------------------------------


def labels(state: ProjectState) -> dict[str, str]:
    """Every id the analyst could meet in a message, with what they call it: a case by its title, a theme or
    general theme by its label in quotes (as messages quote labels)."""
    out: dict[str, str] = {c.id: c.title for c in state.cases.values()}
    out.update({t.id: repr(t.label) for t in state.themes.values()})
    out.update({g.id: repr(g.label) for g in state.general_themes.values()})
    return out


def namer(state: ProjectState, before: dict[str, str] | None = None) -> Callable[[str], str]:
    """A function from an id (or a memo target such as ``theme:<id>``) to its name.

    ``before`` holds names from an earlier state (see :func:`labels`), for what a decision just took away
    (a deleted theme, an undone import). An id nobody knows stays as it is.
    """
    known = dict(before or {})
    known.update(labels(state))

    def name(ident: str) -> str:
        if ident in known:
            return known[ident]
        kind, _, rest = str(ident).partition(":")
        if kind == "field" and state.template is not None and rest in state.template.heading_ids:
            return state.template.heading(rest)
        if kind in ("case", "theme", "general") and rest:
            return name(rest)
        coding = state.codings.get(ident)
        if coding is not None:
            return f"a passage of {known.get(coding.case_id, coding.case_id)}"
        return ident

    return name


# -- the case document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A coded passage inside one section's text (code points from 0, end exclusive)."""

    start: int
    end: int
    theme_id: str
    label: str
    colour: int
    coding_id: str


@dataclass(frozen=True)
class Section:
    """One part of a case document: an answer (or its summary) under its heading, with its coded passages."""

    heading_id: str | None  # None: a section the import could not place
    heading: str
    target: str  # "answer", "summary" or "unplaced"
    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class CaseDocument:
    case_id: str
    title: str
    source: str
    attributes: dict[str, str]
    sections: tuple[Section, ...]

    @property
    def themes(self) -> list[tuple[str, str, int]]:
        """The (theme id, label, passages) coded anywhere in the case, most passages first."""
        count = Counter((s.theme_id, s.label) for sec in self.sections for s in sec.spans)
        return [(tid, label, n) for (tid, label), n in sorted(count.items(), key=lambda x: (-x[1], x[0][1].lower()))]


def case_document(state: ProjectState, case_id: str) -> CaseDocument:
    """The whole form of one case: each template field's answer under its heading, the accepted summary after
    it, then the unplaced sections, with every coding placed in the text it was made in."""
    case = state.cases[case_id]
    template = state.template
    by_place: dict[tuple[str, str], list[Span]] = {}
    for c in state.codings.values():
        if c.case_id != case_id:
            continue
        theme = state.themes.get(c.theme_id)
        label = theme.label if theme else c.theme_id
        by_place.setdefault((c.heading_id, c.target), []).append(
            Span(c.start, c.end, c.theme_id, label, theme_colour(c.theme_id), c.id)
        )
    sections: list[Section] = []
    heading_ids = list(template.heading_ids) if template else list(case.fields)
    for fid in heading_ids:
        heading = template.heading(fid) if template else fid
        answer = case.fields.get(fid, "")
        summary = state.summaries.get((case_id, fid))
        if not answer.strip() and summary is None:
            continue
        spans = sorted(by_place.get((fid, "answer"), ()), key=lambda s: (s.start, s.end))
        sections.append(Section(fid, heading, "answer", answer, tuple(spans)))
        if summary is not None:
            spans = sorted(by_place.get((fid, "summary"), ()), key=lambda s: (s.start, s.end))
            sections.append(Section(fid, heading, "summary", summary.text, tuple(spans)))
    for u in case.unplaced:
        sections.append(Section(None, u.heading, "unplaced", u.text))
    return CaseDocument(case.id, case.title, case.source, dict(case.attributes), tuple(sections))


# -- the codebook tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeNode:
    """A node of the codebook tree: a general theme, a theme, or a coded passage, with its counts."""

    kind: str  # "general", "theme", "coding", "heading"
    ident: str
    label: str
    n_cases: int
    codings: int
    children: tuple[CodeNode, ...] = ()
    case_ids: frozenset[str] = frozenset()


def _theme_node(state: ProjectState, t: Theme) -> CodeNode:
    codings = sorted(state.codings_of(t.id), key=lambda c: (c.case_id, c.start))
    children = tuple(
        CodeNode("coding", c.id, f"{state.cases[c.case_id].title if c.case_id in state.cases else c.case_id}: {c.text}",
                 1, 1, case_ids=frozenset({c.case_id}))
        for c in codings
    )  # fmt: skip
    heading = state.template.heading(t.heading) if state.template else t.heading
    return CodeNode("theme", t.id, f"{heading}: {t.label}", len(t.case_ids), len(codings), children, t.case_ids)


def codebook_tree(state: ProjectState) -> list[CodeNode]:
    """General themes > themes > codings, with projects and codings counted at each level; themes in no
    general theme come after, grouped under their heading."""
    nodes: list[CodeNode] = []
    placed: set[str] = set()
    for g in state.general_themes.values():
        members = [state.themes[t] for t in g.themes if t in state.themes]
        placed.update(t.id for t in members)
        children = tuple(_theme_node(state, t) for t in members)
        cases = frozenset().union(*(t.case_ids for t in members)) if members else frozenset()
        nodes.append(CodeNode("general", g.id, g.label, len(cases), sum(c.codings for c in children), children, cases))
    rest: dict[str, list[Theme]] = {}
    for t in state.themes.values():
        if t.id not in placed:
            rest.setdefault(t.heading, []).append(t)
    for fid, themes in rest.items():
        children = tuple(_theme_node(state, t) for t in sorted(themes, key=lambda t: t.label.lower()))
        cases = frozenset().union(*(t.case_ids for t in themes))
        heading = state.template.heading(fid) if state.template else fid
        nodes.append(CodeNode("heading", fid, f"{heading} (not collated)", len(cases),
                              sum(c.codings for c in children), children, cases))  # fmt: skip
    return nodes


# -- case filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilter:
    """Which cases the analyst is looking at: every condition must hold (an empty filter keeps every case).

    ``attributes``: a case attribute (from a Forms export's extra columns) equal to a value; ``format`` is
    always one. ``answered``: template fields the case has an answer under. ``contains``: (field id or
    "" for any field, words) the answer holds. ``theme``: a theme or general theme id the case is coded with.
    """

    attributes: tuple[tuple[str, str], ...] = ()
    answered: tuple[str, ...] = ()
    contains: tuple[str, str] | None = None
    theme: str | None = None
    theme_label: str = ""

    def __bool__(self) -> bool:
        return bool(self.attributes or self.answered or self.contains or self.theme)

    def describe(self, state: ProjectState) -> str:
        parts = [f"{k} = {v}" for k, v in self.attributes]
        parts += [f"answered {state.template.heading(f) if state.template else f}" for f in self.answered]
        if self.contains:
            where = (state.template.heading(self.contains[0]) if state.template else self.contains[0]) or "any answer"
            parts.append(f"{where} contains {self.contains[1]!r}")
        if self.theme:
            parts.append(f"coded {self.theme_label or self.theme!r}")
        return "; ".join(parts) or "every case"


def case_attributes(case: CaseStudy) -> dict[str, str]:
    """A case's attributes to filter on: what its form export carried, and the format it came in."""
    out = {k: str(v) for k, v in case.attributes.items() if str(v).strip()}
    if case.format:
        out.setdefault("format", case.format)
    return out


def attribute_values(state: ProjectState) -> dict[str, Counter]:
    """Each attribute name with its values and how many cases have each."""
    out: dict[str, Counter] = {}
    for case in state.cases.values():
        for k, v in case_attributes(case).items():
            out.setdefault(k, Counter())[v] += 1
    return dict(sorted(out.items()))


def theme_cases(state: ProjectState, ident: str) -> frozenset[str]:
    """The cases a theme, or every theme of a general theme, covers."""
    if ident in state.themes:
        return state.themes[ident].case_ids
    g = state.general_themes.get(ident)
    if g is None:
        return frozenset()
    return frozenset().union(*(state.themes[t].case_ids for t in g.themes if t in state.themes))


def matches(state: ProjectState, case: CaseStudy, f: CaseFilter) -> bool:
    attrs = case_attributes(case)
    if any(attrs.get(k) != v for k, v in f.attributes):
        return False
    if any(not case.fields.get(fid, "").strip() for fid in f.answered):
        return False
    if f.contains:
        fid, words = f.contains
        texts = [case.fields.get(fid, "")] if fid else list(case.fields.values())
        if not any(words.lower() in t.lower() for t in texts):
            return False
    return not (f.theme and case.id not in theme_cases(state, f.theme))


def filter_cases(state: ProjectState, f: CaseFilter | None) -> list[str]:
    """The ids of the cases the filter keeps, in import order."""
    if not f:
        return list(state.cases)
    return [c.id for c in state.cases.values() if matches(state, c, f)]


# -- memos and rejected suggestions -----------------------------------------------------------------


@dataclass(frozen=True)
class MemoRow:
    memo_id: str
    target: str
    about: str  # what the memo is on, by name
    analyst: str
    text: str


def memo_rows(state: ProjectState) -> list[MemoRow]:
    """Every memo, with what it is about named, newest last."""
    name = namer(state)
    rows = []
    for m in state.memos.values():
        about = "the project" if m.target == "project" else name(m.target)
        rows.append(MemoRow(m.id, m.target, about, m.analyst, m.text))
    return rows


@dataclass(frozen=True)
class Rejected:
    heading: str
    key: str
    label: str
    analyst: str
    ts: str


def rejected_suggestions(project, events: Iterable | None = None) -> list[Rejected]:
    """The suggestions set aside and still rejected, with their labels and who set them aside, newest first."""
    state = project.state
    found: dict[tuple[str, str], Rejected] = {}
    for e in events if events is not None else project.trail.events():
        if e.kind == "suggestion.rejected":
            p = e.payload
            found[(p["heading"], p["key"])] = Rejected(p["heading"], p["key"], str(p.get("label") or p["key"]),
                                                       e.analyst, e.ts)  # fmt: skip
    live = [r for k, r in found.items() if k in state.rejected]
    unknown = [Rejected(h, k, k, "", "") for h, k in sorted(state.rejected) if (h, k) not in found]
    return sorted(live, key=lambda r: r.ts, reverse=True) + unknown


__all__ = [
    "CaseDocument",
    "CaseFilter",
    "CodeNode",
    "MemoRow",
    "Rejected",
    "Section",
    "Span",
    "attribute_values",
    "case_document",
    "codebook_tree",
    "filter_cases",
    "labels",
    "memo_rows",
    "namer",
    "rejected_suggestions",
    "theme_colour",
]
