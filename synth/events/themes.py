"""The event kinds of step 3, themes: a theme created, renamed, defined, linked to or unlinked from a
case, merged, split or deleted, and a machine suggestion rejected, merged into a theme or restored.
While a coding round is open a coder's work goes to :mod:`synth.events.round_work` first.
"""

from typing import NotRequired

from synth.events.edits import add_coding, drop_theme
from synth.events.edits import replaced as replace
from synth.events.kind import Common, EventKind
from synth.events.payloads import theme_from_dict
from synth.events.project_state import ProjectState
from synth.events.record import Event
from synth.events.round_work import (
    round_link,
    round_rejected,
    round_theme_changed,
    round_theme_created,
    round_theme_merged,
)


def _theme_created(s: ProjectState, e: Event) -> None:
    if s.rounds and round_theme_created(s, e):
        return
    theme = theme_from_dict(e.payload["theme"], e.analyst)
    s.themes[theme.id] = theme
    for data in e.payload.get("codings", ()):
        add_coding(s, data, e.analyst)


def _theme_renamed(s: ProjectState, e: Event) -> None:
    if s.rounds and round_theme_changed(s, e):
        return
    t = s.themes.get(e.payload["theme_id"])
    if t is not None:
        s.themes[t.id] = replace(t, label=e.payload["label"])


def _theme_defined(s: ProjectState, e: Event) -> None:
    if s.rounds and round_theme_changed(s, e):
        return
    t = s.themes.get(e.payload["theme_id"])
    if t is not None:
        s.themes[t.id] = replace(t, definition=e.payload["definition"])


def _theme_project_added(s: ProjectState, e: Event) -> None:
    if s.rounds and round_link(s, e):
        return
    t = s.themes.get(e.payload["theme_id"])
    if t is not None:
        s.themes[t.id] = replace(t, case_ids=t.case_ids | {e.payload["case_id"]})


def _theme_project_removed(s: ProjectState, e: Event) -> None:
    if s.rounds and round_link(s, e):
        return
    theme_id, case_id = e.payload["theme_id"], e.payload["case_id"]
    t = s.themes.get(theme_id)
    if t is not None:
        s.themes[t.id] = replace(t, case_ids=t.case_ids - {case_id})
    for cid in [c.id for c in s.codings.values() if c.theme_id == theme_id and c.case_id == case_id]:
        del s.codings[cid]


def _theme_merged(s: ProjectState, e: Event) -> None:
    if s.rounds:
        round_theme_merged(s, e)
    p = e.payload
    into = s.themes.get(p["into"])
    if into is None:
        return
    case_ids = set(into.case_ids)
    for other_id in p["themes"]:
        other = s.themes.get(other_id)
        if other is None or other_id == into.id:
            continue
        case_ids |= other.case_ids
        s.merged.add((other.heading, other.suggestion_key, other.label))
        for c in [c for c in s.codings.values() if c.theme_id == other_id]:
            s.codings[c.id] = replace(c, theme_id=into.id)
        for g in list(s.general_themes.values()):
            if other_id in g.themes:
                members = tuple(dict.fromkeys(into.id if t == other_id else t for t in g.themes))
                s.general_themes[g.id] = replace(g, themes=members)
        s.themes.pop(other_id, None)
    s.themes[into.id] = replace(into, case_ids=frozenset(case_ids), label=p.get("label") or into.label)


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
    drop_theme(s, original.id)


def _theme_deleted(s: ProjectState, e: Event) -> None:
    if s.rounds and round_theme_changed(s, e):
        return
    theme_id = e.payload["theme_id"]
    for cid in [c.id for c in s.codings.values() if c.theme_id == theme_id]:
        del s.codings[cid]
    drop_theme(s, theme_id)


def _suggestion_rejected(s: ProjectState, e: Event) -> None:
    if s.rounds and round_rejected(s, e):
        return
    s.rejected.add((e.payload["heading"], e.payload["key"]))


def _suggestion_merged(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.merged.add((p["heading"], p["key"], p.get("label", "")))
    if p["into"] in s.themes:
        for data in p.get("codings", ()):
            add_coding(s, data, e.analyst)


def _suggestion_restored(s: ProjectState, e: Event) -> None:
    s.rejected.discard((e.payload["heading"], e.payload["key"]))


class ThemeCreated(Common):
    theme: dict  # see synth.state.theme_to_dict
    codings: NotRequired[list[dict]]  # see synth.state.coding_to_dict


class ThemeRenamed(Common):
    theme_id: str
    label: str
    previous: NotRequired[str]


class ThemeDefined(Common):
    theme_id: str
    definition: str


class ThemeCase(Common):
    theme_id: str
    case_id: str  # removed: the theme's codings on that case go too


class ThemeMerged(Common):
    into: str
    themes: list[str]  # the ids merged into it
    label: NotRequired[str]


class ThemeSplit(Common):
    theme_id: str  # the original goes
    parts: list[dict]  # [{theme, codings [coding ids]}]


class ThemeDeleted(Common):
    theme_id: str


class Suggestion(Common):
    heading: str
    key: str
    label: NotRequired[str]


class SuggestionMerged(Suggestion):
    into: str  # the theme it joins
    codings: NotRequired[list[dict]]


KINDS = (
    EventKind(
        "theme.created",
        ThemeCreated,
        "a theme of one heading, the cases it rests on and its first codings",
        lambda p, n: (
            f"{p['theme']['heading']}: theme {p['theme']['label']!r} ({len(p['theme'].get('projects', []))} projects)"
        ),
        _theme_created,
    ),
    EventKind(
        "theme.renamed",
        ThemeRenamed,
        "a theme's new label",
        lambda p, n: f"theme {n(p['theme_id'])} renamed {p.get('previous')!r} -> {p['label']!r}",
        _theme_renamed,
    ),
    EventKind(
        "theme.defined",
        ThemeDefined,
        "a theme's definition",
        "theme {theme_id!n} defined: {definition!t}",
        _theme_defined,
    ),
    EventKind(
        "theme.project_added",
        ThemeCase,
        "a case a theme rests on, added",
        "theme {theme_id!n}: + project {case_id!n}",
        _theme_project_added,
    ),
    EventKind(
        "theme.project_removed",
        ThemeCase,
        "a case a theme rests on, taken away with the theme's codings on it",
        "theme {theme_id!n}: - project {case_id!n}",
        _theme_project_removed,
    ),
    EventKind(
        "theme.merged",
        ThemeMerged,
        "themes merged into one: their cases and codings move to it",
        lambda p, n: f"merged {', '.join(map(n, p['themes']))} into {n(p['into'])}",
        _theme_merged,
    ),
    EventKind(
        "theme.split",
        ThemeSplit,
        "a theme split into parts, each with its share of the codings; the original goes",
        lambda p, n: f"split {n(p['theme_id'])} into {len(p['parts'])} themes",
        _theme_split,
    ),
    EventKind(
        "theme.deleted", ThemeDeleted, "a theme and its codings gone", "deleted theme {theme_id!n}", _theme_deleted
    ),
    EventKind(
        "suggestion.rejected",
        Suggestion,
        "a machine suggestion of a theme set aside",
        lambda p, n: f"{p['heading']}: rejected suggestion {p.get('label') or p['key']!r}",
        _suggestion_rejected,
    ),
    EventKind(
        "suggestion.merged",
        SuggestionMerged,
        "a machine suggestion merged into an existing theme, with its codings",
        lambda p, n: f"{p['heading']}: suggestion {p.get('label') or p['key']!r} merged into {n(p['into'])}",
        _suggestion_merged,
    ),
    EventKind(
        "suggestion.restored",
        Suggestion,
        "a rejected suggestion offered again",
        lambda p, n: f"{p['heading']}: restored suggestion {p.get('label') or p['key']!r}",
        _suggestion_restored,
    ),
)
