"""The analyst's walk-through of issue 16, keyboard only at 80x24: each path that surprised them, and the new views.

Every test presses keys (no clicks, no setting of highlights by hand except where
noted) and checks the project's trail, so a decision made by a stray key fails it.
"""

from __future__ import annotations

import dataclasses

import pytest
from pilot_steps import keys_each as keys
from pilot_steps import settle
from textual.widgets import DataTable, OptionList, Tree
from tui_stubs import fake_summaries, fake_themes, for_project, quiet

from synth.browse import theme_colour
from synth.tui.textual_compat import notifications

SMALL = (80, 24)
pytestmark = pytest.mark.anyio


async def type_text(app, pilot, text: str) -> None:
    names = {" ": "space", "\n": "enter"}
    await pilot.press(*[names.get(ch, ch) for ch in text])
    await settle(app, pilot)


def notes(app) -> list[str]:
    return [n.message for n in notifications(app)]


def kinds(project) -> list[str]:
    return [e.kind for e in project.trail.events()]


def option_ids(options: OptionList) -> list[str | None]:
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


@pytest.fixture
def engines():
    """Fixed summary drafts and theme suggestions; no proposals, no uniformity findings."""
    return quiet(suggest_summaries=fake_summaries, suggest_for_project=for_project(fake_themes))


async def open_enablers(app, pilot) -> OptionList:
    await keys(app, pilot, "3", "right_square_bracket", "right_square_bracket")
    options = app.screen.query_one("#theme-list", OptionList)
    assert app.screen.heading == "enablers_barriers" and options.has_focus
    return options


async def move_to(app, pilot, options: OptionList, option_id: str) -> None:
    """Press down/up until the option is highlighted (the keyboard way to choose it)."""
    target = option_ids(options).index(option_id)
    while options.highlighted != target:
        await keys(app, pilot, "down" if (options.highlighted or 0) < target else "up")


# -- 1. the form: a whole case study typed, not one command fired -----------------------------


async def test_a_whole_case_study_is_typed_in_the_form_without_a_command_firing(
    make_app, project, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    seq = project.state.seq
    async with app.run_test(size=SMALL) as pilot:
        await keys(app, pilot, "8")
        screen = app.screen
        assert type(screen).__name__ == "FormScreen" and app.focused.id == "form-answer"
        footer = " ".join(k.description for k in screen.query("FooterKey"))
        assert "Leave editor" in footer  # the footer says how to leave
        title = "Hub 1: 2 Themes, 3 accepted, h? x e a r [5] <6> +7 -8 9 0 f"
        await type_text(app, pilot, title)
        answers = {}
        for f in screen.template.fields:
            await keys(app, pilot, "ctrl+n")
            assert screen.current == f.id and app.focused.id == "form-answer"
            text = f"{f.heading}: we ran it 3 days a week; a D M R s c x e m n i o d A u y v t p w g."
            await type_text(app, pilot, text)
            answers[f.id] = text
        assert app.screen is screen and app.current_mode == "form"
        assert screen.draft.title == title and screen.draft.answers == answers
        await keys(app, pilot, "escape")  # Esc leaves the editor for the questions
        assert app.focused.id == "form-list"
        await keys(app, pilot, "enter")  # and Enter goes back in
        assert app.focused.id == "form-answer"
        await keys(app, pilot, "ctrl+s")
        assert type(app.screen).__name__ == "Ask"
        await keys(app, pilot, "enter")
        assert any("Saved" in n for n in notes(app))
    assert project.state.seq == seq  # nothing at all was recorded on the trail
    saved = list(tmp_path.glob("*.md"))
    assert len(saved) == 1 and "3 days a week" in saved[0].read_text(encoding="utf-8")


# -- 2. merged themes never come back; a suggestion merges into a theme ----------------------


async def test_a_theme_merged_away_does_not_come_back_as_a_suggestion(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        options = await open_enablers(app, pilot)
        await move_to(app, pilot, options, "s:0")
        await keys(app, pilot, "a")  # accept 'Volunteer recruitment'
        made = next(t for t in project.state.themes_of("enablers_barriers") if t.label == "Volunteer recruitment")
        assert "Volunteer recruitment" in notes(app)[-1] and "ctrl+z undoes" in notes(app)[-1]
        await move_to(app, pilot, options, "t:t-volunteers")
        await keys(app, pilot, "m")
        assert type(app.screen).__name__ == "Pick"
        await keys(app, pilot, "enter")
        confirm = app.screen
        assert type(confirm).__name__ == "Confirm" and "'Volunteer recruitment' into 'Volunteers'" in confirm.title_text
        await keys(app, pilot, "y")
        assert made.id not in project.state.themes and kinds(project)[-1] == "theme.merged"
        assert "merged 'Volunteer recruitment' into 'Volunteers'" in notes(app)[-1]
        await keys(app, pilot, "r")  # suggest again: the engine offers it, the core rule keeps it out
        assert not [i for i in option_ids(options) if i and i.startswith("s:")]


async def test_a_suggestion_merges_straight_into_an_existing_theme_and_undo_names_it(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        options = await open_enablers(app, pilot)
        await move_to(app, pilot, options, "s:0")
        await keys(app, pilot, "m")
        assert "suggestion 'Volunteer recruitment' into which theme" in app.screen.title_text
        await keys(app, pilot, "enter")
        assert type(app.screen).__name__ == "Confirm"
        await keys(app, pilot, "escape")  # leave it: nothing recorded
        assert kinds(project)[-1] == "general.created"
        await keys(app, pilot, "m", "enter", "enter")
        assert kinds(project)[-1] == "suggestion.merged"
        theme = project.state.themes["t-volunteers"]
        assert "songs-of-the-estate" in theme.case_ids
        assert not [i for i in option_ids(options) if i and i.startswith("s:")]
        await keys(app, pilot, "ctrl+z")
        assert notes(app)[-1] == (
            "Undo: enablers_barriers: suggestion 'Volunteer recruitment' merged into 'Volunteers'"
        )
        assert "songs-of-the-estate" not in project.state.themes["t-volunteers"].case_ids
        assert "s:0" in option_ids(options)


# -- 3. nothing decided in a list the analyst is not in ---------------------------------------


async def test_collate_keys_act_only_on_the_list_with_the_cursor_and_on_the_proposal_meant(make_app, project, engines):
    collate = pytest.importorskip("synth.themes.collate")
    project.record("theme.created", theme={"id": "t-hall", "heading": "enablers_barriers", "label": "Free hall",
                                           "projects": ["songs-of-the-estate"]}, codings=[])  # fmt: skip
    first = collate.GeneralProposal("k-a", "Confidence", ("t-hall",), ("songs-of-the-estate",), 0.7, "shared words")
    second = collate.GeneralProposal("k-b", "Venues", ("t-hall", "t-vol-part"), ("songs-of-the-estate",), 0.5, "x")
    app = make_app(engines=dataclasses.replace(engines, propose_general_themes=lambda state: [first, second]))
    seq = project.state.seq
    async with app.run_test(size=SMALL) as pilot:
        await keys(app, pilot, "4")
        assert app.focused.id == "proposals"  # the list the decisions act on has the cursor
        await keys(app, pilot, "tab")  # put the cursor in the matrix on purpose
        assert isinstance(app.focused, DataTable)
        await keys(app, pilot, "down", "a", "e", "x")
        assert project.state.seq == seq and "Nothing decided" in notes(app)[-1]
        assert type(app.screen).__name__ == "CollateScreen"
        await keys(app, pilot, "shift+tab")
        options = app.screen.query_one("#proposals", OptionList)
        await move_to(app, pilot, options, "p:1")
        await keys(app, pilot, "a")
    assert [g.label for g in project.state.general_themes.values()] == ["Volunteering", "Venues"]


async def test_themes_keys_do_nothing_while_the_cursor_is_in_the_text(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await open_enablers(app, pilot)
        seq = project.state.seq
        await keys(app, pilot, "tab")
        assert app.focused.id == "summaries"
        await keys(app, pilot, "a", "x", "e", "m", "s", "D")
        assert project.state.seq == seq and type(app.screen).__name__ == "ThemesScreen"
        assert "Nothing decided: the themes list" in notes(app)[-1]


# -- 4. names in messages, honest status lines at 80 columns ------------------------------------


async def test_undo_and_redo_name_the_decision(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        options = await open_enablers(app, pilot)
        await move_to(app, pilot, options, "t:t-volunteers")
        await keys(app, pilot, "e")
        await keys(app, pilot, "ctrl+u")  # Input: clear the line
        await type_text(app, pilot, "Volunteer help\n")
        assert notes(app)[-1] == "theme 'Volunteer help' renamed 'Volunteers' -> 'Volunteer help'. ctrl+z undoes."
        await keys(app, pilot, "ctrl+z")
        assert notes(app)[-1] == "Undo: theme 'Volunteers' renamed 'Volunteers' -> 'Volunteer help'"
        await keys(app, pilot, "ctrl+y")
        assert notes(app)[-1].startswith("Redo: theme 'Volunteer help' renamed")
        assert not any("t-volunteers" in n for n in notes(app))


async def test_remap_dialog_names_the_section_and_the_cell_status_leads_with_its_key(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await keys(app, pilot, "1", "right")
        sections = app.screen.query_one("#sections", OptionList)
        await move_to(app, pilot, sections, "u:0")
        await keys(app, pilot, "m")
        assert app.screen.title_text == "Green Minds: move the unplaced section 'Budget' to which field?"
        await keys(app, pilot, "escape", "2")
        table = app.screen.query_one("#grid", DataTable)
        assert len(table.columns) == 3 and table.row_count == 3
        await keys(app, pilot, "right", "enter")
        assert str(app.screen.query_one("#cell-status").content).startswith("ctrl+s accepts")


# -- the new views -------------------------------------------------------------------------


async def test_case_document_shows_the_whole_form_with_codings_and_jumps_to_the_theme(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await keys(app, pilot, "1", "o")
        doc = app.screen
        assert type(doc).__name__ == "DocumentScreen" and doc.case_id == "green-minds"
        text = doc.query_one("#doc-text").text
        for heading in ("Purpose", "Participants", "Enablers and barriers", "Budget (unplaced"):
            assert heading in text
        assert "The project aimed to reduce loneliness." in text  # the summary, after its answer
        view = doc.query_one("#doc-text")
        coded = [(row, a, b, name) for row, a, b, name in view.marks if name.startswith("c")]
        assert (
            len(coded) == 1
            and view.document.get_line(coded[0][0])[coded[0][1] : coded[0][2]] == "Volunteers kept the group going."
        )
        assert coded[0][3] == f"c{theme_colour('t-volunteers')}"  # highlighted in the theme's colour
        await keys(app, pilot, "n")
        assert str(doc.query_one("#doc-status").content) == "1/1: Volunteers"
        row, col = doc.query_one("#doc-text").cursor_location
        assert doc.query_one("#doc-text").document.get_line(row)[col:].startswith("Volunteers kept the group going.")
        await keys(app, pilot, "t")
        assert type(app.screen).__name__ == "ThemesScreen" and app.screen.heading == "enablers_barriers"
        options = app.screen.query_one("#theme-list", OptionList)
        assert option_ids(options)[options.highlighted] == "t:t-volunteers" and options.has_focus


async def test_search_finds_answers_summaries_and_memos_and_opens_in_place(make_app, project):
    project.record("memo.written", memo={"id": "m-1", "target": "theme:t-volunteers", "text": "Ask about the weather."})
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await keys(app, pilot, "ctrl+f")
        assert app.focused.id == "search-input"
        await type_text(app, pilot, "weather")
        results = app.screen.query_one("#search-results", OptionList)
        assert results.option_count == 2  # Green Minds' answer and the memo
        await keys(app, pilot, "enter")
        assert results.has_focus
        await keys(app, pilot, "enter")
        doc = app.screen
        assert type(doc).__name__ == "DocumentScreen" and doc.case_id == "green-minds"
        view = doc.query_one("#doc-text")
        row, col = view.cursor_location
        assert view.document.get_line(row)[col:].startswith("weather stopped some sessions")
        await keys(app, pilot, "escape", "down", "enter")
        assert type(app.screen).__name__ == "MemosScreen"
        assert str(app.screen.query_one("#memo-about").content).startswith("memo on 'Volunteers'")


async def test_codebook_tree_counts_and_filters_every_screen(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await keys(app, pilot, "0")
        tree = app.screen.query_one("#codebook", Tree)
        general = tree.root.children[0]
        assert str(general.label) == "● Volunteering  2 projects · 1 coding"
        await keys(app, pilot, "down", "enter", "down")  # open Volunteering, down to its first theme
        assert tree.cursor_node.data.ident == "t-volunteers"
        assert "Enablers and barriers: Volunteers  1 project · 1 coding" in str(tree.cursor_node.label)
        await keys(app, pilot, "s")
        assert app.case_filter.theme == "t-volunteers"
        await keys(app, pilot, "1")
        assert option_ids(app.screen.query_one("#cases", OptionList)) == ["green-minds"]
        assert "filter: coded 'Volunteers'" in str(app.screen.query_one("#navbar").content)
        await keys(app, pilot, "2")
        assert app.screen.query_one("#grid", DataTable).row_count == 1
        await keys(app, pilot, "3")
        assert [seg.case_id for seg in app.screen.query_one("#summaries").segments] == ["green-minds"]
        await keys(app, pilot, "0", "s")  # s again on the same code: every case again
        await keys(app, pilot, "h")
        assert app.screen.query_one("#home-cases", OptionList).option_count == 3


async def test_filter_by_case_attribute(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await keys(app, pilot, "1", "f")
        lst = app.screen.query_one("#filter-list")
        assert lst.has_focus
        labels = [str(lst.get_option_at_index(i).prompt) for i in range(lst.option_count)]
        target = labels.index("format = csv  (1)")
        for _ in range(target):
            await keys(app, pilot, "down")
        await keys(app, pilot, "space", "ctrl+s")
        assert option_ids(app.screen.query_one("#cases", OptionList)) == ["walk-and-talk"]
        await keys(app, pilot, "f", "ctrl+r")
        assert len(option_ids(app.screen.query_one("#cases", OptionList))) == 3


async def test_rejected_suggestions_can_be_restored(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        options = await open_enablers(app, pilot)
        await move_to(app, pilot, options, "s:0")
        await keys(app, pilot, "x")
        assert ("enablers_barriers", "volunteer recruitment") in project.state.rejected
        assert "s:0" not in option_ids(options)
        await keys(app, pilot, "R")
        dialog = app.screen
        assert type(dialog).__name__ == "RejectedScreen"
        assert (
            str(dialog.query_one("#rejected-title").content) == "Rejected suggestions under Enablers and barriers (1)"
        )
        await keys(app, pilot, "enter")
        assert kinds(project)[-1] == "suggestion.restored" and not project.state.rejected
        await keys(app, pilot, "escape")
        assert "s:0" in option_ids(app.screen.query_one("#theme-list", OptionList))


async def test_memos_browser_lists_memos_by_name_and_opens_their_target(make_app, project):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        options = await open_enablers(app, pilot)
        await move_to(app, pilot, options, "t:t-volunteers")
        await keys(app, pilot, "M")
        await type_text(app, pilot, "Volunteers hold it up.")
        await keys(app, pilot, "ctrl+s", "ctrl+o")
        memos = app.screen
        assert type(memos).__name__ == "MemosScreen"
        assert str(memos.query_one("#memo-about").content) == "memo on 'Volunteers' · ana"
        await keys(app, pilot, "o")
        assert type(app.screen).__name__ == "ThemesScreen"
