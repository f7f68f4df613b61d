"""The coding trail: every decision as an event, filtered, with undo/redo and the verify status.

The trail is read and filtered in a worker (30,000 events take seconds to decode); the
table shows one page of the matching events at a time, described when shown.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from synth.browse import namer
from synth.history import describe
from synth.state import undone_txns
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.paged import PAGE, PagedDataTable, page_count, page_span


def matches(event, analyst: str, kind: str, case: str, theme: str, text: str = "") -> bool:
    """Whether an event passes the filters (each a case-insensitive substring; blank passes all).

    ``text``: the event described by names, so a case or theme is found by its title or label as well as its id.
    """
    if analyst and analyst.lower() not in event.analyst.lower():
        return False
    if kind and kind.lower() not in event.kind.lower():
        return False
    blob = None
    for wanted in (case, theme):
        if wanted:
            blob = blob if blob is not None else (str(event.payload) + " " + text).lower()
            if wanted.lower() not in blob:
                return False
    return True


def names_on_trail(events) -> dict[str, str]:
    """What each case, theme and general theme was called when the trail recorded it (for those since gone)."""
    names: dict[str, str] = {}
    for e in events:
        p = e.payload
        if e.kind == "case.imported":
            names[p["case"]["id"]] = p["case"]["title"]
        elif e.kind == "theme.created":
            names[p["theme"]["id"]] = repr(p["theme"]["label"])
        elif e.kind == "general.created":
            names[p["general"]["id"]] = repr(p["general"]["label"])
        elif e.kind == "theme.split":
            for part in p.get("parts", ()):
                names[part["theme"]["id"]] = repr(part["theme"]["label"])
    return names


class TrailScreen(SynthScreen):
    """Newest events first; undone ones are struck through."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "app.undo", "Undo", tooltip="Undo the last decision (a new event)"),
        Binding("y", "app.redo", "Redo", tooltip="Redo the decision last undone"),
        Binding("v", "verify", "Verify", tooltip="Check the hash chain of the trail"),
        Binding("slash", "filter", "Filter", tooltip="Filter the trail by analyst, kind, case or theme"),
        Binding("escape", "clear_filters", "Clear", show=False, tooltip="Clear the trail filters"),
    ]

    _verified_at = -1
    _events_at = -1
    _events: tuple = ()
    _names: dict = {}
    _undone: frozenset = frozenset()
    _wanted: list = []  # the matching events, newest first
    _described: dict = {}  # their descriptions, where the filter needed them
    page = 0

    def body(self) -> ComposeResult:
        with Horizontal(id="trail-filters"):
            yield Input(placeholder="analyst", id="f-analyst")
            yield Input(placeholder="kind (theme, summary…)", id="f-kind")
            yield Input(placeholder="case (title or id)", id="f-case")
            yield Input(placeholder="theme (label or id)", id="f-theme")
        yield Label("verify: not checked yet (press v)", id="trail-verify")
        table = PagedDataTable(id="trail-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "when (UTC)", "who", "what")
        yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def filters(self) -> tuple[str, str, str, str]:
        return tuple(self.query_one(f"#f-{n}", Input).value.strip() for n in ("analyst", "kind", "case", "theme"))

    def refresh_view(self) -> None:
        if self._verified_at != self.state.seq:
            self._verified_at = self.state.seq
            self.action_verify()
        self.read_trail()

    def read_trail(self) -> None:
        """Read (once per change) and filter the trail in a worker; the table shows the first page when it is done."""
        state, path, filters = self.state, self.project.path, self.filters()
        known = (self._events, self._names) if self._events_at == state.seq else None

        def job(progress, cancelled):
            if known is None:
                from synth.stores import open_trail

                with open_trail(path) as trail:  # a connection of its own, in this thread
                    events = tuple(trail.events())
                names = names_on_trail(events)
            else:
                events, names = known
            name = namer(state, names)
            described = {}
            if any(filters[2:]):  # a case or theme filter: match names too
                described = {e.seq: describe(e, name) for e in events}
            wanted = [e for e in events if matches(e, *filters, text=described.get(e.seq, ""))]
            wanted.reverse()
            return state.seq, filters, events, names, undone_txns(events), wanted, described

        self.run_task(job, group="trail-read", title="Reading the trail", what="read the trail", done=self._read)

    def _read(self, found) -> None:
        seq, filters, events, names, undone, wanted, described = found
        if seq != self.state.seq or filters != self.filters():
            return  # read before a later change or keystroke: a newer read is on its way
        self._events, self._events_at, self._names, self._undone = events, seq, names, undone
        self._wanted, self._described = wanted, described
        self.show_page(0)

    def show_page(self, page: int) -> None:
        """One page of the matching events, newest first, each described by the names it had."""
        table = self.query_one(DataTable)
        table.clear()
        start, end = page_span(page, len(self._wanted))
        self.page = start // PAGE
        name = namer(self.state, self._names)
        for e in self._wanted[start:end]:
            what = Text(self._described.get(e.seq) or describe(e, name))
            if e.txn in self._undone:
                what.stylize("strike dim")
                what.append(" (undone)")
            table.add_row(str(e.seq), e.ts[5:16].replace("T", " "), e.analyst, what, key=str(e.seq))
        pages = page_count(len(self._wanted))
        where = f"{start + 1}-{end} of " if pages > 1 else ""
        turn = f" · page {self.page + 1}/{pages} (< > turn)" if pages > 1 else ""
        self._subtitle = f"trail: {where}{len(self._wanted)} matching events ({len(self._events)} in all){turn}"
        self.app.sub_title = self._subtitle

    @on(PagedDataTable.Turn, "#trail-table")
    def turn(self, message: PagedDataTable.Turn) -> None:
        page = self.page + message.by
        if 0 <= page < page_count(len(self._wanted)):
            self.show_page(page)
            table = self.query_one(DataTable)
            table.move_cursor(row=0 if message.by > 0 else table.row_count - 1)

    def subtitle(self) -> str:
        return getattr(self, "_subtitle", "") or self.app.default_subtitle

    @on(Input.Changed)
    def filter_changed(self) -> None:
        self.read_trail()

    def action_filter(self) -> None:
        self.query_one("#f-kind", Input).focus()

    def action_clear_filters(self) -> None:
        for n in ("analyst", "kind", "case", "theme"):
            self.query_one(f"#f-{n}", Input).value = ""
        self.query_one(DataTable).focus()

    def action_verify(self) -> None:
        self.set_line("#trail-verify", "verify: checking the hash chain…")
        path = self.project.trail.path

        def job(progress, cancelled):
            from synth.trail import Trail

            # A connection of its own: the check reads the whole table while the analyst keeps working.
            with Trail(path) as trail:
                return trail.verify()

        self.run_task(job, group="verify", what="verify the trail", done=self._verified,
                      failed=lambda exc: self.set_line("#trail-verify", f"verify: could not check ({exc})"))  # fmt: skip

    def _verified(self, result) -> None:
        label = self.query_one("#trail-verify", Label)
        label.update(("✓ " if result.ok else "✗ ") + result.describe(), layout=False)
        label.set_class(result.ok, "ok")
        label.set_class(not result.ok, "bad")
