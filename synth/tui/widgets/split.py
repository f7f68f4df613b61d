"""Split a theme: choose which coded passages go to a second theme, and name both."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList


class SplitDialog(ModalScreen[list | None]):
    """Returns ``[{"label", "codings"}, {"label", "codings"}]`` or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, theme, codings, state) -> None:
        super().__init__()
        self.theme, self.codings, self.state = theme, codings, state

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(
                f"Split {self.theme.label!r}: tick the passages that go to the second theme", classes="dialog-title"
            )
            yield Input(self.theme.label, id="first-label")
            yield Input(placeholder="name of the second theme", id="second-label")
            yield SelectionList(
                *[
                    (
                        f"{self.state.cases[c.case_id].title if c.case_id in self.state.cases else c.case_id}: {c.text[:70]}",
                        c.id,
                    )
                    for c in self.codings
                ],
                id="split-codings",
            )
            yield Button("Split", variant="primary", id="split-ok")

    @on(Button.Pressed, "#split-ok")
    def confirm(self) -> None:
        second = self.query_one("#second-label", Input).value.strip()
        first = self.query_one("#first-label", Input).value.strip() or self.theme.label
        moved = list(self.query_one(SelectionList).selected)
        if not second or not moved or len(moved) == len(self.codings):
            self.notify("Name the second theme and tick some, not all, passages.", severity="warning")
            return
        kept = [c.id for c in self.codings if c.id not in moved]
        self.dismiss([{"label": first, "codings": kept}, {"label": second, "codings": moved}])

    def action_cancel(self) -> None:
        self.dismiss(None)
