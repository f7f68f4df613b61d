"""Where features meet (found in review): `synth run`, then `synth suggest`, then the rest accepted in the TUI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import OptionList

from synth.cli import cli
from synth.project import Project

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.anyio


def labels_of(suggested) -> set[str]:
    """Every suggestion label in `synth suggest --json`, whatever nesting it uses."""
    found: set[str] = set()
    if isinstance(suggested, dict):
        if isinstance(suggested.get("label"), str):
            found.add(suggested["label"])
        for v in suggested.values():
            found |= labels_of(v)
    elif isinstance(suggested, list):
        for v in suggested:
            found |= labels_of(v)
    return found


async def test_run_then_suggest_then_accept_the_next_suggestion_in_the_tui(tmp_path: Path) -> None:
    from synth.tui.app import SynthApp

    forms = tmp_path / "casestudies"
    shutil.copytree(REPO / "casestudies", forms)
    out = CliRunner().invoke(cli, ["run", str(forms), "--out", str(tmp_path / "out"), "--fields", "enablers_barriers"])
    assert out.exit_code == 0, out.output
    project_dir = tmp_path / "out" / "project"
    out = CliRunner().invoke(cli, ["suggest", str(project_dir), "--heading", "enablers_barriers", "--json"])
    assert out.exit_code == 0, out.output
    assert labels_of(json.loads(out.output)), out.output  # synth run accepted the top 6; the rest are offered
    with Project.open(project_dir) as p:
        before = {t.label for t in p.state.themes_of("enablers_barriers")}
        app = SynthApp(project=p, warm_up=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("3")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.heading == "enablers_barriers"
            options = app.screen.query_one("#theme-list", OptionList)
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            suggestions = [i for i in ids if i and i.startswith("s:")]
            assert suggestions, ids  # synth run accepted the top 6; the rest are still offered
            options.focus()
            options.highlighted = ids.index(suggestions[0])
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        p.refresh()
        after = {t.label for t in p.state.themes_of("enablers_barriers")}
        assert len(after) == len(before) + 1
        new = (after - before).pop()
        assert new in labels_of(json.loads(out.output)), (new, out.output[:300])
    assert CliRunner().invoke(cli, ["trail", str(project_dir), "verify"]).exit_code == 0
