"""Readable one-line descriptions of trail events, for ``synth trail log`` and the TUI.

Each kind's line is declared with the kind in the event catalogue (:mod:`synth.events`); this
module adds what every line shares: the machine and merge marks, and the fallback for a payload
its kind's line cannot be read from.
"""

from __future__ import annotations

from collections.abc import Callable

from synth.events.catalogue import CATALOGUE, EventVersionError, upcast
from synth.events.kind import line, short
from synth.trail import Event


def _same(ident: str) -> str:
    return ident


def describe(event: Event, names: Callable[[str], str] | None = None) -> str:
    """One line saying what an event did, marked when a machine made the decision.

    ``names`` turns an id (case, theme, coding, general theme, memo target) into what the analyst calls it;
    without it ids are shown as recorded (``synth trail log``).
    """
    declared = CATALOGUE.get(event.kind)
    try:
        if declared is None:
            text = short(event.payload, 80)
        else:
            text = line(declared.describe, upcast(event, declared).payload, names or _same)
    except (KeyError, TypeError, EventVersionError):
        text = short(event.payload, 80)
    if event.payload.get("origin") == "machine":
        text = f"[machine] {text}"
    merged = event.payload.get("merged_from")
    if merged:
        text = f"[merged: {merged.get('analyst')}, event {merged.get('seq')} of {merged.get('copy')}] {text}"
    return text
