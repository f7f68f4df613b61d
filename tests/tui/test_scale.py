"""Pilot tests, keyboard only: a long step shows its progress and stops on ctrl+x; long lists show a page at a time."""

from __future__ import annotations

import threading

import pytest
from pilot_steps import keys, settle
from textual.widgets import DataTable
from tui_stubs import many_cases, quiet

from synth.tui.widgets.paged import PAGE
from synth.tui.widgets.taskbar import TaskBar

SIZE = (120, 40)
N_CASES = 450  # three pages of 200
pytestmark = pytest.mark.anyio


def footer_keys(app) -> list[str]:
    return [str(k.description) for k in app.screen.query("FooterKey")]


@pytest.fixture
def large(tmp_path):
    """N_CASES cases, built from events in one commit (no import, no NLP)."""
    project = many_cases(tmp_path / "large", N_CASES)
    yield project
    project.close()


async def test_a_long_suggestion_shows_progress_and_ctrl_x_stops_it(large):
    from synth.tui.app import SynthApp

    started, release = threading.Event(), threading.Event()
    calls = []

    def slow(project, heading, progress=None, state=None, **kw):
        calls.append(heading)
        progress(1, 4, "reading the answers")
        started.set()
        release.wait(30)  # until the test lets it go: long enough to see and to cancel
        return []

    app = SynthApp(project=large, warm_up=False, engines=quiet(suggest_for_project=slow))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert "Cancel task" not in footer_keys(app)  # offered only while a task runs
            await pilot.press("3")
            assert started.wait(10)
            await pilot.pause()
            await pilot.pause()
            bar = app.screen.query_one(TaskBar)
            assert bar.busy and bar.has_class("-active")
            label = str(bar.query_one("#task-label").render())
            assert "Suggesting themes for" in label and "1/4" in label and "reading the answers" in label
            assert "Cancel task" in footer_keys(app)
            assert "suggesting themes…" in str(app.screen.query_one("#theme-list").get_option_at_index(0).prompt)

            await pilot.press("ctrl+x")
            await pilot.pause()
            assert not bar.busy and not bar.has_class("-active")
            assert "Cancel task" not in footer_keys(app)
            first = str(app.screen.query_one("#theme-list").get_option_at_index(0).prompt)
            assert "suggesting stopped: r suggests" in first
            release.set()  # the engine ends; its result is dropped, the heading stays stopped
            await settle(app, pilot)
            assert app.screen.query_one("#heading-title") is not None
            assert calls == ["purpose"]
            assert "purpose" not in getattr(app, "theme_suggestions", {})
            assert "suggesting stopped" in str(app.screen.query_one("#theme-list").get_option_at_index(0).prompt)

            await keys(app, pilot, "r")  # asked again: it runs, and this time its result is shown
            assert calls == ["purpose", "purpose"]
            assert app.theme_suggestions["purpose"] == []
    finally:
        release.set()


async def test_the_case_list_shows_a_page_and_the_keyboard_turns_it(large):
    from synth.tui.app import SynthApp

    app = SynthApp(project=large, warm_up=False, engines=quiet())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "1", "left")  # Extract; the cursor in the cases list
        cases = app.screen.query_one("#cases")
        assert cases.has_focus
        assert cases.option_count == PAGE  # not 450 options
        assert "page 1/3" in str(app.screen.query_one("#cases-title").render())
        assert cases.get_option_at_index(0).id == "case-0000"

        await keys(app, pilot, "greater_than_sign")  # the next page, its first case shown
        assert cases.get_option_at_index(0).id == "case-0200" and cases.highlighted == 0
        assert app.screen.case_id == "case-0200"
        assert "page 2/3" in str(app.screen.query_one("#cases-title").render())

        await keys(app, pilot, "up")  # past the top: the previous page, at its last case
        assert app.screen.case_id == "case-0199" and cases.highlighted == PAGE - 1
        await keys(app, pilot, "down")  # past the bottom: the next page again
        assert app.screen.case_id == "case-0200"
        await keys(app, pilot, "greater_than_sign", "end")
        assert app.screen.case_id == f"case-{N_CASES - 1:04d}" and cases.option_count == N_CASES - 2 * PAGE
        await keys(app, pilot, "down")  # the last case: the list wraps to the first, as a short list does
        assert app.screen.case_id == "case-0000" and "page 1/3" in str(app.screen.query_one("#cases-title").render())


async def test_the_grid_and_the_trail_page_too(large):
    from synth.tui.app import SynthApp

    app = SynthApp(project=large, warm_up=False, engines=quiet())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "2")
        grid = app.screen.query_one("#grid", DataTable)
        assert grid.row_count == PAGE
        await keys(app, pilot, "greater_than_sign")
        assert app.screen.current() == ("case-0200", "purpose")
        assert "rows 201-400 of 450" in str(app.screen.query_one("#grid-where").render())
        await keys(app, pilot, "up")
        assert app.screen.current() == ("case-0199", "purpose")

        await keys(app, pilot, "7")  # the trail: 450 imports and the project's own events, newest first
        table = app.screen.query_one("#trail-table", DataTable)
        assert table.row_count == PAGE
        newest = table.get_row_at(0)[0]
        await keys(app, pilot, "greater_than_sign")
        assert int(table.get_row_at(0)[0]) == int(newest) - PAGE
        assert "page 2/" in app.sub_title


async def test_a_pick_of_many_shows_the_best_200_and_typing_narrows(large):
    from textual.widgets import OptionList

    from synth.tui.app import SynthApp
    from synth.tui.widgets.dialogs import PICK_SHOWN, Pick

    app = SynthApp(project=large, warm_up=False, engines=quiet())
    chosen = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        choices = [(c.id, c.title) for c in large.state.cases.values()]
        app.push_screen(Pick("Which case?", choices), chosen.append)
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == PICK_SHOWN
        assert f"{PICK_SHOWN} of {N_CASES} shown: type to narrow" in str(app.screen.query_one("#pick-hint").render())
        await keys(app, pilot, *"case 0449")
        assert options.get_option_at_index(0).id == "case-0449"
        await keys(app, pilot, "enter")
    assert chosen == ["case-0449"]
