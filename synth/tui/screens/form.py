"""The form screen for project teams: a new case study, question by question, autosaved, saved as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from synth.templates.forms import check_form
from synth.tui.formdraft import load_draft, save_draft, save_markdown, word_count
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.dialogs import Ask
from synth.tui.widgets.steady import SteadyOptionList

TITLE = "__title__"


class FormAnswer(TextArea):
    """The answer editor: every printable key is text; Esc leaves it for the question list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave editor", tooltip="Leave the answer editor for the list of questions"),
    ]

    def action_leave(self) -> None:
        self.screen.query_one("#form-list").focus()


class FormScreen(SynthScreen):
    """Questions on the left; the question, its guidance and the answer editor on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save .md", priority=True, tooltip="Save the form as Markdown"),
        Binding("ctrl+n", "next_question", "Next", priority=True, tooltip="Next question"),
        Binding("ctrl+b", "previous_question", "Previous", priority=True, tooltip="Previous question"),
        Binding("enter", "edit", "Edit answer", show=False, tooltip="Type the highlighted question's answer"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.template = None
        self.draft = None
        self.current = TITLE

    def body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="form-questions"):
                yield Label("New case study", classes="pane-title")
                yield SteadyOptionList(id="form-list")
            with Vertical(id="form-right"):
                yield Label("", classes="pane-title", id="form-heading")
                yield Static("", id="form-guidance")
                yield FormAnswer("", id="form-answer")
                yield Label("", id="form-count")

    def on_mount(self) -> None:
        self.template = self.state.template
        self.draft = load_draft(self.template.id)
        self.refresh_view()
        self.show(TITLE)
        self.query_one("#form-answer").focus()

    async def on_screen_resume(self, event) -> None:
        await super().on_screen_resume(event)
        self.query_one("#form-answer").focus()  # a screen that takes text opens in its text field

    def action_edit(self) -> None:
        self.query_one("#form-answer").focus()

    def _order(self) -> list[str]:
        return [TITLE, *self.template.heading_ids]

    def refresh_view(self) -> None:
        if self.draft is None:
            return
        options = self.query_one("#form-list", SteadyOptionList)
        keep = options.highlighted
        title_mark = "✓" if self.draft.title.strip() else "·"
        items = [Option(f"{title_mark} Title", id=TITLE)]
        for f in self.template.fields:
            text = self.draft.answers.get(f.id, "")
            over = f.word_limit and word_count(text) > f.word_limit
            mark = "!" if over else ("✓" if text.strip() else ("*" if f.required else "·"))
            items.append(Option(f"{mark} {f.heading}", id=f.id))
        options.replace(items)
        if keep is not None:
            options.highlighted = keep

    def show(self, question: str) -> None:
        self.current = question
        area = self.query_one("#form-answer", TextArea)
        if question == TITLE:
            self.query_one("#form-heading", Label).update("Title of the case study")
            self.query_one("#form-guidance", Static).update("The project's name, as readers will know it.")
            text = self.draft.title
        else:
            f = self.template.field(question)
            need = " (required)" if f.required else ""
            self.query_one("#form-heading", Label).update(f"{f.heading}{need}")
            self.query_one("#form-guidance", Static).update(f"[b]{f.question}[/b]\n[dim]{f.guidance}[/]")
            text = self.draft.answers.get(question, "")
        with area.prevent(TextArea.Changed):
            area.load_text(text)
        self._count(text)
        options = self.query_one("#form-list", OptionList)
        index = self._order().index(question)
        if options.highlighted != index:
            options.highlighted = index

    def _count(self, text: str) -> None:
        label = self.query_one("#form-count", Label)
        n = word_count(text)
        leave = "  ·  letters are text here; esc leaves"
        if self.current == TITLE:
            label.update(f"{n} words{leave}")
            label.set_class(False, "over")
            return
        limit = self.template.field(self.current).word_limit
        label.update((f"{n} / {limit} words" if limit else f"{n} words") + leave)
        label.set_class(bool(limit and n > limit), "over")

    @on(OptionList.OptionHighlighted, "#form-list")
    def question_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != event.option_list.highlighted:
            return  # stale: the list was rebuilt since this was posted
        if event.option.id != self.current:
            self.show(event.option.id)

    @on(OptionList.OptionSelected, "#form-list")
    def question_selected(self) -> None:
        self.query_one("#form-answer").focus()

    @on(TextArea.Changed, "#form-answer")
    def answer_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        before = self.draft.title if self.current == TITLE else self.draft.answers.get(self.current, "")
        if text == before:
            return
        if self.current == TITLE:
            self.draft.title = text.strip()
        else:
            self.draft.answers[self.current] = text
        self._count(text)
        with self.app.guard("autosave the draft"):
            save_draft(self.draft)
        if bool(text.strip()) != bool(before.strip()):
            self.refresh_view()

    def _step(self, by: int) -> None:
        order = self._order()
        index = max(0, min(len(order) - 1, order.index(self.current) + by))
        self.show(order[index])
        self.query_one("#form-answer").focus()

    def action_next_question(self) -> None:
        self._step(1)

    def action_previous_question(self) -> None:
        self._step(-1)

    def action_save(self) -> None:
        default = str(Path.cwd() / self.draft.default_filename())
        self.app.push_screen(Ask("Save the form as Markdown to:", value=default), self._save_to)

    def _save_to(self, value: str | None) -> None:
        if not value:
            return
        with self.app.guard(f"save {value}"):
            path = save_markdown(self.draft, self.template, Path(value))
            problems = [p.message for p in check_form(path, self.template).problems]
            if not problems:
                self.notify(f"Saved {path}: the form check found nothing to fix.", timeout=10)
                return
            shown = "\n".join(f"· {p}" for p in problems[:6]) + ("\n· …" if len(problems) > 6 else "")
            self.notify(
                f"Saved {path}. Before sending, {len(problems)} things to check:\n{shown}",
                severity="warning",
                timeout=15,
            )
