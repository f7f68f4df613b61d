"""Coding by theme label, for ``synth code`` and ``synth uncode``: the same theme actions the TUI calls.

A theme is found under its heading by label (case and spacing ignored) among
the themes the analyst sees (inside an open round, their own and the shared
ones), and made if it is new. ``text`` names the span to code: the first place
it occurs in the case's working text under that heading (exactly, else ignoring
case and spacing); without it, the case is put under the theme as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from synth.coding.model import label_key
from synth.coding.rounds import RoundError, pick_cases, working_text
from synth.model import Coding, Theme
from synth.themes import actions


@dataclass(frozen=True)
class Coded:
    theme: Theme
    case_id: str
    coding: Coding | None
    created_theme: bool


def find_theme(state, heading: str, label: str) -> Theme | None:
    key = label_key(label)
    for t in state.themes_of(heading):
        if label_key(t.label) == key:
            return t
    return None


def find_span(text: str, span: str) -> tuple[int, int] | None:
    """Where ``span`` first occurs in ``text``: exactly, else ignoring case and runs of spacing."""
    span = span.strip()
    if not span:
        return None
    at = text.find(span)
    if at >= 0:
        return at, at + len(span)
    pattern = r"\s+".join(re.escape(w) for w in span.split())
    m = re.search(pattern, text, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _where(project, heading: str, case: str) -> str:
    state = project.state
    actions._heading(project, heading)
    case_id = pick_cases(state, [case])[0]
    return case_id


def code(project, heading: str, case: str, label: str, text: str | None = None) -> Coded:
    """Apply a theme (by label, made if new) to a case under a heading, optionally to one span of its text."""
    case_id = _where(project, heading, case)
    actions._round_guard(project, heading, case_id, what="code")
    span = None
    if text is not None:
        body, _ = working_text(project.state, case_id, heading)
        span = find_span(body, text)
        if span is None:
            title = project.state.cases[case_id].title
            raise RoundError(f"{title!r} has no text {text!r} under {heading!r}")
    theme = find_theme(project.state, heading, label)
    created = theme is None
    if theme is None:
        theme = actions.create_theme(project, heading, label)
    coding = None
    if span is not None:
        coding = actions.code_span(project, theme.id, case_id, heading, span[0], span[1])
    elif case_id in project.state.themes[theme.id].case_ids:
        raise RoundError(f"{project.state.cases[case_id].title!r} is already under {theme.label!r}")
    else:
        actions.add_project(project, theme.id, case_id)
    return Coded(project.state.themes[theme.id], case_id, coding, created)


def uncode(project, heading: str, case: str, label: str, text: str | None = None) -> int:
    """Take a theme off a case (all its spans there), or only the coded span holding ``text``; returns spans removed."""
    case_id = _where(project, heading, case)
    state = project.state
    theme = find_theme(state, heading, label)
    title = state.cases[case_id].title
    if theme is None or case_id not in theme.case_ids:
        raise RoundError(f"{title!r} is not under a theme {label!r} in {heading!r}")
    spans = [c for c in state.codings_of(theme.id) if c.case_id == case_id]
    if text is None:
        actions.remove_project(project, theme.id, case_id)
        return len(spans)
    body, _ = working_text(state, case_id, heading)
    where = find_span(body, text)
    hit = [c for c in spans if where is not None and c.start <= where[0] and where[1] <= c.end]
    if not hit:
        raise RoundError(f"no coded span of {theme.label!r} on {title!r} holds {text!r}")
    for c in hit:
        actions.uncode(project, c.id)
    return len(hit)
