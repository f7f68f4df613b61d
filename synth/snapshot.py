"""The snapshot cache as plain JSON: reading it builds known data types and nothing else.

A snapshot used to be a pickle, which runs code when loaded: whoever could plant
one ran code as the analyst opening the project. This codec writes the
:class:`~synth.state.ProjectState` as JSON, tagging tuples, sets, frozensets,
dicts with non-string keys and the model's dataclasses; reading it builds only
the dataclasses named in :data:`TYPES`, from their declared fields.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass

from synth.model import (
    CaseStudy,
    CodebookEntry,
    Coding,
    Field,
    FieldMatch,
    GeneralTheme,
    Memo,
    Summary,
    Template,
    Theme,
    Unplaced,
)
from synth.state import ProjectState

TYPES = {
    cls.__name__: cls
    for cls in (
        Field,
        Template,
        FieldMatch,
        Unplaced,
        CaseStudy,
        Summary,
        Theme,
        Coding,
        GeneralTheme,
        Memo,
        CodebookEntry,
    )
}
_FIELDS = {name: tuple(f.name for f in fields(cls)) for name, cls in TYPES.items()}


class SnapshotError(Exception):
    """The snapshot is not one this synth wrote (it is then ignored and the trail replayed)."""


def _enc(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        return [_enc(v) for v in value]
    if isinstance(value, tuple):
        return {"$t": [_enc(v) for v in value]}
    if isinstance(value, frozenset):
        return {"$f": [_enc(v) for v in value]}
    if isinstance(value, set):
        return {"$s": [_enc(v) for v in value]}
    if isinstance(value, dict):
        return {"$m": [[_enc(k), _enc(v)] for k, v in value.items()]}
    name = type(value).__name__
    if is_dataclass(value) and name in TYPES and type(value) is TYPES[name]:
        return {"$": name, "v": [_enc(getattr(value, f)) for f in _FIELDS[name]]}
    raise SnapshotError(f"cannot snapshot a {name}")


def _dec(value):
    if not isinstance(value, dict):
        if isinstance(value, list):
            return [_dec(v) for v in value]
        return value
    if len(value) == 1:
        ((tag, body),) = value.items()
        if tag == "$t":
            return tuple(_dec(v) for v in body)
        if tag == "$f":
            return frozenset(_dec(v) for v in body)
        if tag == "$s":
            return {_dec(v) for v in body}
        if tag == "$m":
            return {_dec(k): _dec(v) for k, v in body}
    name = value.get("$")
    if name in TYPES and isinstance(value.get("v"), list) and len(value["v"]) == len(_FIELDS[name]):
        return TYPES[name](*(_dec(v) for v in value["v"]))
    raise SnapshotError("not a synth snapshot value")


def state_to_json(state: ProjectState, meta: dict) -> bytes:
    body = {f.name: _enc(getattr(state, f.name)) for f in fields(ProjectState)}
    return json.dumps({"meta": meta, "state": body}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def state_from_json(blob: bytes) -> tuple[dict, ProjectState]:
    try:
        data = json.loads(blob)
        names = {f.name for f in fields(ProjectState)}
        body = data["state"]
        if not isinstance(body, dict) or set(body) != names:
            raise SnapshotError("the snapshot's fields are not this synth's")
        return dict(data["meta"]), ProjectState(**{k: _dec(v) for k, v in body.items()})
    except SnapshotError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise SnapshotError(str(exc)) from exc
