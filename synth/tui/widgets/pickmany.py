"""Choose several items (themes for a general theme), optionally naming the result."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList


class PickMany(ModalScreen[object]):
    """Returns the chosen ids, or ``(label, ids)`` with ``ask_label``; None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], ask_label: bool = False) -> None:
        super().__init__()
        self.title_text, self.choices, self.ask_label = title, choices, ask_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            if self.ask_label:
                yield Input(placeholder="label", id="many-label")
            yield SelectionList(*[(label, cid) for cid, label in self.choices], id="many-list")
            yield Label("space ticks, tab moves, Enter on OK confirms", classes="dim")
            yield Button("OK", variant="primary", id="many-ok")

    @on(Button.Pressed, "#many-ok")
    def confirm(self) -> None:
        chosen = list(self.query_one(SelectionList).selected)
        if not chosen:
            self.notify("Tick at least one.", severity="warning")
            return
        if not self.ask_label:
            self.dismiss(chosen)
            return
        label = self.query_one("#many-label", Input).value.strip()
        if not label:
            self.notify("Give it a label.", severity="warning")
            return
        self.dismiss((label, chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
