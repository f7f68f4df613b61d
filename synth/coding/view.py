"""What one analyst sees while a blind round is open: their own work in its scope, nobody else's.

:func:`seen_by` is the state :attr:`synth.project.Project.state` hands to every
reader (TUI, ``synth themes``, the theme actions) for a coder of an open round:
inside the round's scope (headings x cases) the project's codings and theme
links are replaced by the coder's own; outside it nothing changes. Anyone who is
not coding an open round sees the project as folded. :func:`shared_state` goes
back to the fold, so machine suggestions are computed without either coder's
round work and are the same for both.
"""

from __future__ import annotations

import copy

from synth.coding.model import RoundError
from synth.model import Theme
from synth.state import ProjectState


class CoderView(ProjectState):
    """A :class:`ProjectState` as one coder of an open round sees it; ``shared`` is the fold it was made from."""

    shared: ProjectState
    coder: str


def open_rounds_of(state: ProjectState, analyst: str) -> list:
    return [r for r in state.rounds.values() if r.is_open and analyst in r.work]


def shared_state(state: ProjectState) -> ProjectState:
    """The project as folded, whoever is looking (a coder's view hands back the fold it was made from)."""
    return getattr(state, "shared", state)


def _theme_with(t: Theme, case_ids: frozenset[str]) -> Theme:
    return Theme(t.id, t.heading, t.label, t.definition, case_ids, t.origin, t.suggestion_key, t.score, t.analyst)


def seen_by(state: ProjectState, analyst: str) -> ProjectState:
    """``state`` as ``analyst`` sees it: the fold itself unless they code an open round."""
    rounds = open_rounds_of(state, analyst)
    if not rounds:
        return state
    view = copy.copy(state)
    view.__class__ = CoderView
    view.shared = state  # type: ignore[attr-defined]
    view.coder = analyst  # type: ignore[attr-defined]

    def covered(case_id: str, heading: str) -> bool:
        return any(r.covers(case_id, heading) for r in rounds)

    headings = {h for r in rounds for h in r.headings}
    themes = dict(state.themes)
    for t in state.themes.values():
        if t.heading in headings:
            keep = frozenset(c for c in t.case_ids if not covered(c, t.heading))
            if keep != t.case_ids:
                themes[t.id] = _theme_with(t, keep)
    codings = {}
    for cid, c in state.codings.items():
        heading = state.themes[c.theme_id].heading if c.theme_id in state.themes else c.heading_id
        if not covered(c.case_id, heading):
            codings[cid] = c
    rejected = set(state.rejected)
    for r in rounds:
        work = r.work[analyst]
        for t in work.themes.values():
            themes[t.id] = t
        links: dict[str, set[str]] = {}
        for theme_id, case_id in work.links:
            links.setdefault(theme_id, set()).add(case_id)
        for theme_id, cases in links.items():
            t = themes.get(theme_id)
            if t is not None:
                themes[theme_id] = _theme_with(t, t.case_ids | cases)
        codings.update(work.codings)
        rejected |= work.rejected
    view.themes = themes
    view.codings = codings
    view.rejected = rejected
    return view


def folded(project_or_state) -> ProjectState:
    """The project as folded (not one coder's view): rounds are read whole."""
    if hasattr(project_or_state, "refresh"):
        project_or_state.refresh()  # other coders' processes may have written since this one last looked
    state = getattr(project_or_state, "folded", project_or_state)
    return shared_state(state)


def made_by(project, txn: int) -> str:
    first = next(project.trail.events(after=txn - 1, until_seq=txn), None)
    if first is None:
        return ""
    merged = first.payload.get("merged_from")
    return merged.get("analyst", first.analyst) if merged else first.analyst


def undo_target(project, stack: list[int]) -> int | None:
    """Which command an undo takes back while rounds are open: a coder's own newest one (their partner's work
    is not theirs to undo, nor to see named in the notice); for anyone else the newest, unless it is a coder's."""
    state = folded(project)
    coding = {c for r in state.rounds.values() if r.is_open for c in r.coders}
    if project.analyst in coding:
        for txn in reversed(stack):
            if made_by(project, txn) == project.analyst:
                return txn
        return None
    who = made_by(project, stack[-1])
    if who in coding:
        raise RoundError(f"the newest command is {who}'s, a coder of an open round; only {who} can undo it")
    return stack[-1]
