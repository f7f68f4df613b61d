"""A synthesis project: a folder holding ``synth.toml`` and the coding trail.

Opening a project rebuilds its state by folding the trail (:mod:`synth.state`).
A snapshot of the folded state is cached in ``.synth-cache/`` so large projects
open quickly; it is only a cache: it is keyed by the hash of the event it was
taken at, signed with a key private to this user (a shared project folder
cannot smuggle in a forged snapshot), and thrown away whenever it does not
match the trail. Commands change state only by appending events
(:meth:`Project.commit`).
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
import pickle
import secrets
import tomllib
from collections.abc import Sequence
from pathlib import Path

from synth import __version__
from synth.state import UNDOABLE_EXCLUDED, ProjectState, apply, fold, template_to_dict
from synth.templates import DEFAULT_TEMPLATE, load_template
from synth.trail import Event, Trail, TrailError

CONFIG = "synth.toml"
DATABASE = "synth.db"
CACHE = ".synth-cache"
SNAPSHOT_EVERY = 2000  # replaying more events than this past the snapshot writes a new one
STATE_VERSION = 5  # 3: report_sections, coding rounds; 4: imported REFI-QDA projects; 5: ProjectState.merged


class ProjectError(Exception):
    """A project could not be created or opened; the message says why, naming the folder."""


def resolve_analyst(explicit: str | None = None) -> str:
    """The analyst: ``--analyst``, else ``SYNTH_ANALYST``, else the login name."""
    for candidate in (explicit, os.environ.get("SYNTH_ANALYST")):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "analyst"


def data_dir() -> Path:
    """synth's per-user data folder (demo project, snapshot key, last project)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "synth"


def _snapshot_key() -> bytes:
    path = data_dir() / "snapshot.key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(key)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        return path.read_bytes()


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def write_config(path: Path, config: dict) -> None:
    """Write ``synth.toml`` atomically (flat keys plus one [settings] table)."""
    lines = ["# synth project settings. The coding trail (synth.db) is the record of the work."]
    settings = config.get("settings", {})
    lines += [f"{k} = {_toml_value(v)}" for k, v in config.items() if k != "settings" and not isinstance(v, dict)]
    lines += ["", "[settings]"] + [f"{k} = {_toml_value(v)}" for k, v in settings.items()]
    for table, values in config.items():  # other tables, such as [frameworks] (heading = [framework ids])
        if table != "settings" and isinstance(values, dict):
            lines += ["", f"[{table}]"] + [f"{k} = {_toml_value(v)}" for k, v in values.items()]
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class Project:
    """An open synthesis project: its folder, trail, settings and current state."""

    def __init__(self, path: Path, trail: Trail, config: dict, analyst: str, state: ProjectState, as_of: str | None):
        self.path = path
        self.trail = trail
        self.config = config
        self.analyst = analyst
        self.state = state
        self.as_of = as_of

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
        """Make a new project folder with its settings and a trail that records its creation."""
        folder = Path(path)
        if (folder / DATABASE).exists() or (folder / CONFIG).exists():
            raise ProjectError(f"{folder}: a synth project already exists here")
        if folder.exists() and not folder.is_dir():
            raise ProjectError(f"{folder}: exists and is not a folder")
        tpl = load_template(template)
        chosen = list(fields) if fields else list(tpl.field_ids)
        unknown = [f for f in chosen if f not in tpl.field_ids]
        if unknown:
            raise ProjectError(
                f"unknown field id(s) {', '.join(unknown)} for template {tpl.id!r} (known: {', '.join(tpl.field_ids)})"
            )
        folder.mkdir(parents=True, exist_ok=True)
        project_name = name or folder.resolve().name
        config = {
            "name": project_name,
            "template": tpl.id,
            "fields": chosen,
            "created_with": f"synth {__version__}",
            "settings": {
                "summary_points": 3,  # key points per summary
                "summary_point_words": 35,  # a point longer than this is flagged
                "summary_subject": "project",  # first person becomes "the project" ("name": the case title)
                "max_import_mb": 20,  # larger files are refused at import
            },
        }
        write_config(folder / CONFIG, config)
        who = resolve_analyst(analyst)
        trail = Trail(folder / DATABASE, create=True)
        project = cls(folder, trail, config, who, ProjectState(), None)
        project.commit(
            [("project.created", {"name": project_name, "template": template_to_dict(tpl), "fields": chosen})]
        )
        return project

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        analyst: str | None = None,
        as_of: str | None = None,
        use_snapshot: bool = True,
    ) -> Project:
        """Open a project folder and rebuild its state from the trail (up to ``as_of``)."""
        folder = Path(path)
        if not (folder / DATABASE).exists():
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
        project = cls(folder, trail, config, resolve_analyst(analyst), ProjectState(), as_of)
        if as_of is None and use_snapshot:
            project._load()
        else:
            project.state = fold(trail.events(as_of=as_of))
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
    def _snapshot_path(self) -> Path:
        return self.path / CACHE / "snapshot.pickle"

    def _load(self) -> None:
        state = self._read_snapshot()
        replayed = 0
        if state is not None:
            after = list(self.trail.events(after=state.seq))
            if any(e.kind in ("undo", "redo") and e.payload["txn"] <= state.seq for e in after):
                state = None
            else:
                fold(after, state)
                replayed = len(after)
        if state is None:
            state = fold(self.trail.events())
            replayed = state.seq
        self.state = state
        if replayed > SNAPSHOT_EVERY:
            self.save_snapshot()

    def _read_snapshot(self) -> ProjectState | None:
        try:
            blob = self._snapshot_path.read_bytes()
        except OSError:
            return None
        mac, body = blob[:32], blob[32:]
        if not hmac.compare_digest(mac, hmac.new(_snapshot_key(), body, hashlib.sha256).digest()):
            return None
        try:
            version, synth_version, seq, head, state = pickle.loads(body)
        except Exception:
            return None
        if (version, synth_version) != (STATE_VERSION, __version__) or self.trail.hash_at(seq) != head:
            return None
        return state

    def save_snapshot(self) -> None:
        """Cache the current state (best effort: a read-only folder just goes without)."""
        if self.read_only or not self.folded.seq:
            return
        body = pickle.dumps((STATE_VERSION, __version__, self.folded.seq, self.folded.head, self.folded), protocol=5)
        mac = hmac.new(_snapshot_key(), body, hashlib.sha256).digest()
        try:
            self._snapshot_path.parent.mkdir(exist_ok=True)
            tmp = self._snapshot_path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(mac + body)
            os.replace(tmp, self._snapshot_path)
        except OSError:
            pass

    # -- commands ---------------------------------------------------------------

    def commit(self, events: Sequence[tuple[str, dict]]) -> list[Event]:
        """Append one command's events in one transaction and fold them into the state."""
        if self.read_only:
            raise ProjectError(f"{self.path}: opened as of {self.as_of}; a past state cannot be changed")
        written = self.trail.append(self.analyst, events)
        self.refresh()
        if self.state.fields and list(self.state.fields) != list(self.config.get("fields", [])):
            self.config["fields"] = list(self.state.fields)  # keep synth.toml's mirror in step (undo too)
            write_config(self.path / CONFIG, self.config)
        return written

    def record(self, kind: str, **payload: object) -> Event:
        """Append a single event as its own command."""
        return self.commit([(kind, payload)])[0]

    def refresh(self) -> None:
        """Fold in events other processes (or this one) appended since the state was built."""
        if self.read_only:
            return
        new = list(self.trail.events(after=self.state.seq))
        if not new:
            return
        if any(e.kind in ("undo", "redo") for e in new):
            self.state = fold(self.trail.events())
        else:
            for e in new:
                apply(self.folded, e)

    def history(self) -> tuple[list[int], list[int]]:
        """The undo stack and redo stack: transaction numbers, newest last."""
        undo: list[int] = []
        redo: list[int] = []
        for txn, kind, payload in self.trail.commands():
            if kind == "undo":
                target = json.loads(payload)["txn"]
                if target in undo:
                    undo.remove(target)
                redo.append(target)
            elif kind == "redo":
                target = json.loads(payload)["txn"]
                if target in redo:
                    redo.remove(target)
                undo.append(target)
            elif kind not in UNDOABLE_EXCLUDED:
                undo.append(txn)
                redo.clear()
        return undo, redo

    def undo(self) -> Event | None:
        """Take back the newest command still in effect, as a new ``undo`` event."""
        undo, _ = self.history()
        if not undo:
            return None
        txn = undo[-1]
        if self.folded.rounds:  # in a blind round, a coder takes back their own work, and nobody else's
            from synth.coding.rounds import undo_target

            txn = undo_target(self, undo)
            if txn is None:
                return None
        return self.record("undo", txn=txn)

    def redo(self) -> Event | None:
        """Restore the command most recently undone, as a new ``redo`` event."""
        _, redo = self.history()
        if not redo:
            return None
        return self.record("redo", txn=redo[-1])

    # -- settings -----------------------------------------------------------------

    def set_fields(self, fields: Sequence[str]) -> Event:
        """Change the extraction template (the fields this synthesis analyses)."""
        template = self.state.template
        assert template is not None
        unknown = [f for f in fields if f not in template.field_ids]
        if unknown:
            raise ProjectError(f"unknown field id(s): {', '.join(unknown)} (known: {', '.join(template.field_ids)})")
        return self.record("fields.set", fields=list(fields))
