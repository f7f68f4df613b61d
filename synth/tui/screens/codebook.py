"""The codebook tree: general themes > themes > coded passages, with counts of projects and codings.

``s`` shows only the cases of the highlighted general theme or theme on every
screen (the app's case filter); ``o`` opens it: a passage in its case document,
a theme on the Themes screen. The tree comes from :func:`synth.browse.codebook_tree`, built in a
worker; a theme's coded passages (1,400 of them on a 10,000-case project) are added when its branch
opens, a page at a time.
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
from synth.tui.widgets.paged import PAGE


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
        state = self.state
        self.run_task(lambda progress, cancelled: codebook_tree(state), group="codebook", title="Building the codebook",
                      what="build the codebook", done=self._built)  # fmt: skip

    def _built(self, nodes: list[CodeNode]) -> None:
        tree = self.query_one("#codebook", Tree)
        opened = {n.data.ident for n in _walk(tree.root) if n.data is not None and n.is_expanded}
        cursor = tree.cursor_node.data.ident if tree.cursor_node is not None and tree.cursor_node.data else None
        tree.clear()
        tree.root.expand()
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

    @on(Tree.NodeExpanded)
    def expanded(self, event: Tree.NodeExpanded) -> None:
        _fill(event.node)

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
        root = self.query_one("#codebook", Tree).root
        for node in list(_walk(root)):
            _fill(node)
        root.expand_all()

    @on(Tree.NodeSelected)
    def selected(self, event: Tree.NodeSelected) -> None:
        branch = event.node.parent
        if event.node.data is None and branch is not None:
            if _MORE in str(event.node.label):  # "… N more": the next page of passages
                event.node.remove()
                _fill(branch)
            return
        if event.node.data is not None and event.node.data.kind == "coding":
            self.action_open()


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


_MORE = "more passages: enter shows"


def _fill(branch) -> None:
    """Add the next page of a branch's coded passages (those not added yet), and a line for the rest."""
    node = branch.data
    if node is None:
        return
    passages = [c for c in node.children if c.kind == "coding"]
    shown = sum(1 for child in branch.children if child.data is not None and child.data.kind == "coding")
    if shown >= len(passages):
        return
    for child in passages[shown : shown + PAGE]:
        label = Text(child.label if len(child.label) < 90 else child.label[:89] + "…")
        branch.add_leaf(label, data=child)
    rest = len(passages) - shown - PAGE
    if rest > 0:
        branch.add_leaf(Text(f"… {rest} {_MORE} {min(rest, PAGE)}", style="dim italic"))


def _add(parent, node: CodeNode, opened: set[str]) -> None:
    counts = f"  {views.plural(node.n_cases, 'project')} · {views.plural(node.codings, 'coding')}"
    mark = {"general": ("● ", "green"), "theme": ("○ ", "yellow"), "heading": ("· ", "dim"), "coding": ("", "")}[
        node.kind
    ]
    label = Text.assemble(mark, (node.label, "bold"), (counts, "dim"))
    branch = parent.add(label, data=node, expand=node.ident in opened)
    for child in node.children:
        if child.kind != "coding":  # passages: when the branch opens (_fill)
            _add(branch, child, opened)
    if branch.is_expanded:
        _fill(branch)
