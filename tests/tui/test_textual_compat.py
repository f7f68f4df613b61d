"""Every private Textual name synth uses still exists in the installed Textual (see synth.tui.textual_compat)."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from textual.widgets import TextArea

from synth.tui import textual_compat

pytestmark = pytest.mark.anyio


def test_every_private_name_is_there() -> None:
    assert textual_compat.missing() == []


async def test_private_instance_attributes_are_there(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        live = {textual_compat.App: app, textual_compat.Screen: app.screen, TextArea: TextArea("x")}
        for owner, name in textual_compat.INSTANCE:
            obj = next(v for k, v in live.items() if issubclass(k, owner))
            assert hasattr(obj, name), f"{owner.__name__}.{name}"
        assert textual_compat.notifications(app) == []


def test_pyproject_bounds_textual_to_the_version_tested() -> None:
    text = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    spec = re.search(r'"textual>=([\d.]+),<([\d.]+)"', text)
    assert spec, "pyproject.toml must bound textual from above and below"
    low, high = (tuple(int(x) for x in v.split(".")) for v in spec.groups())
    installed = tuple(int(x) for x in version("textual").split(".")[:3])
    assert low <= installed < high


def test_nothing_else_in_synth_reaches_into_textual_privates() -> None:
    tui = Path(textual_compat.__file__).parent
    private = re.compile(
        r"textual\._|\._(css_update_count|bindings_ready|index_to_line|heights|line_cache|highlights|notifications)\b|_build_highlight_map"
    )
    offenders = [
        f"{p.relative_to(tui)}:{n}"
        for p in tui.rglob("*.py")
        if p.name != "textual_compat.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert offenders == []
