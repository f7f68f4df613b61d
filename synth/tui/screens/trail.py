"""The coding trail: every decision as an event, filtered, with undo/redo and the verify status."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from synth.history import describe
from synth.state import undone_txns
from synth.tui.screens.base import SynthScreen

SHOWN = 500


def matches(event, analyst: str, kind: str, case: str, theme: str) -> bool:
    """Whether an event passes the filters (each a case-insensitive substring; blank passes all)."""
    if analyst and analyst.lower() not in event.analyst.lower():
        return False
    if kind and kind.lower() not in event.kind.lower():
        return False
    blob = None
    for wanted in (case, theme):
        if wanted:
            blob = blob if blob is not None else str(event.payload).lower()
            if wanted.lower() not in blob:
                return False
    return True


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

    def body(self) -> ComposeResult:
        with Horizontal(id="trail-filters"):
            yield Input(placeholder="analyst", id="f-analyst")
            yield Input(placeholder="kind (theme, summary…)", id="f-kind")
            yield Input(placeholder="case id", id="f-case")
            yield Input(placeholder="theme id", id="f-theme")
        yield Label("verify: not checked yet (press v)", id="trail-verify")
        table = DataTable(id="trail-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "time (UTC)", "analyst", "kind", "what")
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
        events = self._events
        undone = undone_txns(events)
        wanted = [e for e in events if matches(e, *self.filters())]
        wanted.reverse()
        for e in wanted[:SHOWN]:
            what = describe(e)
            if e.txn in undone:
                what = f"[strike dim]{what}[/] (undone)"
            table.add_row(str(e.seq), e.ts[:19].replace("T", " "), e.analyst, e.kind, what, key=str(e.seq))
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
