"""The event kinds of step 4, general themes across headings: created, updated, merged, deleted, a
proposal set aside, their order; and the report prose an analyst writes over them.
"""

from dataclasses import replace
from typing import NotRequired

from synth.events.kind import Common, EventKind, short
from synth.events.project_state import ProjectState, ReportSection
from synth.events.record import Event
from synth.model import GeneralTheme


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


def _general_deleted(s: ProjectState, e: Event) -> None:
    s.general_themes.pop(e.payload["general_id"], None)


def _general_rejected(s: ProjectState, e: Event) -> None:
    s.rejected_general.add(e.payload["key"])


def _general_ordered(s: ProjectState, e: Event) -> None:
    order = [g for g in e.payload["order"] if g in s.general_themes]
    rest = [g for g in s.general_themes if g not in order]
    s.general_themes = {g: s.general_themes[g] for g in order + rest}


def _report_section_written(s: ProjectState, e: Event) -> None:
    section, text = e.payload["section"], e.payload["text"]
    if text.strip():
        s.report_sections[section] = ReportSection(section, text, e.analyst, e.ts)
    else:
        s.report_sections.pop(section, None)


class GeneralCreated(Common):
    general: dict  # {id, label, definition, themes [ids]}
    key: NotRequired[str]  # the proposal it came from


class GeneralUpdated(Common):
    general_id: str
    label: NotRequired[str]
    definition: NotRequired[str]
    themes: NotRequired[list[str]]


class GeneralMerged(Common):
    into: str
    generals: list[str]
    label: NotRequired[str]
    definition: NotRequired[str]


class GeneralDeleted(Common):
    general_id: str


class GeneralRejected(Common):
    key: str
    label: NotRequired[str]


class GeneralOrdered(Common):
    order: list[str]


class SectionWritten(Common):
    section: str  # discussion | conclusions | general:<id>
    text: str  # empty: back to the machine draft
    previous: NotRequired[str]


def _section_line(p: dict, n) -> str:
    done = "written" if p["text"].strip() else "back to the machine draft"
    return f"report {p['section']} {done}: {short(p['text'])}"


KINDS = (
    EventKind(
        "general.created",
        GeneralCreated,
        "a general theme: its label, definition and the themes it gathers",
        lambda p, n: f"general theme {p['general']['label']!r} ({len(p['general'].get('themes', []))} themes)",
        _general_created,
    ),
    EventKind(
        "general.updated",
        GeneralUpdated,
        "a general theme's new label, definition or themes",
        lambda p, n: (
            f"general theme {n(p['general_id'])} updated "
            f"({', '.join(k for k in p if k in ('label', 'definition', 'themes'))})"
        ),
        _general_updated,
    ),
    EventKind(
        "general.merged",
        GeneralMerged,
        "general themes merged into one",
        lambda p, n: f"merged general themes {', '.join(map(n, p['generals']))} into {n(p['into'])}",
        _general_merged,
    ),
    EventKind(
        "general.deleted",
        GeneralDeleted,
        "a general theme gone",
        "deleted general theme {general_id!n}",
        _general_deleted,
    ),
    EventKind(
        "general.rejected",
        GeneralRejected,
        "a collation or merge proposal set aside",
        lambda p, n: f"set aside proposal {p.get('label') or p['key']!r}",
        _general_rejected,
    ),
    EventKind(
        "general.ordered",
        GeneralOrdered,
        "the order general themes are reported in",
        lambda p, n: f"ordered {len(p['order'])} general themes",
        _general_ordered,
    ),
    EventKind(
        "report.section_written",
        SectionWritten,
        "report prose an analyst wrote (the Discussion, the Conclusions, a general theme's narrative)",
        _section_line,
        _report_section_written,
    ),
)
