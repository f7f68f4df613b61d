"""Where a project's trail is kept: a folder (SQLite, :class:`synth.trail.Trail`) or a
PostgreSQL server (:class:`synth.store_pg.ServerTrail`), and moving a project between them.

Both stores hold the same rows (events with their canonical hashes, signatures, the
head) and the same settings, so the same reducers fold them to the same state and
the same report. :func:`copy_project` copies the rows as stored, verifies the source
before and the copy inside its own creating transaction, and the copy appears whole
or not at all.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from synth.anchors import witness_record
from synth.folders import CONFIG, DATABASE, ProjectError, move_into_place, project_status, write_config
from synth.project_server import location_of, open_trail
from synth.store_pg import ServerLocation, ServerTrail, project_name_from
from synth.trail import Trail, TrailError

# -- copying between stores -------------------------------------------------------


@dataclass(frozen=True)
class CopyResult:
    events: int
    head: str
    source: str
    dest: str


def _rows(trail: Trail) -> tuple[list[tuple], list[tuple]]:
    events = [
        tuple(r)
        for r in trail._db.execute("SELECT seq, txn, ts, analyst, kind, payload, prev, hash FROM events ORDER BY seq")
    ]
    signatures = [tuple(r) for r in trail._db.execute("SELECT txn, seq, key, sig FROM signatures ORDER BY txn")]
    return events, signatures


def _put_rows(trail: Trail, events: Sequence[tuple], signatures: Sequence[tuple]) -> None:
    db = trail._db
    for start in range(0, len(events), 1000):
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", list(events[start : start + 1000]))
    if signatures:
        db.executemany("INSERT INTO signatures VALUES (?, ?, ?, ?)", list(signatures))
    last = events[-1]
    db.execute("INSERT INTO head (id, seq, hash) VALUES (1, ?, ?)", (last[0], last[7]))


def _read_folder_config(folder: Path) -> dict:
    try:
        return tomllib.loads((folder / CONFIG).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TrailError(f"{folder / CONFIG}: cannot read settings ({exc})") from exc


def copy_project(source: str | Path, dest: str | Path, *, progress: Callable[[str], None] | None = None) -> CopyResult:
    """Copy a project between a folder and a server (or folder to folder, server to server).

    The source's trail must verify; the copy is written in one transaction (a
    server) or a build folder renamed into place (a folder), verified before it
    is committed, and refused if the destination already holds a project.
    """
    say = progress or (lambda _text: None)
    src = location_of(source)
    dst = location_of(dest)
    try:
        with open_trail(src) as trail:
            checked = trail.verify()
            if not checked.ok:
                raise ProjectError(f"{src}: {checked.describe()}; nothing was copied")
            config = trail.read_config() if isinstance(trail, ServerTrail) else _read_folder_config(Path(src))
            events, signatures = _rows(trail)
        say(f"source verified: {checked.count} events")
        if isinstance(dst, ServerLocation):
            if not dst.project:
                dst = ServerLocation(dst.conninfo, project_name_from(config.get("name") or Path(str(src)).name))
            target = ServerTrail(dst, create=True)
            try:
                with target.lock():
                    target.make_schema(config)
                    _put_rows(target, events, signatures)
                    copied = target.verify()
                    if not copied.ok or copied.head != checked.head:
                        raise ProjectError(
                            f"{dst}: the copy does not verify ({copied.describe()}); nothing was written"
                        )
                witness_record(target, dst, claim_folder=True)
            finally:
                target.close()
        else:
            folder = Path(dst)
            if project_status(folder) != "none" or (folder.exists() and not folder.is_dir()):
                raise ProjectError(f"{folder}: already holds a project (or a file); copy into a new folder")
            folder.parent.mkdir(parents=True, exist_ok=True)
            build = folder.parent / f".{folder.name}.synth-new-{os.getpid()}-{secrets.token_hex(3)}"
            build.mkdir()
            try:
                write_config(build / CONFIG, config)
                with Trail(build / DATABASE, create=True) as target:
                    with target.lock():
                        _put_rows(target, events, signatures)
                    copied = target.verify()
                if not copied.ok or copied.head != checked.head:
                    raise ProjectError(f"{folder}: the copy does not verify ({copied.describe()}); nothing was written")
                move_into_place(build, folder)
            finally:
                shutil.rmtree(build, ignore_errors=True)
            with Trail(folder / DATABASE) as made:
                witness_record(made, folder, claim_folder=True)
        say(f"copy verified: {copied.count} events, head {copied.head}")
    except TrailError as exc:
        raise ProjectError(str(exc)) from exc
    return CopyResult(checked.count, checked.head, str(src), str(dst))


# -- live teammates -------------------------------------------------------------------


@contextlib.contextmanager
def _listener(trail: Trail) -> Iterator[object | None]:
    if not isinstance(trail, ServerTrail):
        yield None
        return
    from synth.store_pg import connect

    conn = connect(trail.location)
    try:
        conn.execute(f'LISTEN "{trail.location.schema}"')
        yield conn
    finally:
        conn.close()


def head_changed(trail: Trail, seen: int, *, wait: float = 0.0, listener=None) -> int | None:
    """The trail's head sequence number if it moved past ``seen`` (else None).

    On SQLite this is one cheap read of the head row; on PostgreSQL, with a
    ``listener`` connection (:func:`watch_head`), it waits up to ``wait`` seconds for a
    NOTIFY from another analyst's commit before reading the head.
    """
    if listener is not None and wait > 0:
        with contextlib.suppress(Exception):
            for _note in listener.notifies(timeout=wait, stop_after=1):
                break
    elif wait > 0:
        time.sleep(wait)
    seq, _digest = trail.head()
    return seq if seq > seen else None


@contextlib.contextmanager
def watch_head(trail: Trail) -> Iterator[Callable[[int, float], int | None]]:
    """A function ``changed(seen, wait)`` telling whether others committed since ``seen`` (see :func:`head_changed`)."""
    with _listener(trail) as listener:
        yield lambda seen, wait=0.0: head_changed(trail, seen, wait=wait, listener=listener)


def catch_up(project) -> list:
    """Fold in what others committed since the project's state was built; return their events (oldest first).

    The TUI calls this when :func:`watch_head` says the head moved; the analyst's own
    commands are already folded, so only teammates' events come back.
    """
    seen = project.folded.seq
    if project.read_only or project.trail.head()[0] <= seen:
        return []
    new = [e for e in project.trail.events(after=seen) if e.analyst != project.analyst]
    project.refresh()
    return new
