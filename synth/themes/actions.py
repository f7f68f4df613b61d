"""Every analyst action on themes: one command, one transaction on the trail.

Each function checks its input against the current state, writes the event(s)
with what the decision rested on (``basis``) and who made it (``origin``), and
returns what it made. Nothing is changed in place: the reducers in
:mod:`synth.state` fold the events, and :meth:`Project.undo` takes any of them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from synth.model import Coding, Memo, Theme, make_id
from synth.project import under_lock
from synth.state import coding_to_dict, theme_to_dict
from synth.themes.suggest import Evidence, ThemeSuggestion
from synth.themes.text import working_text
from synth.trail import Event, utc_now


class ThemeError(Exception):
    """A theme action cannot be done as asked (unknown theme, case or span); the message says why."""


def _theme(project, theme_id: str) -> Theme:
    theme = project.state.themes.get(theme_id)
    if theme is None:
        raise ThemeError(f"no theme {theme_id!r} in {project.path}")
    return theme


def _case(project, case_id: str) -> None:
    if case_id not in project.state.cases:
        raise ThemeError(f"no case {case_id!r} in {project.path}")


def _heading(project, heading: str) -> None:
    template = project.state.template
    known = set(project.state.fields) | set(template.heading_ids if template else ())
    if heading not in known:
        raise ThemeError(f"no heading {heading!r} in {project.path} (known: {', '.join(sorted(known))})")


def _round_guard(project, heading: str, case_id: str | None = None, theme: Theme | None = None, what: str = "change"):
    """Refuse what an open blind round does not allow here (synth.coding.rounds.guard); a shared theme in a
    round's heading is only coded with, never reshaped, until the round closes."""
    from synth.coding.rounds import folded, guard

    state = folded(project)
    if not state.rounds:
        return
    shared = theme is not None and (what in ("merge", "split") or (what != "code" and theme.id in state.themes))
    guard(project, heading, case_id, what=what, shared_theme=shared)


def _label(label: str) -> str:
    text = " ".join(str(label).split())
    if not text:
        raise ThemeError("a theme needs a label")
    return text


def _new_theme_id(project, heading: str, key_or_label: str) -> str:
    state = project.state
    nonce = state.seq
    theme_id = make_id("t", heading, key_or_label, nonce)
    while theme_id in state.themes:
        nonce = f"{nonce}+"
        theme_id = make_id("t", heading, key_or_label, nonce)
    return theme_id


def _coding(theme_id: str, e: Evidence, origin: str) -> Coding:
    return Coding(
        id=make_id("k", theme_id, e.case_id, e.heading_id, e.start, e.end),
        theme_id=theme_id,
        case_id=e.case_id,
        heading_id=e.heading_id,
        start=e.start,
        end=e.end,
        text=e.text,
        target=e.target,  # type: ignore[arg-type]
        origin=origin,  # type: ignore[arg-type]
    )


def _still_there(state, e: Evidence) -> bool:
    text, target = working_text(state, e.case_id, e.heading_id)
    return target == e.target and text[e.start : e.end] == e.text


# -- themes -----------------------------------------------------------------------------


def _created_payload(project, s: ThemeSuggestion, theme_id: str, origin: str, label: str | None = None) -> dict:
    """The theme.created payload accepting ``s``: the theme, and a coding for each evidence sentence still there."""
    theme = Theme(
        id=theme_id,
        heading=s.heading,
        label=_label(label or s.label),
        definition=s.definition,
        case_ids=frozenset(c for c in s.case_ids if c in project.state.cases),
        origin=origin,  # type: ignore[arg-type]
        suggestion_key=s.key,
        score=s.score,
    )
    codings = {}
    for e in s.evidence:
        if _still_there(project.state, e):
            c = _coding(theme_id, e, origin)
            codings[c.id] = coding_to_dict(c)
    return {"theme": theme_to_dict(theme), "codings": list(codings.values()), "origin": origin, "basis": s.basis()}


@under_lock
def accept_suggestion(project, s: ThemeSuggestion, origin: str = "analyst", label: str | None = None) -> Theme:
    """Make a suggestion a theme of its heading, coding every evidence sentence still in the text."""
    _heading(project, s.heading)
    _round_guard(project, s.heading, what="accept")
    payload = _created_payload(project, s, _new_theme_id(project, s.heading, s.key), origin, label)
    theme_id = payload["theme"]["id"]
    basis = s.basis()
    if label and label != s.label:
        basis["renamed_from"] = s.label
    payload["basis"] = basis
    project.commit([("theme.created", payload)])
    return project.state.themes[theme_id]


@under_lock
def accept_many(project, suggestions: Sequence[ThemeSuggestion], origin: str = "machine") -> list[Theme]:
    """Accept several suggestions in one transaction (one undo takes them all back)."""
    events = []
    made = []
    seen_ids: set[str] = set()
    for s in suggestions:
        _round_guard(project, s.heading, what="accept")
        theme_id = _new_theme_id(project, s.heading, s.key)
        while theme_id in seen_ids:
            theme_id = make_id("t", s.heading, s.key, theme_id)
        seen_ids.add(theme_id)
        events.append(("theme.created", _created_payload(project, s, theme_id, origin)))
        made.append(theme_id)
    if events:
        project.commit(events)
    return [project.state.themes[t] for t in made if t in project.state.themes]


def reject(project, s: ThemeSuggestion) -> Event:
    """Set a suggestion aside: its key is never offered again under that heading."""
    _round_guard(project, s.heading, what="reject")
    return project.record(
        "suggestion.rejected", heading=s.heading, key=s.key, label=s.label, origin="analyst", basis=s.basis()
    )


@under_lock
def create_theme(
    project, heading: str, label: str, definition: str = "", case_ids: Iterable[str] = (), origin: str = "analyst"
) -> Theme:
    """A theme the analyst names by hand, optionally with the projects it covers."""
    _heading(project, heading)
    case_ids = list(dict.fromkeys(case_ids))
    _round_guard(project, heading, what="create")
    for case_id in case_ids:
        _case(project, case_id)
        _round_guard(project, heading, case_id)
    label = _label(label)
    theme_id = _new_theme_id(project, heading, label)
    theme = Theme(
        id=theme_id,
        heading=heading,
        label=label,
        definition=definition.strip(),
        case_ids=frozenset(case_ids),
        origin=origin,
    )  # type: ignore[arg-type]
    project.commit(
        [
            (
                "theme.created",
                {"theme": theme_to_dict(theme), "codings": [], "origin": origin, "basis": {"by_hand": True}},
            )
        ]
    )
    return project.state.themes[theme_id]


@under_lock
def rename(project, theme_id: str, label: str) -> Event:
    theme = _theme(project, theme_id)
    _round_guard(project, theme.heading, theme=theme, what="rename")
    return project.record(
        "theme.renamed", theme_id=theme_id, label=_label(label), previous=theme.label, origin="analyst"
    )


@under_lock
def define(project, theme_id: str, definition: str) -> Event:
    theme = _theme(project, theme_id)
    _round_guard(project, theme.heading, theme=theme, what="define")
    return project.record(
        "theme.defined", theme_id=theme_id, definition=definition.strip(), previous=theme.definition, origin="analyst"
    )


@under_lock
def add_project(project, theme_id: str, case_id: str) -> Event:
    theme = _theme(project, theme_id)
    _case(project, case_id)
    _round_guard(project, theme.heading, case_id)
    if case_id in theme.case_ids:
        raise ThemeError(f"theme {theme.label!r} already covers {case_id!r}")
    return project.record("theme.project_added", theme_id=theme_id, case_id=case_id, origin="analyst")


@under_lock
def remove_project(project, theme_id: str, case_id: str) -> Event:
    """Take a project off a theme, with its coded spans there (recorded in the basis)."""
    theme = _theme(project, theme_id)
    if case_id not in theme.case_ids:
        raise ThemeError(f"theme {theme.label!r} does not cover {case_id!r}")
    _round_guard(project, theme.heading, case_id)
    codings = [c.id for c in project.state.codings_of(theme_id) if c.case_id == case_id]
    return project.record(
        "theme.project_removed", theme_id=theme_id, case_id=case_id, origin="analyst", basis={"codings": codings}
    )


@under_lock
def merge(project, into: str, others: Sequence[str], label: str | None = None) -> Event:
    """Fold ``others`` into ``into``: projects, coded spans and general-theme memberships move over."""
    target = _theme(project, into)
    others = [o for o in dict.fromkeys(others) if o != into]
    if not others:
        raise ThemeError("merge needs at least one other theme")
    merged = [_theme(project, o) for o in others]
    for t in [target, *merged]:
        _round_guard(project, t.heading, theme=t, what="merge")
    payload: dict = {
        "into": into,
        "themes": others,
        "origin": "analyst",
        "basis": {
            "labels": [target.label] + [t.label for t in merged],
            "headings": sorted({t.heading for t in [target, *merged]}),
        },
    }
    if label:
        payload["label"] = _label(label)
    return project.record("theme.merged", **payload)


@under_lock
def split(project, theme_id: str, parts: Sequence[dict]) -> list[Theme]:
    """Split a theme into parts: each ``{"label", "codings": [coding ids], "projects": [case ids]}``.

    Coded spans go to the part that names them; a part's projects are its spans'
    cases plus any it lists. Spans no part names go with the original theme.
    """
    theme = _theme(project, theme_id)
    if len(parts) < 2:
        raise ThemeError("split needs at least two parts")
    _round_guard(project, theme.heading, theme=theme, what="split")
    codings = {c.id: c for c in project.state.codings_of(theme_id)}
    claimed: set[str] = set()
    out_parts = []
    made = []
    for i, part in enumerate(parts):
        ids = list(dict.fromkeys(part.get("codings", ())))
        for cid in ids:
            if cid not in codings:
                raise ThemeError(f"coding {cid!r} is not a span of theme {theme.label!r}")
            if cid in claimed:
                raise ThemeError(f"coding {cid!r} is given to two parts")
        claimed.update(ids)
        case_ids = {codings[cid].case_id for cid in ids} | set(part.get("projects", ()))
        for case_id in case_ids:
            _case(project, case_id)
        label = _label(part.get("label", ""))
        new_id = make_id("t", theme.heading, label, theme_id, i, project.state.seq)
        new = Theme(
            id=new_id,
            heading=theme.heading,
            label=label,
            definition=str(part.get("definition", "")).strip(),
            case_ids=frozenset(case_ids),
            origin="analyst",
            suggestion_key=theme.suggestion_key if i == 0 else None,
        )
        out_parts.append({"theme": theme_to_dict(new), "codings": ids})
        made.append(new_id)
    project.record(
        "theme.split",
        theme_id=theme_id,
        parts=out_parts,
        origin="analyst",
        basis={"label": theme.label, "unassigned": sorted(set(codings) - claimed)},
    )
    return [project.state.themes[t] for t in made]


@under_lock
def delete_theme(project, theme_id: str) -> Event:
    theme = _theme(project, theme_id)
    _round_guard(project, theme.heading, theme=theme, what="delete")
    return project.record("theme.deleted", theme_id=theme_id, origin="analyst", basis={"label": theme.label})


# -- coded spans and memos ----------------------------------------------------------------


@under_lock
def code_span(
    project, theme_id: str, case_id: str, heading_id: str, start: int, end: int, target: str | None = None
) -> Coding:
    """Code ``[start, end)`` (code points) of a case's text under ``heading_id`` with a theme.

    ``target`` is the text the offsets count in: "summary" or "answer"; by default the
    working text (the accepted summary if there is one, else the answer).
    """
    theme = _theme(project, theme_id)
    _case(project, case_id)
    _round_guard(project, theme.heading, case_id, what="code")
    state = project.state
    if target is None:
        text, target = working_text(state, case_id, heading_id)
    elif target == "summary":
        summary = state.summaries.get((case_id, heading_id))
        if summary is None:
            raise ThemeError(f"{case_id}/{heading_id} has no summary to code; code the answer instead")
        text = summary.text
    elif target == "answer":
        text = state.cases[case_id].fields.get(heading_id, "")
    else:
        raise ThemeError(f"unknown target {target!r} (summary or answer)")
    if not (0 <= start < end <= len(text)):
        raise ThemeError(f"span [{start}:{end}] is outside {case_id}/{heading_id} ({len(text)} characters)")
    coding = Coding(
        id=make_id("k", theme_id, case_id, heading_id, start, end),
        theme_id=theme_id,
        case_id=case_id,
        heading_id=heading_id,
        start=start,
        end=end,
        text=text[start:end],
        target=target,  # type: ignore[arg-type]
        origin="analyst",
    )
    if coding.id in state.codings:
        raise ThemeError(f"that span of {case_id}/{heading_id} is already coded with this theme")
    project.record("coding.added", coding=coding_to_dict(coding), origin="analyst", basis={"by_hand": True})
    return project.state.codings[coding.id]


@under_lock
def uncode(project, coding_id: str) -> Event:
    coding = project.state.codings.get(coding_id)
    if coding is None:
        raise ThemeError(f"no coding {coding_id!r} in {project.path}")
    theme = project.state.themes.get(coding.theme_id)
    _round_guard(project, theme.heading if theme else coding.heading_id, coding.case_id, what="code")
    return project.record(
        "coding.removed",
        coding_id=coding_id,
        origin="analyst",
        basis={"theme_id": coding.theme_id, "text": coding.text},
    )


@under_lock
def write_memo(project, target: str, text: str) -> Memo:
    """A note on ``project``, ``case:<id>``, ``theme:<id>``, ``general:<id>`` or ``field:<id>``."""
    text = text.strip()
    if not text:
        raise ThemeError("a memo needs some text")
    kind, _, ident = target.partition(":")
    state = project.state
    known = {
        "case": state.cases,
        "theme": state.themes,
        "general": state.general_themes,
        "field": set(state.template.heading_ids) if state.template else set(),
    }
    if target != "project" and (kind not in known or ident not in known[kind]):
        raise ThemeError(f"memo target {target!r} is not the project or a known case, theme, general theme or field")
    memo_id = make_id("m", target, text, utc_now())
    project.record("memo.written", memo={"id": memo_id, "target": target, "text": text}, origin="analyst")
    return project.state.memos[memo_id]


# -- suggestions folded into a theme, and rejections taken back ----------------------------


def merge_suggestion_into(project, s: ThemeSuggestion, theme_id: str) -> Event:
    """Fold a suggestion into an existing theme of its heading: its projects and evidence sentences become the
    theme's codings, and the suggestion's key is taken (it is never offered again under that heading)."""
    theme = _theme(project, theme_id)
    if theme.heading != s.heading:
        raise ThemeError(
            f"theme {theme.label!r} is under {theme.heading!r}, the suggestion {s.label!r} under {s.heading!r}"
        )
    state = project.state
    codings = {}
    for e in s.evidence:
        if _still_there(state, e):
            c = _coding(theme_id, e, "analyst")
            if c.id not in state.codings:
                codings[c.id] = coding_to_dict(c)
    basis = s.basis()
    basis["theme"] = theme.label
    return project.record(
        "suggestion.merged",
        heading=s.heading,
        key=s.key,
        label=s.label,
        into=theme_id,
        codings=list(codings.values()),
        origin="analyst",
        basis=basis,
    )


def restore_suggestion(project, heading: str, key: str) -> Event:
    """Take back a rejection: the suggestion with this key may be offered again under ``heading``."""
    if (heading, key) not in project.state.rejected:
        raise ThemeError(f"no rejected suggestion {key!r} under {heading!r} in {project.path}")
    return project.record("suggestion.restored", heading=heading, key=key, label=rejected_label(project, heading, key))


def rejected_label(project, heading: str, key: str) -> str:
    """The label a rejected suggestion had when it was set aside (its key if the trail does not say)."""
    for e in reversed(list(project.trail.events())):
        if e.kind == "suggestion.rejected" and e.payload.get("heading") == heading and e.payload.get("key") == key:
            return str(e.payload.get("label") or key)
    return key
