"""Shared fixtures: every test gets its own user data folder and a fixed analyst."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_user(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.setenv("SYNTH_DATA_DIR", str(tmp_path_factory.mktemp("synthdata")))  # never the real home
    monkeypatch.setenv("SYNTH_ANALYST", "tester")
