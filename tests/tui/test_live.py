"""Live teammates: the TUI folds in what another analyst commits, and never disturbs typing."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from synth.project import Project
from synth.themes.actions import write_memo

pytestmark = pytest.mark.anyio


async def test_a_teammates_commit_is_folded_in_without_losing_typed_text(project, make_app) -> None:
    app = make_app(live=True)
    app.LIVE_EVERY = 0.1
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        await pilot.press("f")  # the filter dialog: an Input to type into
        await pilot.pause()
        app.screen.query_one("#filter-words", Input).focus()
        await pilot.press("b", "u", "s")
        before = app.project.state.seq
        with Project.open(project.path, analyst="bob") as bob:
            write_memo(bob, "project", "from bob, on another machine")
            committed = bob.trail.head()[0]
        for _ in range(50):
            await pilot.pause(0.05)
            if app.project.state.seq == committed:
                break
        assert app.project.state.seq == committed > before
        assert any(m.text == "from bob, on another machine" for m in app.project.state.memos.values())
        assert app.screen.query_one("#filter-words", Input).value == "bus"  # typing untouched
        assert any("bob recorded" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        for _ in range(50):
            await pilot.pause(0.05)
            if home.drawn_at == committed:
                break
        assert home.drawn_at == committed  # redrawn once the analyst left the field


async def test_a_teammates_commit_on_a_server_project_arrives_by_notify(tmp_path_factory) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import pgcluster

    why = pgcluster.missing()
    if why:
        pytest.skip(why)
    from synth.tui.app import SynthApp

    cluster = pgcluster.start_cluster(tmp_path_factory.mktemp("pg-tui"))
    try:
        url = cluster.url(project="live")
        Project.create(url, analyst="ana").close()
        with Project.open(url, analyst="ana") as mine:
            app = SynthApp(project=mine, warm_up=False, live=True)
            app.LIVE_EVERY = 5.0  # a poll would come too late: only the NOTIFY can wake the worker in time
            async with app.run_test(size=(100, 40)) as pilot:
                await pilot.pause(0.5)
                before = mine.state.seq
                with Project.open(url, analyst="bob") as bob:
                    write_memo(bob, "project", "over the network")
                    committed = bob.trail.head()[0]
                for _ in range(40):
                    await pilot.pause(0.05)
                    if mine.state.seq == committed:
                        break
                assert mine.state.seq == committed > before
    finally:
        cluster.stop("immediate")
