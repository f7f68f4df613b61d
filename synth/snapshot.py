"""The snapshot cache as plain JSON: reading it builds known data types and nothing else, and it leaves
the answers' full text in the trail.

A snapshot used to be a pickle, which runs code when loaded: whoever could plant one ran code as the
analyst opening the project. It is JSON, written from the declared types of
:class:`~synth.state.ProjectState` and the dataclasses it holds: each value is encoded as its
annotation says (a dataclass as the list of its fields, a tuple or a set as a list, a dict with keys
other than strings as a list of pairs), and read back by the same plan, so reading it is one
``json.loads`` without a hook and one constructor call per value, building only the classes named
here (:data:`TYPES`, :data:`STATE_TYPES`). Values whose annotation is loose (``dict``, ``object``) are
written in the older tagged form (``{"$t": [...]}`` for a tuple, ``{"$": name, "v": [...]}`` for a
dataclass), which builds only :data:`TYPES` too.

A case's answers (``CaseStudy.fields``, most of a state's bytes) are not copied in when they are
what its ``case.imported`` event holds: the snapshot names that event (its sequence number and hash)
and the case gets a :class:`TrailText`, which reads the answers from the trail the first time they are
asked for. A read-only command that never shows an answer never reads one. A case whose sections
were moved since (``case.remapped``) keeps its answers in the snapshot.

:func:`legacy_state_from_json` still reads the tagged snapshots synth wrote before (state version 5).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

from synth.coding.model import CoderWork, CodingRound, Decision
from synth.events.project_state import ReportSection
from synth.model import DOMAIN_TYPES, CaseStudy
from synth.state import ProjectState, collector_paused

TYPES = {cls.__name__: cls for cls in DOMAIN_TYPES}  # what the tagged form may build
STATE_TYPES = (*DOMAIN_TYPES, ReportSection, CodingRound, CoderWork, Decision)  # what a plan may build
_FIELDS = {name: tuple(f.name for f in fields(cls)) for name, cls in TYPES.items()}
_SCALARS = (str, int, float, bool, type(None))


class SnapshotError(Exception):
    """The snapshot is not one this synth wrote (it is then ignored and the trail replayed)."""


# -- answers read from the trail ---------------------------------------------------------------


class TrailTexts:
    """The answers of the cases a snapshot names, read from their ``case.imported`` events on demand.

    It keeps a connection of its own to the trail's file (so the answers can still be read after the
    project is closed), opened on the first read; reads are serialised, so threads may share it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def fields(self, seq: int) -> dict[str, str]:
        with self._lock:
            if self._db is None:
                self._db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
            row = self._db.execute("SELECT kind, payload FROM events WHERE seq = ?", (seq,)).fetchone()
        if row is None or row[0] != "case.imported":
            raise SnapshotError(f"{self.path}: event {seq} is not the case import the snapshot named")
        return dict(json.loads(row[1])["case"].get("fields", {}))


class TrailText(Mapping):
    """A case's answers (heading id -> text) as its ``case.imported`` event holds them, read when first used.

    It is a read-only mapping like the dict a fold makes, equal to it, and copies (``dict(...)``,
    ``copy``, pickling) as a plain dict.
    """

    __slots__ = ("_data", "_texts", "hash", "seq")

    def __init__(self, texts: TrailTexts, seq: int, digest: str) -> None:
        self._texts, self.seq, self.hash = texts, seq, digest
        self._data: dict[str, str] | None = None

    def _load(self) -> dict[str, str]:
        data = self._data
        if data is None:
            data = self._data = self._texts.fields(self.seq)
        return data

    def __getitem__(self, key: str) -> str:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __contains__(self, key: object) -> bool:
        return key in self._load()

    def get(self, key: str, default=None):
        return self._load().get(key, default)

    def copy(self) -> dict[str, str]:
        return dict(self._load())

    def __or__(self, other: Mapping) -> dict[str, str]:
        return {**self._load(), **other}

    def __reduce__(self):
        return (dict, (self.copy(),))

    def __repr__(self) -> str:
        return repr(self._load()) if self._data is not None else f"TrailText(event {self.seq})"


def text_refs(cases: Iterable[CaseStudy], imports: Iterable[tuple[int, str, str]]) -> dict[str, tuple[int, str]]:
    """Case id -> (seq, hash) of the ``case.imported`` event whose answers are the case's answers now.

    ``imports`` is ``(seq, hash, payload)`` of the trail's ``case.imported`` events; a case whose
    answers no import holds (moved since, or never imported) is left out, and keeps them in the snapshot.
    """
    refs: dict[str, tuple[int, str]] = {}
    wanted: dict[str, CaseStudy] = {}
    for case in cases:
        if isinstance(case.fields, TrailText):
            refs[case.id] = (case.fields.seq, case.fields.hash)
        elif case.fields:
            wanted[case.id] = case
    if wanted:
        for seq, digest, payload in imports:
            try:
                data = json.loads(payload)["case"]
                case = wanted.get(data["id"])
                if case is not None and data.get("fields", {}) == case.fields:
                    refs[case.id] = (seq, digest)  # the latest import that holds them wins
            except (ValueError, KeyError, TypeError):
                continue
    return refs


# -- the plans: how each declared type is written and read ---------------------------------------

Codec = Callable[[object], object]


class _Plan(typing.NamedTuple):
    enc: Codec
    dec: Codec | None  # None: the value is as JSON reads it


def _scalar(value):
    if type(value) not in _SCALARS:
        raise SnapshotError(f"cannot snapshot a {type(value).__name__} where a plain value belongs")
    return value


_NATIVE = _Plan(_scalar, None)
_PLANS: dict[object, _Plan] = {}


def _loose() -> _Plan:
    return _Plan(_enc, _untag)


def _seq_plan(item: _Plan, make: type) -> _Plan:
    enc, dec = item

    def encode(value):
        if not isinstance(value, make):
            raise SnapshotError(f"cannot snapshot a {type(value).__name__} where a {make.__name__} belongs")
        return [enc(v) for v in value]

    return _Plan(encode, (lambda v: make(map(dec, v))) if dec else make)


def _dict_plan(key: _Plan, val: _Plan, str_keys: bool, by_id: bool = False) -> _Plan:
    kenc, kdec = key
    venc, vdec = val
    if str_keys:

        def encode(value):
            if not isinstance(value, dict) or not all(type(k) is str for k in value):
                raise SnapshotError("cannot snapshot a dict whose keys are not text where text keys belong")
            if by_id and all(
                k == getattr(v, "id", None) for k, v in value.items()
            ):  # keyed by the values' ids: a list says it
                return [venc(v) for v in value.values()]
            return {k: venc(v) for k, v in value.items()}

        def decode(d):
            if type(d) is list:  # values whose first field is their id, the key
                return {row[0]: vdec(row) for row in d}
            return {k: vdec(v) for k, v in d.items()}

        return _Plan(encode, decode if vdec else dict)

    def encode_pairs(value):
        if not isinstance(value, dict):
            raise SnapshotError(f"cannot snapshot a {type(value).__name__} where a dict belongs")
        return [[kenc(k), venc(v)] for k, v in value.items()]

    if kdec is tuple and vdec is not None:
        return _Plan(encode_pairs, lambda pairs: {tuple(k): vdec(v) for k, v in pairs})
    kd, vd = kdec or (lambda k: k), vdec or (lambda v: v)
    return _Plan(encode_pairs, lambda pairs: {kd(k): vd(v) for k, v in pairs})


def _optional(plan: _Plan) -> _Plan:
    enc, dec = plan
    return _Plan(lambda v: None if v is None else enc(v), (lambda v: None if v is None else dec(v)) if dec else None)


def _class_plan(cls: type) -> _Plan:
    hints = typing.get_type_hints(cls)
    names = tuple(f.name for f in fields(cls) if f.init)
    plans = [_CASE_FIELDS if (cls is CaseStudy and n == "fields") else _plan(hints[n]) for n in names]
    encs = [p.enc for p in plans]
    convert = [(i, p.dec) for i, p in enumerate(plans) if p.dec is not None]
    width = len(names)

    def encode(value):
        if type(value) is not cls:
            raise SnapshotError(f"cannot snapshot a {type(value).__name__} where a {cls.__name__} belongs")
        return [enc(getattr(value, n)) for enc, n in zip(encs, names, strict=True)]

    def decode(row):
        if type(row) is not list or len(row) != width:
            raise SnapshotError(f"not a {cls.__name__} of this synth")
        for i, dec in convert:
            row[i] = dec(row[i])
        return cls(*row)

    def build(row):  # every field as JSON reads it (a coding, a memo): the constructor checks the count
        if type(row) is not list:
            raise SnapshotError(f"not a {cls.__name__} of this synth")
        return cls(*row)

    return _Plan(encode, decode if convert else build)


def _plan(tp) -> _Plan:
    plan = _PLANS.get(tp)
    if plan is None:
        plan = _PLANS[tp] = _make_plan(tp)
    return plan


def _make_plan(tp) -> _Plan:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp in _SCALARS:
        return _NATIVE
    if origin is typing.Literal:
        return _NATIVE if all(type(a) in _SCALARS for a in args) else _loose()
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            return _optional(_plan(rest[0]))
        return _NATIVE if all(_plan(a) is _NATIVE for a in args) else _loose()
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _seq_plan(_plan(args[0]), tuple)
    if origin in (frozenset, set) and len(args) == 1:
        return _seq_plan(_plan(args[0]), origin)
    if origin is list and len(args) == 1:
        return _seq_plan(_plan(args[0]), list)
    if origin is tuple and args:  # a fixed-length tuple
        plans = [_plan(a) for a in args]

        def encode(value):
            if not isinstance(value, tuple) or len(value) != len(plans):
                raise SnapshotError(f"cannot snapshot a {type(value).__name__} where a pair belongs")
            return [p.enc(v) for p, v in zip(plans, value, strict=True)]

        if all(p.dec is None for p in plans):  # a pair of ids (a summary's key): as JSON reads it, made a tuple
            return _Plan(encode, tuple)
        decs = [p.dec or (lambda x: x) for p in plans]
        return _Plan(encode, lambda v: tuple([d(x) for d, x in zip(decs, v, strict=True)]))
    if origin is dict and len(args) == 2:
        value = args[1]
        by_id = is_dataclass(value) and value in STATE_TYPES and fields(value)[0].name == "id"
        return _dict_plan(_plan(args[0]), _plan(value), args[0] is str, by_id)
    if isinstance(tp, type) and is_dataclass(tp) and tp in STATE_TYPES:
        return _class_plan(tp)
    return _loose()  # dict, object, Any: the tagged form


def _case_fields_encode(value):
    if isinstance(value, TrailText):
        return [value.seq, value.hash]
    return _STR_DICT.enc(value)


_STR_DICT = _dict_plan(_NATIVE, _NATIVE, True)
_CASE_FIELDS = _Plan(_case_fields_encode, None)  # read by state_from_json, which knows the trail


# -- the tagged form, for loose values and the older snapshots --------------------------------------


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
    """Build one tagged JSON object (its members are built already): the only place tagged values are made.

    Every JSON object in the tagged form is one of these tags (dicts are written as pairs), so a key
    from a user's file can never be read as a tag.
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


def _untag(value):
    """A tagged value read without a hook: its members built first, then the value by :func:`_hook`."""
    if isinstance(value, list):
        return [_untag(v) for v in value]
    if isinstance(value, dict):
        return _hook({k: _untag(v) for k, v in value.items()})
    return value


# -- the state ----------------------------------------------------------------------------------


def _state_plans() -> dict[str, _Plan]:
    hints = typing.get_type_hints(ProjectState)
    return {f.name: _plan(hints[f.name]) for f in fields(ProjectState)}


def state_to_json(state: ProjectState, meta: dict, refs: Mapping[str, tuple[int, str]] | None = None) -> bytes:
    """The state as snapshot JSON; a case named in ``refs`` (see :func:`text_refs`) by its import event."""
    plans = _state_plans()
    body = {name: plan.enc(getattr(state, name)) for name, plan in plans.items()}
    if refs:
        cases = body["cases"]
        for row in cases if type(cases) is list else cases.values():
            ref = refs.get(row[0])
            if ref is not None:
                row[_CASE_FIELD_AT] = list(ref)
    return json.dumps({"meta": _enc(meta), "state": body}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_CASE_FIELD_AT = [f.name for f in fields(CaseStudy) if f.init].index("fields")


def state_from_json(blob: bytes, texts: TrailTexts | None = None, *, check=None) -> tuple[dict, ProjectState]:
    """The meta and state of a snapshot :func:`state_to_json` wrote.

    Answers named by their import event become :class:`TrailText` reading from ``texts``;
    ``check(refs)`` is given every ``{seq: hash}`` named, and must say whether the trail holds those
    imports (else the snapshot is not used).
    """
    with collector_paused():  # ~10 objects a value and none freed: the collector would walk them again and again
        return _state_from_json(blob, texts, check)


def _state_from_json(blob: bytes, texts: TrailTexts | None, check) -> tuple[dict, ProjectState]:
    try:
        data = json.loads(blob)
        if not isinstance(data, dict) or set(data) != {"meta", "state"}:
            raise SnapshotError("not a synth snapshot")
        meta, body = _untag(data["meta"]), data["state"]
        plans = _state_plans()
        if not isinstance(meta, dict) or not isinstance(body, dict) or set(body) != set(plans):
            raise SnapshotError("the snapshot's fields are not this synth's")
        named: dict[int, str] = {}
        cases = body["cases"]
        for row in cases if type(cases) is list else cases.values():
            answers = row[_CASE_FIELD_AT]
            if isinstance(answers, list):
                if texts is None or len(answers) != 2:
                    raise SnapshotError("the snapshot names answers in a trail it was not given")
                seq, digest = answers
                named[seq] = digest
                row[_CASE_FIELD_AT] = TrailText(texts, seq, digest)
            elif not isinstance(answers, dict) or not all(type(v) is str for v in answers.values()):
                raise SnapshotError("not a case's answers")
        if named and (check is None or not check(named)):
            raise SnapshotError("the trail does not hold the case imports the snapshot names")
        values = {name: (plan.dec(body[name]) if plan.dec else body[name]) for name, plan in plans.items()}
        return meta, ProjectState(**values)
    except SnapshotError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise SnapshotError(str(exc)) from exc


def legacy_state_from_json(blob: bytes) -> tuple[dict, ProjectState]:
    """The meta and state of a snapshot in the tagged form synth wrote before (state version 5)."""
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


def legacy_state_to_json(state: ProjectState, meta: dict) -> bytes:
    """The tagged form of :func:`legacy_state_from_json` (tests write an older synth's snapshot with it)."""
    body = _enc(tuple(getattr(state, f.name) for f in fields(ProjectState)))
    return json.dumps({"$t": [_enc(meta), body]}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
