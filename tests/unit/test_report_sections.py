"""Discussion, Conclusions and general-theme narratives: drafted by synth and marked, or written by an analyst.

An analyst's text is a trail event (report.section_written): the report of a
past moment shows the text of that moment, undo takes it back, and writing
empty text (``--clear``) returns the section to synth's draft.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_fixture import build_project

from synth.cli import cli
from synth.project import Project
from synth.report import ReportError, write_report
from synth.report.gather import gather
from synth.report.markdown import to_markdown
from synth.report.sections import SectionError, draft, write_section

MARK = "*(machine draft, not reviewed)*"


def section(markdown: str, title: str) -> str:
    start = markdown.index(f"\n## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


@pytest.fixture
def built(tmp_path):
    return build_project(tmp_path / "p")


def test_the_drafted_discussion_walks_every_general_theme_with_support_and_evidence(built) -> None:
    with Project.open(built.path) as p:
        data = gather(p)
        md = to_markdown(data)
    discussion = section(md, "Discussion")
    assert MARK in discussion and "synth write PROJECT discussion --file FILE" in discussion
    for g in data.generals:
        assert f"**{g.general.label}.**" in discussion
        assert f"({len(g.case_ids)} of {len(data.cases)})" in discussion
    assert "“" in discussion  # evidence quoted from the projects
    conclusions = section(md, "Conclusions")
    assert MARK in conclusions and "provisional" in conclusions


def test_general_themes_get_a_definition_and_a_narrative(built) -> None:
    with Project.open(built.path) as p:
        md = to_markdown(gather(p))
    generals = section(md, "General themes")
    assert generals.count("*Definition") >= 2
    assert "Across the headings, volunteering shows as" in generals


def test_an_analysts_discussion_replaces_the_draft_and_is_on_the_trail(built) -> None:
    text = "Volunteers carry these projects.\n\n## Not a heading\n\nFunding is the *risk*."
    with Project.open(built.path, analyst="ana") as p:
        before = p.state.seq
        event = write_section(p, "discussion", text)
        assert event.kind == "report.section_written" and event.payload["previous"] is None
        assert event.payload["origin"] == "analyst"
        md = to_markdown(gather(p))
        cut = event.ts
    discussion = section(md, "Discussion")
    assert "Volunteers carry these projects." in discussion and "Funding is the *risk*." in discussion
    assert "*Written by ana," in discussion and MARK not in discussion
    assert "\n## Not a heading" not in md and "\\## Not a heading" in discussion  # no section of its own
    assert MARK in section(md, "Conclusions")  # still the draft
    with Project.open(built.path, as_of=cut) as p:
        assert "Volunteers carry these projects." in to_markdown(gather(p))
    with Project.open(built.path, analyst="ana") as p:
        p.undo()
        assert p.state.seq > before and "discussion" not in p.state.report_sections
        assert MARK in section(to_markdown(gather(p)), "Discussion")


def test_a_general_theme_narrative_can_be_written_by_id_or_label(built) -> None:
    gid = built.generals["Volunteering"]
    with Project.open(built.path, analyst="ana") as p:
        write_section(p, "general:Volunteering", "Volunteering is the spine of every project.")
        assert f"general:{gid}" in p.state.report_sections
        md = to_markdown(gather(p))
    assert "Volunteering is the spine of every project." in section(md, "General themes")


@pytest.mark.parametrize(
    ("section_id", "text", "message"),
    [
        ("methods", "x", "unknown report section"),
        ("general:nope", "x", "no general theme 'nope'"),
        ("conclusions", "", "already synth's draft"),
        ("discussion", "a\x00b", "NUL"),
    ],
)
def test_bad_sections_are_refused_in_one_line(built, section_id: str, text: str, message: str) -> None:
    with Project.open(built.path) as p, pytest.raises(SectionError) as info:
        write_section(p, section_id, text)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_cli_write_draft_file_stdin_and_clear(built, tmp_path: Path) -> None:
    runner = CliRunner()
    drafted = runner.invoke(cli, ["write", str(built.path), "discussion", "--draft"])
    assert drafted.exit_code == 0 and "This synthesis of 3 case studies" in drafted.output
    mine = tmp_path / "discussion.md"
    mine.write_text("My own discussion.\n", encoding="utf-8")
    wrote = runner.invoke(cli, ["write", str(built.path), "discussion", "--file", str(mine), "--analyst", "bo"])
    assert wrote.exit_code == 0, wrote.output
    assert wrote.output.startswith("wrote the discussion (3 words) as trail event ")
    again = runner.invoke(cli, ["write", str(built.path), "discussion", "--file", str(mine)])
    assert again.exit_code == 1 and "already reads exactly so" in again.output
    piped = runner.invoke(cli, ["write", str(built.path), "conclusions", "--file", "-"], input="From stdin.\n")
    assert piped.exit_code == 0, piped.output
    with Project.open(built.path) as p:
        assert p.state.report_sections["conclusions"].text == "From stdin."
        assert p.state.report_sections["discussion"].analyst == "bo"
    cleared = runner.invoke(cli, ["write", str(built.path), "discussion", "--clear"])
    assert cleared.exit_code == 0 and "synth's draft again" in cleared.output
    bad = runner.invoke(cli, ["write", str(built.path), "discussion"])
    assert bad.exit_code == 2
    missing = runner.invoke(cli, ["write", str(built.path), "discussion", "--file", str(tmp_path / "no.md")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_the_draft_of_a_section_is_what_the_report_prints(built) -> None:
    with Project.open(built.path) as p:
        data = gather(p)
    assert draft(data, "discussion").split("\n\n")[1] in to_markdown(data)


def test_pdf_without_chromium_is_one_line_and_writes_nothing(built, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SYNTH_CHROMIUM", str(tmp_path / "no-such-browser"))
    target = tmp_path / "out" / "report.pdf"
    with Project.open(built.path) as p, pytest.raises(ReportError) as info:
        write_report(p, "pdf", target)
    assert "headless Chromium" in str(info.value) and not target.exists()
    result = CliRunner().invoke(cli, ["report", str(built.path), "--format", "pdf", "-o", str(target)])
    assert result.exit_code == 1 and "headless Chromium" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(
    not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")), reason="needs Chromium"
)
def test_pdf_is_printed_by_chromium(built, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with Project.open(built.path) as p:
        write_report(p, "pdf", target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 2


def test_definitions_come_from_the_analyst_then_the_codebook_then_a_marked_draft(built) -> None:
    from dataclasses import replace

    from synth.model import CodebookEntry
    from synth.report.drafts import in_prose, theme_definition

    with Project.open(built.path) as p:
        data = gather(p)
    themes = {t.theme.label: t for t in data.all_themes()}
    analyst = theme_definition(data, themes["Short-term funding"])
    assert (analyst.source, analyst.text) == ("analyst", "Funding that ends before change can show.")
    assert analyst.marked() == analyst.text
    volunteers = themes["Volunteers"]
    drafted = theme_definition(data, volunteers)
    assert drafted.drafted and drafted.marked().startswith("(machine draft) ")
    assert f"({len(volunteers.case_ids)} of {len(data.cases)} projects)" in drafted.text
    with_codebook = replace(data, codebook=(CodebookEntry("volunteers", "People who give their time unpaid."),))
    assert theme_definition(with_codebook, volunteers).source == "codebook"
    assert in_prose("Volunteer recruitment") == "volunteer recruitment"
    assert in_prose("WEMWBS and wellbeing") == "WEMWBS and wellbeing"
    assert in_prose("Five Ways to Wellbeing") == "Five Ways to Wellbeing"
