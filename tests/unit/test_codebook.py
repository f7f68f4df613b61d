"""Codebooks: TOML, CSV and REFI-QDA loaders, the codebook.set event, deductive coding."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import DATA, small_project

from synth.themes.codebook import CodebookError, load_codebook, set_codebook
from synth.themes.suggest import suggest_themes


@pytest.mark.parametrize(
    ("name", "codes", "scoped"),
    [
        ("codebook.toml", ["Volunteering", "Transport", "Wellbeing scores"], {"Transport": "enablers_barriers"}),
        ("codebook.csv", ["Funding", "Transport"], {"Transport": "enablers_barriers"}),
    ],
)
def test_loaders(name, codes, scoped):
    entries = load_codebook(DATA / name)
    assert [e.name for e in entries] == codes
    assert {e.name: e.heading for e in entries if e.heading} == scoped
    assert all(e.definition for e in entries)


def test_csv_examples_split_on_semicolons_and_bars():
    entries = {e.name: e for e in load_codebook(DATA / "codebook.csv")}
    assert entries["Funding"].examples == ("grant", "funding ended")
    assert entries["Transport"].examples == ("bus", "travel")


def test_qdc_import(tmp_path):
    qdc = tmp_path / "book.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="a1" name="Funding" isCodable="true"><Description>Money</Description></Code>'
        '<Code guid="a2" name="Volunteers" isCodable="true"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    assert [e.name for e in load_codebook(qdc)] == ["Funding", "Volunteers"]


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("", ".toml", "expected \\[\\[codes\\]\\]"),
        ("[[codes]]\nname = 'A'\n[[codes]]\nname = 'a'\n", ".toml", "repeat"),
        ("[[codes]]\ndefinition = 'x'\n", ".toml", "no name"),
        ("a,b,c\n1,2,3\n", ".csv", "no 'name'"),  # two columns and no header is QualCoder's shape
        ("x", ".docx", "unknown codebook format"),
        ("[[codes]\n", ".toml", "cannot read TOML"),
    ],
)
def test_bad_codebooks_name_the_file(tmp_path, content, suffix, message):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CodebookError, match=message) as info:
        load_codebook(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_deductive_suggestions_code_lemmas_and_near_matches(tmp_path):
    with small_project(tmp_path / "p") as p:
        set_codebook(p, load_codebook(DATA / "codebook.toml"), source="codebook.toml")
        e = list(p.trail.events())[-1]
        assert e.kind == "codebook.set" and len(e.payload["entries"]) == 3
        found = {s.label: s for s in suggest_themes(p.state, "enablers_barriers") if s.source == "codebook"}
        # "volunteer" (lemma) finds Volunteers, Volunteering and volunteers; "befriender" finds Befrienders
        assert set(found["Volunteering"].case_ids) >= {
            "green-minds",
            "songs-of-the-estate",
            "befriending-bridges",
            "tide-lines",
        }
        assert found["Volunteering"].key == "cb:volunteering"
        assert "befriending-bridges" in found["Transport"].case_ids  # "Transport costs"
        assert "Wellbeing scores" not in found  # no wellbeing under barriers
        impact = {s.label for s in suggest_themes(p.state, "impact") if s.source == "codebook"}
        assert "Wellbeing scores" in impact and "Transport" not in impact  # Transport is tied to one heading
