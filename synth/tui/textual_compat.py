"""Every private Textual API synth leans on, in one place, so a Textual upgrade breaks one module and one test.

The speed work (see :mod:`synth.tui.widgets.steady`) reaches into Textual where
its public API has no hook: the footer's rebuild on every focus change, the
reactives that ask for a layout of the screen, the stylesheet counter a new
screen is checked against, the TextArea's highlight map and the OptionList's
line index. ``tests/tui/test_textual_compat.py`` checks that each still exists
in the installed Textual; ``pyproject.toml`` bounds Textual to the versions it
ran on.
"""

from __future__ import annotations

import inspect
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, OptionList, TextArea

#: (owner, attribute) of each private name used below, on the class; the compat test checks every one
PRIVATE: tuple[tuple[type, str], ...] = (
    (Footer, "_bindings_ready"),
    (Footer, "bindings_changed"),
    (OptionList, "_index_to_line"),
    (OptionList, "_heights"),
    (OptionList, "watch_highlighted"),
    (TextArea, "_build_highlight_map"),
    (events.ScreenResume, "refresh_styles"),
)
#: the reactives synth redeclares so a change repaints without a layout of the screen
REDECLARED: tuple[tuple[type, str], ...] = ((OptionList, "virtual_size"), (OptionList, "highlighted"),
                                            (TextArea, "virtual_size"))  # fmt: skip
#: private instance attributes (made in ``__init__``), checked on a live app and widget
INSTANCE: tuple[tuple[type, str], ...] = (
    (App, "_css_update_count"),
    (App, "_notifications"),
    (Screen, "_css_update_count"),
    (TextArea, "_highlights"),
    (TextArea, "_line_cache"),
)


def active_app() -> App:
    """The running app, from inside a screen factory Textual calls with no app at hand."""
    from textual._context import active_app as current

    return current.get()


def mark_styles_current(screen: Screen) -> Screen:
    """Mark a new screen as styled by the current stylesheet, so mounting it does not restyle the whole app."""
    screen._css_update_count = active_app()._css_update_count
    return screen


def footer_bindings_ready(footer: Footer) -> None:
    """Tell Textual's footer that the screen's bindings are known (what its own ``bindings_changed`` does)."""
    footer._bindings_ready = True


def footer_is_ready(footer: Footer) -> bool:
    return bool(footer._bindings_ready)


def option_lines(options: OptionList, index: int) -> tuple[int, int] | None:
    """The first line and the height of option ``index`` as the list lays it out, or None if not laid out."""
    line = options._index_to_line.get(index)
    if line is None:
        return None
    return line, options._heights.get(index, 1)


def highlight_map(area: TextArea) -> Any:
    """The TextArea's highlights by row, emptied, with its rendered-line cache dropped (to fill anew)."""
    area._line_cache.clear()
    area._highlights.clear()
    return area._highlights


def override_highlight_map(cls: type[TextArea], build) -> type[TextArea]:
    """Make ``build(area)`` the TextArea subclass's private hook that fills its highlight map."""
    cls._build_highlight_map = build
    return cls


def notifications(app: App) -> list:
    """The notifications the app is showing (for tests and the undo toast's checks)."""
    return list(app._notifications)


def missing() -> list[str]:
    """The private names this module needs that the installed Textual lacks."""
    from textual.reactive import Reactive

    gone = [f"{owner.__name__}.{name}" for owner, name in PRIVATE if not hasattr(owner, name)]
    gone += [
        f"{owner.__name__}.{name} (a reactive)"
        for owner, name in REDECLARED
        if not isinstance(inspect.getattr_static(owner, name, None), Reactive)
    ]
    try:
        import textual._context as context

        if not hasattr(context, "active_app"):
            gone.append("textual._context.active_app")
    except ImportError:
        gone.append("textual._context")
    return gone
