"""The JSON shapes in synth.shapes: their keys and order (part of the contract), and cases named by title."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import small_project

from synth import shapes
from synth.cli import cli
from synth.coding import rounds
from synth.extract.uniformity import Finding
from synth.themes import actions, collate, refine
from synth.themes.suggestion import Evidence, ThemeSuggestion


@pytest.fixture
def project(tmp_path: Path):
    with small_project(tmp_path / "p") as p:
        actions.create_theme(p, "enablers_barriers", "Volunteers", case_ids=["green-minds", "tide-lines"])
        actions.create_theme(p, "next_steps", "Volunteer leaders", case_ids=["green-minds", "walk-and-talk"])
        yield p


def test_collation_names_cases_by_title_and_keeps_key_order(project) -> None:
    state = project.state
    matrix = collate.theme_heading_matrix(state)
    proposals = collate.propose_general_themes(state)
    out = shapes.collation(state, matrix, proposals, refine.propose_merges(state))
    assert list(out) == ["headings", "rows", "proposals", "merges"]
    assert list(out["rows"][0]) == ["label", "general_id", "projects", "cells"]
    titles = {c.title for c in state.cases.values()}
    assert {t for r in out["rows"] for t in r["projects"]} <= titles
    assert proposals and list(out["proposals"][0]) == ["key", "label", "score", "reason", "themes", "projects"]
    assert all(len(pair) == 2 for pair in out["proposals"][0]["themes"])


def test_theme_suggestions_keep_an_unknown_case_as_its_id(project) -> None:
    e = Evidence("gone-case", "impact", 0, 4, "Text", "answer")
    s = ThemeSuggestion(
        key="k",
        heading="impact",
        label="Sleep",
        case_ids=("green-minds", "gone-case"),
        evidence=(e,),
        score=0.5,
        source="inductive",
    )
    out = shapes.theme_suggestions(project.state, {"impact": [s]})
    item = out["impact"][0]
    assert list(item)[:4] == ["key", "label", "score", "source"] and list(item)[-2:] == ["projects", "evidence"]
    assert item["projects"] == [project.state.cases["green-minds"].title, "gone-case"]
    assert item["evidence"][0]["case"] == "gone-case"


def test_summary_findings_number_points_from_one(project) -> None:
    x = Finding(rule="tense", index=0, sentence="They run it.", message="past tense")
    out = shapes.summary_findings(project.state, {("green-minds", "impact"): [x]})
    assert out == [
        {
            "case": "green-minds",
            "title": project.state.cases["green-minds"].title,
            "field": "impact",
            "rule": "tense",
            "point": 1,
            "sentence": "They run it.",
            "message": "past tense",
        }
    ]


def test_round_status_is_what_the_cli_prints(project) -> None:
    rounds.start_round(project, ["a", "b"], ["impact"], ["green-minds"])
    expected = shapes.round_status(rounds.status(project.folded, None))
    assert expected["coders"] == ["a", "b"] and expected["disagreements"] is None
    out = CliRunner().invoke(cli, ["round", str(project.path), "status", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == expected
