"""Import rules that keep synth fast and its core free of the UI (DESIGN.md section 3)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SYNTH = Path(__file__).resolve().parents[2] / "synth"
UI = set((SYNTH / "cli").rglob("*.py"))  # the command line, like the TUI, may import the UI libraries


def core_modules() -> list[str]:
    names = []
    for path in sorted(SYNTH.rglob("*.py")):
        if "tui" in path.relative_to(SYNTH).parts or path in UI or path.name == "__main__.py":
            continue
        rel = path.relative_to(SYNTH.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_textual_outside_the_tui_and_cli() -> None:
    offenders = [
        str(path.relative_to(SYNTH.parent))
        for path in SYNTH.rglob("*.py")
        if "tui" not in path.relative_to(SYNTH).parts and path not in UI and "textual" in imported_names(path)
    ]
    assert offenders == []


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_core_imports_without_textual() -> None:
    loaded = _loaded_after("\n".join(f"import {name}" for name in core_modules()))
    assert "textual" not in loaded


@pytest.mark.parametrize("code", ["import synth", "import synth.cli", "import synth.project, synth.trail, synth.state"])
def test_package_import_leaves_heavy_libraries_unloaded(code: str) -> None:
    loaded = _loaded_after(code)
    assert not loaded & {"spacy", "sklearn", "pandas", "textual"}
