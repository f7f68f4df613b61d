"""A synthesis project: a folder holding ``synth.toml`` and the coding trail.

Opening a project rebuilds its state by folding the trail (:mod:`synth.state`).
A snapshot of the folded state is cached in ``.synth-cache/`` so large projects
open quickly; it is only a cache: plain JSON of the state (:mod:`synth.snapshot`,
which cannot run code when read), keyed by the hash of the event it was taken
at, signed with a key private to this user (a shared project folder cannot
smuggle in a forged snapshot), and thrown away whenever it does not match the
trail; the cases' answers are not in it but read from the trail when asked for.
Commands change state only by appending events (:meth:`Project.commit`), signed
with the analyst's key (:mod:`synth.keys`), and fold them into the loaded state
(an undo from the snapshot's state kept in memory; a redo applies its command).
A command that decides anything from the state decides it inside
:meth:`Project.locked`, from the state as of the write lock.

A project folder appears whole or not at all: :meth:`Project.create` builds it
in a temporary folder beside the target and renames it into place, and a
half-made folder left by an older crash is recognised and rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
import shutil
import tomllib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from synth import __version__
from synth.folders import (
    CACHE,
    CONFIG,
    DATABASE,
    ProjectError,
    chosen_fields,
    leftover_builds,
    move_into_place,
    new_config,
    project_status,
    remove_half_made,
    resolve_analyst,
    write_config,
)
from synth.inert import notify
from synth.keys import KeyFileError, private_dir, read_or_create_private, signer_for
from synth.keys import data_dir as data_dir
from synth.state import (
    UNDO_KINDS,
    ProjectState,
    apply,
    apply_redo,
    fork,
    refold,
    replay,
    template_to_dict,
    undo_stacks,
)
from synth.store_pg import is_server_url
from synth.templates import DEFAULT_TEMPLATE
from synth.trail import Event, Trail, TrailError

SNAPSHOT_EVERY = 2000  # replaying more events than this past the snapshot writes a new one
STATE_VERSION = 6  # 3: report_sections, coding rounds; 4: imported REFI-QDA projects; 5: ProjectState.merged;
# 6: typed JSON, the answers left in the trail (synth.snapshot)
LEGACY_STATE_VERSION = 5  # the tagged snapshots before it, still read


def under_lock(action: Callable) -> Callable:
    """Run a command ``action(project, ...)`` under :meth:`Project.locked`: it checks and decides from the state as of the write lock."""

    @functools.wraps(action)
    def locked_action(project, *args, **kwargs):
        with project.locked():
            return action(project, *args, **kwargs)

    return locked_action


def snapshot_key() -> bytes:
    return read_or_create_private(private_dir("keys") / "snapshot.key", secrets.token_bytes(32))


class Project:
    """An open synthesis project: its folder, trail, settings and current state."""

    def __init__(self, path: Path, trail: Trail, config: dict, analyst: str, state: ProjectState, as_of: str | None):
        self.path = path
        self.trail = trail
        self.config = config
        self.analyst = analyst
        self.state = state
        self.as_of = as_of
        self.notice: str | None = None  # the witness's warning, if the head went backwards or forked
        self._signer = None
        self._base: ProjectState | None = None  # an earlier state (the snapshot's) an undo folds again from
        self._legacy = False  # the snapshot read was an older synth's

    @property
    def state(self) -> ProjectState:
        """The state this analyst sees: the fold, less what an open blind round keeps from them (synth.coding)."""
        folded = self.folded
        if not folded.rounds:
            return folded
        key = (id(folded), folded.seq, self.analyst)
        if getattr(self, "_view_key", None) != key:
            from synth.coding.view import seen_by

            self._view, self._view_key = seen_by(folded, self.analyst), key
        return self._view

    @state.setter
    def state(self, value: ProjectState) -> None:
        self.folded = value

    # -- lifecycle ------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        name: str | None = None,
        template: str | Path = DEFAULT_TEMPLATE,
        fields: Sequence[str] | None = None,
        analyst: str | None = None,
    ) -> Project:
        """Make a new project folder with its settings and a trail that records its creation.

        The folder is built beside the target (``.NAME.synth-new-PID``) and renamed
        into place, so it appears whole or not at all. A half-made project left by
        a crash (:func:`project_status`) is rebuilt; builds left by killed runs are
        removed.
        """
        if is_server_url(path):  # a project on a PostgreSQL server (synth.stores)
            from synth.project_server import create_server_project

            return create_server_project(cls, path, name=name, template=template, fields=fields, analyst=analyst)
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise ProjectError(f"{folder}: exists and is not a folder")
        status = project_status(folder)
        if status == "whole":
            raise ProjectError(f"{folder}: a synth project already exists here")
        tpl, chosen = chosen_fields(template, fields)
        who = resolve_analyst(analyst)
        project_name = name or folder.resolve().name
        config = new_config(project_name, tpl, chosen)
        for old in leftover_builds(folder):
            shutil.rmtree(old, ignore_errors=True)
        if status == "half":
            remove_half_made(folder)
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            build = folder.parent / f".{folder.name}.synth-new-{os.getpid()}-{secrets.token_hex(3)}"
            build.mkdir()
        except OSError as exc:
            raise ProjectError(f"{folder}: cannot create the project here ({exc.strerror or exc})") from exc
        try:
            write_config(build / CONFIG, config)
            with Trail(build / DATABASE, create=True) as trail:
                first = cls(build, trail, config, who, ProjectState(), None)
                first.commit(
                    [("project.created", {"name": project_name, "template": template_to_dict(tpl), "fields": chosen})],
                    witness=False,
                )
            move_into_place(build, folder)
        finally:
            shutil.rmtree(build, ignore_errors=True)
        from synth.anchors import witness_record

        with Trail(folder / DATABASE) as made:
            witness_record(made, folder, claim_folder=True)
        return cls.open(folder, analyst=who)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        analyst: str | None = None,
        as_of: str | None = None,
        use_snapshot: bool = True,
    ) -> Project:
        """Open a project folder (or server URL) and rebuild its state from the trail (up to ``as_of``)."""
        if is_server_url(path):
            from synth.project_server import open_server_project

            return open_server_project(cls, path, analyst=analyst, as_of=as_of, use_snapshot=use_snapshot)
        folder = Path(path)
        if not (folder / DATABASE).exists():
            if (folder / CONFIG).exists():
                raise ProjectError(
                    f"{folder}: a half-made project (its creation was cut short before {DATABASE}); "
                    f"run 'synth init {folder}' again to rebuild it"
                )
            raise ProjectError(f"{folder}: not a synth project (no {DATABASE}); make one with 'synth init {folder}'")
        config = {}
        try:
            config = tomllib.loads((folder / CONFIG).read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ProjectError(f"{folder / CONFIG}: cannot read settings ({exc})") from exc
        try:
            trail = Trail(folder / DATABASE)
        except TrailError as exc:
            raise ProjectError(str(exc)) from exc
        if trail.hash_at(1) is None:
            trail.close()
            raise ProjectError(
                f"{folder}: a half-made project (its trail holds no event: creation was cut short); "
                f"run 'synth init {folder}' again to rebuild it"
            )
        try:
            who = resolve_analyst(analyst)
        except ProjectError:
            trail.close()
            raise
        project = cls(folder, trail, config, who, ProjectState(), as_of)
        project.notice = None
        from synth.anchors import witness_check

        project.notice = witness_check(trail, folder)
        if project.notice:
            notify(project.notice)
        if as_of is None and use_snapshot:
            project._load()
        else:
            project.state = replay(trail, as_of=as_of)
        return project

    def close(self) -> None:
        self.trail.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self.as_of is not None

    @property
    def settings(self) -> dict:
        return self.config.get("settings", {})

    # -- snapshot ---------------------------------------------------------------

    @property
    def server(self) -> bool:
        """Whether the project lives on a PostgreSQL server (synth.store_pg) rather than in a folder."""
        return is_server_url(self.path)

    @property
    def _snapshot_path(self) -> Path:
        if self.server:  # a private cache per server project, keyed by its address
            digest = hashlib.sha256(str(self.path).encode("utf-8")).hexdigest()[:32]
            return private_dir("server-cache") / digest / "snapshot.json"
        return self.path / CACHE / "snapshot.json"

    def _load(self) -> None:
        self._legacy = False
        state, replayed = self._fold_from_snapshot(keep=True)
        self.state = state
        if replayed > SNAPSHOT_EVERY or self._legacy:  # a long replay, or an older synth's snapshot: write one
            self.save_snapshot()
            self._base = fork(state)

    def _fold_from_snapshot(self, *, keep: bool = False, until: int | None = None) -> tuple[ProjectState, int]:
        """The state at event ``until`` (the head) folded from the snapshot and the events after it, or
        from the whole trail when there is no usable snapshot or an undo or redo since it names a command
        before it; and how many events were replayed. With ``keep``, a copy of the snapshot's state is
        kept as the base an undo or redo folds again from (:meth:`_fold_in`)."""
        head = self.trail.head()[0] if until is None else until
        state = self._read_snapshot()
        if state is not None:
            taken = state.seq
            marks = self.trail.events(after=taken, until_seq=head, kinds=UNDO_KINDS)
            if not any(e.payload["txn"] <= taken for e in marks):
                if keep:
                    self._base = fork(state)
                state = replay(self.trail, state, after=taken, until=head)
                return state, state.seq - taken
        state = replay(self.trail, until=head)
        return state, state.seq

    def _read_snapshot(self) -> ProjectState | None:
        from synth.snapshot import SnapshotError, TrailTexts, legacy_state_from_json, state_from_json

        try:
            blob = self._snapshot_path.read_bytes()
        except OSError:
            return None
        mac, body = blob[:64], blob[65:]
        expected = hmac.new(snapshot_key(), body, hashlib.sha256).hexdigest().encode("ascii")
        if not hmac.compare_digest(mac, expected):
            return None
        try:
            if body.startswith(b'{"$t"'):  # an older synth's tagged snapshot
                meta, state = legacy_state_from_json(body)
                version = LEGACY_STATE_VERSION
                self._legacy = True
            else:
                texts = None if self.server else TrailTexts(self.trail.path)
                meta, state = state_from_json(body, texts, check=self._holds_imports)
                version = STATE_VERSION
        except SnapshotError:
            return None
        if (meta.get("version"), meta.get("synth")) != (version, __version__):
            return None
        if self.trail.hash_at(state.seq) != state.head or meta.get("head") != state.head:
            return None
        return state

    def _holds_imports(self, named: dict[int, str]) -> bool:
        """Whether the trail holds the ``case.imported`` events a snapshot reads answers from."""
        held = self.trail.hashes_of("case.imported")
        return all(held.get(seq) == digest for seq, digest in named.items())

    def save_snapshot(self) -> None:
        """Cache the current state as keyed JSON (best effort: a read-only folder just goes without)."""
        from synth.snapshot import SnapshotError, state_to_json, text_refs

        if self.read_only or not self.folded.seq:
            return
        state = self.folded
        refs = None if self.server else text_refs(state.cases.values(), self.trail.of_kind("case.imported"))
        try:
            body = state_to_json(state, {"version": STATE_VERSION, "synth": __version__, "head": state.head}, refs)
        except SnapshotError:  # a state holding a type the snapshot does not know: go without
            return
        mac = hmac.new(snapshot_key(), body, hashlib.sha256).hexdigest().encode("ascii")
        try:
            self._snapshot_path.parent.mkdir(exist_ok=True)
            for old in self._snapshot_path.parent.glob("*.tmp"):  # left by a killed run
                with contextlib.suppress(OSError):
                    old.unlink()
            with contextlib.suppress(FileNotFoundError):
                (self._snapshot_path.parent / "snapshot.pickle").unlink()  # an older synth's cache
            tmp = self._snapshot_path.with_suffix(f".{os.getpid()}.tmp")
            try:
                tmp.write_bytes(mac + b"\n" + body)
                os.replace(tmp, self._snapshot_path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
        except OSError:
            pass

    # -- commands ---------------------------------------------------------------

    @property
    def signer(self):
        """This analyst's key pair (made on first use in the user's data folder)."""
        if self._signer is None:
            try:
                self._signer = signer_for(self.analyst)
            except (OSError, KeyFileError) as exc:
                raise ProjectError(f"cannot use {self.analyst!r}'s signing key ({exc})") from exc
        return self._signer

    @contextlib.contextmanager
    def locked(self) -> Iterator[ProjectState]:
        """Hold the trail's write lock, with the state caught up to it; every commit inside lands together.

        Anything a command decides from the state (ids, duplicates, undo targets)
        is decided inside this block, so two analysts writing at once cannot both
        decide from the same old state.
        """
        if self.read_only:
            raise ProjectError(f"{self.path}: opened as of {self.as_of}; a past state cannot be changed")
        outermost = self.trail._depth == 0
        caught_up = None
        try:
            with self.trail.lock():
                self.refresh()
                caught_up = self.folded.seq
                yield self.state
        except BaseException:
            if outermost and caught_up is not None and self.folded.seq != caught_up:
                self.state = replay(self.trail)  # what was folded inside the rolled-back block is gone
            raise
        if outermost:
            self._witness()

    def _witness(self) -> None:
        from synth.anchors import witness_record

        if self.notice is None:
            witness_record(self.trail, self.path)

    def save_config(self) -> None:
        """Write the settings: ``synth.toml`` for a folder, the settings table for a server project."""
        if self.server:
            self.trail.write_config(self.config)
        else:
            write_config(self.path / CONFIG, self.config)

    def commit(self, events: Sequence[tuple[str, dict]], *, witness: bool = True) -> list[Event]:
        """Append one command's events in one transaction, signed, and fold them into the state."""
        if self.read_only:
            raise ProjectError(f"{self.path}: opened as of {self.as_of}; a past state cannot be changed")
        signer = self.signer
        with self.trail.lock():
            self.refresh()
            written = self.trail.append(self.analyst, events, signer)
            self._fold_in(written)  # what was just written, in memory, instead of reading it back
        if self.state.fields and list(self.state.fields) != list(self.config.get("fields", [])):
            self.config["fields"] = list(self.state.fields)  # keep synth.toml's mirror in step (undo too)
            self.save_config()
        if witness and self.trail._depth == 0:
            self._witness()
        return written

    def record(self, kind: str, **payload: object) -> Event:
        """Append a single event as its own command."""
        return self.commit([(kind, payload)])[0]

    def refresh(self) -> None:
        """Fold in events other processes (or this one) appended since the state was built."""
        if self.read_only:
            return
        self._fold_in(list(self.trail.events(after=self.state.seq)))

    def _fold_in(self, new: Sequence[Event]) -> None:
        """Fold events that follow the state into it, one by one.

        A redo applies the command it restores when nothing in effect came after it
        (:func:`synth.state.apply_redo`); an undo, or a redo that cannot, folds again from the base kept
        in memory (the snapshot's state as opened), else from the snapshot, else the whole trail, up to
        the last undo or redo among ``new``; the events after that are applied.
        """
        marks = [i for i, e in enumerate(new) if e.kind in UNDO_KINDS]
        start = 0
        if len(marks) == 1 and new[marks[0]].kind == "redo":
            for e in new[: marks[0]]:
                apply(self.folded, e)
            if not apply_redo(self.trail, self.folded, new[marks[0]]):
                self._refold(new[marks[0]].seq)
            start = marks[0] + 1
        elif marks:
            self._refold(new[marks[-1]].seq)
            start = marks[-1] + 1
        for e in new[start:]:
            apply(self.folded, e)

    def _refold(self, until: int) -> None:
        state = refold(self.trail, self._base, until=until) if self._base is not None else None
        if state is None:
            state, replayed = self._fold_from_snapshot(until=until)
            if replayed > SNAPSHOT_EVERY:  # the snapshot holds what was undone: a new one, for the next command
                self.state, self._base = state, fork(state)
                self.save_snapshot()
        self.state = state

    def history(self) -> tuple[list[int], list[int]]:
        """The undo stack and redo stack: transaction numbers, newest last."""
        return undo_stacks(self.trail.commands())

    def undo(self) -> Event | None:
        """Take back the newest command still in effect, as a new ``undo`` event (chosen under the write lock)."""
        with self.locked():
            undo, _ = self.history()
            if not undo:
                return None
            txn = undo[-1]
            if self.folded.rounds:  # in a blind round, a coder takes back their own work, and nobody else's
                from synth.coding.view import undo_target

                txn = undo_target(self, undo)
                if txn is None:
                    return None
            return self.record("undo", txn=txn)

    def redo(self) -> Event | None:
        """Restore the command most recently undone, as a new ``redo`` event (chosen under the write lock)."""
        with self.locked():
            _, redo = self.history()
            if not redo:
                return None
            return self.record("redo", txn=redo[-1])

    # -- settings -----------------------------------------------------------------

    def set_fields(self, fields: Sequence[str]) -> Event:
        """Change the extraction template (the fields this synthesis analyses)."""
        template = self.state.template
        assert template is not None
        unknown = [f for f in fields if f not in template.heading_ids]
        if unknown:
            raise ProjectError(f"unknown field id(s): {', '.join(unknown)} (known: {', '.join(template.heading_ids)})")
        return self.record("fields.set", fields=list(fields))
