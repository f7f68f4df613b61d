"""Search every answer, summary, unplaced section and memo; a result opens where it was found.

The query runs in :func:`synth.search.search` (plain word matching) in a worker, started again at
each keystroke (the one before is cancelled): 10,000 cases hold 160,000 texts, a second's reading,
and typing never waits for it. The results list shows one page of 200 at a time (``<`` ``>``).
Enter in the query field moves to the results, Enter on a result opens it: a case's text in its
case document at the place found, a memo in the memos browser.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, OptionList

from synth.search import search
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.paged import PagedOptionList

#: hits kept for one query (ten pages); a word found everywhere stops the reading there
LIMIT = 2000


class SearchScreen(SynthScreen):
    """A query field over the list of places it is found."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Close the search"),
        Binding("down", "results", "Results", show=False, tooltip="From the query down into the results"),
        # before the query field's own ctrl+x (cut), while a search's bar shows; at other times it cuts
        Binding("ctrl+x", "app.cancel_task", "Stop search", show=False, priority=True,
                tooltip="Stop the search running (while its bar shows; else ctrl+x cuts in the query)"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.hits: list = []
        self.searched: tuple[str, int, object] | None = None  # (query, trail position, filter) the hits are for

    def body(self) -> ComposeResult:
        yield Label('Search answers, summaries and memos (all words; "quotes" for a phrase)', classes="pane-title")
        yield Input(placeholder="type words to find", id="search-input")
        yield Label("", id="search-count")
        yield PagedOptionList(id="search-results")

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
        """Read the project for ``query`` in a worker; the results show when it is done (a newer query wins)."""
        wanted = (query, self.state.seq, self.app.case_filter)
        if wanted == self.searched:
            return
        if not query.strip():
            self._found(wanted, [])
            return
        state, keep = self.state, self.app.filtered_cases() if self.app.case_filter else None
        self.set_line("#search-count", "searching…")

        def job(progress, cancelled):
            hits = search(state, query, limit=LIMIT, progress=progress, cancelled=cancelled)
            if keep is not None:
                shown = set(keep)
                hits = [h for h in hits if h.case_id is None or h.case_id in shown]
            return hits, cancelled()  # replaced by a newer query: its hits so far are not all there are

        self.run_task(job, group="search", title=f"Searching for {query.strip()!r}", what="search",
                      done=lambda found: found[1] or self._found(wanted, found[0]), cancelled=self._stopped)  # fmt: skip

    def _stopped(self) -> None:
        """Cancelled (ctrl+x): the results before stay, the line says they are not this query's."""
        self.searched = None
        self.set_line(
            "#search-count", "search stopped (ctrl+x): the results shown are the last query's · type to search again"
        )

    def _found(self, wanted: tuple, hits: list) -> None:
        if wanted != (self.query_one("#search-input", Input).value, self.state.seq, self.app.case_filter):
            return  # found for a query since changed: the newer search is on its way
        self.searched, self.hits = wanted, hits
        words = [w.strip('"') for w in wanted[0].split()]

        def prompt(n: str):
            h = hits[int(n)]
            snippet = Text(h.snippet)
            if words:
                snippet.highlight_words(words, "bold reverse", case_sensitive=False)
            return Text.assemble((h.where, "bold"), "\n  ", snippet)

        results = self.query_one("#search-results", PagedOptionList)
        results.page = 0  # a new query's results from their first page
        results.show_ids([str(n) for n in range(len(hits))], prompt)
        self.count_line()

    def count_line(self) -> None:
        query, hits = self.query_one("#search-input", Input).value, self.hits
        if not query.strip():
            self.set_line("#search-count", "")
            return
        line = f"{len(hits)} found" + ("" if len(hits) < LIMIT else f" (the first {LIMIT:,})")
        page = self.query_one("#search-results", PagedOptionList).describe_page()
        line += f" · {page}" if page else ""
        self.set_line("#search-count", line + " · Enter or down: into the results · Enter on one opens it · Esc: back")

    @on(PagedOptionList.PageTurned, "#search-results")
    def page_turned(self) -> None:
        self.count_line()

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
