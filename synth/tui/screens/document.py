"""A case as one document: the whole form, answers under their headings, codings highlighted in their theme's colour.

What NVivo and QualCoder call the source view. The text is read-only here
(coding is done on the Themes screen, per heading); ``n``/``p`` walk the coded
passages, ``t`` jumps to the theme of the passage under the cursor, ``]``/``[``
go to the next or previous case the filter keeps. The document itself comes
from :func:`synth.browse.case_document`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import TextAreaTheme

from synth.browse import COLOURS, CaseDocument, Span, case_document
from synth.themes.actions import write_memo
from synth.tui import views
from synth.tui.screens.base import SynthScreen
from synth.tui.textual_compat import highlight_map, override_highlight_map
from synth.tui.widgets.steady import SteadyOptionList

#: one background per theme colour index (readable with black text on dark and light themes)
PALETTE = (
    "yellow",
    "bright_cyan",
    "bright_green",
    "plum1",
    "light_salmon1",
    "khaki1",
    "light_sky_blue1",
    "pale_green1",
)
assert len(PALETTE) == COLOURS

THEME = TextAreaTheme(
    name="synth-document",
    syntax_styles={
        "heading": Style(bold=True, underline=True),
        "title": Style(bold=True, reverse=True),
        "dim": Style(dim=True, italic=True),
        **{f"c{i}": Style(color="black", bgcolor=c) for i, c in enumerate(PALETTE)},
    },
)


class DocumentView(TextArea):
    """The case document, read-only, with coded passages marked."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", read_only=True, soft_wrap=True, **kwargs)
        self.register_theme(THEME)
        self.theme = "synth-document"
        self.marks: list[tuple[int, int, int | None, str]] = []
        self.places: list[tuple[int, int, Span]] = []  # (row, column) of each passage's start, in order
        self.section_rows: dict[tuple[str | None, str], int] = {}
        self._starts: dict[int, tuple[int, str]] = {}

    def show(self, doc: CaseDocument) -> None:
        lines: list[str] = [doc.title]
        marks: list[tuple[int, int, int | None, str]] = [(0, 0, None, "title")]
        if doc.attributes:
            lines.append("  ".join(f"{k}: {v}" for k, v in doc.attributes.items()))
            marks.append((1, 0, None, "dim"))
        places = []
        self.section_rows = {}
        for sec in doc.sections:
            lines.append("")
            what = {"answer": "", "summary": " (summary)", "unplaced": " (unplaced: no template heading)"}[sec.target]
            lines.append(f"{sec.heading}{what}")
            marks.append((len(lines) - 1, 0, None, "heading"))
            first = len(lines)
            self.section_rows.setdefault((sec.heading_id, sec.target), first)
            body = sec.text.split("\n")
            lines.extend(body)
            for sp in sec.spans:
                a, b = _where(sec.text, sp.start), _where(sec.text, sp.end)
                places.append((first + a[0], a[1], sp))
                for row in range(a[0], b[0] + 1):
                    line = body[row]
                    col_a = a[1] if row == a[0] else 0
                    col_b = b[1] if row == b[0] else len(line)
                    marks.append((first + row, len(line[:col_a].encode()), len(line[:col_b].encode()), f"c{sp.colour}"))
        self.marks, self.places = marks, places
        self.load_text("\n".join(lines))
        self.build_highlights()
        self.refresh()

    def build_highlights(self) -> None:
        highlights = highlight_map(self)
        for row, start, end, name in getattr(self, "marks", ()):
            highlights[row].append((start, end, name))

    def passage_at(self, row: int, column: int) -> Span | None:
        """The coded passage under (row, column), or the nearest one starting before it on that row."""
        best = None
        for r, c, sp in self.places:
            if r == row and c <= column:
                best = sp
        return best


override_highlight_map(DocumentView, DocumentView.build_highlights)


def _where(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1)


class DocumentScreen(SynthScreen):
    """One case's whole form, its coded passages, and the themes they belong to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "passage(1)", "Next passage", tooltip="Move to the next coded passage"),
        Binding("p", "passage(-1)", "Prev passage", show=False, tooltip="Move to the previous coded passage"),
        Binding("t", "jump", "Theme", tooltip="Open the theme of the passage under the cursor (or highlighted)"),
        Binding("right_square_bracket", "case(1)", "Next case", tooltip="The next case the filter keeps"),
        Binding("left_square_bracket", "case(-1)", "Prev case", show=False, tooltip="The previous case"),
        Binding("M", "memo", "Memo", tooltip="Write a memo on this case"),
        Binding("escape", "back", "Back", tooltip="Back to where the case was opened from"),
        Binding("tab", "app.focus_next", "Switch pane", show=False),
    ]

    def __init__(self, case_id: str, heading_id: str | None = None, offset: int | None = None) -> None:
        super().__init__()
        self.case_id, self.at_field, self.at_offset = case_id, heading_id, offset
        self.doc: CaseDocument | None = None
        self._index = -1

    def body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="doc-left"):
                yield Label("", classes="pane-title", id="doc-title")
                yield DocumentView(id="doc-text")
            with Vertical(id="doc-right", classes="list-pane"):
                yield Label("Themes coded here", classes="pane-title")
                yield SteadyOptionList(id="doc-themes")
                yield Label("", id="doc-status")

    def on_mount(self) -> None:
        self.query_one("#doc-text").focus()

    def refresh_view(self) -> None:
        s = self.state
        if self.case_id not in s.cases:
            return
        self.doc = case_document(s, self.case_id)
        view = self.query_one(DocumentView)
        view.show(self.doc)
        shown = self.cases_shown()
        where = f"{shown.index(self.case_id) + 1} of {len(shown)}" if self.case_id in shown else "not in the filter"
        self.set_line(
            "#doc-title", f"{self.doc.title} · case {where} · {views.plural(len(view.places), 'coded passage')}"
        )
        options = []
        for theme_id, label, n in self.doc.themes:
            colour = next(sp.colour for sec in self.doc.sections for sp in sec.spans if sp.theme_id == theme_id)
            prompt = Text.assemble(("  ", f"on {_bg(colour)}"), " ", (label, "bold"), (f"  {n}", "dim"))
            options.append(Option(prompt, id=theme_id))
        lst = self.query_one("#doc-themes", SteadyOptionList)
        lst.replace(options or [Option(Text("no codings in this case yet", style="dim"), disabled=True)])
        if options and lst.highlighted is None:
            lst.highlighted = 0
        if self.at_field is not None:
            self._go_to_section(self.at_field, self.at_offset)
            self.at_field = None

    def _go_to_section(self, heading_id: str, offset: int | None) -> None:
        view = self.query_one(DocumentView)
        doc = self.doc
        for sec in doc.sections:
            if sec.heading_id == heading_id:
                row = view.section_rows.get((sec.heading_id, sec.target))
                if row is None:
                    continue
                r, c = _where(sec.text, offset or 0)
                view.move_cursor((row + r, c), center=True)
                return

    def subtitle(self) -> str:
        return f"case document · {self.app.default_subtitle}"

    # -- moving -----------------------------------------------------------------------

    def action_passage(self, by: int) -> None:
        view = self.query_one(DocumentView)
        if not view.places:
            self.notify("No coded passages in this case.", severity="warning")
            return
        row, col = view.cursor_location
        order = [(r, c) for r, c, _ in view.places]
        if by > 0:
            nxt = next((i for i, rc in enumerate(order) if rc > (row, col)), 0)
        else:
            nxt = next((i for i in range(len(order) - 1, -1, -1) if order[i] < (row, col)), len(order) - 1)
        r, c, sp = view.places[nxt]
        view.focus()
        view.move_cursor((r, c), center=True)
        self.set_line("#doc-status", f"{nxt + 1}/{len(order)}: {sp.label}")

    def action_case(self, by: int) -> None:
        shown = self.cases_shown() or list(self.state.cases)
        i = shown.index(self.case_id) if self.case_id in shown else -1
        self.case_id = shown[(i + by) % len(shown)]
        self.redraw()

    def action_jump(self) -> None:
        theme_id = None
        view = self.query_one(DocumentView)
        if view.has_focus:
            sp = view.passage_at(*view.cursor_location)
            theme_id = sp.theme_id if sp else None
        else:
            lst = self.query_one("#doc-themes", OptionList)
            if lst.highlighted is not None:
                theme_id = lst.get_option_at_index(lst.highlighted).id
        theme = self.state.themes.get(theme_id or "")
        if theme is None:
            self.notify(
                "Put the cursor on a coded passage (n/p), or highlight a theme on the right.", severity="warning"
            )
            return
        self.app.show_theme(theme.id)

    @on(OptionList.OptionSelected, "#doc-themes")
    def theme_selected(self) -> None:
        self.action_jump()

    def action_memo(self) -> None:
        from synth.tui.widgets.dialogs import Write

        self.app.push_screen(Write(f"Memo on {self.state.cases[self.case_id].title}", ""),
                             lambda text: text and text.strip() and self.app.call("memo", write_memo, self.project, f"case:{self.case_id}", text.strip()))  # fmt: skip

    def action_back(self) -> None:
        self.app.pop_screen()


def _bg(colour: int) -> str:
    return PALETTE[colour]
