"""Search every answer, summary, unplaced section and memo; a result opens where it was found.

The query runs in :func:`synth.search.search` (plain word matching, instant);
Enter in the query field moves to the results, Enter on a result opens it: a
case's text in its case document at the place found, a memo in the memos browser.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from synth.search import search
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.steady import SteadyOptionList


class SearchScreen(SynthScreen):
    """A query field over the list of places it is found."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Close the search"),
        Binding("down", "results", "Results", show=False, tooltip="From the query down into the results"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list = []

    def body(self) -> ComposeResult:
        yield Label('Search answers, summaries and memos (all words; "quotes" for a phrase)', classes="pane-title")
        yield Input(placeholder="type words to find", id="search-input")
        yield Label("", id="search-count")
        yield SteadyOptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-input").focus()

    def subtitle(self) -> str:
        return f"search · {self.app.default_subtitle}"

    def refresh_view(self) -> None:
        self.run_search(self.query_one("#search-input", Input).value)

    @on(Input.Changed, "#search-input")
    def changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        keep = set(self.cases_shown())
        hits = [h for h in search(self.state, query) if h.case_id is None or h.case_id in keep]
        self.hits = hits
        options = []
        for n, h in enumerate(hits):
            snippet = Text(h.snippet)
            if query.split():
                snippet.highlight_words([w.strip('"') for w in query.split()], "bold reverse", case_sensitive=False)
            options.append(Option(Text.assemble((h.where, "bold"), "\n  ", snippet), id=str(n)))
        self.query_one("#search-results", SteadyOptionList).replace(options)
        count = f"{len(hits)} found" + ("" if len(hits) < 200 else " (the first 200)") if query.strip() else ""
        if query.strip():
            count += " · Enter or down: into the results · Enter on one opens it · Esc: back"
        self.set_line("#search-count", count)

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        self.action_results()

    def action_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    @on(OptionList.OptionSelected, "#search-results")
    def open_hit(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id)]
        if hit.kind == "memo":
            self.app.pop_screen()
            self.app.show_memo(hit.memo_id)
            return
        self.app.open_case(hit.case_id, hit.heading_id, hit.start)

    def action_back(self) -> None:
        self.app.pop_screen()
