"""Choose which cases every screen shows: by case attribute (Forms export columns, format), answered headings,
and words in the answers. The filter itself is :class:`synth.browse.CaseFilter`."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList

from synth.browse import CaseFilter, attribute_values, filter_cases


class FilterScreen(ModalScreen[CaseFilter | None]):
    """Tick conditions (all must hold); ctrl+s shows the cases that pass, ctrl+r shows every case again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Apply", priority=True, tooltip="Show only the cases that pass"),
        Binding("ctrl+r", "clear", "Every case", priority=True, tooltip="Clear the filter: show every case"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave the filter as it was"),
    ]

    def __init__(self, current: CaseFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        s = self.app.state
        choices = []
        ticked = {f"a:{k}={v}" for k, v in self.current.attributes} | {f"f:{f}" for f in self.current.answered}
        for name, values in attribute_values(s).items():
            for value, n in sorted(values.items()):
                choices.append((f"{name} = {value}  ({n})", f"a:{name}={value}", f"a:{name}={value}" in ticked))
        for fid in s.fields:
            heading = s.template.heading(fid) if s.template else fid
            choices.append((f"answered: {heading}", f"f:{fid}", f"f:{fid}" in ticked))
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Show only the cases that pass every ticked condition", classes="dialog-title")
            yield Input(
                self.current.contains[1] if self.current.contains else "",
                placeholder="words any answer contains",
                id="filter-words",
            )
            yield SelectionList(*choices, id="filter-list")
            theme = (
                f" · also: coded {self.current.theme_label!r} (from the codebook; ctrl+r clears)"
                if self.current.theme
                else ""
            )
            yield Label(
                f"space ticks · tab moves · ctrl+s applies · ctrl+r every case · Esc cancels{theme}", classes="dim"
            )

    def on_mount(self) -> None:
        self.query_one("#filter-list").focus()

    def chosen(self) -> CaseFilter:
        picked = list(self.query_one(SelectionList).selected)
        attributes = tuple(tuple(p[2:].split("=", 1)) for p in picked if p.startswith("a:"))
        answered = tuple(p[2:] for p in picked if p.startswith("f:"))
        words = self.query_one("#filter-words", Input).value.strip()
        return CaseFilter(attributes=attributes, answered=answered, contains=("", words) if words else None,  # type: ignore[arg-type]
                          theme=self.current.theme, theme_label=self.current.theme_label)  # fmt: skip

    def action_apply(self) -> None:
        f = self.chosen()
        if f and not filter_cases(self.app.state, f):
            self.notify(f"No case passes {f.describe(self.app.state)}: untick something.", severity="warning")
            return
        self.dismiss(f)

    def action_clear(self) -> None:
        self.dismiss(CaseFilter())

    def action_cancel(self) -> None:
        self.dismiss(None)
