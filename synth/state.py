"""Project state as a fold over the coding trail.

:class:`ProjectState` is what every query reads; :func:`fold` builds it from events, each folded
by its kind's reducer in the event catalogue (:mod:`synth.events`), after the catalogue's
upcasters have brought an older payload up to its kind's current version. What each kind's
payload holds, what it records and how ``synth trail log`` shows it is declared there, once; the
README's table of kinds is :func:`synth.events.catalogue.catalogue_markdown`.

Every payload may also carry ``origin`` (``"machine"`` for a decision synth made headlessly) and
``basis`` (what the decision rested on); reducers ignore both, the report reads them. An event
whose payload carries ``merged_from`` (``synth merge``) is folded as its original analyst's, named
there. While a round is open, its coders' theme work in its scope is folded into the round
(:mod:`synth.events.round_work`), not the project. ``undo`` and ``redo`` name a transaction;
:func:`fold` skips the transactions undone and not redone.

The state type and the payload helpers live in :mod:`synth.events` (below the reducers, which need
them); they are imported here so that ``from synth.state import ...`` names them as it always has.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import threading
from collections.abc import Container, Iterable, Iterator
from dataclasses import fields

from synth.events.catalogue import CATALOGUE, upcast
from synth.events.kind import unchanged
from synth.events.payloads import (
    case_from_dict,
    case_to_dict,
    codebook_entry_from_dict,
    codebook_entry_to_dict,
    coding_from_dict,
    coding_to_dict,
    general_to_dict,
    matches_to_dict,
    template_from_dict,
    template_to_dict,
    theme_from_dict,
    theme_to_dict,
    unplaced_to_list,
)
from synth.events.project_state import ProjectState, ReportSection
from synth.events.record import Event

__all__ = [
    "NEUTRAL_KINDS",
    "UNDOABLE_EXCLUDED",
    "UNDO_KINDS",
    "ProjectState",
    "ReportSection",
    "apply",
    "apply_redo",
    "case_from_dict",
    "case_to_dict",
    "codebook_entry_from_dict",
    "codebook_entry_to_dict",
    "coding_from_dict",
    "coding_to_dict",
    "collector_paused",
    "fold",
    "fork",
    "general_to_dict",
    "is_neutral",
    "matches_to_dict",
    "refold",
    "replay",
    "template_from_dict",
    "template_to_dict",
    "theme_from_dict",
    "theme_to_dict",
    "undo_stacks",
    "undone_txns",
    "unplaced_to_list",
]

UNDOABLE_EXCLUDED = {"undo", "redo", "project.created", "analyst.key_registered"}
UNDO_KINDS = ("undo", "redo")
#: Kinds whose events leave the state as it is (a kind the catalogue does not know folds to nothing too).
NEUTRAL_KINDS = frozenset(k for k, d in CATALOGUE.items() if d.reduce is unchanged)


def is_neutral(kind: str) -> bool:
    """Whether an event of ``kind`` leaves the state as it is."""
    return kind in NEUTRAL_KINDS or kind not in CATALOGUE


def fork(state: ProjectState) -> ProjectState:
    """A copy of ``state`` that folding into leaves ``state`` as it is, at little cost.

    The values are frozen, so only the containers are copied; coding rounds are folded into in place,
    so they are copied whole.
    """
    values = {}
    for f in fields(ProjectState):
        value = getattr(state, f.name)
        if f.name == "rounds":
            value = copy.deepcopy(value)
        elif isinstance(value, dict):
            value = dict(value)
        elif isinstance(value, set):
            value = set(value)
        values[f.name] = value
    return ProjectState(**values)


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
    _reduce(state, event)
    state.seq, state.head, state.ts = event.seq, event.hash, event.ts


def _reduce(state: ProjectState, event: Event) -> None:
    declared = CATALOGUE.get(event.kind)
    if declared is None:
        return
    payload = event.payload
    if declared.version > 1 or "v" in payload:  # written by a later synth, or an older version
        event = upcast(event, declared)
        payload = event.payload
    merged = payload.get("merged_from")
    if merged is not None:  # brought in by synth merge: it is its original analyst's decision
        event = event._replace(analyst=merged.get("analyst", event.analyst))
    declared.reduce(state, event)


_pauses = 0  # blocks running with the collector paused, in any thread
_pause_lock = threading.Lock()
_resume = False  # whether the first of them found it enabled


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection for a block: a fold makes ~10 objects an event and frees few, so the
    collector would walk the growing state again and again (a third of a 100,000-event replay).

    Blocks may overlap across threads: the collector is enabled again when the last one ends, if it was
    enabled when the first began.
    """
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def fold(
    events: Iterable[Event], state: ProjectState | None = None, *, undone: Container[int] | None = None
) -> ProjectState:
    """The state after a run of events, skipping transactions that were undone.

    With ``undone`` (the transactions to skip, see :func:`replay`) the events are folded as they come;
    without, they are read in full first to find them.
    """
    if undone is None:
        events = list(events)
        undone = undone_txns(events)
    state = state if state is not None else ProjectState()
    done: Event | None = None
    with collector_paused():
        try:
            for event in events:
                if event.txn not in undone:
                    _reduce(state, event)
                done = event
        finally:
            if done is not None:
                state.seq, state.head, state.ts = done.seq, done.hash, done.ts
    return state


def replay(
    trail,
    state: ProjectState | None = None,
    *,
    after: int = 0,
    until: int | None = None,
    as_of: str | None = None,
) -> ProjectState:
    """Fold a trail's events (after ``after``, up to ``until`` and ``as_of``) into ``state``, reading them once.

    ``trail`` is a :class:`synth.trail.Trail` (or a server's). The undo and redo events are read
    first (an indexed query), so the rest streams through the reducers without being held. Both reads
    stop at the same event (``until``, else the head as read first), so a command another process
    appends meanwhile is left for the next refresh rather than folded half-seen.
    """
    head = until if until is not None else trail.head()[0]
    undone = undone_txns(trail.events(after=after, until_seq=head, as_of=as_of, kinds=UNDO_KINDS))
    return fold(trail.events(after=after, until_seq=head, as_of=as_of), state, undone=undone)


# -- undo and redo on a loaded state -----------------------------------------------------------


def apply_redo(trail, state: ProjectState, event: Event) -> bool:
    """Fold a ``redo`` into ``state`` by applying the command it restores, when that is what a fold would do.

    It is when every event after the command, up to the redo, is undone or leaves the state as it is:
    the state is then the state just before the command, so its events apply as they did. (A redo can
    only follow undos: a new command empties the redo stack.) Returns False, the state untouched, when not.
    """
    txn = event.payload["txn"]
    before = event.seq - 1
    undone = undone_txns(trail.events(until_seq=before, kinds=UNDO_KINDS))
    if txn in undone:
        later = trail.kinds(after=txn, until_seq=before)
        if not all(t == txn or t in undone or is_neutral(kind) for t, kind in later):
            return False
        for e in trail.events(after=txn - 1, until_seq=before):
            if e.txn != txn:
                break
            _reduce(state, e)
    state.seq, state.head, state.ts = event.seq, event.hash, event.ts
    return True


def refold(trail, base: ProjectState, *, until: int) -> ProjectState | None:
    """The state at event ``until`` folded again from ``base``, an earlier state kept in memory (left as it is).

    None when an undo or redo since ``base`` names a command in it (those events cannot be taken out of it).
    """
    marks = list(trail.events(after=base.seq, until_seq=until, kinds=UNDO_KINDS))
    if any(m.payload["txn"] <= base.seq for m in marks):
        return None
    return fold(trail.events(after=base.seq, until_seq=until), fork(base), undone=undone_txns(marks))


def undo_stacks(commands: Iterable[tuple[int, str, str | None]]) -> tuple[list[int], list[int]]:
    """The undo stack and the redo stack (transaction numbers, newest last) of a trail's commands:
    ``(txn, kind, raw payload)`` of each one's first event (:meth:`synth.trail.Trail.commands`)."""
    undo: list[int] = []
    redo: list[int] = []
    for txn, kind, payload in commands:
        if kind == "undo":
            target = json.loads(payload)["txn"]
            if target in undo:
                undo.remove(target)
            redo.append(target)
        elif kind == "redo":
            target = json.loads(payload)["txn"]
            if target in redo:
                redo.remove(target)
            undo.append(target)
        elif kind not in UNDOABLE_EXCLUDED:
            undo.append(txn)
            redo.clear()
    return undo, redo
