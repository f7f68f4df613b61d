"""Keys that tell the truth: help and footers come from the bindings, every screen is reachable and every
shown key fits at 80x24, and no single-letter binding fires from a text input anywhere."""

from __future__ import annotations

import re

import pytest
from pilot_steps import keys_each as keys
from pilot_steps import settle
from textual.widgets import Input, TextArea
from textual.widgets._footer import FooterKey
from tui_stubs import fake_summaries, fake_themes, for_project, quiet

from synth.tui.screens.help import SCREENS, WIDGETS, bindings_of, help_markdown, key_text
from synth.tui.widgets.navbar import NavBar, nav_bindings

SMALL = (80, 24)
pytestmark = pytest.mark.anyio


def screen_classes():
    import importlib

    return [getattr(importlib.import_module(f"synth.tui.screens.{m}"), n) for m, n, _ in SCREENS] + [
        getattr(importlib.import_module(m), n) for m, n, _ in WIDGETS
    ]


@pytest.fixture
def engines():
    """Fixed summary drafts and theme suggestions; no proposals, no uniformity findings."""
    return quiet(suggest_summaries=fake_summaries, suggest_for_project=for_project(fake_themes))


# -- help is the bindings ------------------------------------------------------------------------


async def test_help_lists_every_binding_and_no_other_key(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        text = help_markdown(app)
        listed = re.findall(r"^- `([^`]+)`: (.+)$", text, flags=re.M)
        expected = []
        for cls in [type(app), *screen_classes()]:
            expected += [(key_text(app, b), b.tooltip or b.description) for b in bindings_of(cls) if b.description]
        assert sorted(listed) == sorted(expected)
        # the prose names no key: every key help mentions comes from a binding
        prose = text.split("\n## ")[0]
        assert re.findall(r"`[^`]+`", prose) == []
        await keys(app, pilot, "f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await keys(app, pilot, "escape")
        assert type(app.screen).__name__ == "HomeScreen"


def test_every_binding_has_words_for_help():
    from synth.tui.app import SynthApp

    for cls in [SynthApp, *screen_classes()]:
        for b in bindings_of(cls):
            if b.show or b.description:
                assert b.description, f"{cls.__name__}: {b.key} has no description"


# -- every screen reachable, every shown key visible at 80x24 -------------------------------------

MODES = [("h", "HomeScreen"), ("1", "ExtractScreen"), ("2", "NormaliseScreen"), ("3", "ThemesScreen"),
         ("4", "CollateScreen"), ("5", "RefineScreen"), ("6", "ReportScreen"), ("7", "TrailScreen"),
         ("8", "FormScreen"), ("9", "ReconcileScreen"), ("0", "CodebookScreen"),
         ("ctrl+o", "MemosScreen")]  # fmt: skip


def check_footer_and_nav(app) -> None:
    """Every key the footer shows lies inside 80 columns, and so does every screen's key on the nav bar."""
    screen = app.screen
    shown = [b for _, (_, b, enabled, _) in screen.active_bindings.items() if b.show]
    footer_keys = list(screen.query(FooterKey))
    assert len(footer_keys) >= len({b.description for b in shown})
    palette = [fk for fk in footer_keys if fk.has_class("-command-palette")]
    edge = palette[0].region.x if palette else SMALL[0]  # the palette key is docked right, over the others
    for fk in footer_keys:  # shown whole: inside 80 columns, not clipped, not under the palette key
        whole = fk.region.width >= fk.outer_size.width and fk.region.right <= SMALL[0]
        assert whole and (fk in palette or fk.region.right <= edge), (
            f"{type(screen).__name__}: {fk.description!r} is cut off"
        )
    nav = screen.query_one(NavBar)
    text = str(nav.content)
    assert all(len(line) <= SMALL[0] for line in text.split("\n"))
    for key, description, _ in nav_bindings(app):
        assert f"{key} {description}" in text


async def test_every_screen_is_reachable_by_key_and_its_keys_fit_at_80x24(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        for key, name in MODES:
            if type(app.screen).__name__ == "FormScreen":
                await keys(app, pilot, "escape")  # out of the answer editor first: there, digits are text
            await keys(app, pilot, key)
            assert type(app.screen).__name__ == name
            check_footer_and_nav(app)
        await keys(app, pilot, "escape", "1", "o")
        assert type(app.screen).__name__ == "DocumentScreen"
        check_footer_and_nav(app)
        await keys(app, pilot, "escape", "ctrl+f")
        assert type(app.screen).__name__ == "SearchScreen"
        check_footer_and_nav(app)
        await keys(app, pilot, "escape", "2", "enter")
        assert type(app.screen).__name__ == "CellScreen"
        check_footer_and_nav(app)
        await keys(app, pilot, "escape", "f")
        assert type(app.screen).__name__ == "FilterScreen"
        await keys(app, pilot, "escape", "3", "R")
        assert type(app.screen).__name__ == "RejectedScreen"


# -- no letter fires from a text field ----------------------------------------------------------


def single_keys() -> str:
    """Every printable one-character key any binding uses, as the characters typed."""
    from synth.tui.app import SynthApp

    names = {"question_mark": "?", "plus": "+", "minus": "-", "right_square_bracket": "]",
             "left_square_bracket": "[", "greater_than_sign": ">", "less_than_sign": "<", "slash": "/"}  # fmt: skip
    chars = set()
    for cls in [SynthApp, *screen_classes()]:
        for b in bindings_of(cls):
            for k in b.key.split(","):
                k = names.get(k.strip(), k.strip())
                if len(k) == 1:
                    chars.add(k)
    return "".join(sorted(chars))


TYPED = single_keys()


async def type_into(app, pilot, widget) -> None:
    """Type every bound letter into a text field: it must all be text, and nothing else may happen."""
    screen, seq, stack = app.screen, app.project.state.seq, len(app.screen_stack)
    widget.focus()
    await settle(app, pilot)
    before = widget.value if isinstance(widget, Input) else widget.text
    for ch in TYPED:
        await pilot.press(ch)
    await settle(app, pilot)
    assert app.screen is screen and len(app.screen_stack) == stack, f"a key left {type(screen).__name__}"
    assert app.project.state.seq == seq, "a key typed as text recorded a decision"
    after = widget.value if isinstance(widget, Input) else widget.text
    assert TYPED in after.replace("\n", "") and after != before, f"{widget!r} did not take every key as text"


def editable(screen):
    return [w for w in screen.query("Input, TextArea") if not (isinstance(w, TextArea) and w.read_only)]


async def test_every_text_field_takes_every_bound_letter_as_text(make_app):
    assert set("ahx1?+[") <= set(TYPED)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        # the form, the trail's filters, search, the summary editor
        # (back from search the cursor is in a trail filter again, where digits are text: escape leaves it first)
        for open_keys in (("8",), ("escape", "7"), ("escape", "ctrl+f"), ("escape", "escape", "2", "enter")):
            await keys(app, pilot, *open_keys)
            fields = editable(app.screen)
            assert fields, type(app.screen).__name__
            for w in fields:
                await type_into(app, pilot, w)
        await keys(app, pilot, "escape")
        # the dialogs: a name (Ask), a pick (Pick), a memo (Write), a general theme's label (PickMany), the filter
        for mode, open_keys in (("3", ("e",)), ("3", ("M",)), ("4", ("n",)), ("1", ("m",)), ("h", ("f",))):
            await keys(app, pilot, mode)
            if mode == "3":  # the participants heading, where a theme is highlighted
                app.screen.query_one("#theme-list").focus()
                await keys(app, pilot, "right_square_bracket")
            await keys(app, pilot, *open_keys)
            dialog = app.screen
            fields = editable(dialog)
            assert fields, type(dialog).__name__
            for w in fields:
                await type_into(app, pilot, w)
            await keys(app, pilot, "escape")
            assert app.screen is not dialog
        # the reconcile screen's reason field (issue 14's screen)
        await keys(app, pilot, "9")
        assert type(app.screen).__name__ == "ReconcileScreen"
        for w in editable(app.screen):
            await type_into(app, pilot, w)
