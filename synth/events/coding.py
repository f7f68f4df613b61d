"""The event kinds of coding: a span coded to a theme or uncoded, a memo written, a codebook set."""

from typing import NotRequired

from synth.events.edits import add_coding
from synth.events.kind import Common, EventKind
from synth.events.payloads import codebook_entry_from_dict
from synth.events.project_state import ProjectState
from synth.events.record import Event
from synth.events.round_work import round_coding
from synth.model import Memo


def _coding_added(s: ProjectState, e: Event) -> None:
    if s.rounds and round_coding(s, e):
        return
    add_coding(s, e.payload["coding"], e.analyst)


def _coding_removed(s: ProjectState, e: Event) -> None:
    if s.rounds and round_coding(s, e):
        return
    s.codings.pop(e.payload["coding_id"], None)


def _memo_written(s: ProjectState, e: Event) -> None:
    m = e.payload["memo"]
    s.memos[m["id"]] = Memo(m["id"], m["target"], m["text"], m.get("analyst") or e.analyst, e.ts)


def _codebook_set(s: ProjectState, e: Event) -> None:
    s.codebook = tuple(codebook_entry_from_dict(c) for c in e.payload["entries"])


class CodingAdded(Common):
    coding: dict  # see synth.state.coding_to_dict; an imported one may carry analyst: the coder named in the file


class CodingRemoved(Common):
    coding_id: str


class MemoWritten(Common):
    memo: dict  # {id, target, text, and for an imported note analyst: its writer}


class CodebookSet(Common):
    #: [{name, definition, include, exclude, examples, heading, and optionally parents [names], colour, codable}]
    entries: list[dict]
    source: NotRequired[str | None]


KINDS = (
    EventKind(
        "coding.added",
        CodingAdded,
        "a span of a summary or field coded to a theme",
        "coded {coding[case_id]!n}/{coding[field_id]} [{coding[start]}:{coding[end]}] as {coding[theme_id]!n}",
        _coding_added,
    ),
    EventKind("coding.removed", CodingRemoved, "a coding taken away", "removed coding {coding_id!n}", _coding_removed),
    EventKind(
        "memo.written",
        MemoWritten,
        "a memo on a case, theme, coding or general theme",
        "memo on {memo[target]!n}: {memo[text]!t}",
        _memo_written,
    ),
    EventKind(
        "codebook.set",
        CodebookSet,
        "the codebook the project codes with, and where it came from",
        lambda p, n: f"codebook of {len(p['entries'])} codes from {p.get('source') or 'hand'}",
        _codebook_set,
    ),
)
