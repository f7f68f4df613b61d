"""Snapshot tests: every screen and dialog at 80x24 and at 120x40 (pytest-textual-snapshot).

The suggestions and proposals carry the longest labels the real engine gives on
the demo corpus (``synth run casestudies/``: 'Inner-city wards and levels of
deprivation', 'Link workers and social prescribing model'), so a label that
does not fit shows here. Update after an intended change with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs
before committing them.
"""

from __future__ import annotations

import pytest
from tui_stubs import fake_summaries, for_project, quiet

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LONGEST = "Inner-city wards and levels of deprivation"
LONGEST_GENERAL = "Link workers and social prescribing model"


def keys(*presses: str):
    """A ``run_before`` that presses keys and waits for the workers they start."""

    async def run_before(pilot) -> None:
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


@pytest.fixture
def engines(project):
    """Fixed suggestions with the real engine's longest labels; no engine notices."""
    suggest = pytest.importorskip("synth.themes.suggest")
    collate = pytest.importorskip("synth.themes.collate")
    text = "Volunteer recruitment was hard."
    ev = suggest.Evidence("songs-of-the-estate", "enablers_barriers", 0, len(text), text, "answer")

    def themes(state, heading, limit=12, progress=None):
        if heading != "enablers_barriers":
            return []
        return [
            suggest.ThemeSuggestion("p:volunteer recruitment", heading, "Volunteer recruitment",
                                    ("songs-of-the-estate",), (ev,), 0.8, "inductive"),
            suggest.ThemeSuggestion("p:inner-city ward", heading, LONGEST, ("songs-of-the-estate", "walk-and-talk"),
                                    (ev,), 0.61, "inductive"),
        ]  # fmt: skip

    proposal = collate.GeneralProposal(
        "k-long", LONGEST_GENERAL, ("t-volunteers",), ("green-minds",), 0.7, "shared words"
    )
    project.record("memo.written", memo={"id": "m-1", "target": "theme:t-volunteers", "text": "Volunteers hold the groups up; ask who trains them."})  # fmt: skip
    return quiet(
        suggest_summaries=fake_summaries,
        suggest_for_project=for_project(themes),
        propose_general_themes=lambda s: [proposal],
    )


SCREENS = {
    "home": (),
    "extract": ("1",),
    "document": ("1", "o", "n"),
    "normalise": ("2", "d"),
    "cell": ("2", "down", "down", "enter"),
    "themes": ("3", "right_square_bracket", "right_square_bracket"),
    "confirm_merge": ("3", "right_square_bracket", "right_square_bracket", "down", "down", "m", "enter"),
    "rejected": ("3", "right_square_bracket", "right_square_bracket", "down", "x", "R"),
    "collate": ("4",),
    "refine": ("5",),
    "report": ("6",),
    "trail": ("7",),
    "form": ("8",),
    "reconcile": ("9",),
    "codebook": ("0", "down", "enter"),
    "memos": ("ctrl+o",),
    "search": ("ctrl+f", *"volunteers"),
    "filter": ("f",),
    "help": ("f1",),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, make_app, screen, size):
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=keys(*SCREENS[screen]))


def test_home_light_theme(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZES["120x40"], run_before=keys("ctrl+t"))
