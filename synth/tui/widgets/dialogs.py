"""Small modal dialogs: ask for a line of text, pick one of many (fuzzy), edit a longer text."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option


class Ask(ModalScreen[str | None]):
    """One line of text (a label, a path); Enter confirms, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="ask-input")
            yield Label("Enter to confirm, Escape to cancel", classes="dim")

    @on(Input.Submitted)
    def confirm(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


#: options a Pick shows at once (the best matches first); typing narrows a longer list (10,000 cases)
PICK_SHOWN = 200


class Pick(ModalScreen[str | None]):
    """Choose one of many options, narrowed by fuzzy search as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], allow_new: bool = False) -> None:
        """``choices`` are (id, label); with ``allow_new`` the typed text itself may be chosen, as ``new:<text>``."""
        super().__init__()
        self.title_text, self.choices, self.allow_new = title, choices, allow_new

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="type to search", id="pick-input")
            yield OptionList(*[Option(label, id=cid) for cid, label in self.choices[:PICK_SHOWN]], id="pick-list")
            yield Label(self.hint(min(len(self.choices), PICK_SHOWN), len(self.choices)), classes="dim", id="pick-hint")

    @staticmethod
    def hint(shown: int, matching: int) -> str:
        more = f"{shown} of {matching} shown: type to narrow · " if matching > shown else ""
        return f"{more}Up/Down to choose, Enter to pick, Escape to cancel"

    @on(Input.Changed)
    def narrow(self, event: Input.Changed) -> None:
        query = event.value.strip()
        options = self.query_one(OptionList)
        if not query:
            matching = len(self.choices)
            shown = [Option(label, id=cid) for cid, label in self.choices[:PICK_SHOWN]]
        else:
            matcher = Matcher(query)
            scored = sorted(((matcher.match(label), cid, label) for cid, label in self.choices), key=lambda x: -x[0])
            scored = [x for x in scored if x[0] > 0]
            matching = len(scored)
            shown = [Option(matcher.highlight(label), id=cid) for score, cid, label in scored[:PICK_SHOWN]]
            if self.allow_new:
                shown.append(Option(f"+ new: {query}", id=f"new:{query}"))
        if shown:
            options.set_options(shown)  # at once: one count of lines
        else:
            options.clear_options()
        if options.option_count:
            options.highlighted = 0
        self.query_one("#pick-hint", Label).update(self.hint(min(matching, PICK_SHOWN), matching))

    def on_key(self, event) -> None:
        options = self.query_one(OptionList)
        if event.key in ("down", "up") and self.query_one(Input).has_focus:
            options.action_cursor_down() if event.key == "down" else options.action_cursor_up()
            event.stop()

    @on(Input.Submitted)
    def submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Write(ModalScreen[str | None]):
    """A longer text (a memo, a definition); Ctrl+S saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(self.text, id="write-text")
            yield Label("Ctrl+S to save, Escape to cancel", classes="dim")

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Say what a decision will do before it is made: y or Enter does it, n or Escape does not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes, do it"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, detail: str = "") -> None:
        super().__init__()
        self.title_text, self.detail = title, detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.detail:
                yield Static(self.detail, markup=False)
            yield Label("y or Enter: do it (ctrl+z undoes it after) · n or Escape: leave it", classes="dim")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
