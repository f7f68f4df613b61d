"""Pilot tests, keyboard only: Search, Memos, Collate and Refine show a page of 200 at a time; search runs in a worker."""

from __future__ import annotations

import threading

import pytest
from pilot_steps import keys, settle
from textual.widgets import DataTable
from tui_stubs import many_cases, quiet

import synth.tui.screens.search as search_screen
from synth.tui.widgets.paged import PAGE
from synth.tui.widgets.taskbar import TaskBar

SIZE = (120, 40)
N_CASES = 250  # two pages of 200
pytestmark = pytest.mark.anyio


def line(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.fixture
def large(tmp_path):
    """N_CASES cases, a theme on each, a general theme of each theme and a memo on each case, from events."""
    project = many_cases(tmp_path / "large", N_CASES)
    project.commit([("theme.created", {"theme": {"id": f"t{i:04d}", "heading": "purpose", "label": f"Theme {i:04d}",
                                                 "projects": []}, "codings": []}) for i in range(N_CASES)])  # fmt: skip
    project.commit([("general.created", {"general": {"id": f"g{i:04d}", "label": f"General {i:04d}", "definition": "",
                                                     "themes": [f"t{i:04d}"], "origin": "analyst"},
                                         "key": None, "origin": "analyst", "basis": {"by_hand": True}})
                    for i in range(N_CASES)])  # fmt: skip
    project.commit([("memo.written", {"memo": {"id": f"m{i:04d}", "target": f"case:case-{i:04d}",
                                               "text": f"Memo {i:04d}"}, "origin": "analyst"}) for i in range(N_CASES)])  # fmt: skip
    yield project
    project.close()


@pytest.fixture
def app(large):
    from synth.tui.app import SynthApp

    return SynthApp(project=large, warm_up=False, engines=quiet())


async def test_search_shows_the_first_page_of_its_hits_and_the_keyboard_turns_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "ctrl+f", *"Answer")
        results = app.screen.query_one("#search-results")
        assert results.option_count == PAGE  # of 500 hits: an answer under each heading of each case
        assert "500 found" in line(app, "#search-count") and "page 1/3" in line(app, "#search-count")
        assert "Case 0000 · " in str(results.get_option_at_index(0).prompt)

        await keys(app, pilot, "enter", "greater_than_sign")  # into the results, then the next page
        assert results.has_focus and results.highlighted == 0
        assert "Case 0100 · " in str(results.get_option_at_index(0).prompt)  # hit 200: case 100's first
        assert "page 2/3" in line(app, "#search-count")
        await keys(app, pilot, "up")  # past the page's top: the page before, at its last hit
        assert "page 1/3" in line(app, "#search-count") and results.highlighted == PAGE - 1
        await keys(app, pilot, "enter")  # opens the case document at the hit
        assert type(app.screen).__name__ == "DocumentScreen"


async def test_a_slow_search_leaves_the_query_usable_and_ctrl_x_stops_it(app, monkeypatch):
    started, release = threading.Event(), threading.Event()
    queries = []
    real = search_screen.search

    def slow(state, query, progress=None, **kw):
        queries.append(query)
        progress(0, 1, "cases read")
        started.set()
        release.wait(30)
        return real(state, query, progress=progress, **kw)

    monkeypatch.setattr(search_screen, "search", slow)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("ctrl+f", *"Memo")
            assert started.wait(10)
            await pilot.pause()
            assert line(app, "#search-count") == "searching…"
            bar = app.screen.query_one(TaskBar)
            assert bar.busy and "Searching for 'Memo'" in str(bar.query_one("#task-label").render())
            assert app.screen.query_one("#search-input").value == "Memo"  # every key reached the field

            await pilot.press("ctrl+x")
            await pilot.pause()
            assert not bar.busy
            assert "search stopped" in line(app, "#search-count")
            release.set()  # the reading ends; what it found is dropped
            await settle(app, pilot)
            assert app.screen.query_one("#search-results").option_count == 0

            await keys(app, pilot, *" 0001")  # typing again searches again, to the end
            assert queries[-1] == "Memo 0001"
            assert "1 found" in line(app, "#search-count")
            assert "memo on Case 0001" in str(app.screen.query_one("#search-results").get_option_at_index(0).prompt)
    finally:
        release.set()


async def test_memos_show_a_page_and_the_keyboard_turns_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "ctrl+o")
        memos = app.screen.query_one("#memo-list")
        assert memos.has_focus and memos.option_count == PAGE
        assert "Memos (250) · page 1/2" in line(app, "#memos-title")
        await keys(app, pilot, "greater_than_sign")
        assert memos.option_count == N_CASES - PAGE and "page 2/2" in line(app, "#memos-title")
        assert "Memo 0200" in line(app, "#memo-text")  # the detail follows the highlight onto the new page
        await keys(app, pilot, "o")  # opens what the memo is on
        assert app.screen.case_id == "case-0200"


async def test_collate_pages_its_matrix_and_its_general_themes(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "4")
        generals = app.screen.query_one("#proposals")
        assert generals.has_focus and generals.option_count == PAGE
        assert "General themes · page 1/2" in line(app, "#generals-title")
        await keys(app, pilot, "less_than_sign", "end", "down")  # the first page's end, then past it
        assert generals.get_option_at_index(generals.highlighted).id == "g:g0200"
        assert "General 0200" in line(app, "#general-detail")

        await keys(app, pilot, "tab")  # the matrix
        matrix = app.screen.query_one("#matrix", DataTable)
        assert matrix.has_focus and matrix.row_count == PAGE
        assert "rows 1-200 of 250" in line(app, "#matrix-title")
        await keys(app, pilot, "greater_than_sign")
        assert matrix.row_count == N_CASES - PAGE and "rows 201-250 of 250" in line(app, "#matrix-title")
        assert "General 0200" in str(matrix.get_row_at(0)[0])
        assert app.screen.matrix_row().general_id == "g0200"  # the row under the cursor, of every row


async def test_refine_pages_its_general_themes(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "5")
        generals = app.screen.query_one("#generals")
        assert generals.option_count == PAGE and "page 1/2" in line(app, "#generals-title")
        await keys(app, pilot, "greater_than_sign")
        assert "201. " in str(generals.get_option_at_index(0).prompt)  # numbered in the final order
        assert "General 0200" in line(app, "#general-detail")
        assert app.screen.current().id == "g0200"
