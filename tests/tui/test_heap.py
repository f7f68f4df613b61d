"""The collector while the TUI runs: no automatic full collection (it held the loop 70-250 ms at 10,000 cases)."""

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
