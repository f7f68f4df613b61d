"""The event catalogue: every kind of event a trail may hold, gathered from the domain modules.

The trail stamps a payload's version from it, the fold (:func:`synth.state.fold`) dispatches each
event to its kind's reducer after upcasting it, ``synth trail log`` reads its lines from it and the
README's table of kinds is :func:`catalogue_markdown`. A kind not here is stored and verified but
folds to nothing.
"""

from __future__ import annotations

from synth.events import cases, coding, generals, project, rounds, summaries, themes
from synth.events.kind import EventKind
from synth.events.record import Event

#: Every kind, in the order the README lists them (a project's life: set up, cases, summaries,
#: themes, coding, general themes and the report, rounds).
CATALOGUE: dict[str, EventKind] = {
    k.kind: k for module in (project, cases, summaries, themes, coding, generals, rounds) for k in module.KINDS
}


class EventVersionError(ValueError):
    """An event is of a newer version than this synth reads (it was written by a later synth)."""


def version_of(payload: dict) -> int:
    """The version a payload was written at: its ``v``, or 1 when it has none (everything before versions)."""
    v = payload.get("v", 1)
    return v if isinstance(v, int) and not isinstance(v, bool) else 1


def stamped(kind: str, payload: dict) -> dict:
    """``payload`` as the trail stores it: with ``v`` when its kind is above version 1, else unchanged.

    Version 1 is never written, so every event written before versions existed keeps its bytes, its
    hash and its signature.
    """
    declared = CATALOGUE.get(kind)
    if declared is None or declared.version == 1 or "v" in payload:
        return payload
    return {**payload, "v": declared.version}


def upcast(event: Event, declared: EventKind | None = None) -> Event:
    """``event`` with its payload brought up to its kind's current version by the kind's upcasters.

    An event already at the current version comes back as it is; one of a newer version than the
    catalogue declares raises :class:`EventVersionError` (folding it as an older one would be wrong).
    """
    declared = declared if declared is not None else CATALOGUE.get(event.kind)
    if declared is None:
        return event
    v = version_of(event.payload)
    if v == declared.version:
        return event
    if v > declared.version:
        raise EventVersionError(
            f"event {event.seq} ({event.kind}) is version {v}; this synth reads up to version {declared.version}"
        )
    payload = dict(event.payload)
    while v < declared.version:
        payload = declared.upcasters[v](payload)
        v += 1
    payload["v"] = v
    return event._replace(payload=payload)


def catalogue_markdown() -> str:
    """The catalogue as a Markdown table (kind, version, what it records), for the README."""
    rows = ["| kind | version | what it records |", "| --- | --- | --- |"]
    rows += [f"| `{k.kind}` | {k.version} | {k.records} |" for k in CATALOGUE.values()]
    return "\n".join(rows) + "\n"
