"""What every step screen shares: a header, a task bar for workers, the footer, and a redraw hook."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from synth.tui.widgets.taskbar import TaskBar


class SynthScreen(Screen):
    """A step screen: subclasses compose ``body()`` and redraw in ``refresh_view()``."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.body()
        yield TaskBar()
        yield Footer()

    def body(self) -> ComposeResult:
        yield from ()

    @property
    def project(self):
        return self.app.project

    @property
    def state(self):
        return self.app.project.state

    @property
    def taskbar(self) -> TaskBar:
        return self.query_one(TaskBar)

    #: the trail position the screen was last drawn at; a screen shown again unchanged is not redrawn
    drawn_at: int = -1

    def on_screen_resume(self) -> None:
        """Shown for the first time or shown again: draw from the current state if it moved on."""
        if self.drawn_at != self.state.seq:
            self.redraw()
        self.app.sub_title = self.subtitle()

    def redraw(self) -> None:
        self.drawn_at = self.state.seq
        with self.app.batch_update():  # one repaint for the whole redraw
            self.refresh_view()
        self.app.sub_title = self.subtitle()

    def subtitle(self) -> str:
        """The line under the title while this screen shows."""
        return self.app.default_subtitle

    def refresh_view(self) -> None:
        """Redraw from ``self.state``; called on mount, on return to the screen, and after each change."""
