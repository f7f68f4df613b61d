"""Step 1, normalise: the framework matrix (cases x headings) and the editor for one cell.

The grid shows each summary's status. A cell opens the original answer beside
the suggested summary in an editor, with the uniformity findings underneath.
Drafting (``suggest_summaries``) and checking (``check_cell``) run in
workers; saving goes through ``synth.summaries`` (accept, edit or write).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, TextArea

from synth.summaries import accept as accept_summary
from synth.summaries import accept_all
from synth.summaries import edit as edit_summary
from synth.summaries import review as review_summary
from synth.tui import views
from synth.tui.screens.base import SynthScreen
from synth.tui.screens.home import INLINE_CELLS
from synth.tui.widgets.paged import PAGE, PagedDataTable, page_count, page_span

GLYPH = {"none": "", "todo": "·", "machine": "m", "accepted": "✓", "edited": "✎", "written": "w", "pending": "?"}
LEGEND = "· to do  ? drafted  m machine  ✓ accepted  ✎ edited  w written  ! not uniform"


def drafts(app) -> dict:
    """The suggestions drafted this session, by (case, field): held in memory until accepted."""
    if not hasattr(app, "summary_drafts"):
        app.summary_drafts = {}
    return app.summary_drafts


class NormaliseScreen(SynthScreen):
    """The framework matrix: one row per case, one column per extraction heading."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_cell", "Open cell", tooltip="Open the highlighted cell: answer beside summary"),
        Binding("d", "draft_heading", "Draft heading", tooltip="Draft summaries for the highlighted heading"),
        Binding("D", "draft_all", "Draft all", tooltip="Draft summaries for every empty cell"),
        Binding("n", "next_todo", "Next to do", tooltip="Jump to the next cell that needs review"),
        Binding(
            "A",
            "accept_heading",
            "Accept drafts",
            show=False,
            tooltip="Record the highlighted heading's drafts as machine summaries, marked unreviewed",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[str] = []  # the cases of the page shown
        self._all: list[str] = []  # every case the filter keeps
        self.page = 0
        self._cols: list[str] = []
        self._titles: list[str] = []
        self._glyphs: dict[tuple[str, str], str] = {}  # what each cell shows
        self._findings: dict = {}
        self._checked_at = -1
        self._width = self._label_width = 0

    def body(self) -> ComposeResult:
        yield Label(LEGEND, classes="hint", id="grid-legend")
        yield PagedDataTable(id="grid", cursor_type="cell", zebra_stripes=True)
        yield Label("", id="grid-where")

    def column_width(self, n_cols: int, label_width: int) -> int:
        """As wide as a heading allows while every column fits the terminal (at 80 columns, 8 headings)."""
        room = self.app.size.width - label_width - 4
        return max(3, min(14, room // max(1, n_cols) - 2))

    @on(DataTable.CellHighlighted, "#grid")
    def where(self) -> None:
        cell = self.current()
        if cell is None:
            self.set_line("#grid-where", "")
            return
        case = self.state.cases[cell[0]]
        status = views.summary_status(self.state, case, cell[1])
        page = f" · rows {self.page * PAGE + 1}-{self.page * PAGE + len(self._rows)} of {len(self._all)} (< > turn)"
        page = page if len(self._all) > len(self._rows) else ""
        self.set_line(
            "#grid-where", f"{case.title} · {views.heading(self.state, cell[1])}: {status} · enter opens it{page}"
        )

    def on_resize(self) -> None:
        if self._cols and self._width != self.column_width(len(self._cols), self._label_width):
            self._cols = []  # columns rebuilt at the new width
            self.refresh_view()

    def glyph(self, case, heading_id: str) -> str:
        status = views.summary_status(self.state, case, heading_id)
        if status == "todo" and (case.id, heading_id) in drafts(self.app):
            status = "pending"
        flag = "!" if self._findings.get((case.id, heading_id)) else ""
        return GLYPH[status] + flag

    @on(PagedDataTable.Turn, "#grid")
    def turn(self, message: PagedDataTable.Turn) -> None:
        """Show the page of rows before or after; the cursor goes to its first row (last, going back)."""
        page = self.page + message.by
        if not 0 <= page < page_count(len(self._all)):
            return
        table = self.query_one("#grid", DataTable)
        column = table.cursor_coordinate.column
        self.page = page
        self.refresh_view()
        table.move_cursor(row=0 if message.by > 0 else len(self._rows) - 1, column=column)

    def refresh_view(self) -> None:
        s = self.state
        table = self.query_one("#grid", DataTable)
        where = table.cursor_coordinate
        self._all, cols = self.cases_shown(), list(s.fields)
        start, end = page_span(self.page, len(self._all))  # one page of rows: 10,000 cases never fill the table at once
        self.page = start // PAGE
        rows = self._all[start:end]
        shown = [s.cases[c] for c in rows]
        titles = [c.title for c in shown]
        glyphs = {(case.id, f): self.glyph(case, f) for case in shown for f in cols}
        label_width = min(24, max((len(t) for t in titles), default=4))
        if cols != self._cols or rows != self._rows or titles != self._titles:
            if cols != self._cols:
                table.clear(columns=True)
                width = self.column_width(len(cols), label_width)
                self._width, self._label_width = width, label_width
                for f in cols:
                    head = views.heading(s, f)
                    head = head if len(head) <= width else head[: width - 1] + "…"
                    table.add_column(head, key=f, width=min(width, len(views.heading(s, f))))
            else:
                table.clear()
            for case in shown:  # Text, not markup: a title's brackets are shown as written
                title = case.title if len(case.title) <= label_width else case.title[: label_width - 1] + "…"
                table.add_row(*(Text(glyphs[case.id, f]) for f in cols), key=case.id, label=Text(title))
            self._rows, self._cols, self._titles = rows, cols, titles
        else:  # the same grid: change the cells whose status changed, not a thousand rows
            for (case_id, heading_id), glyph in glyphs.items():
                if glyph != self._glyphs.get((case_id, heading_id)):
                    table.update_cell(case_id, heading_id, Text(glyph))
        self._glyphs = glyphs
        if rows and cols:
            table.move_cursor(row=min(where.row, len(rows) - 1), column=min(where.column, len(cols) - 1))
        if self._checked_at != s.seq:
            self._checked_at = s.seq
            self.check_all(s.seq)

    def _counted(self, seq: int, line: str) -> None:
        if seq == self.state.seq:
            self._subtitle = line
            if self.app.screen is self:
                self.app.sub_title = line

    def subtitle(self) -> str:
        return getattr(self, "_subtitle", "") or self.app.default_subtitle

    def check_all(self, seq: int) -> None:
        """Mark summaries with uniformity findings (``!``) without holding up the grid.

        On the task bar (ctrl+x cancels: the grid goes on without the marks). A failed check is not shown: the grid works without the marks, and the cell editor shows findings itself.
        """
        state = self.state
        check_project = self.app.engines.check_project
        if len(state.cases) * max(1, len(state.fields)) <= INLINE_CELLS:
            self._counted(seq, views.progress(state)[0].line)
        else:  # counted beside the check: 70,000 cells take 50 ms
            self.run_task(lambda progress, cancelled: views.progress(state)[0].line, group="count",
                          done=lambda line: self._counted(seq, line))  # fmt: skip
        self.run_task(lambda progress, cancelled: check_project(state), group="check-all",
                      title="Checking the summaries' uniformity", done=lambda found: self._checked(seq, found))  # fmt: skip

    def _checked(self, seq: int, findings: dict) -> None:
        if seq != self.state.seq:
            return
        self._findings = findings
        table = self.query_one("#grid", DataTable)
        on_page = set(self._rows)
        for (case_id, heading_id), found in findings.items():
            if found and case_id in on_page and heading_id in self._cols:
                glyph = self.glyph(self.state.cases[case_id], heading_id)
                if glyph != self._glyphs.get((case_id, heading_id)):
                    self._glyphs[case_id, heading_id] = glyph
                    table.update_cell(case_id, heading_id, Text(glyph))
        flagged = sum(1 for f in findings.values() if f)
        if flagged:
            self.query_one("#grid-legend", Label).update(
                f"{LEGEND}   ! {views.plural(flagged, 'summary', 'summaries')} to make uniform"
            )

    def current(self) -> tuple[str, str] | None:
        table = self.query_one("#grid", DataTable)
        if not self._rows or not self._cols:
            return None
        c = table.cursor_coordinate
        return self._rows[c.row], self._cols[c.column]

    def focus_cell(self, case_id: str, heading_id: str) -> None:
        if case_id not in self._rows and case_id in self._all and heading_id in self._cols:
            self.page = self._all.index(case_id) // PAGE
            self.refresh_view()
        if case_id in self._rows and heading_id in self._cols:
            self.query_one("#grid", DataTable).move_cursor(
                row=self._rows.index(case_id), column=self._cols.index(heading_id)
            )

    def action_open_cell(self) -> None:
        cell = self.current()
        if cell is None:
            self.notify("No cases or headings yet.", severity="warning")
            return
        case = self.state.cases[cell[0]]
        if not case.fields.get(cell[1], "").strip() and cell not in self.state.summaries:
            self.notify(f"{case.title} has no answer under {views.heading(self.state, cell[1])}.", severity="warning")
            return
        self.app.push_screen(CellScreen(*cell))

    @on(DataTable.CellSelected)
    def cell_selected(self) -> None:
        self.action_open_cell()

    def action_next_todo(self) -> None:
        cell = next_cell(self.state, self.current())
        if cell is None:
            self.notify("Every summary has been reviewed.")
            return
        self.focus_cell(*cell)

    def action_draft_heading(self) -> None:
        cell = self.current()
        if cell is not None:
            self.draft_summaries(None, [cell[1]], f"Drafting summaries for {views.heading(self.state, cell[1])}")

    def action_accept_heading(self) -> None:
        cell = self.current()
        if cell is None:
            return
        store = drafts(self.app)
        chosen = [x for (c, f), x in store.items() if f == cell[1] and (c, f) not in self.state.summaries]
        if not chosen:
            self.notify("No drafts waiting under this heading: press d to draft them.", severity="warning")
            return
        heading = views.heading(self.state, cell[1])
        done = self.app.call(f"accept drafts for {heading}", accept_all, self.project, chosen,
                             origin="machine", reviewed=False)  # fmt: skip
        if done is not None:
            for x in chosen:
                store.pop((x.case_id, x.heading_id), None)
            self.notify(f"Recorded {len(chosen)} drafts under {heading} as machine summaries (m): review them later.")

    def action_draft_all(self) -> None:
        self.draft_summaries(None, None, "Drafting summaries for every heading")

    def draft_summaries(self, case_ids, heading_ids, title: str) -> None:
        state, suggest = self.state, self.app.engines.suggest_summaries

        def job(progress, cancelled):
            return suggest(state, case_ids=case_ids, heading_ids=heading_ids, progress=progress, cancelled=cancelled)

        self.run_task(job, group="draft", title=title, what="draft summaries", done=self._drafted)

    def _drafted(self, suggestions: list) -> None:
        store = drafts(self.app)
        for s in suggestions:
            store[(s.case_id, s.heading_id)] = s
        self.notify(f"Drafted {len(suggestions)} summaries: open a cell (enter) to review each.")
        self.refresh_view()


def next_cell(state, after: tuple[str, str] | None) -> tuple[str, str] | None:
    """The next cell, row by row, whose summary is missing or unreviewed (wrapping round)."""
    order = views.cells(state)
    if not order:
        return None
    start = order.index(after) + 1 if after in order else 0
    for cell in order[start:] + order[:start]:
        s = state.summaries.get(cell)
        if (s is None or not s.reviewed) and cell != after:
            return cell
    return None


class CellScreen(SynthScreen):
    """One cell: the answer on the left, the summary editor on the right, findings below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Accept/save & next",
            priority=True,
            tooltip="Accept the suggestion, or save your edit, then go to the next cell",
        ),
        Binding(
            "ctrl+r", "redraft", "Redraft", priority=True, tooltip="Draft the summary again (cycles 2 to 5 points)"
        ),
        Binding("ctrl+n", "next", "Next cell", priority=True, tooltip="Skip to the next cell to review"),
        Binding("escape", "back", "Grid", tooltip="Back to the grid"),
    ]

    def __init__(self, case_id: str, heading_id: str) -> None:
        super().__init__()
        self.case_id, self.heading_id = case_id, heading_id
        self.points = None

    def body(self) -> ComposeResult:
        with Horizontal(id="cell"):
            with Vertical(id="cell-answer"):
                yield Label("", classes="pane-title", id="answer-title")
                yield TextArea("", read_only=True, id="answer")
            with Vertical(id="cell-summary"):
                yield Label("Summary (one point per line)", classes="pane-title", id="summary-title")
                yield TextArea("", id="summary", show_line_numbers=True)
        yield Label("", id="cell-findings")
        yield Label("", id="cell-status")

    @property
    def suggestion(self):
        return drafts(self.app).get((self.case_id, self.heading_id))

    def refresh_view(self) -> None:
        s = self.state
        case = s.cases.get(self.case_id)
        if case is None:
            return
        self.set_line("#answer-title", f"{case.title} · {views.heading(s, self.heading_id)}: answer")
        self.query_one("#answer", TextArea).load_text(case.fields.get(self.heading_id, ""))
        summary = s.summaries.get((self.case_id, self.heading_id))
        editor = self.query_one("#summary", TextArea)
        if summary is not None:
            editor.load_text(summary.text)
            who = f" by {summary.analyst}" if summary.analyst else ""
            if summary.reviewed:
                self.status(f"summary {summary.status}{who} · ctrl+s saves an edit · ctrl+n next · esc back")
            else:
                self.status("machine draft, not reviewed yet: ctrl+s keeps it as reviewed, or edit it first")
        elif self.suggestion is not None:
            editor.load_text(self.suggestion.text)
            self.status(
                f"ctrl+s accepts · ctrl+r redrafts · esc back · suggested by {self.suggestion.engine} {self.suggestion.engine_version}"
            )
        else:
            editor.load_text("")
            self.status("drafting a suggestion…")
            self.action_redraft(first=True)
        editor.focus()
        self.check(editor.text)

    def status(self, text: str) -> None:
        self.set_line("#cell-status", text)

    # -- uniformity ---------------------------------------------------------------------

    @on(TextArea.Changed, "#summary")
    def edited(self, event: TextArea.Changed) -> None:
        self.check(event.text_area.text)

    def check(self, text: str) -> None:
        state, case_id, heading_id = self.state, self.case_id, self.heading_id
        check_cell = self.app.engines.check_cell

        def job(progress, cancelled):
            return check_cell(state, case_id, heading_id, text) if text.strip() else []

        label = self.query_one("#cell-findings", Label)
        self.run_task(job, group="check", done=lambda findings: self._checked(text, findings),
                      failed=lambda exc: label.update(f"uniformity check: {exc}"))  # fmt: skip

    def _checked(self, text: str, findings: list) -> None:
        label = self.query_one("#cell-findings", Label)
        if text != self.query_one("#summary", TextArea).text:
            return
        if not findings:
            label.update("[green]uniform: no findings[/]" if text.strip() else "")
            return
        label.update("\n".join(f"! point {f.index + 1}: {f.message}" for f in findings[:6]))

    # -- drafting ---------------------------------------------------------------------

    def action_redraft(self, first: bool = False) -> None:
        default = int(self.project.settings.get("summary_points", 3))
        if not first:
            self.points = 2 + ((self.points or default) - 1) % 4  # 2, 3, 4, 5, 2, ...
        points = self.points or default
        state, case_id, heading_id = self.state, self.case_id, self.heading_id
        suggest = self.app.engines.suggest_summaries

        def job(progress, cancelled):
            return suggest(state, case_ids=[case_id], heading_ids=[heading_id], points=points)

        self.run_task(job, group="draft", title=f"Drafting ({points} points)", what="draft a summary",
                      done=self._drafted, failed=lambda exc: self.status("no suggestion: write the summary yourself"))  # fmt: skip

    def _drafted(self, suggestions: list) -> None:
        if not suggestions:
            self.status("no suggestion for this answer (empty or a placeholder): write one yourself")
            return
        s = suggestions[0]
        drafts(self.app)[(s.case_id, s.heading_id)] = s
        if (s.case_id, s.heading_id) != (self.case_id, self.heading_id):
            return  # drafted for a cell the analyst has since left: kept for when they come back
        self.query_one("#summary", TextArea).load_text(s.text)
        self.status(
            f"ctrl+s accepts · ctrl+r redrafts · esc back · {len(s.points)} points by {s.engine} {s.engine_version}"
        )

    # -- decisions ------------------------------------------------------------------------

    def action_save(self) -> None:
        text = self.query_one("#summary", TextArea).text.strip()
        if not text:
            self.notify("The summary is empty: write it or redraft (ctrl+r).", severity="warning")
            return
        suggestion = self.suggestion
        existing = self.state.summaries.get((self.case_id, self.heading_id))
        title = self.state.cases[self.case_id].title
        what = f"summary of {title} / {views.heading(self.state, self.heading_id)}"
        same = existing is not None and existing.text.strip() == text
        if same and existing.reviewed:
            self.action_next()
            return
        if same:  # a machine draft looked at and kept
            done = self.app.call(what, review_summary, self.project, self.case_id, self.heading_id)
        elif suggestion is not None and suggestion.text.strip() == text:
            done = self.app.call(what, accept_summary, self.project, suggestion)
        else:  # edited from the suggestion (or the current summary's), or written by hand: the core decides which
            done = self.app.call(what, edit_summary, self.project, self.case_id, self.heading_id, text, suggestion)
        if done is not None:  # the app's toast names what was saved
            drafts(self.app).pop((self.case_id, self.heading_id), None)
            self.action_next()

    def action_next(self) -> None:
        cell = next_cell(self.state, (self.case_id, self.heading_id))
        if cell is None:
            self.notify("Every summary has been reviewed.")
            self.action_back()
            return
        self.case_id, self.heading_id = cell
        self.points = None
        self.refresh_view()

    def action_back(self) -> None:
        grid = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        self.app.pop_screen()
        if isinstance(grid, NormaliseScreen):
            grid.focus_cell(self.case_id, self.heading_id)
