"""The coding trail: an append-only, hash-chained event store in SQLite.

Every decision in a synthesis is an event: a sequence number, a UTC time, the
analyst, a kind, a JSON payload, the hash of the previous event and its own
hash, SHA-256 over a canonical serialisation of all of those. Editing, deleting
or reordering any stored row breaks the chain, and :meth:`Trail.verify` names
the first event where it breaks. A one-row ``head`` table, written in the same
transaction as the events, records the last sequence number and hash, so even
dropping the newest event is caught.

Writes happen in one ``BEGIN IMMEDIATE`` transaction per command, in WAL mode
with ``synchronous=FULL``: several processes may append at once without losing
or interleaving a command's events, and a process killed mid-command leaves
exactly the commands it had committed. Triggers refuse UPDATE and DELETE on the
events table, so the trail is append-only for anything short of deliberate
tampering, which verify then reveals.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

GENESIS = "0" * 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq     INTEGER PRIMARY KEY,
    txn     INTEGER NOT NULL,
    ts      TEXT NOT NULL,
    analyst TEXT NOT NULL,
    kind    TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev    TEXT NOT NULL,
    hash    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
CREATE TABLE IF NOT EXISTS head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the coding trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the coding trail is append-only'); END;
"""


class TrailError(Exception):
    """The trail could not be read or written (a locked, corrupt or foreign database)."""


def canonical_json(value: object) -> str:
    """The one serialisation of a payload that hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(seq: int, txn: int, ts: str, analyst: str, kind: str, payload: str, prev: str) -> str:
    """SHA-256 over the canonical serialisation of one event's stored columns."""
    text = canonical_json([seq, txn, ts, analyst, kind, payload, prev])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of walking the chain."""

    ok: bool
    count: int
    head: str
    bad_seq: int | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"trail verified: {self.count} events, head {self.head}"
        where = f"event {self.bad_seq}" if self.bad_seq is not None else "the trail"
        return f"trail does not verify: {where}: {self.problem}"


class Trail:
    """The event store of one project (``synth.db``)."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise TrailError(f"{self.path}: no coding trail here")
        try:
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=60000")
            if create:
                self._db.executescript(_SCHEMA)
            else:
                self._db.execute("SELECT seq, hash FROM head LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise TrailError(f"{self.path}: not a synth trail ({exc})") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Trail:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def append(self, analyst: str, events: Sequence[tuple[str, dict]]) -> list[Event]:
        """Append one command's events in a single transaction and return them.

        The events share a transaction number (the sequence number of the
        first), which undo and redo refer to. Nothing is written unless all are.
        """
        if not events:
            return []
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TrailError(f"{self.path}: could not lock the trail ({exc})") from exc
        try:
            row = db.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
            last_seq, prev = (row[0], row[1]) if row else (0, GENESIS)
            last_ts = db.execute("SELECT ts FROM events WHERE seq = ?", (last_seq,)).fetchone()
            ts = utc_now()
            if last_ts and last_ts[0] > ts:  # keep time monotonic along the chain
                ts = last_ts[0]
            txn = last_seq + 1
            written: list[Event] = []
            rows = []
            for offset, (kind, payload) in enumerate(events):
                seq = last_seq + 1 + offset
                text = canonical_json(payload)
                digest = event_hash(seq, txn, ts, analyst, kind, text, prev)
                rows.append((seq, txn, ts, analyst, kind, text, prev, digest))
                written.append(Event(seq, txn, ts, analyst, kind, json.loads(text), prev, digest))
                prev = digest
            db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.execute(
                "INSERT INTO head (id, seq, hash) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (written[-1].seq, written[-1].hash),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return written

    # -- reading -------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        """The last sequence number and hash the trail acknowledges."""
        row = self._db.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def hash_at(self, seq: int) -> str | None:
        row = self._db.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def events(self, *, after: int = 0, until_seq: int | None = None, as_of: str | None = None) -> Iterator[Event]:
        """Events in sequence order, optionally after a sequence number and up to a time."""
        sql = "SELECT seq, txn, ts, analyst, kind, payload, prev, hash FROM events WHERE seq > ?"
        args: list[object] = [after]
        if until_seq is not None:
            sql += " AND seq <= ?"
            args.append(until_seq)
        if as_of is not None:
            sql += " AND ts <= ?"
            args.append(as_of)
        sql += " ORDER BY seq"
        loads = json.loads
        for seq, txn, ts, analyst, kind, payload, prev, digest in self._db.execute(sql, args):
            yield Event(seq, txn, ts, analyst, kind, loads(payload), prev, digest)

    def commands(self) -> Iterator[tuple[int, str, str]]:
        """The first event of every transaction: (txn, kind, raw payload), oldest first."""
        yield from self._db.execute("SELECT txn, kind, payload FROM events WHERE seq = txn ORDER BY seq")

    def verify(self) -> Verification:
        """Walk the chain from the first event and name the first one that is wrong."""
        prev = GENESIS
        expected = 1
        count = 0
        cursor = self._db.execute("SELECT seq, txn, ts, analyst, kind, payload, prev, hash FROM events ORDER BY seq")
        for seq, txn, ts, analyst, kind, payload, stored_prev, digest in cursor:
            if seq != expected:
                what = "is missing" if seq > expected else "is out of order"
                bad = expected if seq > expected else seq
                return Verification(
                    False, count, prev, bad, f"{what} (found event {seq} where event {expected} belongs)"
                )
            if stored_prev != prev:
                return Verification(
                    False, count, prev, seq, "does not follow the event before it (previous hash differs)"
                )
            if event_hash(seq, txn, ts, analyst, kind, payload, stored_prev) != digest:
                return Verification(False, count, prev, seq, "was altered after it was written (hash mismatch)")
            try:
                json.loads(payload)
            except ValueError:
                return Verification(False, count, prev, seq, "holds a payload that is not JSON")
            prev = digest
            expected += 1
            count += 1
        head_seq, head_hash = self.head()
        if head_seq != count or (count and head_hash != prev):
            if head_seq > count:
                return Verification(
                    False, count, prev, count + 1, f"is missing (the trail's head records {head_seq} events)"
                )
            return Verification(False, count, prev, head_seq or None, "does not match the trail's recorded head")
        return Verification(True, count, prev)

    # -- export --------------------------------------------------------------

    def export_jsonl(self, out: io.TextIOBase, events: Iterable[Event] | None = None) -> int:
        n = 0
        for event in events if events is not None else self.events():
            out.write(canonical_json(event.as_dict()) + "\n")
            n += 1
        return n

    def export_csv(self, out: io.TextIOBase, events: Iterable[Event] | None = None) -> int:
        writer = csv.writer(out)
        writer.writerow(["seq", "txn", "ts", "analyst", "kind", "payload", "prev", "hash"])
        n = 0
        for e in events if events is not None else self.events():
            writer.writerow([e.seq, e.txn, e.ts, e.analyst, e.kind, canonical_json(e.payload), e.prev, e.hash])
            n += 1
        return n
