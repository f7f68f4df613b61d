"""The README's table of event kinds is the catalogue's own (issue 17: the docs read the catalogue)."""

from __future__ import annotations

from pathlib import Path

from synth.events import catalogue_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_event_kind_as_the_catalogue_does() -> None:
    assert catalogue_markdown().strip() in README.read_text(encoding="utf-8")
