"""Widgets that repaint only themselves when their content changes, so a keystroke does not repaint the screen.

In Textual a layout of the screen repaints every widget on it. Two ordinary
events ask for one: Textual's :class:`~textual.widgets.Footer` recomposes
(removes and mounts every key) each time the screen says its bindings may have
changed, which is every focus change and, twice, every screen switch; and a
scrolling widget whose content gets longer or shorter changes its
``virtual_size``, a reactive that asks for a layout even when the widget's own
size is fixed by the stylesheet. With a 1,000-case project those full repaints
were most of the time a keystroke took.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from synth.tui.textual_compat import footer_bindings_ready, footer_is_ready, option_lines


class SteadyFooter(Footer):
    """A :class:`Footer` that recomposes only when the keys it shows change."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def shown_keys(self) -> tuple:
        """What the footer displays: each shown binding's key, label, action, group and whether it is enabled."""
        app = self.app
        keys = [
            (key, app.get_key_display(b), b.description, b.action, enabled, tooltip, b.group)
            for key, (_node, b, enabled, tooltip) in self.screen.active_bindings.items()
            if b.show
        ]
        return (*keys, self.show_command_palette, self.compact)

    def compose(self) -> ComposeResult:
        if footer_is_ready(self):
            self._shown = self.shown_keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:  # Footer's private hook (see textual_compat.PRIVATE)
        footer_bindings_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self.shown_keys() != self._shown:
            await self.recompose()


def fixed_size_content() -> Reactive[Size]:
    """A ``virtual_size`` for a scrolling widget whose own size the stylesheet fixes (``height: 1fr``).

    Longer or shorter content moves the widget's scrollbar, which the widget repaints itself; it does not
    move other widgets, so it needs no layout. A scrollbar appearing or going still asks for one
    (``show_vertical_scrollbar`` does). Not for widgets sized by their content (``height: auto``).
    """
    return Reactive(Size(0, 0), layout=False)


class SteadyOptionList(OptionList):
    """An :class:`OptionList` of fixed size (``height: 1fr``) whose new options repaint only the list.

    Moving the highlight repaints the two options it moves between, not every visible line.
    """

    virtual_size = fixed_size_content()
    highlighted: Reactive[int | None] = Reactive(None, repaint=False)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            self._repaint_option(index)
        super().watch_highlighted(new)

    def _repaint_option(self, index: int | None) -> None:
        if index is None or index >= self.option_count:
            return
        where = option_lines(self, index)
        if where is not None:
            self.refresh_lines(*where)

    def replace(self, options: Iterable[Option]) -> bool:
        """Show these options instead, all at once (the scrollbar does not go and come back).

        The same options as shown (ids, prompts, disabled) leave the list, its highlight and its scroll
        alone and repaint nothing. Returns whether the options changed.
        """
        options = list(options)
        if [(o.id, o.prompt, o.disabled) for o in options] == [(o.id, o.prompt, o.disabled) for o in self.options]:
            return False
        if options:
            self.set_options(options)
        else:
            self.clear_options()
        return True
