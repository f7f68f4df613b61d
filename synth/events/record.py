"""One trail event as a record: its fields, the canonical JSON its hash is taken over, its time stamps.

The record is apart from the store (:mod:`synth.trail`) so that the event catalogue and the fold
can name an event without depending on SQLite; the trail imports everything here back.
"""

from __future__ import annotations

import hashlib
import json
import json.scanner
from datetime import UTC, datetime
from typing import NamedTuple

GENESIS = "0" * 64


def canonical_json(value: object) -> str:
    """The one serialisation of a payload that hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_scan = json.scanner.make_scanner(json.JSONDecoder())  # the C scanner json.loads runs, called directly


def loads_payload(text: str) -> object:
    """``json.loads(text)`` for a stored payload, without the wrapper's per-call work (replay is hot).

    A payload as the trail writes it (canonical JSON, no surrounding space) is scanned in one call;
    anything else goes through ``json.loads``, which gives the same value or raises the same error.
    """
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError):
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def event_hash(seq: int, txn: int, ts: str, analyst: str, kind: str, payload: str, prev: str) -> str:
    """SHA-256 over the canonical serialisation of one event's stored columns."""
    text = canonical_json([seq, txn, ts, analyst, kind, payload, prev])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def txn_statement(txn: int, seq: int, digest: str, analyst: str) -> bytes:
    """What an analyst signs for one command: its number, its last event and that event's hash.

    The hash chains every event before it, so the signature covers the whole
    history up to and including the command. The text is canonical JSON, not a
    database row, so it verifies the same from any store.
    """
    return canonical_json(["synth.txn/1", txn, seq, digest, analyst]).encode("utf-8")


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds and a ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> str:
    """Normalise a user's ``--as-of`` time to the trail's UTC timestamp format.

    Accepts ISO 8601 dates and times with or without an offset; a time with no
    offset is taken as UTC. A bare date means the end of that day.
    """
    raw = text.strip()
    try:
        if len(raw) == 10:
            moment = datetime.fromisoformat(raw).replace(hour=23, minute=59, second=59, microsecond=999999)
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"not a date or time: {text!r} (use ISO 8601, e.g. 2026-11-22T14:30Z)") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Event(NamedTuple):
    """One stored event of the trail (a named tuple: replaying 100,000 of them is on the hot path)."""

    seq: int
    txn: int
    ts: str
    analyst: str
    kind: str
    payload: dict
    prev: str
    hash: str

    def as_dict(self) -> dict:
        return self._asdict()
