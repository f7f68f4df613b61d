"""Two coders code one heading blind in the TUI, then a third analyst compares and reconciles them there."""

from __future__ import annotations

import pytest
from pilot_steps import keys, settle
from textual.widgets import Input, OptionList, Static
from textual.widgets.text_area import Selection
from tui_stubs import fake_themes, for_project

from synth.coding import rounds
from synth.project import Project
from synth.tui.app import SynthApp
from synth.tui.engines import Engines

SIZE = (120, 40)
ENGINES = Engines(suggest_for_project=for_project(fake_themes))
H = "enablers_barriers"
pytestmark = pytest.mark.anyio


async def code_in_tui(path, who: str, case_id: str, words: str, label: str) -> list[str]:
    """As ``who``: open Themes on the heading, select ``words`` in a case's text, code it with ``label``."""
    with Project.open(path, analyst=who) as p:
        app = SynthApp(project=p, warm_up=False, engines=ENGINES)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await keys(app, pilot, "3")
            await keys(app, pilot, "right_square_bracket", "right_square_bracket")
            assert app.screen.heading == H
            seen = [t.label for t in app.state.themes_of(H)]
            view = app.screen.query_one("#summaries")
            seg = next(s for s in view.segments if s.case_id == case_id)
            view.selection = Selection((seg.row, 0), (seg.row, len(words)))
            await keys(app, pilot, "c")
            await pilot.press(*label)
            await keys(app, pilot, "enter")
        return seen


async def test_two_coders_blind_then_reconciled_and_closed_in_the_tui(project, monkeypatch):
    rounds.start_round(project, ["alice", "bob"], [H], ["green-minds", "walk-and-talk"])
    # The shared theme Volunteers (coded on green-minds before the round) is there for both, its calls hidden.
    assert await code_in_tui(project.path, "alice", "walk-and-talk", "Peer leaders", "Volunteers") == ["Volunteers"]
    assert await code_in_tui(project.path, "bob", "green-minds", "Volunteers", "Volunteers") == ["Volunteers"]
    with Project.open(project.path, analyst="alice") as a:
        assert sorted(a.state.themes["t-volunteers"].case_ids) == ["walk-and-talk"]  # only her own call shows
    app = SynthApp(project=project, warm_up=False, engines=ENGINES)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "9")
        assert "still blind" in str(app.screen.query_one("#rec-title").content)
        await keys(app, pilot, "r")
        options = app.screen.query_one("#rec-list", OptionList)
        assert options.option_count == 2
        line = str(app.screen.query_one("#rec-agreement").content)
        assert line.startswith("agreement over ") and "Cohen's kappa" in line
        left = str(app.screen.query_one("#rec-left", Static).content)
        right = str(app.screen.query_one("#rec-right", Static).content)
        assert "alice" in left and "bob" in right and ("Peer leaders" in left or "Volunteers" in right)
        await keys(app, pilot, "y")  # no reason yet: the why line takes the focus
        assert isinstance(app.focused, Input)
        await pilot.press(*"the answer names volunteers")
        await keys(app, pilot, "enter")
        await keys(app, pilot, "c")  # one is still open: refused, with a notice
        assert rounds.get_round(project.folded).is_open
        await keys(app, pilot, "w")
        await pilot.press(*"peer leaders are paid staff")
        await keys(app, pilot, "enter")
        options.highlighted = next(i for i, d in enumerate(app.screen._data["disagreements"]) if d["decision"] is None)
        await keys(app, pilot, "n")
        await keys(app, pilot, "c")
    r = rounds.get_round(project.folded)
    assert not r.is_open and r.outcome["decided_yes"] + r.outcome["decided_no"] == 2
    decided = [e for e in project.trail.events() if e.kind == "reconcile.decided"]
    assert [e.analyst for e in decided] == ["ana", "ana"] and all(e.payload["why"] for e in decided)
    assert project.trail.verify().ok
