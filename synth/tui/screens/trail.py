"""The coding trail: every decision as an event, filtered, with undo/redo and the verify status."""

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

SHOWN = 500


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

    def body(self) -> ComposeResult:
        with Horizontal(id="trail-filters"):
            yield Input(placeholder="analyst", id="f-analyst")
            yield Input(placeholder="kind (theme, summary…)", id="f-kind")
            yield Input(placeholder="case (title or id)", id="f-case")
            yield Input(placeholder="theme (label or id)", id="f-theme")
        yield Label("verify: not checked yet (press v)", id="trail-verify")
        table = DataTable(id="trail-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "when (UTC)", "who", "what")
        yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def filters(self) -> tuple[str, str, str, str]:
        return tuple(self.query_one(f"#f-{n}", Input).value.strip() for n in ("analyst", "kind", "case", "theme"))

    def refresh_view(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        if self._verified_at != self.state.seq:
            self._verified_at = self.state.seq
            self.action_verify()
        if self._events_at != self.state.seq:  # read the trail once per change, not once per keystroke in a filter
            self._events, self._events_at = tuple(self.project.trail.events()), self.state.seq
            self._names = names_on_trail(self._events)
        events = self._events
        undone = undone_txns(events)
        name = namer(self.state, self._names)
        filters = self.filters()
        described = {}
        if any(filters[2:]):  # a case or theme filter: match names too
            described = {e.seq: describe(e, name) for e in events}
        wanted = [e for e in events if matches(e, *filters, text=described.get(e.seq, ""))]
        wanted.reverse()
        for e in wanted[:SHOWN]:
            what = Text(described.get(e.seq) or describe(e, name))
            if e.txn in undone:
                what.stylize("strike dim")
                what.append(" (undone)")
            table.add_row(str(e.seq), e.ts[5:16].replace("T", " "), e.analyst, what, key=str(e.seq))
        shown = min(len(wanted), SHOWN)
        self._subtitle = f"trail: {shown} of {len(wanted)} matching events ({len(events)} in all)"
        self.app.sub_title = self._subtitle

    def subtitle(self) -> str:
        return getattr(self, "_subtitle", "") or self.app.default_subtitle

    @on(Input.Changed)
    def filter_changed(self) -> None:
        self.refresh_view()

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
