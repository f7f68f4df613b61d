"""Templates as data: the bundled template, validation with clear errors, a team's own template."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.extract import read_form
from synth.templates import TemplateError, available_templates, load_template, user_templates_dir

TEAM = """
id = "arts-council"
name = "Arts council return"
[[fields]]
id = "reach"
heading = "Audiences"
aliases = ["Who came"]
required = true
[[fields]]
id = "money"
heading = "Spend"
question = "How was the grant spent?"
word_limit = 50
"""


def test_bundled_template_has_the_fourteen_fields() -> None:
    t = load_template()
    assert len(t.heading_ids) == 14 and t.heading_ids[0] == "overview" and t.heading_ids[-1] == "further_information"
    assert all(f.question and f.guidance and f.aliases and f.word_limit for f in t.fields)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id = ", "not valid TOML"),
        ('name = "x"', "'id' must be a non-empty string"),
        ('id = "t"', "needs at least one [[fields]]"),
        ('id = "t"\n[[fields]]\nid = "Bad Id"\nheading = "H"', "'id' must be lowercase"),
        ('id = "t"\n[[fields]]\nid = "a"\nheading = "H"\n[[fields]]\nid = "a"\nheading = "H"', "duplicate id"),
        ('id = "t"\n[[fields]]\nid = "a"\nheading = ""', "'heading' must be a non-empty string"),
        ('id = "t"\n[[fields]]\nid = "a"\nheading = "H"\nalias = ["x"]', "unknown key(s) alias"),
        ('id = "t"\n[[fields]]\nid = "a"\nheading = "H"\nword_limit = 0', "'word_limit' must be a positive"),
        ('id = "t"\n[[fields]]\nid = "a"\nheading = "H"\nrequired = "yes"', "'required' must be true or false"),
    ],
)
def test_invalid_templates_are_named_with_the_fault(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_unknown_template_name_lists_the_known_ones() -> None:
    with pytest.raises(TemplateError, match="bundled: practice-based"):
        load_template("no-such-template")


def test_a_team_template_by_path_and_by_name_drives_extraction(tmp_path: Path) -> None:
    folder = user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "arts-council.toml").write_text(TEAM, encoding="utf-8")
    (folder / "broken.toml").write_text("id = ", encoding="utf-8")
    names = {name: problem for name, _, problem in available_templates()}
    assert names["practice-based"] == "" and names["arts-council"] == "" and "not valid TOML" in names["broken"]
    by_name = load_template("arts-council")
    assert by_name == load_template(folder / "arts-council.toml")
    form = tmp_path / "return.md"
    form.write_text(
        "# Spring season\n\n## Who came\n300 people.\n\n## How was the grant spent?\nOn artists.\n", encoding="utf-8"
    )
    (case,) = read_form(form, by_name)
    assert case.fields == {"reach": "300 people.", "money": "On artists."}


def test_cli_lists_templates_and_writes_a_team_form(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text(TEAM, encoding="utf-8")
    runner = CliRunner()
    listing = runner.invoke(cli, ["form", "templates"])
    assert listing.exit_code == 0 and "practice-based" in listing.output
    form = runner.invoke(cli, ["form", "new", "--template", str(path)])
    assert form.exit_code == 0 and "## Audiences" in form.output and "up to 50 words" in form.output
