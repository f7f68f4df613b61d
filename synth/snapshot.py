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

from synth.model import DOMAIN_TYPES
from synth.state import ProjectState

TYPES = {cls.__name__: cls for cls in DOMAIN_TYPES}
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


def _hook(obj: dict):
    """Build one tagged JSON object (its members are built already): the only place values are made.

    Every JSON object in a snapshot is one of these tags (dicts are written as
    pairs), so a key from a user's file can never be read as a tag.
    """
    if len(obj) == 1:
        ((tag, body),) = obj.items()
        if tag == "$t":
            return tuple(body)
        if tag == "$m":
            return {k: v for k, v in body}
        if tag == "$f":
            return frozenset(body)
        if tag == "$s":
            return set(body)
    elif len(obj) == 2:
        name, values = obj.get("$"), obj.get("v")
        cls = TYPES.get(name) if isinstance(name, str) else None
        if cls is not None and isinstance(values, list) and len(values) == len(_FIELDS[name]):
            return cls(*values)
    raise SnapshotError("not a synth snapshot value")


def state_to_json(state: ProjectState, meta: dict) -> bytes:
    body = _enc(tuple(getattr(state, f.name) for f in fields(ProjectState)))
    return json.dumps({"$t": [_enc(meta), body]}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def state_from_json(blob: bytes) -> tuple[dict, ProjectState]:
    try:
        data = json.loads(blob, object_hook=_hook)
        if not isinstance(data, tuple) or len(data) != 2 or not isinstance(data[0], dict):
            raise SnapshotError("not a synth snapshot")
        meta, body = data
        names = tuple(f.name for f in fields(ProjectState))
        if not isinstance(body, tuple) or len(body) != len(names):
            raise SnapshotError("the snapshot's fields are not this synth's")
        return meta, ProjectState(**dict(zip(names, body, strict=True)))
    except SnapshotError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise SnapshotError(str(exc)) from exc
