"""Project state as a fold over the coding trail.

:class:`ProjectState` is what every query reads; :func:`fold` builds it from
events. Each event kind has one reducer below, and its payload is the contract
between the command that writes it and everything that reads the trail.

Event kinds and their payloads (every payload may also carry ``origin``:
``"machine"`` for a decision synth made headlessly, and ``basis``: what the
decision rested on, such as the suggestion it accepted; reducers ignore both,
the report reads them). An event whose payload carries ``merged_from`` (``synth merge``)
is folded as its original analyst's, named there. While a round is open, its coders'
theme work in its scope is folded into the round (:mod:`synth.coding`), not the project:

=========================  ==============================================================
kind                       payload
=========================  ==============================================================
project.created            name, template (see :func:`template_to_dict`), fields [ids]
fields.set                 fields [ids]
template.set               template
case.imported              case (see :func:`case_to_dict`)
case.remapped              case_id, heading, from (field id or null: an unplaced section),
                           to (field id or null: make it unplaced), text
case.removed               case_id
summary.recorded           case_id, field_id, text, status (accepted|edited|written),
                           suggestion, engine, engine_version, answer, reviewed
summary.cleared            case_id, field_id
theme.created              theme (see :func:`theme_to_dict`), codings [coding dicts]
theme.renamed              theme_id, label, previous
theme.defined              theme_id, definition
theme.project_added        theme_id, case_id
theme.project_removed      theme_id, case_id (its codings on that case go too)
theme.merged               into, themes [ids merged into it], label (optional)
theme.split                theme_id, parts [{theme, codings [coding ids]}] (original goes)
theme.deleted              theme_id
suggestion.rejected        heading, key, label
suggestion.merged          heading, key, label, into (theme id), codings [coding dicts]
suggestion.restored        heading, key, label (a rejected suggestion offered again)
coding.added               coding (see :func:`coding_to_dict`; an imported one may carry
                           analyst: the coder named in the file)
coding.removed             coding_id
memo.written               memo {id, target, text, and for an imported note analyst: its writer}
general.created            general {id, label, definition, themes [ids]}, key (proposal)
general.updated            general_id, and any of label, definition, themes
general.merged             into, generals [ids], label (optional), definition (optional)
general.deleted            general_id
general.rejected           key, label (a collation or merge proposal set aside)
general.ordered            order [ids]
codebook.set               entries [{name, definition, include, exclude, examples,
                           heading, and optionally parents [names], colour, codable}], source
report.section_written     section (discussion | conclusions | general:<id>), text (empty: back
                           to the machine draft), previous
round.started              round (id), coders [names], headings [ids], cases [ids], sample, seed,
                           origin ("round" or "merge"); a merge's round adds revealed (true)
                           and work {coder: {links [[theme id, case id]], codings [dicts]}}
round.revealed             round (the coders' calls are compared from here; they are frozen)
reconcile.decided          round, case_id, heading, theme (label key), label, decision (yes|no),
                           why, calls {coder: bool}, won [coders whose call it matches], evidence
round.closed               round, themes [theme dicts + analyst], codings [coding dicts + analyst],
                           links [[theme id, case id]], superseded_codings [ids],
                           superseded_links [[theme id, case id]], outcome {counts, agreement}
project.imported           file, sha256, origin, users [{guid, name}], counts {sources, codes,
                           codings, memos}, skipped [lines] (a REFI-QDA project brought in)
undo / redo                txn (handled by :func:`active_events`)
analyst.key_registered     analyst, key (Ed25519 public key, hex), algorithm: the key that
                           signs this analyst's commands (no effect on the state; verify reads it)
=========================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from synth.coding.model import CoderWork, CodingRound, Decision
from synth.model import (
    CaseStudy,
    CodebookEntry,
    Coding,
    Field,
    FieldMatch,
    GeneralTheme,
    Memo,
    Summary,
    Template,
    Theme,
    Unplaced,
)
from synth.trail import Event

UNDOABLE_EXCLUDED = {"undo", "redo", "project.created", "analyst.key_registered"}


# -- payload (de)serialisation ---------------------------------------------------


def template_to_dict(template: Template) -> dict:
    return {
        "id": template.id,
        "name": template.name,
        "description": template.description,
        "version": template.version,
        "fields": [
            {
                "id": f.id,
                "heading": f.heading,
                "question": f.question,
                "guidance": f.guidance,
                "aliases": list(f.aliases),
                "required": f.required,
                "word_limit": f.word_limit,
            }
            for f in template.fields
        ],
    }


def template_from_dict(data: dict) -> Template:
    return Template(
        id=data["id"],
        name=data.get("name", data["id"]),
        description=data.get("description", ""),
        version=data.get("version", 1),
        fields=tuple(
            Field(
                id=f["id"],
                heading=f["heading"],
                question=f.get("question", ""),
                guidance=f.get("guidance", ""),
                aliases=tuple(f.get("aliases", ())),
                required=bool(f.get("required", False)),
                word_limit=f.get("word_limit"),
            )
            for f in data["fields"]
        ),
    )


def matches_to_dict(matches: dict[str, FieldMatch]) -> dict:
    return {k: {"heading": m.heading, "confidence": m.confidence, "method": m.method} for k, m in matches.items()}


def unplaced_to_list(unplaced: Iterable[Unplaced]) -> list[dict]:
    return [{"heading": u.heading, "text": u.text, "hint": u.hint, "score": u.score} for u in unplaced]


def case_to_dict(case: CaseStudy) -> dict:
    return {
        "id": case.id,
        "title": case.title,
        "source": case.source,
        "sha256": case.sha256,
        "format": case.format,
        "row": case.row,
        "fields": dict(case.fields),
        "matches": matches_to_dict(case.matches),
        "unplaced": unplaced_to_list(case.unplaced),
        "attributes": dict(case.attributes),
    }


def case_from_dict(data: dict) -> CaseStudy:
    return CaseStudy(
        id=data["id"],
        title=data["title"],
        source=data.get("source", ""),
        sha256=data.get("sha256", ""),
        format=data.get("format", ""),
        row=data.get("row"),
        fields=dict(data.get("fields", {})),
        matches={
            k: FieldMatch(k, m["heading"], m["confidence"], m.get("method", "fuzzy"))
            for k, m in data.get("matches", {}).items()
        },
        unplaced=tuple(
            Unplaced(u["heading"], u["text"], u.get("hint"), u.get("score", 0.0)) for u in data.get("unplaced", ())
        ),
        attributes=dict(data.get("attributes", {})),
    )


def theme_to_dict(theme: Theme) -> dict:
    return {
        "id": theme.id,
        "heading": theme.heading,
        "label": theme.label,
        "definition": theme.definition,
        "projects": sorted(theme.projects),
        "origin": theme.origin,
        "suggestion_key": theme.suggestion_key,
        "score": theme.score,
    }


def theme_from_dict(data: dict, analyst: str = "") -> Theme:
    return Theme(
        id=data["id"],
        heading=data["heading"],
        label=data["label"],
        definition=data.get("definition", ""),
        projects=frozenset(data.get("projects", ())),
        origin=data.get("origin", "analyst"),
        suggestion_key=data.get("suggestion_key"),
        score=data.get("score"),
        analyst=analyst,
    )


def coding_to_dict(coding: Coding) -> dict:
    return {
        "id": coding.id,
        "theme_id": coding.theme_id,
        "case_id": coding.case_id,
        "field_id": coding.field_id,
        "start": coding.start,
        "end": coding.end,
        "text": coding.text,
        "target": coding.target,
        "origin": coding.origin,
    }


def coding_from_dict(data: dict, analyst: str = "") -> Coding:
    return Coding(
        id=data["id"],
        theme_id=data["theme_id"],
        case_id=data["case_id"],
        field_id=data["field_id"],
        start=int(data["start"]),
        end=int(data["end"]),
        text=data.get("text", ""),
        target=data.get("target", "summary"),
        origin=data.get("origin", "analyst"),
        analyst=data.get("analyst") or analyst,  # a coding imported from another tool keeps its coder
    )


def general_to_dict(general: GeneralTheme) -> dict:
    return {
        "id": general.id,
        "label": general.label,
        "definition": general.definition,
        "themes": list(general.themes),
        "origin": general.origin,
    }


def codebook_entry_to_dict(entry: CodebookEntry) -> dict:
    data = {
        "name": entry.name,
        "definition": entry.definition,
        "include": entry.include,
        "exclude": entry.exclude,
        "examples": list(entry.examples),
        "heading": entry.heading,
    }
    # hierarchy, colour and categories only when there are some, so a flat codebook's payload stays as it was
    if entry.parents:
        data["parents"] = list(entry.parents)
    if entry.colour:
        data["colour"] = entry.colour
    if not entry.codable:
        data["codable"] = False
    return data


def codebook_entry_from_dict(data: dict) -> CodebookEntry:
    return CodebookEntry(
        name=data["name"],
        definition=data.get("definition", ""),
        include=data.get("include", ""),
        exclude=data.get("exclude", ""),
        examples=tuple(data.get("examples", ())),
        heading=data.get("heading"),
        parents=tuple(data.get("parents", ())),
        colour=data.get("colour", ""),
        codable=bool(data.get("codable", True)),
    )


# -- the state ------------------------------------------------------------------


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

    def summary(self, case_id: str, field_id: str) -> Summary | None:
        return self.summaries.get((case_id, field_id))


Reducer = Callable[[ProjectState, Event], None]
REDUCERS: dict[str, Reducer] = {}


def reducer(kind: str) -> Callable[[Reducer], Reducer]:
    def register(fn: Reducer) -> Reducer:
        REDUCERS[kind] = fn
        return fn

    return register


@reducer("project.created")
def _project_created(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.name = p["name"]
    s.template = template_from_dict(p["template"])
    s.fields = tuple(p.get("fields") or s.template.field_ids)


@reducer("fields.set")
def _fields_set(s: ProjectState, e: Event) -> None:
    s.fields = tuple(e.payload["fields"])


@reducer("template.set")
def _template_set(s: ProjectState, e: Event) -> None:
    s.template = template_from_dict(e.payload["template"])


@reducer("case.imported")
def _case_imported(s: ProjectState, e: Event) -> None:
    case = case_from_dict(e.payload["case"])
    s.cases[case.id] = case


@reducer("case.remapped")
def _case_remapped(s: ProjectState, e: Event) -> None:
    p = e.payload
    case = s.cases.get(p["case_id"])
    if case is None:
        return
    fields = dict(case.fields)
    matches = dict(case.matches)
    unplaced = list(case.unplaced)
    source, target, heading = p.get("from"), p.get("to"), p.get("heading", "")
    if source is None:
        text = p.get("text", "")
        for i, u in enumerate(unplaced):
            if u.heading == heading:
                text = u.text
                del unplaced[i]
                break
    else:
        text = fields.pop(source, p.get("text", ""))
        old = matches.pop(source, None)
        heading = old.heading if old else heading
    if target is None:
        unplaced.append(Unplaced(heading, text))
    else:
        fields[target] = f"{fields[target]}\n\n{text}" if fields.get(target) else text
        matches[target] = FieldMatch(target, heading, 1.0, "manual")
    s.cases[case.id] = replace(case, fields=fields, matches=matches, unplaced=tuple(unplaced))


@reducer("case.removed")
def _case_removed(s: ProjectState, e: Event) -> None:
    case_id = e.payload["case_id"]
    s.cases.pop(case_id, None)
    for key in [k for k in s.summaries if k[0] == case_id]:
        del s.summaries[key]
    for cid in [c.id for c in s.codings.values() if c.case_id == case_id]:
        del s.codings[cid]
    for t in list(s.themes.values()):
        if case_id in t.projects:
            s.themes[t.id] = replace(t, projects=t.projects - {case_id})


@reducer("summary.recorded")
def _summary_recorded(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.summaries[(p["case_id"], p["field_id"])] = Summary(
        case_id=p["case_id"],
        field_id=p["field_id"],
        text=p["text"],
        status=p["status"],
        origin=p.get("origin", "analyst"),
        suggestion=p.get("suggestion"),
        engine=p.get("engine"),
        engine_version=p.get("engine_version"),
        analyst=e.analyst,
        reviewed=p.get("reviewed", True),
    )


@reducer("summary.cleared")
def _summary_cleared(s: ProjectState, e: Event) -> None:
    s.summaries.pop((e.payload["case_id"], e.payload["field_id"]), None)


def _with_projects(t: Theme, projects: frozenset[str]) -> Theme:
    """``replace(t, projects=...)`` without its introspection: codings on new cases are the commonest event."""
    return Theme(t.id, t.heading, t.label, t.definition, projects, t.origin, t.suggestion_key, t.score, t.analyst)


def _add_coding(s: ProjectState, data: dict, analyst: str) -> None:
    coding = coding_from_dict(data, analyst)
    s.codings[coding.id] = coding
    theme = s.themes.get(coding.theme_id)
    if theme is not None and coding.case_id not in theme.projects:
        s.themes[theme.id] = _with_projects(theme, theme.projects | {coding.case_id})


@reducer("theme.created")
def _theme_created(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_theme_created(s, e):
        return
    theme = theme_from_dict(e.payload["theme"], e.analyst)
    s.themes[theme.id] = theme
    for data in e.payload.get("codings", ()):
        _add_coding(s, data, e.analyst)


@reducer("theme.renamed")
def _theme_renamed(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_theme_changed(s, e):
        return
    t = s.themes.get(e.payload["theme_id"])
    if t is not None:
        s.themes[t.id] = replace(t, label=e.payload["label"])


@reducer("theme.defined")
def _theme_defined(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_theme_changed(s, e):
        return
    t = s.themes.get(e.payload["theme_id"])
    if t is not None:
        s.themes[t.id] = replace(t, definition=e.payload["definition"])


@reducer("theme.project_added")
def _theme_project_added(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_link(s, e):
        return
    t = s.themes.get(e.payload["theme_id"])
    if t is not None:
        s.themes[t.id] = replace(t, projects=t.projects | {e.payload["case_id"]})


@reducer("theme.project_removed")
def _theme_project_removed(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_link(s, e):
        return
    theme_id, case_id = e.payload["theme_id"], e.payload["case_id"]
    t = s.themes.get(theme_id)
    if t is not None:
        s.themes[t.id] = replace(t, projects=t.projects - {case_id})
    for cid in [c.id for c in s.codings.values() if c.theme_id == theme_id and c.case_id == case_id]:
        del s.codings[cid]


def _drop_theme(s: ProjectState, theme_id: str) -> None:
    s.themes.pop(theme_id, None)
    for g in list(s.general_themes.values()):
        if theme_id in g.themes:
            s.general_themes[g.id] = replace(g, themes=tuple(t for t in g.themes if t != theme_id))


@reducer("theme.merged")
def _theme_merged(s: ProjectState, e: Event) -> None:
    if s.rounds:
        _round_theme_merged(s, e)
    p = e.payload
    into = s.themes.get(p["into"])
    if into is None:
        return
    projects = set(into.projects)
    for other_id in p["themes"]:
        other = s.themes.get(other_id)
        if other is None or other_id == into.id:
            continue
        projects |= other.projects
        s.merged.add((other.heading, other.suggestion_key, other.label))
        for c in [c for c in s.codings.values() if c.theme_id == other_id]:
            s.codings[c.id] = replace(c, theme_id=into.id)
        for g in list(s.general_themes.values()):
            if other_id in g.themes:
                members = tuple(dict.fromkeys(into.id if t == other_id else t for t in g.themes))
                s.general_themes[g.id] = replace(g, themes=members)
        s.themes.pop(other_id, None)
    s.themes[into.id] = replace(into, projects=frozenset(projects), label=p.get("label") or into.label)


@reducer("theme.split")
def _theme_split(s: ProjectState, e: Event) -> None:
    p = e.payload
    original = s.themes.get(p["theme_id"])
    if original is None:
        return
    for part in p["parts"]:
        theme = theme_from_dict(part["theme"], e.analyst)
        s.themes[theme.id] = theme
        for coding_id in part.get("codings", ()):
            c = s.codings.get(coding_id)
            if c is not None:
                s.codings[coding_id] = replace(c, theme_id=theme.id)
    for c in [c for c in s.codings.values() if c.theme_id == original.id]:
        del s.codings[c.id]
    _drop_theme(s, original.id)


@reducer("theme.deleted")
def _theme_deleted(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_theme_changed(s, e):
        return
    theme_id = e.payload["theme_id"]
    for cid in [c.id for c in s.codings.values() if c.theme_id == theme_id]:
        del s.codings[cid]
    _drop_theme(s, theme_id)


@reducer("suggestion.rejected")
def _suggestion_rejected(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_rejected(s, e):
        return
    s.rejected.add((e.payload["heading"], e.payload["key"]))


@reducer("suggestion.merged")
def _suggestion_merged(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.merged.add((p["heading"], p["key"], p.get("label", "")))
    if p["into"] in s.themes:
        for data in p.get("codings", ()):
            _add_coding(s, data, e.analyst)


@reducer("suggestion.restored")
def _suggestion_restored(s: ProjectState, e: Event) -> None:
    s.rejected.discard((e.payload["heading"], e.payload["key"]))


@reducer("coding.added")
def _coding_added(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_coding(s, e):
        return
    _add_coding(s, e.payload["coding"], e.analyst)


@reducer("coding.removed")
def _coding_removed(s: ProjectState, e: Event) -> None:
    if s.rounds and _round_coding(s, e):
        return
    s.codings.pop(e.payload["coding_id"], None)


@reducer("memo.written")
def _memo_written(s: ProjectState, e: Event) -> None:
    m = e.payload["memo"]
    s.memos[m["id"]] = Memo(m["id"], m["target"], m["text"], m.get("analyst") or e.analyst, e.ts)


@reducer("general.created")
def _general_created(s: ProjectState, e: Event) -> None:
    g = e.payload["general"]
    s.general_themes[g["id"]] = GeneralTheme(
        id=g["id"],
        label=g["label"],
        themes=tuple(g.get("themes", ())),
        definition=g.get("definition", ""),
        origin=g.get("origin", e.payload.get("origin", "analyst")),
        analyst=e.analyst,
    )


@reducer("general.updated")
def _general_updated(s: ProjectState, e: Event) -> None:
    p = e.payload
    g = s.general_themes.get(p["general_id"])
    if g is None:
        return
    changes: dict = {}
    if "label" in p:
        changes["label"] = p["label"]
    if "definition" in p:
        changes["definition"] = p["definition"]
    if "themes" in p:
        changes["themes"] = tuple(p["themes"])
    s.general_themes[g.id] = replace(g, **changes)


@reducer("general.merged")
def _general_merged(s: ProjectState, e: Event) -> None:
    p = e.payload
    into = s.general_themes.get(p["into"])
    if into is None:
        return
    members = list(into.themes)
    for other_id in p["generals"]:
        other = s.general_themes.pop(other_id, None) if other_id != into.id else None
        if other is not None:
            members.extend(other.themes)
    s.general_themes[into.id] = replace(
        into,
        themes=tuple(dict.fromkeys(members)),
        label=p.get("label") or into.label,
        definition=p.get("definition") or into.definition,
    )


@reducer("general.deleted")
def _general_deleted(s: ProjectState, e: Event) -> None:
    s.general_themes.pop(e.payload["general_id"], None)


@reducer("general.rejected")
def _general_rejected(s: ProjectState, e: Event) -> None:
    s.rejected_general.add(e.payload["key"])


@reducer("general.ordered")
def _general_ordered(s: ProjectState, e: Event) -> None:
    order = [g for g in e.payload["order"] if g in s.general_themes]
    rest = [g for g in s.general_themes if g not in order]
    s.general_themes = {g: s.general_themes[g] for g in order + rest}


@reducer("codebook.set")
def _codebook_set(s: ProjectState, e: Event) -> None:
    s.codebook = tuple(codebook_entry_from_dict(c) for c in e.payload["entries"])


@reducer("report.section_written")
def _report_section_written(s: ProjectState, e: Event) -> None:
    section, text = e.payload["section"], e.payload["text"]
    if text.strip():
        s.report_sections[section] = ReportSection(section, text, e.analyst, e.ts)
    else:
        s.report_sections.pop(section, None)


# -- blind double-coding rounds (synth.coding) ---------------------------------------------


def _round_of(s: ProjectState, analyst: str, heading: str) -> CodingRound | None:
    """The open round in which ``analyst`` codes ``heading``, if any."""
    for r in s.rounds.values():
        if r.is_open and analyst in r.work and r.covers_heading(heading):
            return r
    return None


def _private_theme(s: ProjectState, analyst: str, theme_id: str) -> CoderWork | None:
    """The round work of ``analyst`` that holds theme ``theme_id`` (a theme they made during an open round)."""
    for r in s.rounds.values():
        if r.is_open and analyst in r.work and theme_id in r.work[analyst].themes:
            return r.work[analyst]
    return None


def _work_for(s: ProjectState, analyst: str, theme_id: str, case_id: str) -> CoderWork | None:
    """Where a coder's link or coding of ``theme_id`` on ``case_id`` belongs: their round work, or None (the project)."""
    work = _private_theme(s, analyst, theme_id)
    if work is not None:
        return work
    theme = s.themes.get(theme_id)
    if theme is None:
        return None
    r = _round_of(s, analyst, theme.heading)
    if r is not None and r.covers(case_id, theme.heading):
        return r.work[analyst]
    return None


def _round_theme_created(s: ProjectState, e: Event) -> bool:
    data = e.payload["theme"]
    r = _round_of(s, e.analyst, data["heading"])
    if r is None:
        return False
    work = r.work[e.analyst]
    theme = theme_from_dict(data, e.analyst)
    work.themes[theme.id] = _with_projects(theme, frozenset())
    work.links.update((theme.id, c) for c in theme.projects)
    for c in e.payload.get("codings", ()):
        coding = coding_from_dict(c, e.analyst)
        work.codings[coding.id] = coding
        work.links.add((coding.theme_id, coding.case_id))
    return True


def _round_theme_changed(s: ProjectState, e: Event) -> bool:
    theme_id = e.payload["theme_id"]
    work = _private_theme(s, e.analyst, theme_id)
    if work is None:
        if e.kind == "theme.deleted":  # a shared theme gone: so are the coders' codings with it
            for r in s.rounds.values():
                for w in r.work.values() if r.is_open else ():
                    _drop_work_theme(w, theme_id)
        return False
    t = work.themes[theme_id]
    if e.kind == "theme.renamed":
        work.themes[theme_id] = replace(t, label=e.payload["label"])
    elif e.kind == "theme.defined":
        work.themes[theme_id] = replace(t, definition=e.payload["definition"])
    else:
        del work.themes[theme_id]
        _drop_work_theme(work, theme_id)
    return True


def _drop_work_theme(work: CoderWork, theme_id: str) -> None:
    work.links = {k for k in work.links if k[0] != theme_id}
    for cid in [c.id for c in work.codings.values() if c.theme_id == theme_id]:
        del work.codings[cid]


def _round_link(s: ProjectState, e: Event) -> bool:
    theme_id, case_id = e.payload["theme_id"], e.payload["case_id"]
    work = _work_for(s, e.analyst, theme_id, case_id)
    if work is None:
        return False
    if e.kind == "theme.project_added":
        work.links.add((theme_id, case_id))
    else:
        work.links.discard((theme_id, case_id))
        for cid in [c.id for c in work.codings.values() if c.theme_id == theme_id and c.case_id == case_id]:
            del work.codings[cid]
    return True


def _round_coding(s: ProjectState, e: Event) -> bool:
    if e.kind == "coding.removed":
        for r in s.rounds.values():
            work = r.work.get(e.analyst) if r.is_open else None
            if work is not None and work.codings.pop(e.payload["coding_id"], None) is not None:
                return True
        return False
    data = e.payload["coding"]
    work = _work_for(s, e.analyst, data["theme_id"], data["case_id"])
    if work is None:
        return False
    coding = coding_from_dict(data, e.analyst)
    work.codings[coding.id] = coding
    work.links.add((coding.theme_id, coding.case_id))
    return True


def _round_rejected(s: ProjectState, e: Event) -> bool:
    r = _round_of(s, e.analyst, e.payload["heading"])
    if r is None:
        return False
    r.work[e.analyst].rejected.add((e.payload["heading"], e.payload["key"]))
    return True


def _round_theme_merged(s: ProjectState, e: Event) -> None:
    """Shared themes merged while a round is open: the coders' links and codings move with them."""
    into, merged = e.payload["into"], set(e.payload["themes"]) - {e.payload["into"]}
    for r in s.rounds.values():
        for work in r.work.values() if r.is_open else ():
            work.links = {(into if t in merged else t, c) for t, c in work.links}
            for c in list(work.codings.values()):
                if c.theme_id in merged:
                    work.codings[c.id] = replace(c, theme_id=into)


@reducer("round.started")
def _round_started(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.rounds[p["round"]] = CodingRound(
        id=p["round"],
        coders=tuple(p["coders"]),
        headings=tuple(p["headings"]),
        cases=tuple(p["cases"]),
        started_by=e.analyst,
        started_ts=e.ts,
        started_seq=e.seq,
        sample=p.get("sample"),
        seed=p.get("seed"),
        origin=p.get("origin", "round"),
    )
    r = s.rounds[p["round"]]
    if p.get("revealed"):  # a merge's round: the two copies' calls, compared from the start
        r.revealed_by, r.revealed_ts = e.analyst, e.ts
    for coder, given in p.get("work", {}).items():
        work = r.work.setdefault(coder, CoderWork())
        work.links.update((t, c) for t, c in given.get("links", ()))
        for data in given.get("codings", ()):
            coding = coding_from_dict(data, data.get("analyst") or coder)
            work.codings[coding.id] = coding


@reducer("round.revealed")
def _round_revealed(s: ProjectState, e: Event) -> None:
    r = s.rounds.get(e.payload["round"])
    if r is not None and not r.revealed_ts:
        r.revealed_by, r.revealed_ts = e.analyst, e.ts


@reducer("reconcile.decided")
def _reconcile_decided(s: ProjectState, e: Event) -> None:
    p = e.payload
    r = s.rounds.get(p["round"])
    if r is None:
        return
    key = (p["case_id"], p["heading"], p["theme"])
    r.decisions[key] = Decision(
        case_id=p["case_id"],
        heading=p["heading"],
        theme=p["theme"],
        label=p.get("label", p["theme"]),
        present=p["decision"] == "yes",
        why=p.get("why", ""),
        analyst=e.analyst,
        ts=e.ts,
        seq=e.seq,
        calls=tuple(sorted((k, bool(v)) for k, v in p.get("calls", {}).items())),
        won=tuple(p.get("won", ())),
    )


@reducer("round.closed")
def _round_closed(s: ProjectState, e: Event) -> None:
    p = e.payload
    r = s.rounds.get(p["round"])
    if r is None or r.closed_ts:
        return
    r.closed_by, r.closed_ts, r.closed_seq = e.analyst, e.ts, e.seq
    r.outcome = dict(p.get("outcome", {}))
    for cid in p.get("superseded_codings", ()):
        s.codings.pop(cid, None)
    for theme_id, case_id in p.get("superseded_links", ()):
        t = s.themes.get(theme_id)
        if t is not None and case_id in t.projects:
            s.themes[theme_id] = _with_projects(t, t.projects - {case_id})
    for data in p.get("themes", ()):
        theme = theme_from_dict(data, data.get("analyst") or e.analyst)
        s.themes[theme.id] = theme
    for theme_id, case_id in p.get("links", ()):
        t = s.themes.get(theme_id)
        if t is not None and case_id not in t.projects:
            s.themes[theme_id] = _with_projects(t, t.projects | {case_id})
    for data in p.get("codings", ()):
        _add_coding(s, data, data.get("analyst") or e.analyst)


@reducer("project.imported")
def _project_imported(s: ProjectState, e: Event) -> None:
    s.imported = (*s.imported, dict(e.payload))


# -- folding ----------------------------------------------------------------------


def undone_txns(events: Iterable[Event]) -> set[int]:
    """The transactions that undo events have taken back (and redo not restored)."""
    undone: set[int] = set()
    for e in events:
        if e.kind == "undo":
            undone.add(e.payload["txn"])
        elif e.kind == "redo":
            undone.discard(e.payload["txn"])
    return undone


def apply(state: ProjectState, event: Event) -> None:
    """Fold one event into the state (undo and redo are handled by :func:`fold`)."""
    fn = REDUCERS.get(event.kind)
    if fn is not None:
        merged = event.payload.get("merged_from")
        if merged is not None:  # brought in by synth merge: it is its original analyst's decision
            event = event._replace(analyst=merged.get("analyst", event.analyst))
        fn(state, event)
    state.seq, state.head, state.ts = event.seq, event.hash, event.ts


def fold(events: Iterable[Event], state: ProjectState | None = None) -> ProjectState:
    """The state after a run of events, skipping transactions that were undone."""
    events = list(events)
    undone = undone_txns(events)
    state = state if state is not None else ProjectState()
    for event in events:
        if event.txn in undone:
            state.seq, state.head, state.ts = event.seq, event.hash, event.ts
            continue
        apply(state, event)
    return state
