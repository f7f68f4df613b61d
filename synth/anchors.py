"""Anchors and the witness: what catches truncation, rollback and a rewrite with new keys.

Signatures stop someone without an analyst's key from rewriting that
analyst's commands, but not from putting back an older copy of ``synth.db``,
cutting off its newest commands, or rewriting the whole trail from event 1
under freshly registered keys. Two things outside the file catch those:

- An **anchor** is a signed statement of a trail's head: the project (the
  hash of event 1), the sequence number and hash of the last event, its time,
  the analyst who made the anchor and their key. ``synth trail P anchor``
  writes one; every report, workbook and ``.qdpx`` carries the anchor of the
  state it shows, so every reader holds one. :func:`check_anchor` says
  whether a trail still extends it.
- The **witness** is this user's record, in synth's data folder, of the
  highest head seen per project, and of which project each folder held.
  Opening or verifying a project whose head went backwards, or whose event at
  the witnessed sequence number has another hash (a fork), says so.

Both are canonical JSON (:func:`synth.trail.canonical_json`), independent of
the store the trail lives in.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from synth.keys import check_signature, private_dir, write_private
from synth.trail import Trail, canonical_json


def utc_now() -> str:
    """Now, for anchors and the witness (their own clock: they never move the trail's)."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


ANCHOR_VERSION = 1
ANCHOR_MEMBER = "synth-anchor.json"  # the anchor's name inside a .qdpx
_ANCHOR_RE = re.compile(r'\{[^{}]*"synth_anchor"[^{}]*\}')


class AnchorError(Exception):
    """An anchor file cannot be read (the message names the file)."""


# -- anchors --------------------------------------------------------------------------


def _statement(anchor: dict) -> bytes:
    return canonical_json({k: v for k, v in anchor.items() if k != "signature"}).encode("utf-8")


def make_anchor(trail: Trail, signer, seq: int | None = None, *, made: str | None = None) -> dict:
    """A signed statement of the trail's head (or of event ``seq``, for a report of a past state).

    ``made`` defaults to now; a report passes the time of the state it shows, so the
    same state gives the same bytes (Ed25519 signatures are deterministic).
    """
    head_seq, head_hash = trail.head()
    if seq is None or seq >= head_seq:
        seq, digest = head_seq, head_hash
    else:
        digest = trail.hash_at(seq) or ""
    ts = ""
    for e in trail.events(after=seq - 1, until_seq=seq):
        ts = e.ts
    anchor = {
        "synth_anchor": ANCHOR_VERSION,
        "project": trail.first_hash() or "",
        "seq": seq,
        "hash": digest,
        "ts": ts,
        "made": made or utc_now(),
        "analyst": signer.analyst,
        "key": signer.public,
    }
    anchor["signature"] = signer.sign(_statement(anchor))
    return anchor


def anchor_text(anchor: dict) -> str:
    """The anchor on one line, safe inside Markdown code and HTML (no backtick, no '<', '>' or '&')."""
    text = json.dumps(anchor, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    for ch in "`<>&":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


def read_anchor(path: Path) -> dict:
    """The anchor in ``path``: an anchor file, or a report, workbook or ``.qdpx`` that carries one."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise AnchorError(f"{path}: cannot read the anchor ({exc.strerror or exc})") from exc
    text = ""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                if ANCHOR_MEMBER in names and z.getinfo(ANCHOR_MEMBER).file_size < 64 * 1024:
                    text = z.read(ANCHOR_MEMBER).decode("utf-8", "replace")
                elif "docProps/core.xml" in names and z.getinfo("docProps/core.xml").file_size < 256 * 1024:
                    text = html.unescape(z.read("docProps/core.xml").decode("utf-8", "replace"))  # a workbook
        except (zipfile.BadZipFile, OSError, KeyError) as exc:
            raise AnchorError(f"{path}: a damaged zip file, no anchor could be read ({exc})") from exc
    else:
        text = html.unescape(data[: 64 * 1024 * 1024].decode("utf-8", "replace"))
    stripped = text.strip()
    candidates = [stripped] if stripped.startswith("{") else []
    candidates += _ANCHOR_RE.findall(text)
    for candidate in candidates:
        with contextlib.suppress(ValueError):
            anchor = json.loads(candidate)
            if isinstance(anchor, dict) and anchor.get("synth_anchor") == ANCHOR_VERSION:
                return anchor
    raise AnchorError(f"{path}: holds no synth anchor")


@dataclass(frozen=True)
class AnchorCheck:
    ok: bool
    message: str


def check_anchor(trail: Trail, anchor: dict) -> AnchorCheck:
    """Whether ``trail`` still extends ``anchor``: signed, same project, its event still there unchanged."""
    try:
        seq = int(anchor["seq"])
        digest, project, key, who = anchor["hash"], anchor["project"], anchor["key"], anchor["analyst"]
        signature = anchor["signature"]
    except (KeyError, TypeError, ValueError):
        return AnchorCheck(False, "the anchor is incomplete (a field is missing)")
    if not check_signature(str(key), _statement(anchor), str(signature)):
        return AnchorCheck(False, "the anchor's signature does not match: the anchor itself was altered")
    first = trail.first_hash()
    if first != project:
        return AnchorCheck(
            False,
            "the trail is not the one the anchor was made of: its first event differs "
            "(another project, or this trail was rewritten from its first event)",
        )
    head_seq, _ = trail.head()
    if head_seq < seq:
        return AnchorCheck(
            False,
            f"the trail was truncated or rolled back: the anchor holds event {seq}, the trail now ends at event {head_seq}",
        )
    if trail.hash_at(seq) != digest:
        return AnchorCheck(
            False, f"the trail was rewritten at or before event {seq}: it no longer extends the anchor (a fork)"
        )
    registered = trail.registered_keys().get(who, [])
    note = (
        ""
        if not registered or key in registered
        else f"; note: the anchor's key is not registered to {who!r} on this trail"
    )
    return AnchorCheck(
        True, f"the trail extends the anchor of event {seq} (made {anchor.get('made', '')[:19]}Z by {who!r}){note}"
    )


# -- the witness ----------------------------------------------------------------------


def _witness_file(project_id: str) -> Path:
    return private_dir("witness") / f"{project_id[:32]}.json"


def _paths_file() -> Path:
    return private_dir("witness") / "folders.json"


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _place_key(folder: Path | str) -> str:
    """Where a project is kept, as the witness names it: a resolved folder, or a server URL (no password)."""
    from synth.store_pg import ServerLocation, is_server_url

    if is_server_url(folder):
        return str(ServerLocation(str(folder)))
    return str(Path(folder).resolve())


def witness_check(trail: Trail, folder: Path | None = None) -> str | None:
    """A plain sentence if the trail's head went backwards or forked since this user last saw it, else None."""
    project = trail.first_hash()
    if project is None:
        return None
    if folder is not None:
        known = _read_json(_paths_file()).get(_place_key(folder))
        if known and known != project:
            return (
                f"{folder}: this folder held another trail when you last used it (its first event changed): "
                "it was replaced by another project, or rewritten from its first event"
            )
    seen = _read_json(_witness_file(project))
    if not seen:
        return None
    head_seq, _ = trail.head()
    folders = seen.get("folders")
    if folder is not None and isinstance(folders, dict):
        # each folder is its own line of the trail (copies worked on apart, then merged); a folder this user
        # never used may be a copy taken earlier, so only a longer trail that left the witnessed line is named
        mine = folders.get(str(Path(folder).resolve()))
        if isinstance(mine, dict):
            seen = mine
        elif head_seq < int(seen.get("seq", 0) or 0):
            return None
    seen_seq, seen_hash = int(seen.get("seq", 0)), seen.get("hash", "")
    when = str(seen.get("seen", ""))[:19]
    if head_seq < seen_seq:
        return (
            f"the trail's head went backwards: you saw event {seen_seq} on {when}Z, it now ends at event {head_seq} "
            "(an older copy was put back, or newest commands were cut off)"
        )
    if trail.hash_at(seen_seq) != seen_hash:
        return (
            f"the trail forked: event {seen_seq} is not the one you saw on {when}Z "
            "(the trail was rewritten at or before it)"
        )
    return None


def witness_record(
    trail: Trail, folder: Path | None = None, *, claim_folder: bool = False, replace: bool = False
) -> None:
    """Remember the trail's head if it is higher than the one witnessed (and, made by synth, its folder).

    ``replace`` remembers the current head even when it is lower or forked: the
    analyst accepts it (after putting back a backup on purpose).
    """
    project = trail.first_hash()
    if project is None:
        return
    with contextlib.suppress(OSError):
        if folder is not None:
            paths = _read_json(_paths_file())
            key = _place_key(folder)
            if claim_folder or key not in paths:
                paths[key] = project
                write_private(_paths_file(), json.dumps(paths, indent=1).encode("utf-8"))
        head_seq, head_hash = trail.head()
        path = _witness_file(project)
        seen = _read_json(path)
        now = {"seq": head_seq, "hash": head_hash, "seen": utc_now()}
        folders = seen.get("folders") if isinstance(seen.get("folders"), dict) else {}
        changed = False
        if folder is not None:
            key = str(Path(folder).resolve())
            mine = folders.get(key)
            if replace or not isinstance(mine, dict) or int(mine.get("seq", 0) or 0) < head_seq:
                folders[key] = now
                changed = True
        if replace or int(seen.get("seq", 0) or 0) < head_seq:
            seen = {"project": project, **now}
            changed = True
        if not changed:
            return
        record = {**seen, "project": project, "folders": folders}
        write_private(path, json.dumps(record, indent=1).encode("utf-8"))
