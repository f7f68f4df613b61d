"""Step 4, refine: the general themes in their final order, merge proposals, definitions.

Merge proposals come from ``synth.themes.refine.propose_merges`` in a worker;
merging, defining and ordering go to the same module. Both lists show one page
of 200 at a time (``<`` ``>``, or moving past a page's end).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static

from synth.themes.collate import update_general
from synth.themes.refine import (
    define_general,
    merge_generals,
    reject_merge,
    set_order,
)
from synth.tui import views
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.dialogs import Ask, Write
from synth.tui.widgets.paged import PagedOptionList


class RefineScreen(SynthScreen):
    """General themes on the left (in order), the highlighted one's detail and the merge proposals on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "define", "Define", tooltip="Write the highlighted general theme's definition"),
        Binding("e", "rename", "Rename", tooltip="Rename the highlighted general theme"),
        Binding("m", "merge", "Merge", tooltip="Merge the general themes of the highlighted proposal"),
        Binding("x", "set_aside", "Set aside", tooltip="Set the highlighted merge proposal aside"),
        Binding("ctrl+up", "move(-1)", "Up", tooltip="Move the general theme up the final order"),
        Binding("ctrl+down", "move(1)", "Down", tooltip="Move the general theme down the final order"),
        Binding("r", "propose", "Propose", show=False, tooltip="Propose merges again"),
        Binding("tab", "app.focus_next", "Switch pane", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.proposals: list | None = None
        self._order: list[str] = []
        self._seen_seq = -1

    def body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(classes="list-pane"):
                yield Label("General themes (final order)", classes="pane-title", id="generals-title")
                yield PagedOptionList(id="generals")
            with Vertical(classes="detail-pane"):
                yield Static("", id="general-detail")
                yield Label("Merge proposals", classes="pane-title", id="merges-title")
                yield PagedOptionList(id="merges")

    def refresh_view(self) -> None:
        s = self.state
        options = self.query_one("#generals", PagedOptionList)
        keep = self.current()
        self._order = list(s.general_themes)
        number = {g: n for n, g in enumerate(self._order, start=1)}

        def prompt(gid: str):
            g = s.general_themes[gid]
            mark = ("✓ ", "green") if g.definition.strip() else ("· ", "dim")
            return Text.assemble(mark, f"{number[gid]}. ", (g.label, "bold"), (f"  {len(g.themes)} themes", "dim"))

        options.show_ids(self._order, prompt, keep.id if keep is not None and keep.id in number else None)
        if self._order:
            at = options.index_of(keep.id) if keep is not None and keep.id in number else None
            options.highlighted = at if at is not None else min(options.highlighted or 0, options.option_count - 1)
        else:
            self.set_text("#general-detail", "No general themes yet: collate them in step 3 (press 4).")
        self.titles()
        self.show_detail()
        if self.proposals is None or self._seen_seq != s.seq:
            self._seen_seq = s.seq
            self.action_propose()
        else:
            self.fill_merges()

    def titles(self) -> None:
        for pane, title in (("generals", "General themes (final order)"), ("merges", "Merge proposals")):
            page = self.query_one(f"#{pane}", PagedOptionList).describe_page()
            self.set_line(f"#{pane}-title", title + (f" · {page}" if page else ""))

    @on(PagedOptionList.PageTurned)
    def page_turned(self) -> None:
        self.titles()

    def current(self):
        options = self.query_one("#generals", OptionList)
        if options.highlighted is None or not self._order or options.highlighted >= options.option_count:
            return None
        return self.state.general_themes.get(options.get_option_at_index(options.highlighted).id)

    def show_detail(self) -> None:
        s = self.state
        g = self.current()
        if g is None:
            return
        members = [s.themes[t] for t in g.themes if t in s.themes]
        case_ids = {p for t in members for p in t.case_ids}
        codings = [c for t in g.themes for c in views.codings_of(s, t)]
        lines = [f"[b]{g.label}[/b]  [dim]{g.origin}{', ' + g.analyst if g.analyst else ''}[/]"]
        lines.append(f"definition: {g.definition}" if g.definition.strip() else "[yellow]no definition yet: press d[/]")
        lines += [f"  {views.heading(s, t.heading)}: {t.label} ({len(t.case_ids)} projects)" for t in members]
        lines.append(f"{len(case_ids)} projects · {len(codings)} coded passages of evidence")
        if codings:
            c = codings[0]
            lines.append(
                f"[dim]e.g. {s.cases[c.case_id].title if c.case_id in s.cases else c.case_id}: “{c.text[:100]}”[/]"
            )
        self.set_text("#general-detail", "\n".join(lines))

    @on(OptionList.OptionHighlighted, "#generals")
    def highlighted(self) -> None:
        self.show_detail()

    # -- proposals -------------------------------------------------------------------------

    def action_propose(self) -> None:
        state = self.state
        engines = self.app.engines
        self.run_task(lambda progress, cancelled: engines.propose_merges(state), group="merges",
                      title="Looking for repetitive general themes", what="propose merges",
                      done=self._proposed, failed=lambda exc: self._proposed([]))  # fmt: skip

    def _proposed(self, proposals: list) -> None:
        self.proposals = list(proposals)
        self.fill_merges()

    def live_merges(self) -> list:
        s = self.state
        return [
            p
            for p in self.proposals or []
            if p.key not in s.rejected_general and all(g in s.general_themes for g in p.general_ids)
        ]

    def fill_merges(self) -> None:
        s = self.state
        options = self.query_one("#merges", PagedOptionList)
        live = self.live_merges()

        def prompt(mid: str):
            p = live[int(mid[2:])]
            names = " + ".join(s.general_themes[g].label for g in p.general_ids)
            return Text.assemble((f"{names} → ", "dim"), (p.label, "bold"), (f"  {p.score:.2f} {p.reason}", "dim"))

        options.page = 0
        if live:
            options.show_ids([f"m:{n}" for n in range(len(live))], prompt)
            options.highlighted = 0
        else:
            options.show_ids(["none"], lambda _: Text("no merge proposals", style="dim"), disabled=lambda _: True)
        self.titles()

    def _merge_selected(self):
        if not self.focused_on("#merges", "the merge proposals list"):
            return None
        options = self.query_one("#merges", OptionList)
        live = self.live_merges()
        oid = options.get_option_at_index(options.highlighted).id if options.highlighted is not None else None
        if not oid or not oid.startswith("m:") or int(oid[2:]) >= len(live):
            self.notify("Highlight a merge proposal first (tab to the proposals).", severity="warning")
            return None
        return live[int(oid[2:])]

    # -- decisions ------------------------------------------------------------------------------

    def action_merge(self) -> None:
        p = self._merge_selected()
        if p is not None:
            self.app.call(f"merge into {p.label!r}", merge_generals, self.project, p)

    def action_set_aside(self) -> None:
        p = self._merge_selected()
        if p is not None:
            self.app.call(f"set aside {p.label!r}", reject_merge, self.project, p)

    def action_define(self) -> None:
        if not self.focused_on("#generals", "the general themes list"):
            return
        g = self.current()
        if g is not None:
            self.app.push_screen(Write(f"Definition of {g.label!r}", g.definition),
                                 lambda text: text is not None and self.app.call("define", define_general, self.project, g.id, text.strip()))  # fmt: skip

    def action_rename(self) -> None:
        if not self.focused_on("#generals", "the general themes list"):
            return
        g = self.current()
        if g is not None:
            self.app.push_screen(
                Ask(f"New label for {g.label!r}:", value=g.label), lambda label: self._rename(g, label)
            )

    def _rename(self, g, label: str | None) -> None:
        if label and label != g.label:
            self.app.call(f"rename {g.label!r}", update_general, self.project, g.id, label=label)

    def action_move(self, by: int) -> None:
        if not self.focused_on("#generals", "the general themes list"):
            return
        g = self.current()
        if g is None:
            return
        order = list(self._order)
        i = order.index(g.id)
        j = max(0, min(len(order) - 1, i + by))
        if i == j:
            return
        order.insert(j, order.pop(i))
        if self.app.call("order", set_order, self.project, order) is not None:
            options = self.query_one("#generals", PagedOptionList)
            at = options.index_of(g.id)  # on its page: the redraw kept the theme, not its place
            if at is not None:
                options.highlighted = at
