"""Small edits of the state that reducers of more than one domain make: code a span, set the cases a
theme rests on, drop a theme from the general themes that hold it.
"""

from __future__ import annotations

from dataclasses import fields, replace

from synth.events.payloads import coding_from_dict
from synth.events.project_state import ProjectState
from synth.model import Theme

_INIT_FIELDS: dict[type, tuple[str, ...]] = {}


def replaced(value, **changes):
    """``dataclasses.replace`` without its per-call introspection (a theme is renamed ~10,000 times in a
    100,000-event replay); the same ``__init__`` runs, so the value is the same."""
    cls = type(value)
    names = _INIT_FIELDS.get(cls)
    if names is None:
        names = _INIT_FIELDS[cls] = tuple(f.name for f in fields(cls) if f.init)
    if not changes.keys() <= set(names):
        return replace(value, **changes)  # let dataclasses name the field that is wrong
    return cls(**{n: changes[n] if n in changes else getattr(value, n) for n in names})


def with_case_ids(t: Theme, case_ids: frozenset[str]) -> Theme:
    """``replace(t, projects=...)`` without its introspection: codings on new cases are the commonest event."""
    return Theme(t.id, t.heading, t.label, t.definition, case_ids, t.origin, t.suggestion_key, t.score, t.analyst)


def add_coding(s: ProjectState, data: dict, analyst: str) -> None:
    coding = coding_from_dict(data, analyst)
    s.codings[coding.id] = coding
    theme = s.themes.get(coding.theme_id)
    if theme is not None and coding.case_id not in theme.case_ids:
        s.themes[theme.id] = with_case_ids(theme, theme.case_ids | {coding.case_id})


def drop_theme(s: ProjectState, theme_id: str) -> None:
    s.themes.pop(theme_id, None)
    for g in list(s.general_themes.values()):
        if theme_id in g.themes:
            s.general_themes[g.id] = replace(g, themes=tuple(t for t in g.themes if t != theme_id))
