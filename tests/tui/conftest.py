"""Fixtures for the TUI tests: a small project built from events, fixed clock and analyst, no blinking cursor."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from synth.model import CaseStudy, FieldMatch, Unplaced
from synth.project import Project
from synth.state import case_to_dict

FIELDS = ["purpose", "participants", "enablers_barriers"]

CASES = [
    CaseStudy(
        id="green-minds",
        title="Green Minds",
        source="forms/green-minds.md",
        sha256="a" * 64,
        format="markdown",
        fields={
            "overview": "A weekly gardening group for adults with low mood.",
            "purpose": "We aimed to reduce loneliness. We wanted people to learn gardening skills.",
            "participants": "Forty adults took part. Volunteers ran most sessions.",
            "enablers_barriers": "Volunteers kept the group going. Bad weather stopped some sessions.",
        },
        matches={
            "overview": FieldMatch("overview", "Summary", 0.95, "alias"),
            "purpose": FieldMatch("purpose", "Aims", 0.93, "alias"),
            "participants": FieldMatch("participants", "Who took part", 0.9, "alias"),
            "enablers_barriers": FieldMatch("enablers_barriers", "What helped", 0.62, "fuzzy"),
        },
        unplaced=(Unplaced("Budget", "We spent 2,000 pounds on tools and seeds.", "further_information", 0.41),),
    ),
    CaseStudy(
        id="songs-of-the-estate",
        title="Songs of the Estate",
        source="forms/songs.docx",
        sha256="b" * 64,
        format="docx",
        fields={
            "purpose": "The choir set out to bring neighbours together.",
            "participants": "Sixty residents sang; ten volunteers helped.",
            "enablers_barriers": "Volunteer recruitment was hard. A free hall helped.",
        },
        matches={f: FieldMatch(f, f.title(), 1.0, "exact") for f in ("purpose", "participants", "enablers_barriers")},
    ),
    CaseStudy(
        id="walk-and-talk",
        title="Walk and Talk",
        source="forms/export.csv",
        sha256="c" * 64,
        format="csv",
        row=2,
        fields={
            "purpose": "To get older men walking and talking.",
            "participants": "Twenty-five men aged 60 to 80.",
            "enablers_barriers": "Peer leaders made it work.",
        },
        matches={f: FieldMatch(f, f, 1.0, "column") for f in ("purpose", "participants", "enablers_barriers")},
    ),
]


@pytest.fixture(autouse=True)
def _quiet_environment(tmp_path, monkeypatch):
    """Keep each test's data dir private, fix the analyst and the clock, and stop cursors blinking."""
    from textual.widgets import Input, TextArea

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("SYNTH_ANALYST", "ana")
    monkeypatch.setenv("SYNTH_DATA_DIR", str(tmp_path / "synth-data"))
    from synth.keys import _key_file, write_private

    write_private(_key_file("ana"), bytes(range(32)))  # a fixed signing key: the same trail hashes every run
    ticks = itertools.count()

    def clock() -> str:
        n = next(ticks)
        return f"2026-01-05T10:{n // 60 % 60:02d}:{n % 60:02d}.000000Z"

    monkeypatch.setattr("synth.trail.utc_now", clock)
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)
    yield


def build_project(folder: Path) -> Project:
    """Three cases, a few summaries, one theme with codings and one general theme, all as trail events."""
    template = Path(__file__).with_name("fixture-template.toml")
    project = Project.create(folder, name="Fixture synthesis", template=template, fields=FIELDS, analyst="ana")
    project.commit([("case.imported", {"case": case_to_dict(c)}) for c in CASES])
    project.record(
        "summary.recorded", case_id="green-minds", field_id="purpose", text="The project aimed to reduce loneliness.",
        status="accepted", suggestion=None, engine="extractive", engine_version="1", answer=CASES[0].fields["purpose"], reviewed=True,
    )  # fmt: skip
    project.record(
        "summary.recorded", case_id="songs-of-the-estate", field_id="purpose", text="The choir set out to bring neighbours together.",
        status="accepted", suggestion=None, engine="extractive", engine_version="1", answer="", reviewed=False, origin="machine",
    )  # fmt: skip
    text = CASES[0].fields["enablers_barriers"]
    theme = {
        "id": "t-volunteers",
        "heading": "enablers_barriers",
        "label": "Volunteers",
        "definition": "",
        "projects": ["green-minds"],
        "origin": "analyst",
    }
    coding = {"id": "k-1", "theme_id": "t-volunteers", "case_id": "green-minds", "field_id": "enablers_barriers",
              "start": 0, "end": text.index(".") + 1, "text": text[: text.index(".") + 1], "target": "answer", "origin": "analyst"}  # fmt: skip
    project.record("theme.created", theme=theme, codings=[coding])
    project.record(
        "theme.created",
        theme={
            "id": "t-vol-part",
            "heading": "participants",
            "label": "Volunteers",
            "projects": ["green-minds", "songs-of-the-estate"],
        },
        codings=[],
    )
    project.record(
        "general.created",
        general={
            "id": "g-volunteering",
            "label": "Volunteering",
            "definition": "",
            "themes": ["t-volunteers", "t-vol-part"],
        },
        key=None,
    )
    return project


@pytest.fixture
def project(tmp_path) -> Project:
    p = build_project(tmp_path / "fixture")
    yield p
    p.close()


@pytest.fixture
def engines():
    """The engines a test's App runs: the real ones (a test module overrides this fixture with small real functions)."""
    return None


@pytest.fixture
def make_app(project, engines):
    from synth.tui.app import SynthApp

    def make(**kwargs):
        kwargs.setdefault("engines", engines)
        return SynthApp(project=project, warm_up=False, **kwargs)

    return make


@pytest.fixture
def anyio_backend():
    """Pilot tests are async: anyio's pytest plugin runs them on asyncio."""
    return "asyncio"
