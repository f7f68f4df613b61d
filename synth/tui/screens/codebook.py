"""The codebook tree: general themes > themes > coded passages, with counts of projects and codings.

``s`` shows only the cases of the highlighted general theme or theme on every
screen (the app's case filter); ``o`` opens it: a passage in its case document,
a theme on the Themes screen. The tree comes from :func:`synth.browse.codebook_tree`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label, Tree

from synth.browse import CaseFilter, CodeNode, codebook_tree
from synth.tui import views
from synth.tui.screens.base import SynthScreen


class CodebookScreen(SynthScreen):
    """One tree of every code; counts beside each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "filter_here", "Filter to it", tooltip="Show only the highlighted code's cases on every screen"),
        Binding("o", "open", "Open", tooltip="Open the highlighted passage's case, or the theme"),
        Binding("e", "expand_all", "Expand all", tooltip="Open every branch of the tree"),
    ]

    def body(self) -> ComposeResult:
        yield Label("", classes="pane-title", id="codebook-title")
        yield Tree("Codebook", id="codebook")

    def on_mount(self) -> None:
        self.query_one("#codebook").focus()

    def refresh_view(self) -> None:
        s = self.state
        tree = self.query_one("#codebook", Tree)
        opened = {n.data.ident for n in _walk(tree.root) if n.data is not None and n.is_expanded}
        cursor = tree.cursor_node.data.ident if tree.cursor_node is not None and tree.cursor_node.data else None
        tree.clear()
        tree.root.expand()
        nodes = codebook_tree(s)
        total = sum(n.codings for n in nodes)
        for node in nodes:
            _add(tree.root, node, opened)
        tree.root.set_label(
            Text.assemble(
                ("Codebook", "bold"), f"  {views.plural(len(nodes), 'group')} · {views.plural(total, 'coding')}"
            )
        )
        self.set_line("#codebook-title", "enter opens a branch · s filters every screen to it · o opens it")
        if cursor is not None:
            for n in _walk(tree.root):
                if n.data is not None and n.data.ident == cursor:
                    tree.call_after_refresh(tree.move_cursor, n)  # once the tree has laid out its lines
                    break

    def current(self) -> CodeNode | None:
        node = self.query_one("#codebook", Tree).cursor_node
        return node.data if node is not None else None

    def action_filter_here(self) -> None:
        node = self.current()
        if node is None or node.kind == "coding":
            self.notify("Highlight a general theme or a theme (not a passage) to filter to it.", severity="warning")
            return
        if node.kind == "heading":
            f = CaseFilter(answered=(node.ident,))
        else:
            f = CaseFilter(theme=node.ident, theme_label=node.label.split(": ", 1)[-1])
        if self.app.case_filter == f:
            f = CaseFilter()
        self.app.set_filter(f)

    def action_open(self) -> None:
        node = self.current()
        if node is None:
            return
        if node.kind == "coding":
            c = self.state.codings.get(node.ident)
            if c is not None:
                self.app.open_case(c.case_id, c.heading_id, c.start)
        elif node.kind == "theme":
            self.app.show_theme(node.ident)
        elif node.kind == "general":
            self.app.switch_mode("refine")

    def action_expand_all(self) -> None:
        self.query_one("#codebook", Tree).root.expand_all()

    @on(Tree.NodeSelected)
    def selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None and event.node.data.kind == "coding":
            self.action_open()


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _add(parent, node: CodeNode, opened: set[str]) -> None:
    counts = f"  {views.plural(node.n_cases, 'project')} · {views.plural(node.codings, 'coding')}"
    mark = {"general": ("● ", "green"), "theme": ("○ ", "yellow"), "heading": ("· ", "dim"), "coding": ("", "")}[
        node.kind
    ]
    if node.kind == "coding":
        label = Text(node.label if len(node.label) < 90 else node.label[:89] + "…")
        parent.add_leaf(label, data=node)
        return
    label = Text.assemble(mark, (node.label, "bold"), (counts, "dim"))
    branch = parent.add(label, data=node, expand=node.ident in opened)
    for child in node.children:
        _add(branch, child, opened)
