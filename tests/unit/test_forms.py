"""Blank forms and form checks, through the core and the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from synth.cli import cli
from synth.extract import read_form
from synth.templates import load_template
from synth.templates.forms import blank_form, check_form

TEMPLATE = load_template()
FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"


def _filled(answers: dict[str, str], title: str = "Green Minds") -> str:
    """A blank form filled in the way a team would: answers under the headings, guidance left in."""
    text = blank_form(TEMPLATE).replace("Title of your case study", title)
    for f in TEMPLATE.fields:
        if f.id in answers:
            text = text.replace(f"## {f.heading}\n", f"## {f.heading}\n\n{answers[f.id]}\n", 1)
    return text


def test_blank_form_has_every_question_guidance_and_limit() -> None:
    text = blank_form(TEMPLATE)
    for f in TEMPLATE.fields:
        assert f"## {f.heading}" in text and f.question in text and f.guidance in text
    assert "Required; up to 200 words." in text and "Optional; up to 150 words." in text


def test_a_filled_blank_form_reads_back_exactly(tmp_path: Path) -> None:
    answers = {f.id: f"Answer for {f.heading}, in one sentence." for f in TEMPLATE.fields}
    path = tmp_path / "green.md"
    path.write_text(_filled(answers), encoding="utf-8")
    (case,) = read_form(path, TEMPLATE)
    assert case.title == "Green Minds" and case.fields == answers and case.unplaced == []
    assert check_form(path, TEMPLATE).ok


def test_check_finds_missing_empty_long_and_unplaced(tmp_path: Path) -> None:
    answers = {f.id: "Fine." for f in TEMPLATE.fields if f.id not in ("purpose", "next_steps")}
    answers["overview"] = "word " * 201
    text = _filled(answers).replace("## Purpose\n", "") + "\n## Budgett\n\nTwenty pounds.\n\n## Contact details\n\nx\n"
    path = tmp_path / "form.md"
    path.write_text(text, encoding="utf-8")
    result = check_form(path, TEMPLATE)
    kinds = {(p.kind, p.field, p.severity) for p in result.problems}
    assert ("missing", "purpose", "error") in kinds
    assert ("empty", "next_steps", "warning") in kinds  # optional: reported, does not fail
    assert ("too_long", "overview", "error") in kinds
    assert any(p.kind == "unplaced" and "'Budgett'" in p.message for p in result.problems)
    assert not result.ok


def test_unplaced_heading_names_the_nearest_question(tmp_path: Path) -> None:
    path = tmp_path / "f.md"
    path.write_text("# X\n\n## Overview\nA.\n\n## Setbacks\nB.\n", encoding="utf-8")
    (problem,) = [p for p in check_form(path, TEMPLATE).problems if p.kind == "unplaced"]
    assert "nearest: Enablers and barriers" in problem.message


def test_check_of_an_unreadable_file_is_one_error() -> None:
    result = check_form(FORMS / "bad-truncated.docx", TEMPLATE)
    assert not result.ok and result.problems[0].kind == "unreadable"


def test_cli_form_new_and_check(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "form.md"
    assert runner.invoke(cli, ["form", "new", "-o", str(out)]).exit_code == 0
    again = runner.invoke(cli, ["form", "new", "-o", str(out)])
    assert again.exit_code == 1 and "already exists" in again.output
    blank = runner.invoke(cli, ["form", "check", str(out)])
    assert blank.exit_code == 1 and "empty answer under 'Overview'" in blank.output
    good = tmp_path / "good.md"
    good.write_text(_filled({f.id: "Done." for f in TEMPLATE.fields}), encoding="utf-8")
    ok = runner.invoke(cli, ["form", "check", str(good)])
    assert ok.exit_code == 0 and ": ok" in ok.output
    stdout = runner.invoke(cli, ["form", "new"])
    assert stdout.exit_code == 0 and stdout.output.startswith("# Title of your case study")


def test_cli_form_check_bad_template_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["form", "check", "--template", str(tmp_path / "none.toml"), str(FORMS / "md-atx-headings.md")]
    )
    assert result.exit_code == 1 and "template file not found" in result.output and "Traceback" not in result.output


def test_placeholder_answers_count_as_empty(tmp_path: Path) -> None:
    answers = {f.id: "Done." for f in TEMPLATE.fields}
    answers["purpose"] = "N/A"
    answers["next_steps"] = "TBC"
    path = tmp_path / "f.md"
    path.write_text(_filled(answers), encoding="utf-8")
    result = check_form(path, TEMPLATE)
    kinds = {(p.kind, p.field, p.severity) for p in result.problems}
    assert ("empty", "purpose", "error") in kinds and ("empty", "next_steps", "warning") in kinds
