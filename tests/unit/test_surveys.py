"""Survey exports of all four kinds: every answer of three submissions placed, metadata kept apart.

The files in tests/data/surveys are built by its build.py as each tool exports
them (Microsoft Forms .xlsx and .csv, Google Forms, Qualtrics with its three
header rows, SurveyMonkey with its two); expected.json says where each answer
belongs, written from the submissions, not from what the reader does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.extract import read_form
from synth.extract.questions import match_question
from synth.extract.readers.tabular import is_metadata
from synth.templates import load_template

SURVEYS = Path(__file__).resolve().parents[1] / "data" / "surveys"
EXPECTED = json.loads((SURVEYS / "expected.json").read_text(encoding="utf-8"))
TEMPLATE = load_template()


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_survey_export_reads_as_expected(name: str) -> None:
    cases = read_form(SURVEYS / name, TEMPLATE)
    want_cases = EXPECTED[name]["cases"]
    assert [c.title for c in cases] == [w["title"] for w in want_cases]
    for got, want in zip(cases, want_cases, strict=True):
        assert {k: fold(v) for k, v in got.fields.items()} == {k: fold(v) for k, v in want["fields"].items()}
        assert [u.heading for u in got.unplaced] == want["unplaced"]
        assert got.attributes == want["attributes"]
        assert got.row == want["row"]
        # multi-line answers keep their lines
        for fid, text in want["fields"].items():
            if "\n" in text:
                assert "\n" in got.fields[fid]


def test_all_four_tools_and_three_submissions_each_are_covered() -> None:
    full = [n for n in EXPECTED if n != "clash.csv"]
    assert {"msforms.xlsx", "msforms.csv", "googleforms.csv", "qualtrics.csv", "surveymonkey.csv"} <= set(full)
    for name in full:
        cases = EXPECTED[name]["cases"]
        assert len(cases) == 3 and all(c["unplaced"] == [] for c in cases)
        assert sum(len(c["fields"]) for c in cases) >= 30


def test_qualtrics_import_ids_and_location_are_not_answers() -> None:
    cases = read_form(SURVEYS / "qualtrics.csv", TEMPLATE)
    assert len(cases) == 3
    for case in cases:
        assert not any("ImportId" in v for v in case.fields.values())
        assert not any("Latitude" in v or "Longitude" in v for v in case.fields.values())
        assert case.attributes["Location Latitude"] and case.attributes["Progress"] == "100"


def test_surveymonkey_ticked_choices_are_one_answer() -> None:
    cases = read_form(SURVEYS / "surveymonkey.csv", TEMPLATE)
    assert cases[0].fields["data_collection"] == "WEMWBS; Interviews with 12 members"
    assert cases[0].matches["data_collection"].heading.startswith("5. Which measures did you use?")


def test_two_columns_for_one_field_are_kept_apart() -> None:
    (case,) = read_form(SURVEYS / "clash.csv", TEMPLATE)
    assert case.fields["purpose"] == "Give carers a break."
    objectives = next(u for u in case.unplaced if u.heading == "Objectives")
    assert objectives.text == "Run 40 sessions." and objectives.hint == "purpose"
    assert any(d["method"] == "duplicate" and d["hint"] == "purpose" for d in case.decisions)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("4. Please describe the project. What does it do? How often do sessions run?", "description"),
        ("1. In a few sentences, summarise your case study for someone who has never heard of it.", "overview"),
        ("How have you evaluated the project?", "data_collection"),
        ("Who are your participants? (numbers and demographics)", "participants"),
        ("What are the project's aims?", "purpose"),
        ("5. Which measures did you use? (tick all that apply)", "data_collection"),
        ("Overview", "overview"),
    ],
)
def test_reworded_numbered_questions_place(question: str, field: str) -> None:
    assert match_question(question, TEMPLATE).heading_id == field


def test_a_question_naming_two_fields_is_not_placed() -> None:
    r = match_question("Please summarise the project. What were its aims?", TEMPLATE)
    assert r.heading_id is None and r.nearest in {"overview", "purpose"}


@pytest.mark.parametrize(
    "header",
    [
        "StartDate",
        "IPAddress",
        "LocationLatitude",
        "Location Longitude",
        "Duration (in seconds)",
        "UserLanguage",
        "Distribution Channel",
        "Progress",
        "Finished",
        "Recorded Date",
        "ResponseId",
        "Collector ID",
        "Custom Data 1",
    ],
)
def test_survey_metadata_columns(header: str) -> None:
    assert is_metadata(header)


@pytest.mark.parametrize("header", ["Duration", "Status", "Project duration", "Location", "Language and culture"])
def test_questions_that_sound_like_metadata_are_questions(header: str) -> None:
    assert not is_metadata(header)


def test_cli_import_reports_answers_placed_and_unplaced_questions(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "p")]).exit_code == 0
    result = runner.invoke(
        cli, ["import", str(tmp_path / "p"), str(SURVEYS / "clash.csv"), str(SURVEYS / "qualtrics.csv")]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("placed ") and "clash.csv: 2 answer(s); 2 unplaced" in line for line in lines)
    assert any("'Objectives' also answers purpose" in line for line in lines)
    assert any("'Budget (total, in pounds)' matches no field" in line for line in lines)
    assert any("qualtrics.csv: 36 answer(s) in 3 cases; 0 unplaced" in line for line in lines)
    assert lines[-1] == "4 case(s) imported, 0 already there, 0 file(s) failed"


def test_qualtrics_with_export_tags_named_like_fields_still_reads_the_question_row() -> None:
    from synth.extract.readers.tabular import csv_rows, table_cases

    rows = csv_rows((SURVEYS / "qualtrics.csv").read_text(encoding="utf-8-sig"))
    # the author named the export tags after the fields, so the tag row scores as a header too
    tags = ["title", "overview", "setting", "purpose", "description", "methodology", "participants"]
    tags += ["data_collection", "impact", "lived_experience", "enablers_barriers", "key_learning", "next_steps"]
    rows[0] = [*rows[0][:17], *tags]
    cases = [a for a, _ in table_cases(rows, TEMPLATE, "qualtrics")]
    assert [c.title for c in cases] == [w["title"] for w in EXPECTED["qualtrics.csv"]["cases"]]
    assert all(not any("ImportId" in v for v in c.fields.values()) for c in cases)
    assert all(len(c.fields) == 12 and not c.unplaced for c in cases)
