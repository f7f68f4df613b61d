"""Where a coder's theme work goes while a blind coding round is open: into their own round work, not
the project (:mod:`synth.coding`). The theme and coding reducers ask here first.
"""

from __future__ import annotations

from dataclasses import replace

from synth.coding.model import CoderWork, CodingRound
from synth.events.edits import with_case_ids
from synth.events.payloads import coding_from_dict, theme_from_dict
from synth.events.project_state import ProjectState
from synth.events.record import Event


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


def round_theme_created(s: ProjectState, e: Event) -> bool:
    data = e.payload["theme"]
    r = _round_of(s, e.analyst, data["heading"])
    if r is None:
        return False
    work = r.work[e.analyst]
    theme = theme_from_dict(data, e.analyst)
    work.themes[theme.id] = with_case_ids(theme, frozenset())
    work.links.update((theme.id, c) for c in theme.case_ids)
    for c in e.payload.get("codings", ()):
        coding = coding_from_dict(c, e.analyst)
        work.codings[coding.id] = coding
        work.links.add((coding.theme_id, coding.case_id))
    return True


def round_theme_changed(s: ProjectState, e: Event) -> bool:
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


def round_link(s: ProjectState, e: Event) -> bool:
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


def round_coding(s: ProjectState, e: Event) -> bool:
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


def round_rejected(s: ProjectState, e: Event) -> bool:
    r = _round_of(s, e.analyst, e.payload["heading"])
    if r is None:
        return False
    r.work[e.analyst].rejected.add((e.payload["heading"], e.payload["key"]))
    return True


def round_theme_merged(s: ProjectState, e: Event) -> None:
    """Shared themes merged while a round is open: the coders' links and codings move with them."""
    into, merged = e.payload["into"], set(e.payload["themes"]) - {e.payload["into"]}
    for r in s.rounds.values():
        for work in r.work.values() if r.is_open else ():
            work.links = {(into if t in merged else t, c) for t, c in work.links}
            for c in list(work.codings.values()):
                if c.theme_id in merged:
                    work.codings[c.id] = replace(c, theme_id=into)
