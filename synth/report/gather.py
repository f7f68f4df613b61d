"""What a report says, gathered once from a project's state and trail.

Every writer (Markdown, HTML, XLSX, REFI-QDA) reads one :class:`ReportData`, so
they cannot disagree about which cases, summaries, themes or decisions a
synthesis holds. The data is taken at ``project.state.seq``: a project opened
with ``as_of`` yields the report of that moment, and the trail statistics count
only the events up to it. Nothing here writes to the project.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from synth import __version__
from synth.model import CaseStudy, CodebookEntry, Coding, GeneralTheme, Memo, Summary, Template, Theme
from synth.report.coding_section import gather_coding
from synth.state import ProjectState, undone_txns
from synth.trail import Event, Verification

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "cf", "approx"}


def _sentences(flat: str) -> list[str]:
    """Split at sentence ends, keeping abbreviations such as "Dr." and "e.g." inside their sentence."""
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(flat):
        last = pieces[-1].rsplit(" ", 1)[-1].rstrip(".").lower() if pieces else ""
        if pieces and last in _ABBREVIATIONS:
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def first_sentences(text: str, limit_words: int = 60) -> str:
    """The opening sentence(s) of a text, up to about ``limit_words`` words, on one line."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    out: list[str] = []
    words = 0
    for sentence in _sentences(flat):
        n = len(sentence.split())
        if out and words + n > limit_words:
            break
        out.append(sentence)
        words += n
    result = " ".join(out)
    parts = result.split()
    if len(parts) > limit_words * 1.5:
        result = " ".join(parts[:limit_words]) + " …"
    return result


@dataclass(frozen=True)
class Quote:
    """A coded span, the evidence under a theme."""

    case_id: str
    case_title: str
    heading_id: str
    text: str
    target: str
    coding_id: str


@dataclass(frozen=True)
class ThemeEntry:
    """A theme with what it rests on, in reading order."""

    theme: Theme
    heading: str  # the field's heading, for readers
    case_ids: tuple[str, ...]  # case ids, in the report's case order
    quotes: tuple[Quote, ...]
    codings: tuple[Coding, ...]
    generals: tuple[str, ...]  # ids of the general themes it belongs to
    unreviewed: bool  # machine-made and never touched by an analyst


@dataclass(frozen=True)
class GeneralEntry:
    """A general theme with its member themes and the projects behind them."""

    general: GeneralTheme
    members: tuple[ThemeEntry, ...]
    case_ids: tuple[str, ...]
    headings: tuple[str, ...]  # field ids its members come from
    unreviewed: bool


@dataclass(frozen=True)
class Decisions:
    """How suggestions fared: kept as suggested, edited, rejected, or work done by hand."""

    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    by_hand: int = 0


@dataclass
class TrailStats:
    """The methods appendix: who did what, and what the machine did unreviewed."""

    events: int = 0
    commands: int = 0
    undone_commands: int = 0
    first_ts: str = ""
    last_ts: str = ""
    by_kind: dict[str, Counter] = field(default_factory=dict)  # kind -> analyst -> count
    machine_events: Counter = field(default_factory=Counter)  # analyst -> count of machine-made events
    analysts: tuple[str, ...] = ()
    summaries: Decisions = Decisions()
    themes: Decisions = Decisions()
    generals: Decisions = Decisions()
    unreviewed_summaries: tuple[tuple[str, str], ...] = ()
    unreviewed_themes: tuple[str, ...] = ()
    unreviewed_generals: tuple[str, ...] = ()
    machine_codings: int = 0
    stale_codings: tuple[str, ...] = ()  # codings whose stored text no longer matches their span


@dataclass
class ReportData:
    """Everything one report says, in the order it says it."""

    name: str
    template: Template | None
    fields: tuple[str, ...]
    cases: tuple[CaseStudy, ...]
    summaries: dict[tuple[str, str], Summary]
    themes: dict[str, tuple[ThemeEntry, ...]]  # field id -> themes, most supported first
    generals: tuple[GeneralEntry, ...]
    memos: tuple[Memo, ...]
    stats: TrailStats
    events: tuple[Event, ...]  # each with only its origin (and an import's case id): see build
    seq: int
    head: str
    ts: str
    as_of: str | None
    total_events: int
    verification: Verification | None
    codebook: tuple[CodebookEntry, ...] = ()  # the codebook the analysts brought (deductive codes)
    anchor: str = ""  # the signed anchor of the state shown (synth.anchors), one line of JSON
    coding: dict = field(default_factory=dict)  # double-coding rounds and machine vs human (report.coding_section)
    version: str = __version__
    sections: dict = field(default_factory=dict)  # section id -> synth.state.ReportSection the analysts wrote

    # -- lookups the writers share ------------------------------------------------

    @property
    def long_title(self) -> str:
        """``<name>: case study synthesis``, or the name alone when it already says synthesis."""
        return self.name if "synthesis" in self.name.casefold() else f"{self.name}: case study synthesis"

    def heading(self, heading_id: str) -> str:
        return self.template.heading(heading_id) if self.template else heading_id

    def question(self, heading_id: str) -> str:
        if self.template is None:
            return ""
        try:
            return self.template.field(heading_id).question
        except KeyError:
            return ""

    def title(self, case_id: str) -> str:
        case = self._case_index.get(case_id)
        return case.title if case else case_id

    def case(self, case_id: str) -> CaseStudy | None:
        """The case study of that id, or None."""
        return self._case_index.get(case_id)

    @cached_property
    def _case_index(self) -> dict[str, CaseStudy]:
        return {c.id: c for c in self.cases}

    @property
    def headings(self) -> tuple[str, ...]:
        """The extraction headings, then any other heading that still holds themes (fields changed later)."""
        return self.fields + tuple(f for f in self.themes if f not in self.fields)

    def all_themes(self) -> list[ThemeEntry]:
        return [t for f in self.fields for t in self.themes.get(f, ())] + [
            t for f, ts in self.themes.items() if f not in self.fields for t in ts
        ]

    def working_text(self, case_id: str, heading_id: str) -> tuple[str, str]:
        """The text themes work on: the summary if there is one, else the answer; and which."""
        s = self.summaries.get((case_id, heading_id))
        if s is not None:
            return s.text, "summary"
        case = self._case_index.get(case_id)
        return (case.answer(heading_id) if case else ""), "answer"

    def brief(self, case_id: str, heading_id: str, limit_words: int = 60) -> str:
        """A short entry for the project summaries: the summary if accepted, else the answer's opening."""
        s = self.summaries.get((case_id, heading_id))
        if s is not None and s.text.strip():
            return " ".join(s.text.split())
        case = self._case_index.get(case_id)
        return first_sentences(case.answer(heading_id), limit_words) if case else ""


# -- building ---------------------------------------------------------------------------


_NOT_TOUCHING = ("theme.created", "general.created")  # an analyst's own creation is not a touch of a machine draft


def _slim_payload(event: Event) -> dict:
    """What the writers read of an event's payload: its origin, an import's case id, an undo's transaction."""
    p = event.payload
    slim = {"origin": p["origin"]} if "origin" in p else {}
    if event.kind == "case.imported":
        slim["case"] = {"id": p["case"]["id"]}
    elif event.kind in ("undo", "redo"):
        slim["txn"] = p["txn"]
    return slim


def _referenced_ids(event: Event) -> set[str]:
    """Theme, general theme and coding ids an event acts on."""
    p = event.payload
    ids: set[str] = set()
    for key in ("theme_id", "into", "general_id", "coding_id"):
        if isinstance(p.get(key), str):
            ids.add(p[key])
    for key in ("themes", "generals"):
        if isinstance(p.get(key), list):
            ids.update(x for x in p[key] if isinstance(x, str))
    coding = p.get("coding")
    if isinstance(coding, dict) and isinstance(coding.get("theme_id"), str):
        ids.add(coding["theme_id"])
    return ids


def _stale(coding: Coding, text: str) -> bool:
    return bool(coding.text) and text[coding.start : coding.end] != coding.text


def _coded_text(state: ProjectState, c: Coding) -> str:
    """The text a coding's offsets count in: the summary (when it is the target and exists) or the answer."""
    s = state.summaries.get((c.case_id, c.heading_id))
    if c.target == "summary" and s is not None:
        return s.text
    case = state.cases.get(c.case_id)
    return case.answer(c.heading_id) if case else ""


def gather(project, verify: bool = True) -> ReportData:
    """Collect a report's contents from an open project (current or ``as_of``)."""
    state: ProjectState = project.state
    as_of = getattr(project, "as_of", None)
    events = project.trail.events(until_seq=state.seq, as_of=as_of) if state.seq else ()
    data = build(
        state,
        events,
        as_of=as_of,
        verification=project.trail.verify() if verify else None,
        total_events=project.trail.count(),
    )
    if state.seq and getattr(project, "signer", None) is not None:
        from synth.anchors import anchor_text, make_anchor

        data.anchor = anchor_text(make_anchor(project.trail, project.signer, state.seq, made=state.ts))
    return data


def build(
    state: ProjectState,
    events: Iterable[Event],
    *,
    as_of: str | None = None,
    verification: Verification | None = None,
    total_events: int | None = None,
) -> ReportData:
    """Build the report's contents from a folded state and the events it was folded from."""
    cases = tuple(sorted(state.cases.values(), key=lambda c: (c.title.casefold(), c.id)))
    order = {c.id: i for i, c in enumerate(cases)}
    # one pass over the events, keeping each without its payload (issue 12: the payloads hold every answer's text
    # again); the double-coding appendix, for a project with rounds, reads them whole
    full: list[Event] | None = [] if getattr(state, "rounds", None) else None
    slim: list[Event] = []
    undos: list[Event] = []
    marks: list[tuple[int, str, str | None, str | None, set[str]]] = []  # what the decisions count, per event
    for e in events:
        p = e.payload
        if full is not None:
            full.append(e)
        if e.kind in ("undo", "redo"):
            undos.append(e)
        general = (p["general"]["id"], p.get("key")) if e.kind == "general.created" else (None, None)
        refs = set() if p.get("origin") == "machine" or e.kind in _NOT_TOUCHING else _referenced_ids(e)
        if refs or general[0] is not None or e.kind in ("suggestion.rejected", "general.rejected"):
            marks.append((e.txn, e.kind, *general, refs))
        slim.append(e._replace(payload=_slim_payload(e)))
    events = tuple(slim)
    undone = undone_txns(undos)

    touched: set[str] = set()
    general_keys: dict[str, str | None] = {}
    rejected_themes = rejected_generals = 0
    for txn, kind, general_id, key, refs in marks:
        if txn in undone:
            continue
        if general_id is not None:
            general_keys[general_id] = key
        if kind == "suggestion.rejected":
            rejected_themes += 1
        if kind == "general.rejected":
            rejected_generals += 1
        touched |= refs

    theme_generals: dict[str, list[str]] = {}
    for g in state.general_themes.values():
        for tid in g.themes:
            theme_generals.setdefault(tid, []).append(g.id)

    by_theme: dict[str, list[Coding]] = {}
    for c in state.codings.values():
        by_theme.setdefault(c.theme_id, []).append(c)
    stale: list[str] = []
    entries: dict[str, ThemeEntry] = {}
    for theme in state.themes.values():
        codings = sorted(
            by_theme.get(theme.id, ()), key=lambda c: (order.get(c.case_id, 1 << 30), c.heading_id, c.start, c.id)
        )
        quotes = []
        for c in codings:
            text = c.text
            source = _coded_text(state, c)
            if _stale(c, source):
                stale.append(c.id)
            if not text:
                text = source[c.start : c.end]
            if text.strip():
                title = state.cases[c.case_id].title if c.case_id in state.cases else c.case_id
                quotes.append(Quote(c.case_id, title, c.heading_id, " ".join(text.split()), c.target, c.id))
        case_ids = tuple(sorted((p for p in theme.case_ids if p in order), key=order.__getitem__))
        entries[theme.id] = ThemeEntry(
            theme=theme,
            heading=state.template.heading(theme.heading) if state.template else theme.heading,
            case_ids=case_ids,
            quotes=tuple(quotes),
            codings=tuple(codings),
            generals=tuple(theme_generals.get(theme.id, ())),
            unreviewed=theme.origin == "machine" and theme.id not in touched,
        )

    by_heading: dict[str, list[ThemeEntry]] = {}
    for entry in entries.values():
        by_heading.setdefault(entry.theme.heading, []).append(entry)
    themes = {
        h: tuple(sorted(ts, key=lambda t: (-len(t.case_ids), -(t.theme.score or 0.0), t.theme.label.casefold())))
        for h, ts in by_heading.items()
    }

    generals = []
    for g in state.general_themes.values():
        members = tuple(entries[t] for t in g.themes if t in entries)
        case_ids = {p for m in members for p in m.case_ids}
        headings = tuple(dict.fromkeys(m.theme.heading for m in members))
        generals.append(
            GeneralEntry(
                general=g,
                members=members,
                case_ids=tuple(sorted(case_ids, key=order.__getitem__)),
                headings=headings,
                unreviewed=g.origin == "machine" and g.id not in touched,
            )
        )

    stats = _trail_stats(events, undone)
    stats.summaries = Decisions(
        accepted=sum(1 for s in state.summaries.values() if s.status == "accepted"),
        edited=sum(1 for s in state.summaries.values() if s.status == "edited"),
        by_hand=sum(1 for s in state.summaries.values() if s.status == "written"),
    )
    suggested = [e for e in entries.values() if e.theme.suggestion_key]
    stats.themes = Decisions(
        accepted=sum(1 for e in suggested if e.theme.id not in touched),
        edited=sum(1 for e in suggested if e.theme.id in touched),
        rejected=rejected_themes,
        by_hand=len(entries) - len(suggested),
    )
    proposed = [g for g in state.general_themes if general_keys.get(g)]
    stats.generals = Decisions(
        accepted=sum(1 for g in proposed if g not in touched),
        edited=sum(1 for g in proposed if g in touched),
        rejected=rejected_generals,
        by_hand=len(state.general_themes) - len(proposed),
    )
    stats.unreviewed_summaries = tuple(
        sorted(
            (k for k, s in state.summaries.items() if not s.reviewed),
            key=lambda k: (order.get(k[0], 0), state.fields.index(k[1]) if k[1] in state.fields else 1 << 30, k[1]),
        )
    )
    headings = (*state.fields, *(h for h in themes if h not in state.fields))
    stats.unreviewed_themes = tuple(e.theme.id for f in headings for e in themes.get(f, ()) if e.unreviewed)
    stats.unreviewed_generals = tuple(g.general.id for g in generals if g.unreviewed)
    stats.machine_codings = sum(1 for c in state.codings.values() if c.origin == "machine")
    stats.stale_codings = tuple(stale)

    return ReportData(
        name=state.name or "Untitled synthesis",
        template=state.template,
        fields=state.fields,
        cases=cases,
        summaries=dict(state.summaries),
        themes=themes,
        generals=tuple(generals),
        memos=tuple(state.memos.values()),
        codebook=tuple(state.codebook),
        sections=dict(state.report_sections),
        coding=gather_coding(state, tuple(full)) if full is not None else {},
        stats=stats,
        events=events,
        seq=state.seq,
        head=state.head,
        ts=state.ts,
        as_of=as_of,
        total_events=total_events if total_events is not None else len(events),
        verification=verification,
    )


def _trail_stats(events: tuple[Event, ...], undone: set[int]) -> TrailStats:
    stats = TrailStats()
    stats.events = len(events)
    stats.commands = len({e.txn for e in events})
    stats.undone_commands = len(undone)
    if events:
        stats.first_ts, stats.last_ts = events[0].ts, events[-1].ts
    by_kind: dict[str, Counter] = {}
    analysts: dict[str, None] = {}
    for e in events:
        if e.kind == "analyst.key_registered":  # the trail's bookkeeping, not a decision
            continue
        by_kind.setdefault(e.kind, Counter())[e.analyst] += 1
        analysts.setdefault(e.analyst, None)
        if e.payload.get("origin") == "machine":
            stats.machine_events[e.analyst] += 1
    stats.by_kind = dict(sorted(by_kind.items()))
    stats.analysts = tuple(analysts)
    return stats


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def unapplied_codes(data: ReportData) -> list[CodebookEntry]:
    """The codebook's codes that no theme (under their heading, or any heading) or general theme is named after."""
    themes = {(_norm(t.theme.label), t.theme.heading) for t in data.all_themes()}
    anywhere = {label for label, _ in themes} | {_norm(g.general.label) for g in data.generals}
    return [
        e
        for e in data.codebook
        if (_norm(e.name), e.heading) not in themes and (e.heading is not None or _norm(e.name) not in anywhere)
    ]
