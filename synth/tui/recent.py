"""Which project the analyst used last, kept in ``data_dir()/state.json``.

No Textual here: the CLI reads it before deciding what to open.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from synth.project import DATABASE, data_dir


def _state_file() -> Path:
    return data_dir() / "state.json"


def _read() -> dict:
    try:
        data = json.loads(_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def last_project() -> Path | None:
    """The last project opened in the TUI, if it still exists."""
    value = _read().get("last_project")
    if not isinstance(value, str):
        return None
    path = Path(value)
    return path if (path / DATABASE).exists() else None


def remember(project_path: Path) -> None:
    """Record the project as the last one used (best effort: a read-only home just forgets)."""
    data = _read()
    data["last_project"] = str(Path(project_path).resolve())
    target = _state_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass
