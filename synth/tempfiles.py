"""Temporary files beside their target, named so a later run can tell a dead writer's leftovers.

A temporary file is ``.NAME.PID.RANDOM.tmp``: removed on every exit path the
process lives through (errors, Ctrl-C, SIGTERM), and, when the process was
killed outright, removed by the next writer of the same file once no process
with that id is alive.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

LEGACY_STALE_SECONDS = 600

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(path: Path) -> int:
    """Remove temporary files of ``path`` left by writers that are no longer running; how many went."""
    folder = path.parent if str(path.parent) else Path(".")
    removed = 0
    try:
        entries = list(folder.glob(f".{path.name}.*.tmp"))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m and m["name"] == path.name:
            stale = not _alive(int(m["pid"]))
        else:  # an older synth's ".NAME.RANDOM.tmp", which names no process: stale once it is ten minutes old
            try:
                stale = now - entry.stat().st_mtime > LEGACY_STALE_SECONDS
            except OSError:
                continue
        if stale:
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    return removed


def temp_beside(path: Path) -> Path:
    """A new empty temporary file beside ``path`` (its leftovers from killed runs are cleaned first)."""
    folder = path.parent if str(path.parent) else Path(".")
    clean_leftovers(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    os.close(fd)
    return Path(name)
