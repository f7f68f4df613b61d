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
tampering, which verify then reveals. Each write ends with a WAL checkpoint, so
once a command has returned its events are in ``synth.db`` itself, not only in
``synth.db-wal``.

The hash chain alone has no secret: whoever holds the file can recompute it. So
every command (a transaction) is also *signed* by its analyst's Ed25519 key
(:mod:`synth.keys`) over :func:`txn_statement`, a canonical text naming the
command's last event and hash (which chains everything before it). The public
key is registered on the trail itself by an ``analyst.key_registered`` event,
the last event of the first command an analyst writes there. Verify checks every signature against the
keys registered to that analyst; a trail written before signing existed is
reported as unsigned up to the first signed command, and every command after
that must be signed. What the signatures cannot stop (a rewrite from the first
event with fresh keys, or a rollback to an older copy) is what anchors and the
user's witness are for (:mod:`synth.anchors`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from synth.events.catalogue import stamped
from synth.events.record import (  # the record's names are the trail's too: other modules import them from here
    GENESIS,
    Event,
    canonical_json,
    event_hash,
    loads_payload,
    parse_time,
    txn_statement,
    utc_now,
)

__all__ = [
    "GENESIS",
    "Event",
    "Trail",
    "TrailError",
    "Verification",
    "canonical_json",
    "event_hash",
    "parse_time",
    "txn_statement",
    "utc_now",
]

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

#: Added to every trail on open, so projects written before signing existed gain it.
_SIGNED_SCHEMA = """
CREATE TABLE IF NOT EXISTS signatures (
    txn  INTEGER PRIMARY KEY,
    seq  INTEGER NOT NULL,
    key  TEXT NOT NULL,
    sig  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_kind ON events(kind);
CREATE TRIGGER IF NOT EXISTS signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'the coding trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS signatures_no_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'the coding trail is append-only'); END;
"""

KEY_REGISTERED = "analyst.key_registered"


class TrailError(Exception):
    """The trail could not be read or written (a locked, corrupt or foreign database)."""


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of walking the chain."""

    ok: bool
    count: int
    head: str
    bad_seq: int | None = None
    problem: str = ""
    unsigned: int = 0  # events before the first signed command (written before synth signed)
    signed_from: int | None = None  # the first event of the first signed command
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # analyst -> registered public keys

    def describe(self) -> str:
        if self.ok:
            text = f"trail verified: {self.count} events, head {self.head}"
            if self.count and self.signed_from is None:
                text += "; no command is signed (written before synth signed commands)"
            elif self.unsigned:
                text += f"; unsigned before seq {self.signed_from} (written before synth signed commands), every command signed from there"
            elif self.count:
                text += f"; every command signed ({len(self.keys)} analyst key(s))"
            return text
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
                self._db.execute("SELECT seq, hash FROM events LIMIT 1").fetchall()
            with contextlib.suppress(sqlite3.OperationalError):  # a read-only copy verifies without it
                self._db.executescript(_SIGNED_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise TrailError(f"{self.path}: not a synth trail ({exc})") from exc
        self._registered: set[tuple[str, str]] = set()
        self._depth = 0
        self._threads = threading.RLock()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.checkpoint()
        self._db.close()

    def checkpoint(self) -> None:
        """Copy the WAL into ``synth.db`` and sync it, so nothing acknowledged lives only in ``-wal``."""
        if not self._db.in_transaction:
            # another thread reading this connection at that moment: the next command or close checkpoints
            with contextlib.suppress(sqlite3.OperationalError):
                self._db.execute("PRAGMA wal_checkpoint(FULL)").fetchall()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the write lock for a block: every :meth:`append` inside commits together at its end.

        A command that decides anything from the trail's state (an id, an undo
        target, whether a case is already there) decides it inside this block,
        after reading the trail as of the lock, so no other process can write
        in between.
        """
        with self._threads:  # one connection: a second thread waits for the first's block to end
            yield from self._locked()

    def _locked(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            self._registered.clear()
            raise
        finally:
            self._depth = 0
        self.checkpoint()

    def _begin(self) -> None:
        """Open the write transaction and take the store's write lock (SQLite: ``BEGIN IMMEDIATE``)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TrailError(f"{self.path}: could not lock the trail ({exc})") from exc

    def _rollback(self) -> None:
        self._db.execute("ROLLBACK")

    def __enter__(self) -> Trail:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def append(self, analyst: str, events: Sequence[tuple[str, dict]], signer=None) -> list[Event]:
        """Append one command's events in a single transaction and return them.

        The events share a transaction number (the sequence number of the
        first), which undo and redo refer to. Nothing is written unless all are.
        With a ``signer`` (:class:`synth.keys.Signer`) the command is signed, and
        the signer's key is first registered on the trail if it is not yet.
        """
        if not events:
            return []
        events = [(kind, stamped(kind, payload)) for kind, payload in events]
        with self.lock():
            if signer is None or self._is_registered(analyst, signer.public):
                return self._write(analyst, events, signer)
            # the analyst's first command here ends by registering the key that signs it
            registration = (KEY_REGISTERED, {"analyst": analyst, "key": signer.public, "algorithm": "ed25519"})
            written = self._write(analyst, [*events, registration], signer)
            self._registered.add((analyst, signer.public))
            return written[:-1]

    def _is_registered(self, analyst: str, key: str) -> bool:
        if (analyst, key) in self._registered:
            return True
        for payload, who in self._db.execute("SELECT payload, analyst FROM events WHERE kind = ?", (KEY_REGISTERED,)):
            try:
                data = json.loads(payload)
            except ValueError:
                continue
            if who == analyst and data.get("analyst") == analyst and data.get("key") == key:
                self._registered.add((analyst, key))
                return True
        return False

    def _write(self, analyst: str, events: Sequence[tuple[str, dict]], signer) -> list[Event]:
        db = self._db
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
            written.append(Event(seq, txn, ts, analyst, kind, loads_payload(text), prev, digest))
            prev = digest
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        last = written[-1]
        if signer is not None:
            signature = signer.sign(txn_statement(txn, last.seq, last.hash, analyst))
            db.execute("INSERT INTO signatures VALUES (?, ?, ?, ?)", (txn, last.seq, signer.public, signature))
        db.execute(
            "INSERT INTO head (id, seq, hash) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            (last.seq, last.hash),
        )
        return written

    # -- reading -------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        """The last sequence number and hash the trail acknowledges."""
        row = self._db.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def first_hash(self) -> str | None:
        """The hash of event 1: the project's identity (anchors and the witness name it)."""
        return self.hash_at(1)

    def registered_keys(self) -> dict[str, list[str]]:
        """Analyst -> public keys registered on the trail, oldest first."""
        keys: dict[str, list[str]] = {}
        for payload, who in self._db.execute(
            "SELECT payload, analyst FROM events WHERE kind = ? ORDER BY seq", (KEY_REGISTERED,)
        ):
            with contextlib.suppress(ValueError, AttributeError):
                key = json.loads(payload).get("key")
                if key and key not in keys.setdefault(who, []):
                    keys[who].append(key)
        return keys

    def _signatures(self) -> dict[int, tuple[int, str, str]]:
        try:
            return {txn: (seq, key, sig) for txn, seq, key, sig in self._db.execute("SELECT * FROM signatures")}
        except sqlite3.OperationalError:  # a read-only copy of a trail from before signing
            return {}

    def hash_at(self, seq: int) -> str | None:
        row = self._db.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def events(
        self,
        *,
        after: int = 0,
        until_seq: int | None = None,
        as_of: str | None = None,
        kinds: Sequence[str] | None = None,
    ) -> Iterator[Event]:
        """Events in sequence order, optionally after a sequence number, up to one or a time, of some kinds only."""
        sql = "SELECT seq, txn, ts, analyst, kind, payload, prev, hash FROM events WHERE seq > ?"
        args: list[object] = [after]
        if until_seq is not None:
            sql += " AND seq <= ?"
            args.append(until_seq)
        if as_of is not None:
            sql += " AND ts <= ?"
            args.append(as_of)
        if kinds is not None:
            sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
            args.extend(kinds)
        sql += " ORDER BY seq"
        loads, make = loads_payload, Event
        for seq, txn, ts, analyst, kind, payload, prev, digest in self._db.execute(sql, args):
            yield make(seq, txn, ts, analyst, kind, loads(payload), prev, digest)

    def kinds(self, *, after: int, until_seq: int) -> list[tuple[int, str]]:
        """``(txn, kind)`` of the events after one sequence number up to another (no payload is read)."""
        sql = "SELECT txn, kind FROM events WHERE seq > ? AND seq <= ? ORDER BY seq"
        return [tuple(r) for r in self._db.execute(sql, (after, until_seq))]

    def of_kind(self, kind: str) -> Iterator[tuple[int, str, str]]:
        """``(seq, hash, raw payload)`` of every event of one kind, oldest first (an indexed read)."""
        yield from self._db.execute("SELECT seq, hash, payload FROM events WHERE kind = ? ORDER BY seq", (kind,))

    def hashes_of(self, kind: str) -> dict[int, str]:
        """Sequence number -> hash of every event of one kind."""
        return dict(self._db.execute("SELECT seq, hash FROM events WHERE kind = ?", (kind,)).fetchall())

    def commands(self) -> Iterator[tuple[int, str, str]]:
        """The first event of every transaction: (txn, kind, raw payload of an undo or redo, else None), oldest first."""
        sql = "SELECT txn, kind, CASE WHEN kind IN ('undo', 'redo') THEN payload END FROM events WHERE seq = txn"
        yield from self._db.execute(sql + " ORDER BY seq")

    def verify(self) -> Verification:
        """Walk the chain from the first event and name the first one that is wrong.

        Besides the hash chain and the head, every command from the first signed
        one (or the first key registration, whichever comes first) must carry a
        valid signature by a key registered to its analyst before or in it.
        """
        from synth.keys import check_signature

        signatures = self._signatures()
        prev = GENESIS
        expected = 1
        count = 0
        keys: dict[str, list[str]] = {}
        signed_from: int | None = None
        unsigned = 0
        txn_now: tuple[int, int, str] | None = None  # (txn, analyst's first seq in it, analyst)
        last: tuple[int, str] = (0, GENESIS)

        def close_txn() -> Verification | None:
            nonlocal signed_from, unsigned
            if txn_now is None:
                return None
            txn, first, who = txn_now
            seq, digest = last
            entry = signatures.get(txn)
            if entry is None:
                if signed_from is None:
                    unsigned += seq - first + 1
                    return None
                return Verification(
                    False, count, prev, first, f"is not signed (every command is signed from event {signed_from} on)"
                )
            if signed_from is None:
                signed_from = first
            sig_seq, key, sig = entry
            if sig_seq != seq:
                return Verification(
                    False,
                    count,
                    prev,
                    first,
                    f"its signature covers event {sig_seq}, but the command ends at event {seq}",
                )
            if key not in keys.get(who, ()):
                return Verification(
                    False, count, prev, first, f"is signed with a key that is not registered to analyst {who!r}"
                )
            if not check_signature(key, txn_statement(txn, seq, digest, who), sig):
                return Verification(False, count, prev, first, f"its signature does not match (analyst {who!r}'s key)")
            return None

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
                data = loads_payload(payload)
            except ValueError:
                return Verification(False, count, prev, seq, "holds a payload that is not JSON")
            if txn_now is None or txn != txn_now[0]:
                failed = close_txn()
                if failed:
                    return failed
                if txn != seq:
                    return Verification(False, count, prev, seq, f"claims command {txn} but starts a new one")
                txn_now = (txn, seq, analyst)
            elif analyst != txn_now[2]:
                return Verification(
                    False, count, prev, seq, f"names analyst {analyst!r} inside a command by {txn_now[2]!r}"
                )
            if kind == KEY_REGISTERED:
                if not isinstance(data, dict) or data.get("analyst") != analyst or not data.get("key"):
                    return Verification(False, count, prev, seq, "registers a key for another analyst than its own")
                keys.setdefault(analyst, [])
                if data["key"] not in keys[analyst]:
                    keys[analyst].append(data["key"])
                if signed_from is None:
                    signed_from = txn_now[1]
            prev = digest
            last = (seq, digest)
            expected += 1
            count += 1
        failed = close_txn()
        if failed:
            return failed
        head_seq, head_hash = self.head()
        if head_seq != count or (count and head_hash != prev):
            if head_seq > count:
                return Verification(
                    False, count, prev, count + 1, f"is missing (the trail's head records {head_seq} events)"
                )
            return Verification(False, count, prev, head_seq or None, "does not match the trail's recorded head")
        stray = [t for t in signatures if t > count]
        if stray:
            return Verification(False, count, prev, min(stray), "is missing (a signature exists for it)")
        return Verification(
            True, count, prev, unsigned=unsigned, signed_from=signed_from, keys={a: tuple(k) for a, k in keys.items()}
        )

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
