"""Every memo in one place, by what it is on; Enter opens what a memo is about.

Rows come from :func:`synth.browse.memo_rows`: the target named (a case's
title, a theme's label, a heading), never an id. The list shows one page of
200 at a time (``<`` ``>``): a memo on each of 10,000 cases mounts 200 options.
"""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from synth.browse import memo_rows, theme_cases
from synth.themes.actions import write_memo
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.dialogs import Write
from synth.tui.widgets.paged import PagedOptionList


class MemosScreen(SynthScreen):
    """Memos on the left, the highlighted one in full on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open", "Open target", tooltip="Open what the highlighted memo is on"),
        Binding("w", "write", "Memo on project", tooltip="Write a memo on the whole project"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []
        self._by_id: dict = {}
        self.wanted: str | None = None

    def body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(classes="list-pane"):
                yield Label("Memos", classes="pane-title", id="memos-title")
                yield PagedOptionList(id="memo-list")
            with Vertical(classes="detail-pane"):
                yield Label("", classes="pane-title", id="memo-about")
                yield Static("", id="memo-text")

    def refresh_view(self) -> None:
        s = self.state
        shown = set(self.cases_shown())
        rows = []
        for r in memo_rows(s):
            kind, _, ident = r.target.partition(":")
            if self.app.case_filter and kind == "case" and ident not in shown:
                continue
            if self.app.case_filter and kind == "theme" and not (theme_cases(s, ident) & shown):
                continue
            rows.append(r)
        self.rows, self._by_id = rows, {r.memo_id: r for r in rows}
        lst = self.query_one("#memo-list", PagedOptionList)
        keep = self.wanted if self.wanted in self._by_id else None
        self.wanted = None
        if rows:
            by_id = self._by_id
            lst.show_ids([r.memo_id for r in rows], lambda m: Text.assemble((by_id[m].about, "bold"), "\n  ",
                                                                           (by_id[m].text.split("\n")[0][:60], "dim")),
                         keep)  # fmt: skip
            at = lst.index_of(keep) if keep is not None else None
            if at is not None:
                lst.highlighted = at
            elif lst.highlighted is None or lst.highlighted >= lst.option_count:
                lst.highlighted = 0
        else:
            lst.show_ids([], str)
            lst.replace(
                [Option(Text("no memos yet: M on Themes or a case document, w here", style="dim"), disabled=True)]
            )
        self.memos_title()
        lst.focus()
        self.show_detail()

    def memos_title(self) -> None:
        page = self.query_one("#memo-list", PagedOptionList).describe_page()
        self.set_line("#memos-title", f"Memos ({len(self.rows)})" + (f" · {page}" if page else ""))

    @on(PagedOptionList.PageTurned, "#memo-list")
    def page_turned(self) -> None:
        self.memos_title()

    def current(self):
        lst = self.query_one("#memo-list", OptionList)
        if lst.highlighted is None or lst.highlighted >= lst.option_count:
            return None
        return self._by_id.get(lst.get_option_at_index(lst.highlighted).id)

    def show_detail(self) -> None:
        r = self.current()
        if r is None:
            self.set_line("#memo-about", "")
            self.set_text("#memo-text", "")
            return
        self.set_line("#memo-about", f"memo on {r.about} · {r.analyst or 'unknown analyst'}")
        self.set_text("#memo-text", escape(r.text) + "\n\n[dim]o opens what it is on[/]")

    @on(OptionList.OptionHighlighted, "#memo-list")
    def highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#memo-list")
    def selected(self) -> None:
        self.action_open()

    def show_memo(self, memo_id: str) -> None:
        self.wanted = memo_id
        self.redraw()

    def action_open(self) -> None:
        r = self.current()
        if r is None:
            return
        kind, _, ident = r.target.partition(":")
        if kind == "case" and ident in self.state.cases:
            self.app.open_case(ident)
        elif kind == "theme" and ident in self.state.themes:
            self.app.show_theme(ident)
        elif kind == "field":
            self.app.switch_mode("themes")
            self.app.call_after_refresh(lambda: getattr(self.app.screen, "show_heading", lambda f: None)(ident))
        elif kind == "general":
            self.app.switch_mode("refine")
        else:
            self.notify("This memo is on the whole project.")

    def action_write(self) -> None:
        self.app.push_screen(Write("Memo on the project", ""),
                             lambda text: text and text.strip() and self.app.call("memo", write_memo, self.project, "project", text.strip()))  # fmt: skip
