"""Step 3, collate: the theme x heading matrix beside the proposed and confirmed general themes.

Proposals come from ``synth.themes.collate.propose_general_themes`` in a
worker; confirming, setting aside and building by hand go to the same module.
The matrix and the list of general themes show one page of 200 at a time
(``<`` ``>``, or moving past a page's end), so thousands of themes never mount at once.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, OptionList, Static

from synth.themes.collate import (
    accept_general,
    create_general,
    reject_general,
    theme_heading_matrix,
    update_general,
)
from synth.tui import views
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.dialogs import Ask
from synth.tui.widgets.paged import PAGE, PagedDataTable, PagedOptionList, page_count, page_span
from synth.tui.widgets.pickmany import PickMany

MATRIX_TITLE = "Theme x heading matrix: general themes (●) then themes not yet collated"


class CollateScreen(SynthScreen):
    """Themes of every heading in one matrix; general themes proposed, confirmed or built by hand."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "confirm", "Confirm", tooltip="Confirm the highlighted proposal as a general theme"),
        Binding("e", "edit", "Edit label", tooltip="Edit the label of the highlighted general theme"),
        Binding("x", "set_aside", "Set aside", tooltip="Set the highlighted proposal aside"),
        Binding("n", "build", "Build by hand", tooltip="Build a general theme from themes you choose"),
        Binding(
            "t",
            "toggle_member",
            "Add/remove theme",
            show=False,
            tooltip="Add the matrix's highlighted theme to the highlighted general theme",
        ),
        Binding("r", "propose", "Propose", tooltip="Propose general themes again"),
        Binding("tab", "app.focus_next", "Switch pane", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.proposals: list | None = None
        self._rows: list = []  # every row of the matrix; the table shows one page of them
        self._headings: tuple = ()
        self.page = 0
        self._next_rank: int | None = None  # after a decision on a proposal, highlight the one that took its place

    def body(self) -> ComposeResult:
        with Horizontal(id="collate-top"):
            with Vertical(classes="detail-pane"):
                yield Label(MATRIX_TITLE, classes="pane-title", id="matrix-title")
                yield PagedDataTable(id="matrix", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="list-pane"):
                yield Label("General themes", classes="pane-title", id="generals-title")
                yield PagedOptionList(id="proposals")
                yield Static("", id="general-detail")

    def on_mount(self) -> None:
        self.query_one("#proposals").focus()  # the decisions act on this list: the cursor starts in it

    def refresh_view(self) -> None:
        s = self.state
        table = self.query_one("#matrix", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        try:
            matrix = theme_heading_matrix(s)
        except Exception as exc:
            self.notify(f"theme x heading matrix: {exc}", severity="warning")
            return
        table.add_column("theme / general theme", key="label")
        for f in matrix.headings:
            table.add_column(views.heading(s, f)[:12], key=f)
        table.add_column("projects", key="projects")
        self._headings, self._rows = matrix.headings, list(matrix.rows)
        self.show_matrix_page(self.page)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.fill_generals()
        if self.proposals is None:
            self.action_propose()

    def show_matrix_page(self, page: int) -> None:
        """One page of the matrix's rows (a 10,000-case project's thousands of themes never fill the table)."""
        s = self.state
        table = self.query_one("#matrix", DataTable)
        table.clear()
        start, end = page_span(page, len(self._rows))
        self.page = start // PAGE
        for r in self._rows[start:end]:
            label = Text.assemble(("● ", "green"), (r.label[:26], "bold")) if r.general_id else Text(r.label[:28])
            cells = []
            for f in self._headings:
                ids = r.cells.get(f, ())
                names = [s.themes[t].label for t in ids if t in s.themes]
                cells.append(Text(", ".join(names)[:12], style="green" if r.general_id else "") if names else "")
            table.add_row(label, *cells, str(len(r.case_ids)))
        pages = page_count(len(self._rows))
        turn = f" · rows {start + 1}-{end} of {len(self._rows)} (< > turn)" if pages > 1 else ""
        self.set_line("#matrix-title", MATRIX_TITLE + turn)

    @on(PagedDataTable.Turn, "#matrix")
    def turn(self, message: PagedDataTable.Turn) -> None:
        page = self.page + message.by
        if 0 <= page < page_count(len(self._rows)):
            self.show_matrix_page(page)
            table = self.query_one("#matrix", DataTable)
            table.move_cursor(row=0 if message.by > 0 else table.row_count - 1)

    def matrix_row(self):
        """The matrix row under the cursor (of every row, not of the page)."""
        table = self.query_one("#matrix", DataTable)
        n = self.page * PAGE + table.cursor_row
        return self._rows[n] if table.row_count and n < len(self._rows) else None

    def fill_generals(self) -> None:
        s = self.state
        options = self.query_one("#proposals", PagedOptionList)
        keep = options.get_option_at_index(options.highlighted).id if options.highlighted is not None else None
        live = self.live_proposals() if self.proposals is not None else []
        ids = [f"g:{g}" for g in s.general_themes]
        if self.proposals is None:
            ids.append("h:proposing")
        elif live:
            ids.append("h:proposals")
        ids += [f"p:{n}" for n in range(len(live))]

        def prompt(oid: str):
            if oid == "h:proposing":
                return Text("  proposing general themes…", style="dim italic")
            if oid == "h:proposals":
                return Text("Proposals", style="bold dim")
            if oid.startswith("g:"):
                g = s.general_themes[oid[2:]]
                return Text.assemble(("● ", "green"), (g.label, "bold"), (f"  {len(g.themes)} themes", "dim"))
            p = live[int(oid[2:])]
            return Text.assemble(("○ ", "yellow"), p.label, (f"  {p.score:.2f} · {len(p.themes)} themes", "dim"))

        rank, self._next_rank = self._next_rank, None
        if rank is not None and live:
            keep = f"p:{min(rank, len(live) - 1)}"
        options.show_ids(ids, prompt, keep if keep in ids else None, disabled=lambda oid: oid.startswith("h:"))
        at = options.index_of(keep) if keep in ids else None
        if at is None:
            enabled = [i for i in range(options.option_count) if not options.get_option_at_index(i).disabled]
            at = enabled[0] if enabled else None
        options.highlighted = at
        self.generals_title()
        self.show_detail()

    def generals_title(self) -> None:
        page = self.query_one("#proposals", PagedOptionList).describe_page()
        self.set_line("#generals-title", "General themes" + (f" · {page}" if page else ""))

    @on(PagedOptionList.PageTurned, "#proposals")
    def page_turned(self) -> None:
        self.generals_title()

    def live_proposals(self) -> list:
        s = self.state
        confirmed = {frozenset(g.themes) for g in s.general_themes.values()}
        return [
            p for p in self.proposals or [] if p.key not in s.rejected_general and frozenset(p.themes) not in confirmed
        ]

    def selected(self):
        options = self.query_one("#proposals", OptionList)
        if options.highlighted is None:
            return None
        oid = options.get_option_at_index(options.highlighted).id or ""
        if oid.startswith("g:") and oid[2:] in self.state.general_themes:
            return "general", self.state.general_themes[oid[2:]]
        if oid.startswith("p:"):
            live = self.live_proposals()
            n = int(oid[2:])
            return ("proposal", live[n]) if n < len(live) else None
        return None

    def show_detail(self) -> None:
        s = self.state
        chosen = self.selected()
        if chosen is None:
            self.set_text("#general-detail", "")
            return
        kind, x = chosen
        members = [s.themes[t] for t in x.themes if t in s.themes]
        lines = [f"[b]{x.label}[/b]" + (f" ({x.reason})" if kind == "proposal" and getattr(x, "reason", "") else "")]
        lines += [f"  {views.heading(s, t.heading)}: {t.label}" for t in members]
        case_ids = sorted({p for t in members for p in t.case_ids})
        lines.append(f"{len(case_ids)} projects")
        self.set_text("#general-detail", "\n".join(lines))

    @on(OptionList.OptionHighlighted, "#proposals")
    def highlighted(self) -> None:
        self.show_detail()

    # -- proposals -----------------------------------------------------------------------

    def action_propose(self) -> None:
        state = self.state
        engines = self.app.engines
        self.run_task(lambda progress, cancelled: engines.propose_general_themes(state), group="propose",
                      title="Proposing general themes", what="propose general themes",
                      done=self._proposed, failed=lambda exc: self._proposed([]))  # fmt: skip

    def _proposed(self, proposals: list) -> None:
        self.proposals = list(proposals)
        self.fill_generals()

    # -- decisions ------------------------------------------------------------------------

    def action_confirm(self) -> None:
        if not self.focused_on("#proposals", "the general themes list"):
            return
        chosen = self.selected()
        if chosen is None or chosen[0] != "proposal":
            self.notify("Highlight a proposal (○) to confirm it.", severity="warning")
            return
        p = chosen[1]
        self._next_rank = self.live_proposals().index(p) if p in self.live_proposals() else 0
        self.app.call(f"confirm {p.label!r}", accept_general, self.project, p)

    def action_set_aside(self) -> None:
        if not self.focused_on("#proposals", "the general themes list"):
            return
        chosen = self.selected()
        if chosen is None or chosen[0] != "proposal":
            self.notify("Highlight a proposal (○) to set it aside.", severity="warning")
            return
        live = self.live_proposals()
        self._next_rank = live.index(chosen[1]) if chosen[1] in live else 0
        self.app.call(f"set aside {chosen[1].label!r}", reject_general, self.project, chosen[1])

    def action_edit(self) -> None:
        if not self.focused_on("#proposals", "the general themes list"):
            return
        chosen = self.selected()
        if chosen is None:
            return
        kind, x = chosen
        self.app.push_screen(Ask(f"Label for {x.label!r}:", value=x.label), lambda label: self._relabel(kind, x, label))

    def _relabel(self, kind: str, x, label: str | None) -> None:
        if not label or label == x.label:
            return
        if kind == "proposal":
            self.app.call(f"confirm {label!r}", accept_general, self.project, x, label=label)
            return
        self.app.call(f"relabel {x.label!r}", update_general, self.project, x.id, label=label)

    def action_build(self) -> None:
        s = self.state
        choices = [
            (t.id, f"{views.heading(s, t.heading)}: {t.label}")
            for t in sorted(s.themes.values(), key=lambda t: t.label.lower())
        ]
        if not choices:
            self.notify("No themes yet: tag themes per heading first (press 3).", severity="warning")
            return
        self.app.push_screen(PickMany("Build a general theme from which themes?", choices, ask_label=True), self._build)

    def _build(self, result) -> None:
        if not result:
            return
        label, theme_ids = result
        self.app.call(f"create {label!r}", create_general, self.project, label, theme_ids)

    def action_toggle_member(self) -> None:
        chosen = self.selected()
        row = self.matrix_row()
        if chosen is None or chosen[0] != "general" or row is None:
            self.notify("Highlight a general theme (●) on the right and a theme row in the matrix.", severity="warning")
            return
        g = chosen[1]
        if row.general_id is not None:
            self.notify("That row is a general theme; pick a theme not yet collated.", severity="warning")
            return
        theme_id = next(iter(row.cells.values()))[0]
        self.app.call(f"add to {g.label!r}", update_general, self.project, g.id, themes=[*g.themes, theme_id])
