"""The suggestions rejected under a heading (or every heading), with who set each aside; Enter restores one.

Restoring records ``suggestion.restored`` (:func:`synth.themes.actions.restore_suggestion`): the
suggestion may be offered again the next time themes are suggested.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from synth.browse import rejected_suggestions
from synth.themes.actions import restore_suggestion


class RejectedScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("a", "toggle_all", "All headings", tooltip="Show the rejections of every heading, or this one"),
    ]

    def __init__(self, heading: str | None) -> None:
        super().__init__()
        self.heading, self.all = heading, heading is None
        self.rows: list = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("", classes="dialog-title", id="rejected-title")
            yield OptionList(id="rejected-list")
            yield Label("Enter restores the highlighted suggestion · a: this heading / all headings · Esc closes",
                        classes="dim")  # fmt: skip

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#rejected-list").focus()

    def fill(self) -> None:
        s = self.app.state
        rows = [r for r in rejected_suggestions(self.app.project) if self.all or r.heading == self.heading]
        self.rows = rows

        def heading(f):
            return s.template.heading(f) if s.template else f

        where = "every heading" if self.all else heading(self.heading)
        self.query_one("#rejected-title", Label).update(f"Rejected suggestions under {where} ({len(rows)})")
        lst = self.query_one("#rejected-list", OptionList)
        lst.clear_options()
        for n, r in enumerate(rows):
            who = f"  rejected by {r.analyst} {r.ts[:10]}" if r.analyst else ""
            lst.add_option(Option(Text.assemble((r.label, "bold"), (f"  {heading(r.heading)}{who}", "dim")), id=str(n)))
        if not rows:
            lst.add_option(Option(Text("nothing rejected here", style="dim"), disabled=True))
        elif lst.highlighted is None:
            lst.highlighted = 0

    @on(OptionList.OptionSelected, "#rejected-list")
    def restore(self, event: OptionList.OptionSelected) -> None:
        r = self.rows[int(event.option.id)]
        if self.app.call(f"restore {r.label!r}", restore_suggestion, self.app.project,
                         r.heading, r.key) is not None:  # fmt: skip
            cache = getattr(self.app, "theme_suggestions", {})
            cache.pop(r.heading, None)  # suggest again, now that it may come back
            self.fill()

    def action_toggle_all(self) -> None:
        self.all = not self.all
        self.fill()

    def action_close(self) -> None:
        self.dismiss(None)
        self.app.changed()
