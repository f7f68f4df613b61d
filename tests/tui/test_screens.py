"""Pilot tests: drive each screen's main actions and check their effect on the project state and trail."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pilot_steps import keys, settle
from textual.widgets import DataTable, OptionList, TextArea
from textual.widgets.text_area import Selection
from tui_stubs import fake_summaries, fake_themes, for_project

from synth.tui.engines import Engines
from synth.tui.textual_compat import notifications

SIZE = (120, 40)
pytestmark = pytest.mark.anyio


def highlight(options: OptionList, option_id: str) -> None:
    """Highlight the option with this id."""
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(option_id)


async def open_cell(app, pilot, row: int, column: int) -> None:
    """Open Normalise, then the grid's cell at (row, column) in the cell editor."""
    await keys(app, pilot, "2")
    app.screen.query_one("#grid", DataTable).move_cursor(row=row, column=column)
    await keys(app, pilot, "enter")
    assert type(app.screen).__name__ == "CellScreen"


def last_kind(project) -> str:
    return list(project.trail.events())[-1].kind


def notes(app) -> list[str]:
    return [n.message for n in notifications(app)]


# -- home, help, palette, themes ------------------------------------------------------------


async def test_home_shows_progress_and_what_next(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        steps = str(app.screen.query_one("#home-steps").render())
        assert "Step 1: 1 of 9 summaries accepted" in steps
        assert "Step 3: 1 general theme" in steps
        nxt = str(app.screen.query_one("#home-next").render())
        assert "unplaced" in nxt and "Green Minds" in nxt
        assert app.screen.query_one("#home-cases", OptionList).option_count == 3


async def test_help_palette_and_light_theme(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"
        await keys(app, pilot, "ctrl+p")
        await keys(app, pilot, *"Trail")
        await keys(app, pilot, "enter")
        assert type(app.screen).__name__ == "TrailScreen"
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark


# -- step 1: extract --------------------------------------------------------------------------


async def test_extract_remaps_unplaced_section(make_app, project):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "1")
        sections = app.screen.query_one("#sections", OptionList)
        assert sections.get_option_at_index(sections.option_count - 1).id == "u:0"
        sections.focus()
        sections.highlighted = sections.option_count - 1
        await keys(app, pilot, "m")
        await pilot.press(*"further")
        await keys(app, pilot, "enter")
    case = project.state.cases["green-minds"]
    assert case.unplaced == ()
    assert "2,000 pounds" in case.fields["further_information"]
    assert case.matches["further_information"].method == "manual"
    assert last_kind(project) == "case.remapped"


async def test_extract_imports_in_a_worker_and_names_bad_files(make_app, project, monkeypatch):
    from synth.model import CaseStudy
    from synth.state import case_to_dict

    @dataclass
    class Report:
        imported: list
        duplicates: list
        failed: list

    calls = []

    def fake_import(p, paths, progress=None, cancelled=None):
        calls.append(paths)
        progress(1, 2, "new.md")
        case = CaseStudy("new-case", "New Case", "new.md", "d" * 64, {"purpose": "To try."})
        p.commit([("case.imported", {"case": case_to_dict(case)})])
        return Report([("new.md", "new-case", "New Case")], [], [ValueError("bad.docx: not a Word file")])

    app = make_app(engines=Engines(import_paths=fake_import))
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "1")
        await keys(app, pilot, "i")
        app.screen.query_one("#ask-input").value = str(project.path)
        await keys(app, pilot, "enter")
        assert "New Case" in str(app.screen.query_one("#case-title").render())
        assert any("bad.docx" in n for n in notes(app))
    assert calls == [[project.path]]
    assert "new-case" in project.state.cases


async def test_extract_import_of_missing_path_is_a_notice_not_a_crash(make_app, project):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "1")
        await keys(app, pilot, "i")
        await pilot.press(*"/no/such/forms")
        await keys(app, pilot, "enter")
        assert any("/no/such/forms" in n for n in notes(app))
    assert len(project.state.cases) == 3


# -- step 1: normalise ------------------------------------------------------------------------


async def test_normalise_accepts_a_suggestion_then_moves_on(make_app, project, monkeypatch):
    pytest.importorskip("synth.summaries")
    app = make_app(engines=Engines(suggest_summaries=fake_summaries))
    async with app.run_test(size=SIZE) as pilot:
        await open_cell(app, pilot, 2, 0)  # Walk and Talk / purpose: no summary yet
        assert app.screen.query_one("#summary", TextArea).text == "The project drafted walk-and-talk purpose."
        await keys(app, pilot, "ctrl+s")
        assert (app.screen.case_id, app.screen.heading_id) != ("walk-and-talk", "purpose")
    s = project.state.summaries[("walk-and-talk", "purpose")]
    assert s.status == "accepted" and s.reviewed
    assert last_kind(project) == "summary.recorded"


async def test_normalise_saves_an_edit(make_app, project, monkeypatch):
    pytest.importorskip("synth.summaries")
    app = make_app(engines=Engines(suggest_summaries=fake_summaries))
    async with app.run_test(size=SIZE) as pilot:
        await open_cell(app, pilot, 2, 1)
        editor = app.screen.query_one("#summary", TextArea)
        editor.load_text("The project reached twenty-five older men.")
        await settle(app, pilot)
        await keys(app, pilot, "ctrl+s")
    s = project.state.summaries[("walk-and-talk", "participants")]
    assert s.text == "The project reached twenty-five older men."
    assert s.status == "edited"


async def test_normalise_drafts_a_heading_in_a_worker(make_app, project, monkeypatch):
    app = make_app(engines=Engines(suggest_summaries=fake_summaries))
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "2")
        await keys(app, pilot, "d")
        grid = app.screen.query_one("#grid", DataTable)
        assert str(grid.get_cell_at((2, 0))) == "?"
        assert str(grid.get_cell_at((0, 0))) == "✓"
    assert ("walk-and-talk", "purpose") in app.summary_drafts
    assert ("walk-and-talk", "purpose") not in project.state.summaries  # drafts are not decisions


# -- step 2: themes -----------------------------------------------------------------------------


async def open_enablers(app, pilot) -> OptionList:
    """Themes, on the heading Enablers and barriers; returns its list of themes and suggestions."""
    await keys(app, pilot, "3")
    await keys(app, pilot, "right_square_bracket", "right_square_bracket")
    assert app.screen.heading == "enablers_barriers"
    return app.screen.query_one("#theme-list", OptionList)


async def test_themes_accepts_a_suggestion_and_highlights_its_evidence(make_app, project, monkeypatch):
    app = make_app(engines=Engines(suggest_for_project=for_project(fake_themes)))
    async with app.run_test(size=SIZE) as pilot:
        options = await open_enablers(app, pilot)
        highlight(options, "s:0")
        await settle(app, pilot)
        view = app.screen.query_one("#summaries")
        assert any(name == "evidence" for marks in view._highlights.values() for *_, name in marks)
        await keys(app, pilot, "a")
    labels = {t.label for t in project.state.themes_of("enablers_barriers")}
    assert "Volunteer recruitment" in labels
    assert last_kind(project) == "theme.created"


async def test_themes_codes_selected_text_with_fuzzy_search(make_app, project, monkeypatch):
    app = make_app(engines=Engines(suggest_for_project=for_project(fake_themes)))
    async with app.run_test(size=SIZE) as pilot:
        await open_enablers(app, pilot)
        view = app.screen.query_one("#summaries")
        seg = next(s for s in view.segments if s.case_id == "walk-and-talk")
        view.selection = Selection((seg.row, 0), (seg.row, len("Peer leaders")))
        await keys(app, pilot, "c")
        await pilot.press(*"volntrs")  # a typo: fuzzy search still finds "Volunteers"
        await keys(app, pilot, "enter")
    coded = [c for c in project.state.codings.values() if c.case_id == "walk-and-talk"]
    assert [(c.theme_id, c.start, c.end, c.text) for c in coded] == [("t-volunteers", 0, 12, "Peer leaders")]
    assert "walk-and-talk" in project.state.themes["t-volunteers"].case_ids


async def test_themes_rename_and_memo(make_app, project, monkeypatch):
    app = make_app(engines=Engines(suggest_for_project=for_project(fake_themes)))
    async with app.run_test(size=SIZE) as pilot:
        options = await open_enablers(app, pilot)
        options.focus()
        options.highlighted = 0  # the theme "Volunteers"
        await keys(app, pilot, "e")
        app.screen.query_one("#ask-input").value = "Volunteers kept it going"
        await keys(app, pilot, "enter")
        await keys(app, pilot, "M")
        app.screen.query_one("#write-text", TextArea).load_text("Check against the barriers column.")
        await keys(app, pilot, "ctrl+s")
    assert project.state.themes["t-volunteers"].label == "Volunteers kept it going"
    assert [m.target for m in project.state.memos.values()] == ["theme:t-volunteers"]


# -- steps 3 and 4 ----------------------------------------------------------------------------------


async def test_collate_builds_a_general_theme_by_hand(make_app, project):
    pytest.importorskip("synth.themes.collate")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "4")
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#many-label").value = "Volunteer power"
        app.screen.query_one("#many-list").select("t-volunteers")
        app.screen.query_one("#many-ok").press()
        await settle(app, pilot)
    labels = [g.label for g in project.state.general_themes.values()]
    assert "Volunteer power" in labels
    assert last_kind(project) == "general.created"


async def test_refine_defines_and_reorders(make_app, project):
    pytest.importorskip("synth.themes.refine")
    project.record("general.created", general={"id": "g-2", "label": "Place", "themes": []}, key=None)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "5")
        generals = app.screen.query_one("#generals", OptionList)
        generals.focus()
        generals.highlighted = 1
        await keys(app, pilot, "ctrl+up")
        await keys(app, pilot, "d")
        app.screen.query_one("#write-text", TextArea).load_text("Where the project happens.")
        await keys(app, pilot, "ctrl+s")
    assert list(project.state.general_themes) == ["g-2", "g-volunteering"]
    assert project.state.general_themes["g-2"].definition == "Where the project happens."


# -- trail ------------------------------------------------------------------------------------------------


async def test_trail_filters_undoes_and_redoes(make_app, project):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "7")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 10  # 9 decisions and the analyst's key registration
        assert "✓" in str(app.screen.query_one("#trail-verify").render())
        await keys(app, pilot, "u")
        assert "g-volunteering" not in project.state.general_themes
        assert last_kind(project) == "undo"
        await keys(app, pilot, "y")
        assert "g-volunteering" in project.state.general_themes
        await keys(app, pilot, "slash", *"theme.created")
        assert table.row_count == 2


# -- form ---------------------------------------------------------------------------------------------------


async def test_form_autosaves_a_draft_and_saves_markdown(make_app, tmp_path):
    from synth.tui.formdraft import draft_path

    out = tmp_path / "out" / "walk.md"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "8")
        await pilot.click("#form-answer")
        await pilot.press(*"Walk and Talk")
        await pilot.press("ctrl+n")  # Overview
        await pilot.press(*"Weekly walks")
        app.screen.query_one("#form-answer").insert(" for older men.")
        await settle(app, pilot)
        assert "5 / 200 words" in str(app.screen.query_one("#form-count").render())
        assert "Weekly walks" in draft_path().read_text()
        await keys(app, pilot, "ctrl+s")
        app.screen.query_one("#ask-input").value = str(out)
        await keys(app, pilot, "enter")
    text = out.read_text()
    assert text.startswith("# Walk and Talk\n")
    assert "## Overview\n\nWeekly walks for older men." in text


async def test_collate_confirms_a_proposal_and_sets_one_aside(make_app, project, monkeypatch):
    collate = pytest.importorskip("synth.themes.collate")
    project.record(
        "theme.created",
        theme={
            "id": "t-hall",
            "heading": "enablers_barriers",
            "label": "Free hall",
            "projects": ["songs-of-the-estate"],
        },
        codings=[],
    )
    project.record(
        "theme.created",
        theme={"id": "t-place", "heading": "purpose", "label": "Place", "projects": ["songs-of-the-estate"]},
        codings=[],
    )
    first = collate.GeneralProposal(
        "k-venue", "Venues", ("t-hall", "t-place"), ("songs-of-the-estate",), 0.7, "shared words"
    )
    second = collate.GeneralProposal("k-other", "Other", ("t-hall",), ("songs-of-the-estate",), 0.2, "weak")
    app = make_app(engines=Engines(propose_general_themes=lambda state: [first, second]))
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "4")
        table = app.screen.query_one("#matrix", DataTable)
        assert table.row_count == 3  # one general theme, then the two themes not yet collated
        options = app.screen.query_one("#proposals", OptionList)
        options.focus()
        highlight(options, "p:0")
        await keys(app, pilot, "a")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("p:0")  # now "Other"
        await keys(app, pilot, "x")
    labels = {g.label: g.themes for g in project.state.general_themes.values()}
    assert labels["Venues"] == ("t-hall", "t-place")
    assert "k-other" in project.state.rejected_general


async def test_refine_merges_a_proposal(make_app, project, monkeypatch):
    refine = pytest.importorskip("synth.themes.refine")
    project.record("general.created", general={"id": "g-2", "label": "Volunteer help", "themes": []}, key=None)
    proposal = refine.MergeProposal("m-1", ("g-volunteering", "g-2"), "Volunteering", 0.9, "same words")
    app = make_app(engines=Engines(propose_merges=lambda state: [proposal]))
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "5")
        await keys(app, pilot, "m")  # the cursor is in the general themes, not the proposals: nothing is merged
        assert len(project.state.general_themes) == 2 and "Nothing decided" in notes(app)[-1]
        await keys(app, pilot, "tab", "m")
    assert list(project.state.general_themes) == ["g-volunteering"]
    assert last_kind(project) == "general.merged"


async def test_themes_split_and_delete(make_app, project, monkeypatch):
    text = project.state.cases["green-minds"].fields["enablers_barriers"]
    second = text.index("Bad")
    project.record("coding.added", coding={"id": "k-2", "theme_id": "t-volunteers", "case_id": "green-minds", "field_id": "enablers_barriers",
                                           "start": second, "end": len(text), "text": text[second:], "target": "answer"})  # fmt: skip
    app = make_app(engines=Engines(suggest_for_project=for_project(fake_themes)))
    async with app.run_test(size=SIZE) as pilot:
        options = await open_enablers(app, pilot)
        options.focus()
        options.highlighted = 0
        await keys(app, pilot, "s")
        app.screen.query_one("#second-label").value = "Weather"
        app.screen.query_one("#split-codings").select("k-2")
        app.screen.query_one("#split-ok").press()
        await settle(app, pilot)
        labels = sorted(t.label for t in project.state.themes_of("enablers_barriers"))
        assert labels == ["Volunteers", "Weather"]
        weather = next(t for t in project.state.themes_of("enablers_barriers") if t.label == "Weather")
        highlight(options, f"t:{weather.id}")
        await keys(app, pilot, "x")  # asks first, naming the theme
        assert type(app.screen).__name__ == "Confirm" and "'Weather'" in app.screen.title_text
        await keys(app, pilot, "y")
        assert "deleted theme 'Weather'. ctrl+z undoes." in notes(app)[-1]
    assert sorted(t.label for t in project.state.themes_of("enablers_barriers")) == ["Volunteers"]
    assert last_kind(project) == "theme.deleted"


async def test_cancel_stops_a_running_import(make_app, project, monkeypatch):
    import threading

    started, release, seen = threading.Event(), threading.Event(), []

    def slow_import(p, paths, progress=None, cancelled=None):
        progress(0, 10, "first.md")
        started.set()
        release.wait(10)
        seen.append(cancelled())
        return type("Report", (), {"imported": [], "duplicates": [], "failed": []})()

    app = make_app(engines=Engines(import_paths=slow_import))
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "1")
        await keys(app, pilot, "i")
        app.screen.query_one("#ask-input").value = str(project.path)
        await pilot.press("enter")
        assert started.wait(10)
        await pilot.pause()
        bar = app.screen.query_one("TaskBar")
        assert bar.has_class("-active")
        await pilot.click("#task-cancel")
        release.set()
        await settle(app, pilot)
        assert not bar.has_class("-active")
        assert any("cancelled" in n for n in notes(app))
    assert seen == [True]
    assert len(project.state.cases) == 3


async def test_palette_offers_the_screens_own_actions(make_app, project, monkeypatch):
    app = make_app(engines=Engines(suggest_for_project=for_project(fake_themes)))
    async with app.run_test(size=SIZE) as pilot:
        options = await open_enablers(app, pilot)
        highlight(options, "s:0")
        await keys(app, pilot, "ctrl+p")
        await keys(app, pilot, *"Accept")
        await keys(app, pilot, "enter")
    assert "Volunteer recruitment" in {t.label for t in project.state.themes.values()}


async def test_normalise_keeps_a_machine_draft_as_reviewed(make_app, project, monkeypatch):
    pytest.importorskip("synth.summaries")
    app = make_app(engines=Engines(suggest_summaries=fake_summaries))
    async with app.run_test(size=SIZE) as pilot:
        await open_cell(app, pilot, 1, 0)  # Songs / purpose: machine, unreviewed
        assert "not reviewed" in str(app.screen.query_one("#cell-status").render())
        await keys(app, pilot, "ctrl+s")
    s = project.state.summaries[("songs-of-the-estate", "purpose")]
    assert s.reviewed and s.text == "The choir set out to bring neighbours together."


async def test_themes_add_and_remove_a_project(make_app, project, monkeypatch):
    app = make_app(engines=Engines(suggest_for_project=for_project(fake_themes)))
    async with app.run_test(size=SIZE) as pilot:
        options = await open_enablers(app, pilot)
        options.focus()
        options.highlighted = 0  # "Volunteers" (green-minds)
        await keys(app, pilot, "plus")
        await pilot.press(*"walk")
        await keys(app, pilot, "enter")
        assert project.state.themes["t-volunteers"].case_ids == {"green-minds", "walk-and-talk"}
        await keys(app, pilot, "minus")
        await pilot.press(*"green")
        await keys(app, pilot, "enter")
    assert project.state.themes["t-volunteers"].case_ids == {"walk-and-talk"}
    assert not project.state.codings_of("t-volunteers")  # its coding on green-minds went with the project


async def test_report_previews_and_exports_every_format(make_app, project, tmp_path):
    report = pytest.importorskip("synth.report")
    if not hasattr(report, "write_all"):
        pytest.skip("synth.report.write_all not built")
    out = tmp_path / "export"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "6")
        preview = app.screen.query_one("#report-md")
        assert "Fixture synthesis" in preview.source
        await keys(app, pilot, "a")
        app.screen.query_one("#ask-input").value = str(out)
        await keys(app, pilot, "enter")
        assert any("Wrote" in n for n in notes(app))
    names = {p.name for p in out.iterdir()}
    assert {"report.md", "report.html", "synthesis.xlsx", "project.qdpx"} <= names


async def test_extract_imports_a_real_form_with_the_core_importer(make_app, project):
    pytest.importorskip("synth.extract.importer")
    from synth.demo import corpus_path

    try:
        form = corpus_path() / "songs-of-the-estate.md"
    except FileNotFoundError:
        pytest.skip("no bundled case studies")
    if not form.exists():
        pytest.skip("songs-of-the-estate.md not in the corpus")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keys(app, pilot, "1")
        await keys(app, pilot, "i")
        app.screen.query_one("#ask-input").value = str(form)
        await keys(app, pilot, "enter")
        assert any(n.startswith("Imported 1 case stud") for n in notes(app))
    assert len(project.state.cases) == 4
    assert last_kind(project) == "case.imported"


async def test_home_case_opens_its_form(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        cases = app.screen.query_one("#home-cases", OptionList)
        cases.focus()
        cases.highlighted = 2
        await keys(app, pilot, "enter")
        assert type(app.screen).__name__ == "ExtractScreen"
        assert app.screen.case_id == "walk-and-talk"
