"""A synthesis project's files and names, below the project itself.

What a project folder holds (``synth.toml``, ``synth.db``, ``.synth-cache/``), how it is
created whole or not at all, how its settings are written, and who the analyst is. The
folder and server stores (:mod:`synth.project`, :mod:`synth.project_server`,
:mod:`synth.stores`) all build on these, so they live in one module none of them imports back.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from synth import __version__
from synth.model import Template
from synth.templates import load_template
from synth.trail import Trail, TrailError

CONFIG = "synth.toml"
DATABASE = "synth.db"
CACHE = ".synth-cache"


MAX_ANALYST = 64  # characters in an analyst's name


def chosen_fields(template: str | Path, fields: Sequence[str] | None) -> tuple[Template, list[str]]:
    """A new project's template and extraction fields (all of the template's when none are named);
    an unknown field id is refused here, for a folder and a server project alike."""
    tpl = load_template(template)
    chosen = list(fields) if fields else list(tpl.heading_ids)
    unknown = [f for f in chosen if f not in tpl.heading_ids]
    if unknown:
        raise ProjectError(
            f"unknown field id(s) {', '.join(unknown)} for template {tpl.id!r} (known: {', '.join(tpl.heading_ids)})"
        )
    return tpl, chosen


def new_config(name: str, tpl: Template, fields: list[str]) -> dict:
    """The settings a new project starts with (``synth.toml`` for a folder, the settings table on a server)."""
    return {
        "name": name,
        "template": tpl.id,
        "fields": fields,
        "created_with": f"synth {__version__}",
        "settings": {
            "summary_points": 3,  # key points per summary
            "summary_point_words": 35,  # a point longer than this is flagged
            "summary_subject": "project",  # first person becomes "the project" ("name": the case title)
            "max_import_mb": 20,  # larger files are refused at import
        },
    }


class ProjectError(Exception):
    """A project could not be created or opened; the message says why, naming the folder."""


def check_analyst(name: str) -> str:
    """An analyst's name as the trail records it: printable, one line, at most :data:`MAX_ANALYST` characters."""
    text = name.strip()
    if not text:
        raise ProjectError("an analyst's name cannot be empty")
    if len(text) > MAX_ANALYST:
        raise ProjectError(f"an analyst's name is at most {MAX_ANALYST} characters (this one has {len(text)})")
    if not text.isprintable():
        bad = next(ch for ch in text if not ch.isprintable())
        raise ProjectError(
            f"an analyst's name must be printable text on one line (it holds the control character U+{ord(bad):04X})"
        )
    return text


def resolve_analyst(explicit: str | None = None) -> str:
    """The analyst: ``--analyst``, else ``SYNTH_ANALYST``, else the login name (validated: :func:`check_analyst`)."""
    for candidate in (explicit, os.environ.get("SYNTH_ANALYST")):
        if candidate and candidate.strip():
            return check_analyst(candidate)
    try:
        return check_analyst(getpass.getuser())
    except (OSError, KeyError, ProjectError):
        return "analyst"


def project_status(folder: Path) -> str:
    """``"none"`` (no project here), ``"whole"``, or ``"half"``: a creation that was cut short.

    Half-made: ``synth.toml`` without ``synth.db``, or a ``synth.db`` that holds no
    event (a crash before the first commit), or one that is not a database at all
    while no other synth file is there.
    """
    folder = Path(folder)
    db, config = folder / DATABASE, folder / CONFIG
    if not db.exists():
        return "half" if config.exists() else "none"
    try:
        with Trail(db) as trail:
            return "whole" if trail.head()[0] > 0 and trail.hash_at(1) else "half"
    except TrailError:
        return "half" if db.stat().st_size == 0 else "whole"  # a damaged trail is never thrown away


def remove_half_made(folder: Path) -> None:
    for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", f"{DATABASE}-journal", CONFIG):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    shutil.rmtree(folder / CACHE, ignore_errors=True)


def leftover_builds(folder: Path) -> list[Path]:
    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        return [p for p in parent.glob(f".{folder.name}.synth-new-*") if p.is_dir()]
    except OSError:
        return []


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def move_into_place(build: Path, folder: Path) -> None:
    """Rename the finished build onto ``folder``; into an existing folder, move its files with ``synth.db`` last."""
    try:
        if not folder.exists():
            os.rename(build, folder)
            return
        with contextlib.suppress(OSError):
            folder.rmdir()  # an empty folder is simply replaced
            os.rename(build, folder)
            return
        os.replace(build / CONFIG, folder / CONFIG)
        os.replace(build / DATABASE, folder / DATABASE)  # the project exists from this rename on
    except OSError as exc:
        raise ProjectError(f"{folder}: cannot create the project here ({exc.strerror or exc})") from exc


def write_config(path: Path, config: dict) -> None:
    """Write ``synth.toml`` atomically (flat keys plus one [settings] table)."""
    lines = ["# synth project settings. The coding trail (synth.db) is the record of the work."]
    settings = config.get("settings", {})
    lines += [f"{k} = {toml_value(v)}" for k, v in config.items() if k != "settings" and not isinstance(v, dict)]
    lines += ["", "[settings]"] + [f"{k} = {toml_value(v)}" for k, v in settings.items()]
    for table, values in config.items():  # other tables, such as [frameworks] (heading = [framework ids])
        if table != "settings" and isinstance(values, dict):
            lines += ["", f"[{table}]"] + [f"{k} = {toml_value(v)}" for k, v in values.items()]
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
