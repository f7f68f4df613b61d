"""What one event kind is: the declaration every kind of the catalogue makes, and the line it shows.

An :class:`EventKind` names the kind, its payload type, its version and the upcasters that bring an
older payload to it, the one line ``synth trail log`` shows for it and the reducer that folds it into
the :class:`~synth.events.project_state.ProjectState`. The domain modules of :mod:`synth.events`
declare their kinds with it; :mod:`synth.events.catalogue` gathers them.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from synth.events.project_state import ProjectState
from synth.events.record import Event

#: Folds one event into the state, in place.
Reducer = Callable[[ProjectState, Event], None]
#: Turns an id into what the analyst calls it (the identity in ``synth trail log``).
Names = Callable[[str], str]
#: The trail log's line for one payload; a str is a template (see :func:`line`).
Describe = str | Callable[[dict, Names], str]
#: Brings a payload of version n to version n + 1.
Upcaster = Callable[[dict], dict]


class Common(TypedDict, total=False):
    """Keys any payload may carry besides its own (the reducers ignore all but ``merged_from`` and ``v``)."""

    origin: str  # "machine" for a decision synth made headlessly, else "analyst"
    basis: Any  # what the decision rested on, such as the suggestion it accepted (the report reads it)
    merged_from: dict  # {analyst, seq, copy}: brought in by synth merge, folded as that analyst's
    v: int  # the payload's version, written only when above 1 (absent: version 1)


@dataclass(frozen=True, slots=True)
class EventKind:
    """One kind of event: everything that says what it means, in one place."""

    kind: str
    payload: type  # a TypedDict: the keys a writer must give (required) and may give (NotRequired)
    records: str  # one line: what an event of this kind records (the catalogue's table)
    describe: Describe  # the trail log's line for one event of it
    reduce: Reducer
    version: int = 1
    upcasters: Mapping[int, Upcaster] = field(default_factory=dict)  # from version n (key) to n + 1


def unchanged(state: ProjectState, event: Event) -> None:
    """The reducer of a kind that leaves the state as it is (undo and redo are read by the fold itself)."""


def short(text: object, limit: int = 48) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _LineFormatter(string.Formatter):
    """``str.format`` over a payload with two more conversions: ``!n`` names an id, ``!t`` shortens text."""

    def __init__(self, names: Names) -> None:
        self.names = names

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "n":
            return self.names(value)
        if conversion == "t":
            return short(value)
        return super().convert_field(value, conversion)


def line(describe: Describe, payload: dict, names: Names) -> str:
    """The trail log's line for ``payload``: ``describe`` called, or filled in as a template.

    A template is ``str.format`` over the payload's keys (``{case[title]!r}`` indexes into a nested
    dict), with ``!n`` for an id shown by its name and ``!t`` for text cut to one short line.
    """
    if callable(describe):
        return describe(payload, names)
    return _LineFormatter(names).vformat(describe, (), payload)
