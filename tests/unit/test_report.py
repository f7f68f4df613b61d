"""The Markdown/HTML report: its sections, its flags, the methods appendix, --as-of, the CLI and atomic writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_fixture import CASES, build_project

from synth.cli import cli
from synth.project import Project
from synth.report import FORMATS, ReportError, write_all, write_report
from synth.report.gather import first_sentences, gather
from synth.report.html import to_html
from synth.report.markdown import SECTIONS, to_markdown
from synth.report.pdf import find_browser

# pdf needs headless Chromium; without it, tests/unit/test_report_sections.py checks the one-line refusal
WRITABLE = [f for f in FORMATS if f != "pdf" or find_browser()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_project(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def markdown(built) -> str:
    with Project.open(built.path) as p:
        return to_markdown(gather(p))


def section(markdown: str, title: str) -> str:
    """The text of one ``##`` section."""
    start = markdown.index(f"\n## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


def test_report_has_the_sections_of_a_published_synthesis_in_order(markdown: str) -> None:
    positions = [markdown.index(f"\n## {name}\n") for name, _ in SECTIONS]
    assert positions == sorted(positions)
    assert markdown.startswith("# Creative Health Synthesis\n")
    for name, anchor in SECTIONS:
        assert f"[{name}](#{anchor})" in markdown


def test_method_names_the_four_steps_and_the_extraction_headings(markdown: str) -> None:
    method = section(markdown, "Method")
    for step in ("Extract and normalise", "Tag themes per heading", "Collate general themes", "Refine"):
        assert f"**{step}.**" in method
    for heading in ("Overview", "Setting", "Participants", "Enablers and barriers", "Key learning"):
        assert f"| {heading} |" in method
    assert "Purpose" not in method  # not an extraction field of this project


def test_project_summaries_use_the_answer_when_no_summary_exists(markdown: str) -> None:
    cases = section(markdown, "Project summaries")
    assert "### Green Minds" in cases and "### Open Studio" in cases and "### Songs of the Estate" in cases
    assert "**Setting.** An allotment in north Leeds, with the local NHS talking therapies service." in cases
    assert "**Overview.** A community choir on a housing estate in Salford for isolated older residents." in cases


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("One. Two. Three.", 2, "One. Two."),
        ("One sentence only", 60, "One sentence only"),
        ("Dr. Smith came. He stayed.", 2, "Dr. Smith came."),
        ("  spaced\n\nout  text. Next.", 3, "spaced out text."),
        ("", 10, ""),
    ],
)
def test_first_sentences(text: str, words: int, expected: str) -> None:
    assert first_sentences(text, words) == expected


def test_findings_give_every_projects_summary_and_the_themes_with_quotes(markdown: str) -> None:
    findings = section(markdown, "Findings by extraction heading")
    eb = findings[findings.index("### Enablers and barriers") : findings.index("### Key learning")]
    assert "*(machine draft, not reviewed)* Every summary under this heading is an unreviewed machine draft." in eb
    for title, answers in CASES.items():
        assert f"- **{title}.** {answers['enablers_barriers']}\n" in eb  # flagged once for all, not per line
    assert "**Short-term funding** — 2 of 3 projects (Open Studio, Songs of the Estate)." in eb
    assert "> “Funding ended” — *Songs of the Estate*" in eb
    assert "*Definition:* Funding that ends before change can show." in eb
    overview = findings[findings.index("### Overview") : findings.index("### Setting")]
    assert "*(from the answer; not yet summarised)*" in overview
    assert "*No themes have been tagged under this heading.*" in overview


def test_general_themes_list_members_and_evidence(markdown: str) -> None:
    generals = section(markdown, "General themes")
    assert "### 1. Volunteering" in generals and "### 2. Sustainable funding" in generals
    assert "| Volunteers | Participants | Green Minds, Songs of the Estate |" in generals
    assert "from 2 headings (Enablers and barriers, Participants)" in generals
    assert "> “volunteers provided transport” — *Songs of the Estate, Participants*" in generals


def test_framework_matrix_and_theme_heading_table(markdown: str) -> None:
    matrix = section(markdown, "Framework matrix")
    assert "| Case study | Volunteering | Sustainable funding |" in matrix
    assert "| Green Minds | 2 |   |" in matrix and "| Songs of the Estate | 2 | 1 |" in matrix
    table = section(markdown, "Themes by heading")
    assert "| Theme | Participants | Enablers and barriers | Key learning | General theme |" in table
    assert "| Volunteers | 2 |   |   | Volunteering |" in table


def test_methods_appendix_counts_analysts_decisions_and_flags_unreviewed(built, markdown: str) -> None:
    appendix = section(markdown, "Appendix: methods and coding trail")
    with Project.open(built.path) as p:
        verification = p.trail.verify()
    assert f"Head hash: `{verification.head}`" in appendix
    assert f"The coding trail verifies: {verification.count} events" in appendix
    assert "| ana | 6 | 3 | 6 | 0 | 0 | 14 | 4 |" in appendix
    assert "| ben | 0 | 1 | 2 | 2 | 1 | 5 | 1 |" in appendix
    assert "| `theme.created` | 3 | 1 | 4 |" in appendix
    assert (
        "| Themes | 1 | 1 | 1 | 2 | **1** |" in appendix
    )  # Volunteer effort kept, Short-term funding renamed, 1 rejected
    assert "| General themes | 2 | 0 | 0 | 0 | **1** |" in appendix
    assert "| Summaries | 6 | 0 | – | 0 | **3** |" in appendix
    assert "3 summaries, 1 theme and 1 general theme were drafted by synth" in appendix
    assert "- Themes: Volunteer effort (Enablers and barriers)." in appendix
    assert "- General themes: Sustainable funding." in appendix
    assert "**Provisional.** 5 items" in markdown


def test_a_tampered_trail_is_reported_plainly(tmp_path: Path) -> None:
    import sqlite3

    built = build_project(tmp_path, stage=1)
    db = sqlite3.connect(built.path / "synth.db")
    db.execute("DROP TRIGGER events_no_update")
    db.execute("UPDATE events SET analyst = 'mallory' WHERE seq = 2")
    db.commit()
    db.close()
    with Project.open(built.path, use_snapshot=False) as p:
        text = to_markdown(gather(p))
    assert "**The coding trail does not verify.**" in text and "event 2" in text


def test_reports_at_two_times_differ_exactly_as_the_trail_says(built) -> None:
    with Project.open(built.path) as p:
        events = list(p.trail.events())
    first_theme = next(e for e in events if e.kind == "theme.created")
    cut = events[first_theme.seq - 2].ts  # the moment before the first theme
    assert all(e.ts > cut for e in events[first_theme.seq - 1 :]), "fixture events need distinct times"
    with Project.open(built.path, as_of=cut) as p:
        early = to_markdown(gather(p))
    with Project.open(built.path) as p:
        late = to_markdown(gather(p))
    later = events[first_theme.seq - 1 :]
    created = [e.payload["theme"]["label"] for e in later if e.kind == "theme.created"]
    generals = [e.payload["general"]["label"] for e in later if e.kind == "general.created"]
    for label in created:
        assert f"**{label}** —" in late and f"**{label}** —" not in early
    for label in generals:
        assert f". {label}\n" in late and f". {label}\n" not in early
    assert f"event {first_theme.seq - 1} of {len(events)}" in early
    assert f"event {len(events)} of {len(events)}" in late
    assert f"{len(events) - first_theme.seq + 1} later events of the trail are not reflected" in early
    # what both moments share reads the same: the summaries recorded before the cut
    assert section(early, "Project summaries") == section(late, "Project summaries")
    early_lines = set(early.splitlines())
    summary_lines = [f"- **{t}.** {a['participants']}" for t, a in CASES.items()]
    assert all(line in early_lines for line in summary_lines)


def test_cli_report_writes_each_format_and_as_of(built, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for fmt in WRITABLE:
        out = runner.invoke(cli, ["report", str(built.path), "--format", fmt])
        assert out.exit_code == 0, out.output
        written = Path(out.output.split()[1])
        assert written.parent == tmp_path and written.stat().st_size > 0
    with Project.open(built.path) as p:
        events = list(p.trail.events())
    cut = events[3].ts  # the third case's import, a command of its own
    target = tmp_path / "early.md"
    out = runner.invoke(cli, ["report", str(built.path), "-o", str(target), "--as-of", cut])
    assert out.exit_code == 0, out.output
    assert "event 4 of" in target.read_text()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--as-of", "yesterday-ish"], 2, "not a date or time"),
        (["--as-of", "2001-01-01"], 1, "no events up to"),
        (["--format", "docx"], 2, "Invalid value"),
    ],
)
def test_cli_report_rejects_bad_input_in_one_line(built, args, code, message) -> None:
    out = CliRunner().invoke(cli, ["report", str(built.path), *args])
    assert out.exit_code == code and message in out.output and "Traceback" not in out.output


def test_cli_report_on_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert out.exit_code == 1 and "not a synth project" in out.output


def test_write_all_writes_the_five_files(built, tmp_path: Path) -> None:
    with Project.open(built.path) as p:
        paths = write_all(p, tmp_path / "out")
    assert sorted(x.name for x in paths) == [
        "project.qdpx",
        "report.html",
        "report.md",
        "synthesis.xlsx",
        "themes.json",
    ]
    assert not [x for x in (tmp_path / "out").iterdir() if x.name.endswith(".tmp")]
    import json

    themes = json.loads((tmp_path / "out" / "themes.json").read_text())
    assert set(themes) >= {"headings", "general_themes"}


def test_a_failed_write_leaves_the_previous_report_whole(built, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.md"
    target.write_text("the previous report\n")

    def boom(tmp: Path) -> None:
        tmp.write_text("half a rep")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("synth.report.render", lambda data, fmt: boom)
    with Project.open(built.path) as p, pytest.raises(ReportError, match=r"report\.md: could not write"):
        write_report(p, "md", target)
    assert target.read_text() == "the previous report\n"
    assert [x.name for x in tmp_path.iterdir()] == ["report.md"]


def test_reports_are_reproducible(built) -> None:
    with Project.open(built.path) as p:
        first = to_markdown(gather(p))
    with Project.open(built.path, use_snapshot=False) as p:
        assert to_markdown(gather(p)) == first


def test_html_is_self_contained_with_figures_and_print_styles(built) -> None:
    with Project.open(built.path) as p:
        html = to_html(gather(p))
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "@media print" in html
    assert html.count("<svg ") == 2 and "Figure 1." in html and "Figure 2." in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "no network fetches"
    assert "<script" not in html
    assert 'id="general-themes"' in html and 'href="#general-themes"' in html
    assert '<em class="flag">machine draft, not reviewed</em>' in html
    assert "SYNTHFIGURE" not in html


@pytest.mark.parametrize("fmt", WRITABLE)
def test_every_format_writes_for_a_project_with_no_cases(tmp_path: Path, fmt: str) -> None:
    Project.create(tmp_path / "empty", analyst="ana").close()
    with Project.open(tmp_path / "empty") as p:
        path = write_report(p, fmt, tmp_path / f"out.{fmt}")
    assert path.stat().st_size > 0
    if fmt == "md":
        assert "*No case studies have been imported.*" in path.read_text()


def test_themes_under_a_heading_no_longer_extracted_still_show(built, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(built.path, tmp_path / "copy")
    with Project.open(tmp_path / "copy", analyst="ana") as p:
        p.set_fields(["overview", "setting", "participants"])
        text = to_markdown(gather(p))
    findings = section(text, "Findings by extraction heading")
    assert "### Key learning" in findings and "**Social connection** —" in findings
    assert "### Purpose" not in findings


def test_wide_matrices_use_short_column_keys() -> None:
    from synth.report.matrices import WIDE_TABLE, keyed

    narrow = [f"Theme {i}" for i in range(WIDE_TABLE)]
    assert keyed(narrow, "G") == (narrow, [])
    columns, key = keyed([*narrow, "<b>Last</b>"], "G")
    assert columns[0] == "G1" and columns[-1] == f"G{WIDE_TABLE + 1}"
    assert key[0].startswith("Key: **G1** Theme 0;") and f"**G{WIDE_TABLE + 1}** \\<b\\>Last\\</b\\>." in key[0]


def test_scope_lists_the_general_themes_in_brief(markdown: str) -> None:
    scope = section(markdown, "Scope")
    assert "1. **Volunteering**: 2 of 3 projects, 2 themes under 2 headings." in scope
    assert (
        "2. **Sustainable funding**: 2 of 3 projects, 1 theme under 1 heading. *(machine draft, not reviewed)*" in scope
    )


def test_at_every_moment_the_report_holds_exactly_the_themes_of_the_trail_up_to_then(built) -> None:
    from synth.state import fold

    with Project.open(built.path) as p:
        events = list(p.trail.events())
    moments = sorted({e.ts for e in events})
    previous: set[str] | None = None
    for ts in moments:
        expected = fold(e for e in events if e.ts <= ts)
        with Project.open(built.path, as_of=ts) as p:
            text = to_markdown(gather(p))
        labels = {t.label for t in expected.themes.values()}
        shown = set(re.findall(r"^\*\*(.+?)\*\* — \d+ of", text, flags=re.M))
        assert shown == labels, ts
        generals = {g.label for g in expected.general_themes.values()}
        assert set(re.findall(r"^### \d+\. (.+)$", text, flags=re.M)) == generals, ts
        assert f"event {expected.seq} of {len(events)}" in text
        if previous is not None:
            new = [e for e in events if e.ts == ts and e.kind == "theme.created"]
            assert labels - previous == {e.payload["theme"]["label"] for e in new}
        previous = labels


def test_undone_work_leaves_the_report_and_is_counted(built, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(built.path, tmp_path / "copy")
    with Project.open(tmp_path / "copy", analyst="ana") as p:
        p.undo()  # the machine-made general theme "Sustainable funding"
        text = to_markdown(gather(p))
    assert "### 2. Sustainable funding" not in text and "### 1. Volunteering" in text
    assert "1 command was later undone and does not count in the results" in text
    assert "| `undo` | 1 |" in text


def test_a_crowded_heat_map_keeps_the_best_supported_themes_of_every_heading(built) -> None:
    from synth.report.figures import heatmap_rows

    with Project.open(built.path) as p:
        data = gather(p)
    assert len(heatmap_rows(data)) == 4
    rows = heatmap_rows(data, limit=3)
    assert [f for f, _ in rows] == ["participants", "enablers_barriers", "key_learning"]
    assert rows[1][1] is data.themes["enablers_barriers"][0]


def test_method_mentions_the_codebook_the_analysts_brought(built, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(built.path, tmp_path / "copy")
    with Project.open(tmp_path / "copy", analyst="ana") as p:
        p.record(
            "codebook.set",
            entries=[{"name": "Volunteering"}, {"name": "Rural transport", "heading": "enablers_barriers"}],
            source="codes.qdc",
        )
        text = to_markdown(gather(p))
    assert "guided by the analysts' codebook of 2 codes, 1 of which name a theme or general theme." in text


def test_cli_report_names_an_unwritable_target_in_one_line(built, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = CliRunner().invoke(cli, ["report", str(built.path), "-o", str(blocker / "report.md")])
    assert out.exit_code == 1 and "Traceback" not in out.output
    assert f"{blocker / 'report.md'}: cannot write here" in out.output


def test_project_summaries_flag_machine_drafts_and_name_a_fallback_heading(tmp_path: Path) -> None:
    from report_fixture import summary_event

    cases = {t: dict(a) for t, a in CASES.items()}
    del cases["Open Studio"]["overview"]
    built = build_project(tmp_path, cases, stage=1)
    answer = cases["Green Minds"]["overview"]
    with Project.open(built.path, analyst="ana") as p:
        p.commit(
            [
                summary_event(
                    "green-minds",
                    "overview",
                    "Weekly gardening for adults with low mood.",
                    answer,
                    origin="machine",
                    reviewed=False,
                )
            ]
        )
        text = section(to_markdown(gather(p)), "Project summaries")
    assert "**Overview.** Weekly gardening for adults with low mood. *(machine draft, not reviewed)*" in text
    assert "**Participants.** Sixty people over two years; referrals came from link workers." in text
    assert "**Overview.** A community choir on a housing estate in Salford for isolated older residents.\n" in text


def test_markdown_built_once_gives_the_same_md_and_html(built, tmp_path: Path) -> None:
    from synth.report.markdown import markdown_lines

    with Project.open(built.path) as p:
        data = gather(p)
        lines = markdown_lines(data)
        md = to_markdown(data, lines=lines)
        assert md == to_markdown(data) and "SYNTHFIGURE" not in md and "heat map" not in md
        html = to_html(data, lines)
        assert html.count("<figure>") == 2 and "SYNTHFIGURE" not in html
        write_all(p, tmp_path)
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == md
    same = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert re.sub(r"<svg.*?</svg>", "", (tmp_path / "report.html").read_text(encoding="utf-8"), flags=re.S) == same
