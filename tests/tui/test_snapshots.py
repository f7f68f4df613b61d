"""Snapshot tests: the look of the main screens on the fixture project (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/tui --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest
from tui_stubs import stub_suggestions, stub_themes

from synth.tui import available

WIDE = (120, 40)


def keys(*presses: str):
    """A ``run_before`` that presses keys and waits for the workers they start."""

    async def run_before(pilot) -> None:
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def test_home_wide(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys())


def test_home_small_terminal(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=keys())


def test_extract(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys("1"))


def test_normalise_grid(snap_compare, make_app, monkeypatch):
    stub_suggestions(monkeypatch)
    flagged = {("green-minds", "purpose"): ["tense"], ("songs-of-the-estate", "purpose"): []}
    monkeypatch.setitem(available.OVERRIDES, ("synth.extract.uniformity", "check_project"), lambda state: flagged)
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys("2", "d"))


def test_normalise_cell(snap_compare, make_app, monkeypatch):
    stub_suggestions(monkeypatch)
    monkeypatch.setitem(available.OVERRIDES, ("synth.extract.uniformity", "check_cell"), lambda *a, **kw: [])
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys("2", "down", "down", "enter"))


def test_themes(snap_compare, make_app, monkeypatch):
    stub_themes(monkeypatch)
    assert snap_compare(
        make_app(), terminal_size=WIDE, run_before=keys("3", "right_square_bracket", "right_square_bracket")
    )


def test_trail(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys("7"))


def test_form(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys("8"))


def test_help(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys("f1"))


@pytest.fixture(autouse=True)
def _no_engine_notices(monkeypatch):
    """Steps 3 and 4 propose on opening; snapshots must not depend on which engines have landed."""
    monkeypatch.setitem(available.OVERRIDES, ("synth.themes.collate", "propose_general_themes"), lambda state: [])
    monkeypatch.setitem(available.OVERRIDES, ("synth.themes.refine", "propose_merges"), lambda state: [])
    monkeypatch.setitem(available.OVERRIDES, ("synth.extract.uniformity", "check_project"), lambda state: {})


def test_home_light_theme(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=keys("ctrl+t"))
