"""The loop kept free: no automatic full collection while the TUI runs, screen modules imported off the loop."""

from __future__ import annotations

import gc

import pytest
from pilot_steps import settle
from tui_stubs import quiet

from synth.tui.heap import NEVER

pytestmark = pytest.mark.anyio


async def test_full_collections_wait_while_the_app_runs_and_come_back_when_it_ends(project):
    from synth.tui.app import SynthApp

    before = gc.get_threshold()
    app = SynthApp(project=project, warm_up=False, engines=quiet())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        young, middle, oldest = gc.get_threshold()
        assert (young, middle) == before[:2] and oldest == NEVER
        assert gc.get_freeze_count() > 0  # the open project is out of the collector's sight
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_every_screen_module_is_imported_off_the_loop_after_the_first_paint():
    from pathlib import Path

    import synth.tui.screens as screens
    from synth.tui.app import SCREEN_MODULES

    modules = {p.stem for p in Path(screens.__file__).parent.glob("*.py")} - {"__init__", "base", "home"}
    assert set(SCREEN_MODULES) == modules  # a new screen is imported off the loop too
